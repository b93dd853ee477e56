"""A white paper's table of contents (issue 23, item 8): the line 目录 and the entries under it
are recognised at import as kind ``toc`` (one segment per entry, never body), and kept out of the
alignment on both sides (the English "Contents" block too), so they make no 5-1 beads."""

import pytest

from workbench import service
from workbench.ingest import prepare_text
from workbench.ingest.layout import toc_lines
from workbench.store import Store

HEADINGS = ["前言", "一、秉持人与自然和谐共生理念", "二、提高生物多样性保护成效", "三、提升生态环境质量", "结束语"]
BODY = [
    "前言",
    "生物多样性使地球充满生机，也是人类生存和发展的基础。中国是世界上生物多样性最丰富的国家之一。",
    "一、秉持人与自然和谐共生理念",
    "中国坚持在发展中保护、在保护中发展，提出并实施国家可持续发展战略。",
    "二、提高生物多样性保护成效",
    "中国不断推进生物多样性保护，持续加大保护力度。",
    "三、提升生态环境质量",
    "中国持续开展污染防治行动，生态环境质量明显改善。",
    "结束语",
    "站在新的历史起点上，中国将与各国一道共建地球生命共同体。",
]
TITLE = ["中国的生物多样性保护", "中华人民共和国国务院新闻办公室"]
WHITE_PAPER = "\n\n".join(TITLE + ["目录"] + HEADINGS + BODY)
# the same with page numbers after leader dots, one line each (as a PDF or a web page gives it)
PAGED = "\n".join(
    TITLE + ["目 录"] + [f"{h}{'……' * 3}{page}" for h, page in zip(HEADINGS, (1, 3, 8, 14, 20), strict=True)] + BODY
)
ENGLISH = [
    "Biodiversity Conservation in China",
    "The State Council Information Office of the People's Republic of China",
    "Contents",
    "Preface",
    "I. Upholding Harmony Between Humanity and Nature",
    "II. Improving the Effectiveness of Biodiversity Conservation",
    "III. Improving the Quality of the Eco-environment",
    "Conclusion",
    "Preface",
    "Biodiversity makes the earth vibrant and is the basis for human survival and development.",
    "China is one of the countries with the richest biodiversity in the world.",
    "I. Upholding Harmony Between Humanity and Nature",
    "China protects while developing and develops while protecting, and has put forward and "
    "implemented a national strategy for sustainable development.",
    "II. Improving the Effectiveness of Biodiversity Conservation",
    "China keeps advancing biodiversity conservation and steps up its protection.",
    "III. Improving the Quality of the Eco-environment",
    "China keeps up its pollution control, and the quality of the eco-environment has clearly improved.",
    "Conclusion",
    "Standing at a new historical starting point, China will build a community of all life on earth "
    "with other countries.",
]


@pytest.mark.parametrize("text", [WHITE_PAPER, PAGED], ids=["plain", "paged"])
def test_the_contents_of_a_white_paper_are_toc_not_body(text):
    prepared = prepare_text(text, "zh")
    toc = [s for s in prepared.segments if s.kind == "toc"]
    assert len(toc) == 6 and toc[0].text.replace(" ", "") == "目录"
    assert [s.text.split("…")[0] for s in toc[1:]] == HEADINGS  # one segment per entry, page number kept
    assert len({s.paragraph for s in toc}) == 6  # each entry a paragraph of its own, none joined
    body = [s.text for s in prepared.segments if s.kind != "toc"]
    assert not any(h in body for h in ("目录", "目 录")) and body.count("前言") == 1  # the body's own 前言 only
    kinds = {s.text: s.kind for s in prepared.segments if s.kind != "toc"}
    assert kinds[TITLE[0]] == "title" and kinds["一、秉持人与自然和谐共生理念"] == "heading"
    assert sum(1 for s in prepared.segments if s.kind != "toc") == 13


def test_what_is_not_a_table_of_contents_is_left_alone():
    assert toc_lines(["目录", "本文件的目录见附件，共三页。", "一、总则"]) == set()  # prose after it
    assert toc_lines(["目录", "前言", "前言的正文在此，共三句话。"]) == set()  # only one entry
    assert toc_lines(["目录", "第一部分", "第二部分"]) == set()  # names no heading further down, no page numbers
    assert toc_lines(["关于目录管理的通知", "前言……1", "总则……2"]) == set()  # no contents line
    assert toc_lines(["Contents", "Preface .... 1", "I. Aims 3", "Preface", "Text."]) == {0, 1, 2}
    prepared = prepare_text("关于印发目录的通知\n\n各单位要按照目录做好工作。", "zh")
    assert [s.kind for s in prepared.segments] == ["title", "body"]


@pytest.mark.parametrize("presplit", [False, True], ids=["segmented", "one-per-line"])
def test_the_contents_make_no_beads(tmp_path, presplit):
    store = Store(tmp_path / "p.db")
    (tmp_path / "wp.txt").write_text(WHITE_PAPER, "utf-8")
    (tmp_path / "en.txt").write_text(("\n" if presplit else "\n\n").join(ENGLISH), "utf-8")
    doc = service.import_document(store, tmp_path / "wp.txt").document_id
    result = service.align_reference(store, doc, tmp_path / "en.txt", presplit=presplit)
    assert result.contents == 6 and result.zh_sentences == 13 and result.en_sentences == 13
    segments = service.segment_rows(store, doc)
    toc = {k for k, s in enumerate(segments) if s["kind"] == "toc"}
    beads = service.bead_texts(store, doc)
    assert len(toc) == 6 and not any(set(b["src"]) & toc for b in beads)
    assert sorted(i for b in beads for i in b["src"]) == sorted(set(range(len(segments))) - toc)
    assert max(len(b["src"]) for b in beads) <= 2  # no 5-1 (or 6-1) bead of the contents
    assert not any("Contents" in b["en"] for b in beads)
    assert next(b for b in beads if b["zh"] == "结束语")["en"] == "Conclusion"
    # aligning the same English again keeps the confirmed beads (the contents stay out)
    service.confirm_above(store, doc, 0.0)
    again = service.align_reference(store, doc, tmp_path / "en.txt", presplit=presplit)
    assert again.kept == len(beads) and again.contents == 6
    assert [b["src"] for b in service.bead_texts(store, doc)] == [b["src"] for b in beads]


@pytest.mark.slow
def test_a_contents_entry_gets_the_english_numbering_of_its_heading(tmp_path, tiny_model):
    """An entry 一、... of the contents is translated as its heading is: the marker becomes "I. "."""
    from workbench.mt import load_engine

    store = Store(tmp_path / "p.db")
    (tmp_path / "wp.txt").write_text(WHITE_PAPER, "utf-8")
    doc = service.import_document(store, tmp_path / "wp.txt").document_id
    service.translate_project(store, load_engine("marian", str(tiny_model), device="cpu"), document_id=doc)
    rows = {(r["kind"], r["source"]): r["target"] for r in service.segment_rows(store, doc)}
    assert rows[("toc", "一、秉持人与自然和谐共生理念")].startswith("I. ")
    assert rows[("toc", "三、提升生态环境质量")].startswith("III. ")
    assert rows[("heading", "三、提升生态环境质量")].startswith("III. ")
