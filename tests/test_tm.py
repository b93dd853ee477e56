"""Translation memory: normalising, scoring, the index, filling the memory from reviews and
alignments, pre-translation, analysis bands, TMX in and out (and hostile TMX refused), the CLI."""

import json
import os

import pytest

from workbench import service
from workbench.errors import InputError, WorkbenchError
from workbench.formats import tmx
from workbench.store import SCHEMA_VERSION, Bead, Document, Revision, Segment, Store, TmUnit, Translation
from workbench.tm import NgramIndex, band_of, diff_pieces, normalise_source, score

A1 = "加强基层组织建设是一项长期任务。"
A2 = "全县共有村级党组织215个，党员8600名。"
A3 = "推进网格化管理，提高社会治理水平。"
A4 = "各级党委要高度重视这项工作。"
EN = {
    A1: "Strengthening grassroots organisations is a long-term task.",
    A2: "The county has 215 village Party organisations with 8,600 members.",
    A3: "Promote grid-based management and raise the level of social governance.",
    A4: "Party committees at all levels must attach great importance to this work.",
}
NEW = "今天天气很好，我们去公园散步吧。"
ONE_CHAR = "加强基层党组织建设是一项长期任务。"  # one character added to A1
NUMBER = "全县共有村级党组织216个，党员8600名。"  # one number changed in A2


def add_document(store, name, sentences):
    """A source document with one segment per sentence; returns the segment ids in order."""
    with store.session() as session:
        project = service.get_project(session)
        doc = Document(project_id=project.id, name=name, title=name, content_hash=name, raw_text="\n".join(sentences))
        session.add(doc)
        session.flush()
        ids = []
        for i, sentence in enumerate(sentences, 1):
            segment = Segment(document_id=doc.id, position=i, paragraph=i, kind="body", source=sentence)
            session.add(segment)
            session.flush()
            session.add(Translation(segment_id=segment.id, status="new", target=""))
            ids.append(segment.id)
        return doc.id, ids


@pytest.fixture
def reviewed(tmp_path):
    """Document A with all four sentences reviewed."""
    store = Store(tmp_path / "p.db")
    doc, ids = add_document(store, "A", [A1, A2, A3, A4])
    for segment_id, source in zip(ids, [A1, A2, A3, A4], strict=True):
        service.save_edit(store, segment_id, EN[source], "reviewed", "Li", None)
    return store, doc, ids


# ---------------------------------------------------------------- pure parts


def test_normalise_width_punctuation_and_numbers():
    full = normalise_source("２０２３年ＧＤＰ增长５．２％，“稳中求进”。")
    half = normalise_source('2023年GDP增长5.2%,"稳中求进".')
    assert full == half
    assert full.numbers == ("2023", "5.2%")
    assert normalise_source("共1,000人、2人").numbers == ("1000", "2")
    assert normalise_source("2023年").text == normalise_source("2024年").text  # numbers are compared apart


def test_scores_exact_fuzzy_punctuation_and_numbers():
    assert score(A1, A1) == 100
    assert score(A1, A1.replace("。", ".")) == 99  # a width or punctuation difference alone
    assert 90 <= score(ONE_CHAR, A1) <= 99
    assert score(ONE_CHAR, A1) == 94  # 1 edit in 17 characters
    changed = score(NUMBER, A2)
    assert changed < 99 and changed == 97  # the sentence is the same but a number differs: penalised
    assert score("村务公开率达100%。", "村务公开率达95%。") < score("村务公开率达100%。", "村务公开率达100%.")
    assert score(NEW, A1) < 50
    assert [band_of(s) for s in (101, 100, 99, 95, 94, 85, 84, 75, 74, 50, 49, None)] == [
        "101",
        "100",
        "95-99",
        "95-99",
        "85-94",
        "85-94",
        "75-84",
        "75-84",
        "50-74",
        "50-74",
        "new",
        "new",
    ]


def test_diff_shows_what_differs():
    pieces = diff_pieces(A2, NUMBER)
    assert ("delete", "5") in pieces and ("insert", "6") in pieces
    assert "".join(t for op, t in pieces if op != "insert") == A2
    assert "".join(t for op, t in pieces if op != "delete") == NUMBER


