"""The Alignment tab's bead list (issue 23, item 8): a bilingual list in the review grid's style,
not a monospace table. Every text is escaped; in Chromium at 1280 x 800 the closed beads are rows
of equal height, a long bead is clipped to two lines (it does not fill the screen) and the bead
clicked opens in full."""

import re

import pytest
from test_align import EN, ZH

from workbench import service
from workbench.store import Store
from workbench.ui.beads import band, beads_html
from workbench.ui.common import free_port

LONG_ZH = "坚持以人民为中心的发展思想，" * 40 + "推动高质量发展。"
LONG_EN = "We keep to the people-centred philosophy of development, " * 40 + "and pursue high-quality growth."
HOSTILE = "<script>alert(1)</script> & <b>bold</b>"


def test_bead_list_escapes_and_marks_the_open_bead():
    rows = [
        dict(number=1, kind="1-1", zh=HOSTILE, en="A <i>b</i>", score=0.956, confirmed=True),
        dict(number=2, kind="1-0", zh="附注。", en="", score=0.31, confirmed=False),
    ]
    html = beads_html(rows, open_bead=2)
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert re.findall(r'<span class="wb-conf"[^>]*>([^<]*)</span>', html) == ["0.96", "0.31"]
    assert 'data-bead="2" class="wb-bead low wb-current"' in html and 'class="wb-bead good confirmed"' in html
    assert "(none)" in html  # a 1-0 bead says its English side is empty
    assert [band(s) for s in (0.1, 0.5, 0.85, 0.9)] == ["low", "mid", "fair", "good"]
    assert "No beads yet." in beads_html([])


@pytest.fixture
def long_bead_store(tmp_path):
    store = Store(tmp_path / "beads.db")
    zh = ZH[:3] + [LONG_ZH, HOSTILE + "。"] + ZH[3:]
    en = EN[:3] + [LONG_EN, HOSTILE + "."] + EN[3:]
    (tmp_path / "zh.txt").write_text("\n\n".join(zh), "utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en), "utf-8")
    doc = service.import_document(store, tmp_path / "zh.txt").document_id
    service.align_reference(store, doc, tmp_path / "en.txt", presplit=True, force=True)
    beads = service.bead_texts(store, doc)
    long_bead = next(r["number"] for r in beads if LONG_ZH in r["zh"])
    return tmp_path / "beads.db", len(beads), long_bead


@pytest.mark.slow
def test_bead_rows_are_equal_and_a_long_bead_does_not_fill_the_screen(long_bead_store, browser):
    from workbench.ui import launch

    path, count, long_bead = long_bead_store
    port = free_port()
    app = launch(path, port=port, sample=None, prevent_thread_lock=True, quiet=True)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.set_default_timeout(60_000)
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_role("tab", name="Alignment").click()
        assert page.get_by_label("Bead (click a row)").input_value() == ""  # empty, not 0
        rows = page.locator("#wb-beads tr.wb-bead")
        page.locator(f'#wb-beads tr[data-bead="{long_bead}"]').wait_for()
        assert page.locator("#wb-beads script").count() == 0 and page.locator("#wb-beads b").count() == 0
        assert page.locator("#wb-beads").get_by_text("<b>bold</b>", exact=False).count() >= 1
        font = page.locator("#wb-beads td.en").first.evaluate("e => getComputedStyle(e).fontFamily")
        assert "mono" not in font.lower(), font
        heights = [round(b["height"]) for b in (rows.nth(k).bounding_box() for k in range(rows.count()))]
        assert len(heights) == count and max(heights) - min(heights) <= 1, heights
        assert max(heights) < 60, heights  # two lines, not the 600 characters of the long bead
        # the bead clicked opens, in full; the others stay as they were
        long_row = page.locator(f'#wb-beads tr[data-bead="{long_bead}"]')
        long_row.locator("td.zh").click()
        page.locator(f'#wb-beads tr.wb-current[data-bead="{long_bead}"]').wait_for()
        assert page.get_by_label("Bead (click a row)").input_value() == str(long_bead)
        opened = page.locator("#wb-beads tr.wb-current")
        assert opened.bounding_box()["height"] > 3 * max(heights)
        clip = opened.locator("td.en .wb-clip")
        assert clip.evaluate("e => e.scrollHeight <= e.clientHeight + 1")  # nothing of it hidden
        closed = page.locator("#wb-beads tr.wb-bead:not(.wb-current)")
        others = [round(closed.nth(k).bounding_box()["height"]) for k in range(closed.count())]
        assert len(others) == count - 1 and max(others) - min(others) <= 1, others
        page.screenshot(path=str(path.parent / "beads.png"))
    finally:
        page.close()
        app.close()


def test_the_bead_box_is_empty_until_a_row_is_clicked_and_refuses_words(tmp_path):
    from workbench.ui.alignment_tab import AlignmentTab, bead_number

    assert bead_number(None) is None and bead_number("") is None and bead_number(" #7 ") == 7
    assert bead_number(3) == 3 and bead_number("2.0") == 2
    store = Store(tmp_path / "p.db")
    tab = AlignmentTab(store)
    for word in ("abc", "inf"):
        _, message, _ = tab.edit(1, word, "confirm", "tgt", True)
        assert "is not a bead number" in message
    _, message, _ = tab.edit(1, "", "confirm", "tgt", True)
    assert "give a bead number" in message
