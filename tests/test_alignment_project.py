"""Alignment in the project: reference translation, corrections, export, glossary candidates."""

import pytest
from gradio_client import Client, handle_file
from test_align import EN, EXPECTED, ZH

from workbench import service
from workbench.align.edit import EditableBead as E
from workbench.align.edit import confirm, merge_with_next, move, split
from workbench.align.harvest import harvest
from workbench.errors import WorkbenchError
from workbench.store import Store, Translation
from workbench.ui.common import free_port


def test_edits_keep_every_sentence_in_order():
    beads = [E((0,), (0,)), E((1, 2), (1,)), E((3,), (2, 3))]
    merged = merge_with_next(beads, 0)
    assert merged[0] == E((0, 1, 2), (0, 1), 1.0, True) and len(merged) == 2
    assert split(beads, 1)[1:3] == [E((1,), (1,), 1.0, True), E((2,), (), 1.0, True)]
    assert split(beads, 0)[:2] == [E((0,), (), 1.0, True), E((), (0,), 1.0, True)]
    moved = move(beads, 2, "tgt", "up")
    assert moved[1].tgt == (1, 2) and moved[2].tgt == (3,)
    down = move(beads, 1, "src", "down")
    assert down[1].src == (1,) and down[2].src == (2, 3)
    gone = move([E((0,), ()), E((1,), (0,))], 0, "src", "down")
    assert gone == [E((0, 1), (0,), 1.0, True)]  # an emptied bead vanishes
    assert confirm(beads, 0)[0].confirmed
    with pytest.raises(IndexError):
        merge_with_next(beads, 2)
    with pytest.raises(ValueError):
        split([E((0,), ())], 0)


def test_harvest_finds_recurring_term_pairs():
    pairs = [
        ("推进网格化管理工作。", "We promote grid-based management work."),
        ("网格化管理覆盖全区。", "Grid-based management covers the district."),
        ("完善网格化管理制度。", "Improve the system of grid-based management."),
        ("村务公开很重要。", "Openness of village affairs matters."),
    ]
    found = {c.zh: c for c in harvest(pairs, known=set())}
    assert found["网格化管理"].en == "grid-based management" and found["网格化管理"].pairs == 3
    assert "网格化管理" not in {c.zh for c in harvest(pairs, known={"网格化管理"})}


@pytest.fixture
def aligned(tmp_path):
    store = Store(tmp_path / "p.db")
    zh = tmp_path / "zh.txt"
    zh.write_text("\n\n".join(ZH), "utf-8")
    en = tmp_path / "en.txt"
    en.write_text("\n".join(EN), "utf-8")
    doc = service.import_document(store, zh).document_id
    result = service.align_reference(store, doc, en, presplit=True)
    return store, doc, result, tmp_path


def test_align_reference_stores_beads_and_references(aligned):
    store, doc, result, _ = aligned
    assert result["zh_sentences"] == 9 and result["en_sentences"] == 7 and result["shapes"]["1-1"] == 6
    rows = service.bead_texts(store, doc)
    assert [f"[{','.join(map(str, r['src']))}]:[{','.join(map(str, r['tgt']))}]" for r in rows] == EXPECTED
    segments = service.segment_rows(store, doc)
    with store.session() as session:
        refs = {t.segment_id: t.reference for t in session.query(Translation)}
    assert refs[segments[0]["id"]] == EN[0]
    assert refs[segments[2]["id"]] is None and refs[segments[5]["id"]] is None  # 2-1 and 1-0 beads
    # MT against the reference
    with store.session() as session:
        for t in session.query(Translation):
            t.mt_text = t.target = "The weather is nice today."
    m = service.metrics(store)
    assert m["reference"]["segments"] == 6 and m["reference"]["bleu"] is not None
    assert any(d["role"] == "reference" for d in service.list_documents(store))