def test_index_finds_the_best_candidates_among_many():
    index = NgramIndex()
    index.add_many((i, f"第{i}号文件要求加强第{i % 17}类组织的建设工作。") for i in range(3000))  # the arrays
    for key, source in enumerate([A1, A2, A3, A4], start=10_000):
        index.add(key, source)  # the dictionary of recent units
    assert index.search("第2999号文件要求加强第7类组织的建设工作。", limit=1) == [(2999, 100)]
    assert index.search("第2999号文件要求加强第7类组织的建设。", limit=1)[0][1] >= 85
    assert index.search(A1, limit=1) == [(10_000, 100)]
    assert index.search(ONE_CHAR, limit=1) == [(10_000, 94)]
    assert index.search(NUMBER, limit=1) == [(10_001, 97)]
    assert index.search(NEW) == []
    assert index.search("各级党委要重视这项工作。", limit=3)[0][0] == 10_003


# ---------------------------------------------------------------- the memory and its matches


def test_reviewed_segments_fill_the_memory_once_and_update(reviewed):
    store, _, ids = reviewed
    assert {m["name"]: m["units"] for m in service.list_memories(store)} == {"reviews": 4}
    # saving the same pair again keeps one unit; a new English for the segment replaces its unit
    service.save_edit(store, ids[0], EN[A1], "approved", "Wang", None)
    service.save_edit(
        store, ids[3], "Party committees at every level must take this work seriously.", "approved", "Wang", None
    )
    with store.session() as session:
        units = session.query(TmUnit).all()
        assert len(units) == 4
        unit = next(u for u in units if u.source == A4)
        assert unit.target.startswith("Party committees at every level") and unit.author == "Wang"
        assert unit.status == "approved" and unit.origin == "review" and unit.document == "A"
    # a translated (not reviewed) segment does not go into the memory
    _, other = add_document(store, "X", [NEW])
    service.save_edit(store, other[0], "The weather is fine today.", "translated", "Li", None)
    assert service.list_memories(store)[0]["units"] == 4


def test_lookup_100_101_fuzzy_and_numbers(reviewed):
    store, _, _ = reviewed
    best = service.lookup(store, A1)
    assert best[0]["score"] == 100 and best[0]["target"] == EN[A1] and best[0]["origin"] == "review"
    assert service.lookup(store, A2, context_before=A1, context_after=A3)[0]["score"] == 101
    assert service.lookup(store, A2, context_before=A1, context_after=A4)[0]["score"] == 100
    fuzzy = service.lookup(store, ONE_CHAR)
    assert 90 <= fuzzy[0]["score"] <= 99 and fuzzy[0]["source"] == A1
    number = service.lookup(store, NUMBER)[0]
    assert number["score"] == 97 and number["numbers_differ"] == ["216"]
    assert service.lookup(store, NEW) == []


def test_tm_matches_for_a_segment_with_diff_and_without_itself(reviewed):
    store, _, ids = reviewed
    _, b = add_document(store, "B", [NEW, NUMBER, A1])
    matches = service.tm_matches(store, b[1])
    assert matches[0]["score"] == 97 and ("insert", "6") in matches[0]["diff"]
    assert service.tm_matches(store, ids[0]) == []  # its own unit is not offered back to it
    assert service.tm_matches(store, b[2])[0]["score"] == 100


def test_priorities_break_ties_and_duplicates_are_one(reviewed, tmp_path):
    store, _, _ = reviewed
    path = tmp_path / "other.tmx"
    tmx.write(
        [
            tmx.BilingualRow(id=1, source=A1, target="Another English."),
            tmx.BilingualRow(id=2, source=A1, target="Another English."),
            tmx.BilingualRow(id=3, source=A2, target=EN[A2]),
        ],
        path,
    )
    result = service.import_tmx(store, path, name="vendor", priority=0)
    assert (result.units, result.read, result.duplicates) == (2, 3, 1)
    best = service.lookup(store, A1, limit=3)
    assert [m["target"] for m in best] == ["Another English.", EN[A1]]  # priority 0 beats reviews (1)
    assert best[0]["origin"] == "import: vendor"
    assert len(service.lookup(store, A2, limit=3)) == 1  # the same pair in two memories is offered once


def test_concordance_on_both_sides(reviewed):
    store, _, _ = reviewed
    hits = service.concordance(store, "网格化")
    assert len(hits) == 1 and hits[0]["source"] == A3 and hits[0]["spans"] == [(2, 5)]
    hits = service.concordance(store, "party", side="target")
    assert {h["source"] for h in hits} == {A2, A4} and all(h["spans"] for h in hits)
    assert service.concordance(store, "%") == []  # a LIKE wildcard is searched for literally
    with pytest.raises(WorkbenchError):
        service.concordance(store, "x", side="both")


