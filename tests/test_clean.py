"""Cleaning the sample page: all clutter goes, every removal is kept and can be undone."""

import pytest

from workbench.errors import InputError
from workbench.ingest import load_rules, prepare_text

CLUTTER = [
    "刀豆文库",
    "daodoc",
    "www.",
    "下载",
    "热门文章",
    "收藏本文",
    "2020-02-27",
    "小编",
    "猜你",
    "文档为doc格式",
    "......",
    "城郊基层组织建设",
    "基层残疾人组织",
    "基层妇联组织",
    "加强农村基层组织建设的实践与思考",
]


def test_no_clutter_is_left(sample_text):
    prepared = prepare_text(sample_text)
    body = "\n".join(p.text for p in prepared.paragraphs)
    for word in CLUTTER:
        assert word not in body, word
    # the page title with the site's suffix is clutter too; the article's own title is kept
    assert "_基层组织建设的思考" not in body
    assert prepared.paragraphs[0].text == "加强基层组织建设 促进社会和谐稳定"
    assert prepared.paragraphs[-1].text.startswith("五是强化群众工作能力水平。")
    assert prepared.paragraphs[-1].text.endswith("充分释放广大社区工作者的热情。")


def test_removed_lines_are_kept_with_their_rule(sample_text):
    removed = prepare_text(sample_text).removed
    by_line = {r.number: r for r in removed}
    assert by_line[0].rule == "page title with site suffix"
    assert by_line[3].rule == "site banner"
    assert by_line[2].rule == "byline and timestamp"
    assert by_line[5].rule == "site boilerplate"
    assert {55, 57, 59, 61, 63, 65, 67, 69, 71, 73} <= set(by_line)
    assert all(by_line[n].rule == "related-article teaser" for n in (55, 57, 73))
    assert by_line[82].text == "热门文章"
    assert len(removed) == 21


def test_a_wrongly_removed_line_can_be_restored(sample_text):
    before = prepare_text(sample_text)
    after = prepare_text(sample_text, restore={5})
    assert len(after.removed) == len(before.removed) - 1
    assert after.paragraphs[0].text.startswith("加强基层组织建设的实践与思考由刀豆文库小编整理")
    assert len(after.segments) == len(before.segments) + 1


def test_rules_are_data_and_users_can_add_their_own(tmp_path, sample_text):
    extra = tmp_path / "my_rules.toml"
    extra.write_text('[[rule]]\nname = "my site"\npattern = "^——在加强社会管理"\n', "utf-8")
    prepared = prepare_text(sample_text, rules=load_rules([extra]))
    assert any(r.rule == "my site" for r in prepared.removed)
    assert all(not p.text.startswith("——") for p in prepared.paragraphs)


@pytest.mark.parametrize(
    "content, message",
    [
        ("[[rule]]\nname='x'\n", "has no pattern"),
        ("[[rule]]\npattern='(unclosed'\n", "bad regular expression"),
        ("[[rule]]\npattern='x'\naction='explode'\n", "action must be"),
        ("this is = = not toml", "not a valid rules file"),
    ],
)
def test_malformed_rules_files_are_reported(tmp_path, content, message):
    path = tmp_path / "bad.toml"
    path.write_text(content, "utf-8")
    with pytest.raises(InputError, match=message):
        load_rules([path])


def test_inline_urls_are_cut_and_whitespace_normalised():
    text = "\u3000\u3000详见 https://example.gov.cn/a?b=1 的通知。\n\n第二段\u00a0\u00a0正文。"
    prepared = prepare_text(text)
    assert [p.text for p in prepared.paragraphs] == ["详见 的通知。", "第二段 正文。"]
    assert prepared.removed[0].rule == "URL inside a line"
