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
    assert result.zh_sentences == 9 and result.en_sentences == 7 and result.shapes["1-1"] == 6
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


def test_a_raw_english_file_keeps_its_paragraphs_as_the_reference(tmp_path):
    """The reference document stored every sentence as a paragraph of its own."""
    store = Store(tmp_path / "p.db")
    zh = tmp_path / "zh.txt"
    zh.write_text("\n\n".join(ZH), "utf-8")
    en = tmp_path / "en.txt"
    en.write_text(" ".join(EN[:3]) + "\n\n" + " ".join(EN[3:]), "utf-8")
    doc = service.import_document(store, zh).document_id
    service.align_reference(store, doc, en)
    reference = next(d for d in service.list_documents(store) if d["role"] == "reference")
    rows = service.segment_rows(store, reference["id"])
    assert [r["source"] for r in rows] == EN
    assert [r["paragraph"] for r in rows] == [1, 1, 1] + [2] * (len(EN) - 3)


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


def test_reimporting_changed_chinese_removes_its_alignment_with_a_notice(aligned, cli):
    """An edited report re-imported with as many segments kept its beads by position: every bead
    paired the wrong sentences, still confirmed, and the memory offered them at 100%; a shorter
    one crashed `alignment` with an IndexError."""
    store, doc, _, tmp = aligned
    service.confirm_above(store, doc, 0.0)
    assert service.lookup(store, ZH[0])[0]["score"] == 100
    (tmp / "zh.txt").write_text("\n\n".join(["前言：这是新加的一句话。", *ZH[:4], *ZH[5:]]), "utf-8")
    out = cli("import", "--project", tmp / "p.db", tmp / "zh.txt")
    assert out.returncode == 0 and "1 new, 1 dropped" in out.stdout
    assert "its alignment no longer matched the sentences and was removed (8 beads, 8 confirmed)" in out.stdout
    with pytest.raises(WorkbenchError, match="no alignment yet"):
        service.alignment_beads(store, doc)
    assert all(m["memory"] != "alignments" for m in service.lookup(store, ZH[0]))
    out = cli("alignment", "--project", tmp / "p.db", "-d", doc)
    assert out.returncode == 2 and "no alignment yet" in out.stderr and "internal error" not in out.stderr
    (tmp / "zh.txt").write_text("\n\n".join(["前言：这是新加的一句话。", *ZH[:4], *ZH[5:]]) + "\n", "utf-8")
    out = cli("import", "--project", tmp / "p.db", tmp / "zh.txt")  # same sentences: nothing to remove
    assert out.returncode == 0 and "alignment" not in out.stdout


def test_alignment_tsv_drops_control_characters_already_stored(aligned, cli):
    """TSV went to the terminal with ESC sequences stored in the database (older imports, SQL)."""
    from workbench.store import Segment

    store, doc, _, tmp = aligned
    with store.session() as session:
        first = session.query(Segment).filter(Segment.document_id == doc).order_by(Segment.position).first()
        first.source = "\x1b[31m" + first.source + "\x07"
    out = cli("alignment", "--project", tmp / "p.db", "-d", doc, "-f", "tsv")
    assert out.returncode == 0 and "\x1b" not in out.stdout and "\x07" not in out.stdout
    assert out.stdout.splitlines()[1].startswith("[31m" + ZH[0])


def test_alignment_and_memory_exports_into_a_missing_folder_say_so(aligned, cli):
    """TMX written by lxml into a missing folder ended in 'internal error: FileNotFoundError'."""
    store, doc, _, tmp = aligned
    service.confirm_above(store, doc, 0.0)  # the memory gets the pairs
    for fmt in ("tmx", "tsv", "beads"):
        out = cli("alignment", "--project", tmp / "p.db", "-d", doc, "--format", fmt, "-o", tmp / "nodir" / "a.x")
        assert out.returncode == 2 and "the folder" in out.stderr and "does not exist" in out.stderr, out.stderr
        assert "internal error" not in out.stderr
    out = cli("tm", "export", "--project", tmp / "p.db", "-o", tmp / "nodir" / "m.tmx")
    assert out.returncode == 2 and "does not exist" in out.stderr and "internal error" not in out.stderr
    assert not (tmp / "nodir").exists()


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


@pytest.mark.slow
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


# ---------------------------------------------------------------- aligning again


def _state(store, doc):
    """What a user would lose: the beads with their confirmations, and the translation memory."""
    beads = [(r["src"], r["tgt"], r["confirmed"]) for r in service.bead_texts(store, doc)]
    return beads, service.list_memories(store)