def test_corrections_are_saved_and_update_references(aligned):
    store, doc, _, _ = aligned
    service.edit_alignment(store, doc, "split", 3)  # [2,3]:[2] -> [2]:[2] and [3]:[]
    rows = service.bead_texts(store, doc)
    assert (rows[2]["src"], rows[2]["tgt"], rows[3]["src"], rows[3]["tgt"]) == ([2], [2], [3], [])
    assert rows[2]["confirmed"] and rows[2]["score"] == 1.0
    with store.session() as session:
        seg = service.segment_rows(store, doc)[2]["id"]
        assert session.query(Translation).filter_by(segment_id=seg).one().reference == EN[2]
    service.edit_alignment(store, doc, "merge", 3)
    assert service.bead_texts(store, doc)[2]["src"] == [2, 3]
    service.edit_alignment(store, doc, "confirm", 1)
    assert service.confirm_above(store, doc, 0.0) == len(service.bead_texts(store, doc)) - 2
    with pytest.raises(WorkbenchError, match="there is no bead 99"):
        service.edit_alignment(store, doc, "merge", 99)


def test_alignment_exports(aligned, cli):
    store, doc, _, tmp = aligned
    assert service.export_alignment(store, doc, tmp / "a.txt", "beads") == 8
    assert (tmp / "a.txt").read_text("utf-8").split() == EXPECTED
    service.export_alignment(store, doc, tmp / "a.tsv", "tsv")
    assert (tmp / "a.tsv").read_text("utf-8-sig").splitlines()[0] == "zh\ten\tconfidence\tconfirmed"
    service.export_alignment(store, doc, tmp / "a.tmx", "tmx")
    from translate.storage import factory

    assert len(factory.getobject(str(tmp / "a.tmx")).units) == 7  # the 1-0 bead has no pair
    out = cli("alignment", "--project", tmp / "p.db", "-d", doc)
    assert out.returncode == 0 and len(out.stdout.splitlines()) == 8


def test_alignment_format_without_output_prints_that_format(aligned, cli):
    """--format tmx/tsv/beads without -o printed the beads table, ignoring the format."""
    store, doc, _, tmp = aligned
    out = cli("alignment", "--project", tmp / "p.db", "-d", doc, "--format", "tmx")
    assert out.returncode == 0 and out.stdout.startswith("<?xml") and "<tmx" in out.stdout
    from translate.storage import tmx as tmx_storage

    assert len(tmx_storage.tmxfile(out.stdout.encode("utf-8")).units) == 7
    out = cli("alignment", "--project", tmp / "p.db", "-d", doc, "-f", "tsv")
    lines = out.stdout.splitlines()
    assert out.returncode == 0 and lines[0] == "zh\ten\tconfidence\tconfirmed" and len(lines) == 9  # no BOM
    out = cli("alignment", "--project", tmp / "p.db", "-d", doc, "-f", "beads")
    assert out.returncode == 0 and out.stdout.split() == EXPECTED
    out = cli("alignment", "--project", tmp / "p.db", "-d", doc, "-o", tmp / "b.txt")  # -o alone: beads, as before
    assert out.returncode == 0 and (tmp / "b.txt").read_text("utf-8").split() == EXPECTED