def test_confirmed_beads_go_into_the_memory(tmp_path):
    store = Store(tmp_path / "p.db")
    doc, _ = add_document(store, "zh", [A1, A2, A3])
    with store.session() as session:
        project_id = session.get(Document, doc).project_id
        ref = Document(project_id=project_id, name="en", role="reference", lang="en", content_hash="en", raw_text="")
        session.add(ref)
        session.flush()
        for i, text in enumerate([EN[A1], EN[A2], EN[A3]], 1):
            session.add(Segment(document_id=ref.id, position=i, paragraph=i, kind="body", source=text))
        for k, score_ in enumerate([0.9, 0.4, 0.8]):
            session.add(
                Bead(
                    project_id=project_id,
                    source_document_id=doc,
                    target_document_id=ref.id,
                    position=k,
                    src=[k],
                    tgt=[k],
                    score=score_,
                )
            )
    assert service.confirm_above(store, doc, 0.5) == 2
    assert {m["name"]: m["units"] for m in service.list_memories(store)} == {"alignments": 2}
    match = service.lookup(store, A1, context_before="", context_after=A2)[0]
    assert match["origin"] == "alignment" and match["target"] == EN[A1] and match["score"] == 101
    service.edit_alignment(store, doc, "confirm", 2)  # every alignment edit keeps the memory up to date
    assert service.list_memories(store)[0]["units"] == 3


def hand_aligned(store, name, sentences):
    """A source document aligned 1-1 with the English of ``EN``, nothing confirmed yet."""
    doc, _ = add_document(store, name, sentences)
    with store.session() as session:
        project_id = session.get(Document, doc).project_id
        ref = Document(project_id=project_id, name=f"{name} en", role="reference", lang="en", content_hash=name)
        ref.raw_text = ""
        session.add(ref)
        session.flush()
        for i, source in enumerate(sentences, 1):
            session.add(Segment(document_id=ref.id, position=i, paragraph=i, kind="body", source=EN[source]))
        for k in range(len(sentences)):
            session.add(
                Bead(
                    project_id=project_id,
                    source_document_id=doc,
                    target_document_id=ref.id,
                    position=k,
                    src=[k],
                    tgt=[k],
                    score=0.9,
                )
            )
    return doc


def alignment_units(store):
    with store.session() as session:
        return sorted(
            (u.source, u.document_id)
            for u in session.query(TmUnit).filter(TmUnit.origin == "alignment")  # every memory
        )


def test_the_alignments_memory_follows_the_beads(tmp_path):
    """Unconfirming, merging, splitting and moving take back what the beads no longer confirm."""
    from workbench.service import tm

    store = Store(tmp_path / "p.db")
    doc = hand_aligned(store, "zh", [A1, A2, A3])
    service.edit_alignment(store, doc, "confirm", 1)
    assert service.lookup(store, A1)[0]["origin"] == "alignment"  # the lookup index now holds the unit
    service.edit_alignment(store, doc, "unconfirm", 1)
    assert alignment_units(store) == [] and service.lookup(store, A1) == []
    with store.session() as session:
        project_id = session.get(Document, doc).project_id
    assert len(tm._INDEXES[(store.url, project_id)].index) == 0  # rebuilt without the removed unit
    service.confirm_above(store, doc, 0.0)
    assert alignment_units(store) == sorted((s, doc) for s in [A1, A2, A3])
    service.edit_alignment(store, doc, "merge", 1)  # [0,1]:[0,1]: the two pairs become one
    assert alignment_units(store) == sorted([(A1 + A2, doc), (A3, doc)])
    assert service.lookup(store, A1 + A2)[0]["target"] == f"{EN[A1]} {EN[A2]}"
    service.edit_alignment(store, doc, "split", 1)  # "Split off last": back to [0]:[0] and [1]:[1]
    assert alignment_units(store) == sorted((s, doc) for s in [A1, A2, A3])
    assert all(m["source"] != A1 + A2 for m in service.lookup(store, A1 + A2))
    service.edit_alignment(store, doc, "down", 2, "tgt")  # [1]:[] and [2]:[1,2]
    assert alignment_units(store) == sorted([(A1, doc), (A3, doc)])
    with store.session() as session:
        moved = session.query(TmUnit).filter(TmUnit.source == A3).one()
        assert moved.target == f"{EN[A2]} {EN[A3]}"