def test_realign_unconfirmed_realigns_only_between_confirmed_beads():
    from workbench.align.realign import realign_unconfirmed

    def parse(label, confirmed):
        src, tgt = (tuple(int(x) for x in side.strip("[]").split(",") if x) for side in label.split(":"))
        return E(src, tgt, 1.0, confirmed)

    good = [parse(label, True) for label in EXPECTED]
    # the middle stretch lumped into one wrong unconfirmed bead, and a wrong confirmed one kept on purpose
    beads = good[:2] + [E((2, 3, 4), (2, 3), 0.1)] + [E((5, 6), (4,), 1.0, True)] + good[6:]
    out = realign_unconfirmed(ZH, EN, beads)
    labels = [f"[{','.join(map(str, b.src))}]:[{','.join(map(str, b.tgt))}]" for b in out]
    assert labels == EXPECTED[:2] + ["[2,3]:[2]", "[4]:[3]", "[5,6]:[4]"] + EXPECTED[6:]
    assert [b.confirmed for b in out] == [True, True, False, False, True, True, True]
    assert out[4] == beads[3] and out[:2] == good[:2]  # confirmed beads untouched, even one a person got wrong
    assert realign_unconfirmed(ZH, EN, good) == good  # nothing to align again
    with pytest.raises(ValueError):
        realign_unconfirmed(ZH, EN, good[:-1])


def test_aligning_the_same_english_again_keeps_confirmed_beads(aligned):
    store, doc, _, tmp = aligned
    service.edit_alignment(store, doc, "split", 3)  # [2,3]:[2] -> [2]:[2] and [3]:[], both confirmed
    service.edit_alignment(store, doc, "confirm", 1)
    before = _state(store, doc)
    assert sum(confirmed for _, _, confirmed in before[0]) == 3
    result = service.align_reference(store, doc, tmp / "en.txt", presplit=True)
    assert result.kept == 3 and result.replaced == 0 and result.beads == 9
    assert _state(store, doc) == before  # (the unconfirmed beads come out the same on this text)
    segments = service.segment_rows(store, doc)
    with store.session() as session:
        refs = {t.segment_id: t.reference for t in session.query(Translation)}
    assert refs[segments[2]["id"]] == EN[2] and refs[segments[3]["id"]] is None


def test_aligning_other_english_is_refused_unless_replaced(aligned):
    from workbench.service.alignment import ConfirmedBeadsAtRisk

    store, doc, _, tmp = aligned
    service.confirm_above(store, doc, 0.0)
    confirmed = len(service.bead_texts(store, doc))
    before = _state(store, doc)
    assert before[1] == [{"name": "alignments", "priority": 5, "units": confirmed - 1}]  # the 1-0 bead has no pair
    other = tmp / "other.txt"
    other.write_text("\n".join(EN[:3] + ["In the evening we went home for supper."] + EN[4:]), "utf-8")
    with pytest.raises(ConfirmedBeadsAtRisk, match=f"throw away {confirmed} confirmed beads") as refused:
        service.align_reference(store, doc, other, presplit=True)
    assert refused.value.confirmed == confirmed and "\n" not in str(refused.value)
    assert _state(store, doc) == before  # nothing changed
    result = service.align_reference(store, doc, other, presplit=True, replace=True)
    assert result.replaced == confirmed and result.kept == 0
    assert not any(r["confirmed"] for r in service.bead_texts(store, doc))
    assert service.bead_texts(store, doc)[3]["en"] == "In the evening we went home for supper."
    assert service.list_memories(store)[0]["units"] == 0  # the replaced beads' pairs left the memory
    assert service.lookup(store, ZH[0]) == []
    # the replaced English is no longer listed as a reference (it was left behind with no beads)
    references = [d["name"] for d in service.list_documents(store) if d["role"] == "reference"]
    assert references == [f"other.txt (reference for {doc})"]


def test_the_same_file_split_otherwise_is_named_as_such(tmp_path):
    from workbench.service.alignment import ConfirmedBeadsAtRisk

    store = Store(tmp_path / "p.db")
    (tmp_path / "zh.txt").write_text("\n\n".join(ZH), "utf-8")
    (tmp_path / "en.txt").write_text(f"{EN[0]} {EN[1]}\n" + "\n".join(EN[2:]), "utf-8")
    doc = service.import_document(store, tmp_path / "zh.txt").document_id
    assert service.align_reference(store, doc, tmp_path / "en.txt").en_sentences == 7
    service.edit_alignment(store, doc, "confirm", 1)
    with pytest.raises(ConfirmedBeadsAtRisk, match="the same English split into other sentences"):
        service.align_reference(store, doc, tmp_path / "en.txt", presplit=True)  # 6 lines
    assert service.align_reference(store, doc, tmp_path / "en.txt").kept == 1


def test_cli_align_reference_again(tmp_path, cli):
    (tmp_path / "zh.txt").write_text("\n\n".join(ZH), "utf-8")
    (tmp_path / "en.txt").write_text("\n".join(EN), "utf-8")
    (tmp_path / "other.txt").write_text("\n".join(EN[:6]), "utf-8")
    db = tmp_path / "p.db"
    assert cli("import", tmp_path / "zh.txt", "-p", db).returncode == 0
    assert cli("align-reference", tmp_path / "en.txt", "-p", db, "-d", 1, "--presplit").returncode == 0
    service.confirm_above(Store(db), 1, 0.0)
    again = cli("align-reference", tmp_path / "en.txt", "-p", db, "-d", 1, "--presplit")
    assert again.returncode == 0 and "kept 8 confirmed beads, re-aligned the rest" in again.stdout
    refused = cli("align-reference", tmp_path / "other.txt", "-p", db, "-d", 1, "--presplit")
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert "would throw away 8 confirmed beads" in refused.stderr and "--replace" in refused.stderr
    assert "Traceback" not in refused.stderr and refused.stdout == ""
    assert sum(r["confirmed"] for r in service.bead_texts(Store(db), 1)) == 8
    replaced = cli("align-reference", tmp_path / "other.txt", "-p", db, "-d", 1, "--presplit", "--replace")
    assert replaced.returncode == 0 and "replaced 8 confirmed beads" in replaced.stdout
    assert sum(r["confirmed"] for r in service.bead_texts(Store(db), 1)) == 0


