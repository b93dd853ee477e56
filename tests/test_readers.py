"""Reading .docx and .html reports."""

import docx
import pytest

from workbench.errors import InputError
from workbench.ingest import prepare_text, read_source

PAGE = """<!DOCTYPE html><html><head><meta charset="gbk"><title>关于加强基层治理的意见_某某文库</title>
<script>var x = "不要这个。";</script><style>p{color:red}</style></head>
<body><div class="nav"><a href="/">首页</a> | <a href="/a">范文</a></div>
<header><h2>某某文库 www.example.com</h2></header>
<div id="content"><article>
<h1>关于加强基层治理的意见</h1>
<p>　　一、总体要求</p>
<p>坚持党的领导，推进<b>网格化管理</b>。完善村务公开制度。</p>
<p>1、健全机制。建立&ldquo;一事一议&rdquo;制度。</p>
</article></div>
<aside><h3>热门文章</h3><ul><li><a>其他文章……</a></li></ul></aside>
<footer>版权所有 ICP备12345号</footer></body></html>"""


def test_html_gives_the_article_text_not_the_markup(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.encode("gbk"))
    source = read_source(path)
    assert source.encoding == "html/gb18030"
    assert "<" not in source.text and "var x" not in source.text and "首页" not in source.text
    prepared = prepare_text(source.text)
    assert [p.kind for p in prepared.paragraphs] == ["title", "heading", "body", "item"]
    assert prepared.paragraphs[2].text == "坚持党的领导，推进网格化管理。完善村务公开制度。"
    assert "“一事一议”" in prepared.paragraphs[3].text
    assert not any("热门" in p.text or "版权" in p.text for p in prepared.paragraphs)


def test_docx_paragraphs_and_tables(tmp_path):
    document = docx.Document()
    document.add_heading("加强基层组织建设", level=1)
    document.add_paragraph("一、工作成效")
    document.add_paragraph("全区269个村已建立党组织。村务公开率达100%。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "村党委"
    table.rows[0].cells[1].text = "31个"
    path = tmp_path / "report.docx"
    document.save(path)
    source = read_source(path)
    assert source.encoding == "docx"
    prepared = prepare_text(source.text)
    assert [p.text for p in prepared.paragraphs] == [
        "加强基层组织建设",
        "一、工作成效",
        "全区269个村已建立党组织。村务公开率达100%。",
        "村党委 31个",
    ]
    assert len(prepared.segments) == 5


def test_broken_docx_is_reported(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04this is not really a zip")
    with pytest.raises(InputError, match="broken.docx: not a readable .docx"):
        read_source(path)


def test_missing_path_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_source(tmp_path)