def test_taking_back_alignment_units_spares_reviews_imports_and_other_documents(tmp_path):
    store = Store(tmp_path / "p.db")
    first = hand_aligned(store, "first", [A1, A2])
    second = hand_aligned(store, "second", [A1, A4])
    reviewed, ids = add_document(store, "reviewed", [A1])
    service.save_edit(store, ids[0], EN[A1], "reviewed", "Li", None)
    tmx.write([tmx.BilingualRow(id=1, source=A1, target=EN[A1])], tmp_path / "old.tmx")
    service.import_tmx(store, tmp_path / "old.tmx", name="old")
    service.confirm_above(store, first, 0.0)
    service.confirm_above(store, second, 0.0)
    assert alignment_units(store) == sorted([(A1, second), (A2, first), (A4, second)])  # A1 is one unit
    service.edit_alignment(store, second, "unconfirm", 1)  # the first document still confirms A1
    assert alignment_units(store) == sorted([(A1, first), (A2, first), (A4, second)])
    service.edit_alignment(store, first, "unconfirm", 1)
    assert alignment_units(store) == sorted([(A2, first), (A4, second)])
    memories = {m["name"]: m["units"] for m in service.list_memories(store)}
    assert memories == {"reviews": 1, "alignments": 2, "old": 1}
    assert sorted(hit["memory"] for hit in service.concordance(store, A1)) == ["old", "reviews"]
    assert service.lookup(store, A1)[0]["memory"] == "reviews"


# ---------------------------------------------------------------- pre-translation and analysis


def test_pretranslation_fills_100_and_101_and_records_the_score(reviewed):
    store, _, _ = reviewed
    doc_b, b = add_document(store, "B", [NEW, A1, ONE_CHAR, A3])
    assert service.pretranslate(store, 100, document_id=doc_b) == 2  # A1 and A3
    rows = {r["id"]: r for r in service.segment_rows(store, doc_b)}
    assert rows[b[1]]["target"] == EN[A1] and rows[b[1]]["status"] == "translated"
    assert rows[b[2]]["target"] == "" and rows[b[0]]["target"] == ""  # 94 is under the threshold
    with store.session() as session:
        revision = session.query(Revision).filter_by(segment_id=b[1]).one()
        assert (revision.origin, revision.match_score, revision.author) == ("tm", 100, "TM (review)")
    assert service.pretranslate(store, 90, document_id=doc_b) == 1  # now the 94% one too
    # in context only: a document with A1 A2 A3 in A's order
    doc_c, c = add_document(store, "C", [A1, A2, A3, NEW])
    assert service.pretranslate(store, 101, document_id=doc_c) == 2  # A1 and A2 have A's neighbours
    with store.session() as session:
        scores = {r.segment_id: r.match_score for r in session.query(Revision).filter(Revision.segment_id.in_(c))}
    assert scores == {c[0]: 101, c[1]: 101}
    with pytest.raises(WorkbenchError, match="between 50 and 101"):
        service.pretranslate(store, 40)


def test_translate_fills_from_the_memory_then_sends_the_rest_to_mt(reviewed, tiny_model, monkeypatch, tmp_path):
    from workbench.mt import TranslateSettings
    from workbench.mt.marian import MarianEngine

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    store, _, _ = reviewed
    doc_b, b = add_document(store, "B", [NEW, A2])
    sent = []
    engine = MarianEngine(str(tiny_model))
    original = engine.translate
    monkeypatch.setattr(
        engine, "translate", lambda batch, settings, **kw: sent.extend(batch) or original(batch, settings)
    )
    report = service.translate_project(store, engine, TranslateSettings(beams=1, max_length=12), document_id=doc_b)
    assert report.from_memory == 1 and report.translated == 1 and sent == [NEW]
    rows = service.segment_rows(store, doc_b)
    assert rows[1]["target"] == EN[A2] and rows[1]["mt"] is None and rows[0]["mt"]
    again = service.translate_project(store, engine, TranslateSettings(beams=1, max_length=12), document_id=doc_b)
    assert again.pending == 0 and again.from_memory == 0  # the TM-filled segment is not sent to MT later
    without = service.translate_project(store, engine, tm_threshold=None)
    assert without.from_memory == 0