def test_glossary_candidates_from_confirmed_pairs(tmp_path, cli):
    store = Store(tmp_path / "p.db")
    zh_sentences = ["我们推进楼宇党建工作。", "楼宇党建覆盖全区。", "加强楼宇党建制度建设。", "今天天气很好。"]
    en_sentences = [
        "We promote Party building in office buildings.",
        "Party building in office buildings covers the district.",
        "Strengthen the rules of Party building in office buildings.",
        "The weather is good today.",
    ]
    (tmp_path / "zh.txt").write_text("\n\n".join(zh_sentences), "utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en_sentences), "utf-8")
    doc = service.import_document(store, tmp_path / "zh.txt").document_id
    service.align_reference(store, doc, tmp_path / "en.txt", presplit=True)
    assert service.glossary_candidates(store) == []  # nothing confirmed yet
    service.confirm_above(store, doc, 0.0)
    found = {c["zh"]: c["en"] for c in service.glossary_candidates(store)}
    assert "楼宇党建" in found and "office buildings" in found["楼宇党建"]
    out = cli("glossary", "candidates", "--project", tmp_path / "p.db")
    assert "楼宇党建" in out.stdout


def test_alignment_tab_endpoints(tmp_path):
    from workbench.ui import launch

    store = Store(tmp_path / "ui.db")
    (tmp_path / "zh.txt").write_text("\n\n".join(ZH), "utf-8")
    (tmp_path / "en.txt").write_text("\n".join(EN), "utf-8")
    doc = service.import_document(store, tmp_path / "zh.txt").document_id
    port = free_port()
    app = launch(tmp_path / "ui.db", port=port, sample=None, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        table, message, info = client.predict(doc, handle_file(str(tmp_path / "en.txt")), True, True, api_name="/align")
        assert "Aligned 9 Chinese segments with 7 English sentences in 8 beads" in message
        path, message = client.predict(doc, "beads", api_name="/export_alignment")
        assert open(path, encoding="utf-8").read().split() == EXPECTED
        message = client.predict("楼宇党建", "Party building in office buildings", api_name="/add_candidate")
        assert "Added 楼宇党建" in message
        assert {t.zh: t.en for t in service.project_terms(store)}["楼宇党建"] == "Party building in office buildings"
        assert "already in glossary" in client.predict("楼宇党建", "again", api_name="/add_candidate")
    finally:
        app.close()


def test_harvest_filters_junk_candidates():
    from workbench.align.harvest import _function_end, is_junk
    from workbench.align.lexicon import cedict

    lexicon = cedict()
    assert is_junk("的领导", "leadership", lexicon) and is_junk("领导的", "leadership", lexicon)
    assert not is_junk("和平", "peace", lexicon) and not _function_end("对外开放", lexicon)  # words, not 和/对
    assert is_junk("楼宇党建", "is party building", lexicon)  # a clause fragment, not a phrase
    assert is_junk("楼宇党建", "building of", lexicon) and not is_junk("楼宇党建", "party building", lexicon)
    pairs = [
        ("加强党的领导。", "Strengthen the Party's leadership."),
        ("坚持党的领导，推进网格化管理。", "Uphold the Party's leadership and advance grid-based management."),
        ("坚持党的领导。", "Uphold the Party's leadership."),
        ("网格化管理覆盖全区。", "Grid-based management covers the district."),
    ]
    found = {c.zh: c.en for c in harvest(pairs, lexicon=lexicon)}
    assert found.get("网格化管理") == "grid-based management"
    assert not any(zh.startswith("的") or zh.endswith("的") for zh in found), found
    assert all(not is_junk(zh, en, lexicon) for zh, en in found.items())


def test_one_click_adds_a_candidate_to_the_project_glossary(tmp_path):
    from workbench.service.alignment import add_candidate

    store = Store(tmp_path / "p.db")
    entry = add_candidate(store, "楼宇党建", "Party building in office buildings")
    terms = {t.zh: t for t in service.project_terms(store)}
    assert terms["楼宇党建"].en == "Party building in office buildings" and entry > 0
    assert terms["楼宇党建"].source == "alignment candidate"
    with pytest.raises(WorkbenchError, match="already in glossary"):
        add_candidate(store, "楼宇党建", "office-building Party work")
    with pytest.raises(WorkbenchError, match="both"):
        add_candidate(store, "楼宇党建", " ")


def test_clicking_the_add_cell_of_a_candidate_adds_it(tmp_path):
    import gradio as gr
    import pandas as pd

    from workbench.ui.alignment_tab import ADD, CANDIDATE_HEADERS, AlignmentTab

    store = Store(tmp_path / "p.db")
    tab = AlignmentTab(store)
    frame = pd.DataFrame(
        [
            ["楼宇党建", "Party building in office buildings", 3, 0.857, ADD],
            ["网格化管理", "grid-based management", 2, 0.8, ADD],
        ],
        columns=CANDIDATE_HEADERS,
    )
    before = len(service.project_terms(store))
    zh, en, message = tab.pick_candidate(
        frame, gr.SelectData(None, {"index": [1, 1], "value": "grid-based management"})
    )
    assert (zh, en) == ("网格化管理", "grid-based management") and len(service.project_terms(store)) == before
    zh, en, message = tab.pick_candidate(frame, gr.SelectData(None, {"index": [0, 4], "value": ADD}))
    assert "Added 楼宇党建" in message and zh == "楼宇党建" and len(service.project_terms(store)) == before + 1
    assert {t.zh: t.en for t in service.project_terms(store)}["楼宇党建"] == "Party building in office buildings"