@pytest.mark.slow
def test_alignment_tab_aligns_again_without_losing_confirmed_beads(tmp_path):
    from workbench.ui import launch

    store = Store(tmp_path / "ui.db")
    (tmp_path / "zh.txt").write_text("\n\n".join(ZH), "utf-8")
    (tmp_path / "en.txt").write_text("\n".join(EN), "utf-8")
    (tmp_path / "other.txt").write_text("\n".join(EN[:6]), "utf-8")
    doc = service.import_document(store, tmp_path / "zh.txt").document_id
    port = free_port()
    app = launch(tmp_path / "ui.db", port=port, sample=None, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        english, other = handle_file(str(tmp_path / "en.txt")), handle_file(str(tmp_path / "other.txt"))
        client.predict(doc, english, True, True, False, api_name="/align")
        service.confirm_above(store, doc, 0.9)
        confirmed = sum(r["confirmed"] for r in service.bead_texts(store, doc))
        assert confirmed > 0
        _, message, info = client.predict(doc, english, True, True, False, api_name="/align")
        assert f"Kept {confirmed} confirmed beads, re-aligned the rest" in message and f"{confirmed} confirmed" in info
        _, message, _ = client.predict(doc, other, True, True, False, api_name="/align")
        assert message.startswith("\u26a0") and f"throw away {confirmed} confirmed beads" in message
        assert "Replace my confirmed beads" in message and "Traceback" not in message
        assert sum(r["confirmed"] for r in service.bead_texts(store, doc)) == confirmed
        _, message, info = client.predict(doc, other, True, True, True, api_name="/align")
        assert f"Replaced {confirmed} confirmed beads" in message and info.endswith(", 0 confirmed")
    finally:
        app.close()


def test_alignment_tab_in_a_browser_refuses_then_replaces(tmp_path, browser):
    """In Chromium: another English with confirmed beads gives a readable notice and changes
    nothing; with the checkbox ticked it replaces them."""
    from workbench.ui import launch

    store = Store(tmp_path / "b.db")
    (tmp_path / "zh.txt").write_text("\n\n".join(ZH), "utf-8")
    (tmp_path / "en.txt").write_text("\n".join(EN), "utf-8")
    (tmp_path / "other.txt").write_text("\n".join(EN[:6]), "utf-8")
    doc = service.import_document(store, tmp_path / "zh.txt").document_id
    service.align_reference(store, doc, tmp_path / "en.txt", presplit=True)
    service.confirm_above(store, doc, 0.0)
    port = free_port()
    app = launch(tmp_path / "b.db", port=port, sample=None, prevent_thread_lock=True, quiet=True)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_role("tab", name="Alignment").click()
        page.locator("#wb-align-english input[type=file]").set_input_files(str(tmp_path / "other.txt"))
        page.get_by_label("One sentence per line").check()
        page.get_by_role("button", name=f"Align into {doc}: zh").click()
        shown = page.locator("#wb-align-notice")
        shown.get_by_text("would throw away 8 confirmed beads").wait_for()
        assert "tick “Replace my confirmed beads”" in shown.inner_text()
        assert sum(r["confirmed"] for r in service.bead_texts(store, doc)) == 8
        page.get_by_label("Replace my confirmed beads").check()
        page.get_by_role("button", name=f"Align into {doc}: zh").click()
        shown.get_by_text("Replaced 8 confirmed beads").wait_for()
        assert sum(r["confirmed"] for r in service.bead_texts(store, doc)) == 0
        # the box unticks itself: the next Align keeps confirmed beads again
        page.wait_for_function("!document.querySelector('#wb-align-replace input').checked", timeout=10000)
    finally:
        app.close()


def test_a_correction_saved_while_aligning_again_is_not_lost(aligned, monkeypatch):
    import workbench.service.alignment as alignment

    store, doc, _, tmp = aligned
    service.edit_alignment(store, doc, "confirm", 1)
    realign = alignment.realign_unconfirmed

    def meanwhile(*args, **kwargs):  # another reviewer confirms bead 2 during the alignment
        service.edit_alignment(store, doc, "confirm", 2)
        return realign(*args, **kwargs)

    monkeypatch.setattr(alignment, "realign_unconfirmed", meanwhile)
    with pytest.raises(WorkbenchError, match="corrected while it was being aligned again"):
        service.align_reference(store, doc, tmp / "en.txt", presplit=True)
    assert [r["confirmed"] for r in service.bead_texts(store, doc)][:3] == [True, True, False]