def test_analysis_counts_bands_on_a_crafted_document(reviewed):
    store, _, _ = reviewed
    fuzzy_75 = "推进网格化服务，提高城市治理水平。"  # 4 of 17 characters changed: 76
    fuzzy_50 = "推进网格化管理，方便群众办事。"
    assert band_of(score(fuzzy_75, A3)) == "75-84" and band_of(score(fuzzy_50, A3)) == "50-74"
    sentences = [A1, A2, A4, NEW, ONE_CHAR, A1, NUMBER, fuzzy_75, fuzzy_50, NEW]
    doc, _ = add_document(store, "D", sentences)
    bands = service.analyze(store, document_id=doc)["bands"]
    assert list(bands) == ["repetition", "101", "100", "95-99", "85-94", "75-84", "50-74", "new"]
    counts = {band: value["segments"] for band, value in bands.items()}
    # A1 (start, before A2) and A2 (after A1, before A3? no: before A4) -> A1 101, A2 100
    assert counts == {"repetition": 2, "101": 1, "100": 2, "95-99": 1, "85-94": 1, "75-84": 1, "50-74": 1, "new": 1}
    assert bands["repetition"]["characters"] == len(A1) + len(NEW)
    assert bands["new"]["characters"] == len(NEW)
    assert sum(b["characters"] for b in bands.values()) == sum(len(s) for s in sentences)
    # the whole project: document A's own units are not matches for themselves
    project = service.analyze(store)["bands"]
    assert sum(b["segments"] for b in project.values()) == 14


# ---------------------------------------------------------------- TMX files


def test_exported_tmx_imports_back_to_the_same_units(reviewed, tmp_path):
    store, _, _ = reviewed
    path = tmp_path / "memory.tmx"
    assert service.export_tmx(store, path) == 4
    other = Store(tmp_path / "q.db")
    result = service.import_tmx(other, path, name="back")
    assert result.units == 4 and result.duplicates == 0

    def units(s):
        with s.session() as session:
            return {
                (u.source, u.target, u.context_before, u.context_after, u.author, u.document)
                for u in session.query(TmUnit)
            }

    assert units(other) == units(store)
    assert service.lookup(other, A2, context_before=A1, context_after=A3)[0]["score"] == 101
    # importing the same name again replaces the memory, not adds to it
    assert service.import_tmx(other, path, name="back").replaced == 4
    assert service.list_memories(other) == [dict(name="back", priority=10, units=4)]
    with pytest.raises(WorkbenchError, match="project's own work"):
        service.import_tmx(other, path, name="reviews")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<tmx version="1.4"><header srclang="zh-CN"/><body>
<tu><tuv xml:lang="zh-CN"><seg>加强</seg></tuv><tuv xml:lang="en"><seg>&lol3;</seg></tuv></tu>
</body></tmx>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="zh-CN"/><body>
<tu><tuv xml:lang="zh-CN"><seg>加强</seg></tuv><tuv xml:lang="en"><seg>&secret;</seg></tuv></tu>
</body></tmx>"""


def test_hostile_and_malformed_tmx_import_nothing(reviewed, tmp_path):
    store, _, _ = reviewed
    good = tmp_path / "good.tmx"
    service.export_tmx(store, good)
    service.import_tmx(store, good, name="vendor")
    cases = {"laughs.tmx": BILLION_LAUGHS, "external.tmx": EXTERNAL}
    # well-formed units first, then a broken one: the good ones before it must not stay
    text = good.read_text("utf-8")
    cases["truncated.tmx"] = text[: text.rindex("</tu>")]
    cases["html.tmx"] = "<html><body><p>not a memory</p></body></html>"
    cases["long.tmx"] = text.replace(EN[A1], "x" * (tmx.MAX_SEGMENT_CHARS + 1))
    for name, content in cases.items():
        path = tmp_path / name
        path.write_text(content, "utf-8")
        with pytest.raises(InputError) as error:
            service.import_tmx(store, path, name="vendor")
        assert str(error.value).startswith(str(path)) and "\n" not in str(error.value)
        assert {m["name"]: m["units"] for m in service.list_memories(store)} == {"reviews": 4, "vendor": 4}, name
    with pytest.raises(InputError, match="over the limit"):
        service.import_tmx(store, good, name="vendor", max_bytes=100)
    assert "etc/passwd" not in "".join(u.target for u in tmx.iter_units(good))


def test_tmx_streams_every_unit_in_order(tmp_path):
    """10,000 units come through iterparse one by one, in file order."""
    path = tmp_path / "big.tmx"
    tmx.write(
        [
            tmx.BilingualRow(id=i, source=f"第{i}条：加强基层组织建设。", target=f"Article {i}: strengthen.")
            for i in range(10_000)
        ],
        path,
    )
    seen, last = 0, None
    for unit in tmx.iter_units(path):
        seen, last = seen + 1, unit
    assert seen == 10_000 and last.source == "第9999条：加强基层组织建设。"


# ---------------------------------------------------------------- the command line


def test_cli_import_list_lookup_export_analyze(reviewed, tmp_path, cli):
    store, doc, _ = reviewed
    db = tmp_path / "p.db"
    service.export_tmx(store, tmp_path / "m.tmx")
    result = cli("tm", "import", tmp_path / "m.tmx", "--project", db, "--name", "vendor", "--priority", "3")
    assert result.returncode == 0, result.stderr
    assert "4 units in memory 'vendor' (priority 3" in result.stdout
    listing = cli("tm", "list", "--project", db).stdout.splitlines()
    assert listing == ["1\t4 units\treviews", "3\t4 units\tvendor"]
    found = json.loads(cli("tm", "lookup", ONE_CHAR, "--json", "--project", db).stdout)
    assert found == [dict(source=A1, target=EN[A1], score=94, origin="review")]
    result = cli("tm", "export", "-o", tmp_path / "out.tmx", "--name", "vendor", "--project", db)
    assert result.stdout.strip() == f"wrote 4 units to {tmp_path / 'out.tmx'}"
    analysis = json.loads(cli("analyze", "--document", doc, "--json", "--project", db).stdout)
    assert set(analysis) == {"bands"} and analysis["bands"]["101"]["segments"] == 4  # against the vendor copy
    bad = tmp_path / "bad.tmx"
    bad.write_text(BILLION_LAUGHS, "utf-8")
    result = cli("tm", "import", bad, "--project", db)
    assert result.returncode == 2 and result.stderr.strip().splitlines()[-1].startswith("workbench: error:")
    assert "DTD" in result.stderr and "Traceback" not in result.stderr
    assert cli("tm", "list", "--project", db).stdout.splitlines() == listing


def test_bench_tm_small(cli):
    result = cli("bench", "tm", "--json", "--units", "2000", "--lookups", "20")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["units"] == 2000 and data["lookups"] == 20 and data["lookup_p95_ms"] > 0
    assert data["import_units_per_s"] > 0 and data["best_match_recall"] > 0.9


def test_migration_from_schema_2_adds_the_memory(tmp_path):
    """A project database written before the translation memory existed is brought up to date."""
    from sqlalchemy import text

    path = tmp_path / "old.db"
    store = Store(path)
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE tm_units"))
        connection.execute(text("DROP TABLE tm_memories"))
        connection.execute(text("ALTER TABLE revisions DROP COLUMN match_score"))
        connection.execute(text("UPDATE meta SET value = '2' WHERE key = 'schema_version'"))
    store.dispose()
    store = Store(path)
    assert store.migrate() == SCHEMA_VERSION and {"tm_units", "tm_memories"} <= set(store.tables())
    _, ids = add_document(store, "A", [A1])
    service.save_edit(store, ids[0], EN[A1], "approved", "Li", None)
    assert service.lookup(store, A1)[0]["score"] == 100


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("WORKBENCH_TEST_POSTGRES_URL"), reason="no PostgreSQL server")
def test_memory_on_postgresql(tmp_path):
    from sqlalchemy import create_engine, text

    url = os.environ["WORKBENCH_TEST_POSTGRES_URL"]
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
    engine.dispose()
    store = Store(url)
    try:
        _, ids = add_document(store, "A", [A1, A2, A3])
        for segment_id, source in zip(ids, [A1, A2, A3], strict=True):
            service.save_edit(store, segment_id, EN[source], "reviewed", "Li", None)
        path = tmp_path / "m.tmx"
        tmx.write(
            [tmx.BilingualRow(id=1, source=A4, target=EN[A4]), tmx.BilingualRow(id=2, source=A4, target=EN[A4])], path
        )
        assert service.import_tmx(store, path, name="vendor").units == 1
        assert service.lookup(store, A2, context_before=A1, context_after=A3)[0]["score"] == 101
        assert service.lookup(store, NUMBER)[0]["score"] == 97
        assert {h["source"] for h in service.concordance(store, "PARTY", side="target")} == {A2, A4}
        doc_b, _ = add_document(store, "B", [A4, NEW])
        assert service.pretranslate(store, 100, document_id=doc_b) == 1
        assert service.analyze(store, document_id=doc_b)["bands"]["100"]["segments"] == 1
        assert service.export_tmx(store, tmp_path / "out.tmx") == 4
    finally:
        store.dispose()
