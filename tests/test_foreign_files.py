"""Files from other tools never destroy work: a unit goes only to a segment with its source, an
empty target changes nothing, a repeated source is applied to the occurrence its id names or
reported, DOCTYPE TMX and XLIFF 1.1 are read, a dry run writes nothing and a merge is undone as
one step. The foreign files are written by translate-toolkit's own classes where it has them."""

import json
from pathlib import Path

import pytest
from translate.storage import tmx as tt_tmx
from translate.storage import xliff as tt_xliff

from workbench import formats, service
from workbench.store import Store

REPORT = "\n".join(
    [
        "一、加强基层党组织建设。",
        "二、推进村民自治。",
        "会议强调，要落实责任。",
        "三、完善一事一议制度。",
        "会议强调，要落实责任。",
    ]
)


@pytest.fixture
def reviewed(tmp_path):
    """A project whose five segments all have a reviewed translation; the two occurrences of the
    repeated source (segments 3 and 5) have different English."""
    (tmp_path / "report.txt").write_text(REPORT + "\n", encoding="utf-8")
    store = Store(tmp_path / "p.db")
    doc = service.import_document(store, tmp_path / "report.txt").document_id
    rows = service.segment_rows(store, doc)
    assert [r["source"] for r in rows][2] == [r["source"] for r in rows][4]
    for n, row in enumerate(rows, 1):
        service.save_edit(store, row["id"], f"English {n}.", "reviewed", "Wang", base_revision=0)
    return store, doc, [r["id"] for r in rows]


def targets(store, doc):
    return [(r["target"], r["status"]) for r in service.segment_rows(store, doc)]


def xliff12(path, units, version="1.2"):
    """An XLIFF 1.x file of (id, source, target or None) units, as another tool writes it."""
    ns = f"urn:oasis:names:tc:xliff:document:{version}"
    body = "".join(
        f'<trans-unit id="{i}"><source>{s}</source>' + ("" if t is None else f"<target>{t}</target>") + "</trans-unit>"
        for i, s, t in units
    )
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><xliff version="{version}" xmlns="{ns}"><file original="r.txt" '
        f'source-language="zh" target-language="en" datatype="plaintext"><body>{body}</body></file></xliff>',
        encoding="utf-8",
    )
    return path


def test_an_id_alone_never_decides(reviewed, tmp_path, cli):
    store, doc, ids = reviewed
    before = targets(store, doc)
    foreign = xliff12(
        tmp_path / "other.xlf", [(ids[0], "另一个文件的句子。", "Unrelated English"), (ids[1], "SRC", "x")]
    )
    report = service.merge_file(store, foreign, "Li")
    assert report.updated == 0 and [u["id"] for u in report.unmatched] == [ids[0], ids[1]]
    assert targets(store, doc) == before
    (tmp_path / "rows.csv").write_text(f"id,source,target\n{ids[0]},SRC,Unrelated\n", encoding="utf-8")
    result = cli("merge", tmp_path / "rows.csv", "--project", tmp_path / "p.db", "--reviewer", "Li")
    assert result.returncode == 0 and "0 segments updated" in result.stdout and "1 unmatched" in result.stdout
    assert targets(store, doc) == before


def test_the_source_is_compared_as_the_memory_compares_it(reviewed, tmp_path):
    store, doc, ids = reviewed
    # full-width / half-width and spacing differ, the sentence is the same: applied
    foreign = xliff12(tmp_path / "width.xlf", [("u1", "二、推进村民自治. ", "Advance villagers' self-governance.")])
    report = service.merge_file(store, foreign, "Li")
    # a file that says no state keeps the segment's status (as an OmegaT edit does)
    assert report.updated == 1 and targets(store, doc)[1] == ("Advance villagers' self-governance.", "reviewed")


def test_an_empty_target_is_no_change_unless_asked(reviewed, tmp_path):
    store, doc, ids = reviewed
    before = targets(store, doc)
    # translate-toolkit's XLIFF: a unit with the project's source and no target
    store_tt = tt_xliff.xlifffile()
    store_tt.addsourceunit("二、推进村民自治。")
    store_tt.savefile(str(tmp_path / "tt.xlf"))
    # a TMX unit with a <tuv> but no <seg>
    (tmp_path / "noseg.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="zh" datatype="plaintext" '
        'segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>'
        f'<tu tuid="{ids[0]}"><tuv xml:lang="zh"><seg>一、加强基层党组织建设。</seg></tuv><tuv xml:lang="en"/></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    for name in ("tt.xlf", "noseg.tmx"):
        report = service.merge_file(store, tmp_path / name, "Li")
        assert report.updated == 0 and report.unchanged == 1, name
        assert targets(store, doc) == before, name
    erased = service.merge_file(store, tmp_path / "noseg.tmx", "Li", allow_empty=True)
    assert erased.updated == 1 and targets(store, doc)[0][0] == ""


def test_a_repeated_source_goes_to_the_occurrence_its_id_names_or_is_reported(reviewed, tmp_path):
    store, doc, ids = reviewed
    repeated = "会议强调，要落实责任。"
    foreign = xliff12(tmp_path / "rep.xlf", [(ids[4], repeated, "Fifth, edited."), ("t7", repeated, "Which one?")])
    report = service.merge_file(store, foreign, "Li")
    assert report.updated == 1
    assert report.ambiguous == [
        dict(line=report.ambiguous[0]["line"], id=None, source=repeated, segments=[ids[2], ids[4]])
    ]
    now = targets(store, doc)
    assert now[2] == ("English 3.", "reviewed") and now[4][0] == "Fifth, edited."


def test_translate_toolkit_tmx_with_a_doctype_is_read_by_tm_import_and_merge(reviewed, tmp_path, cli):
    store, doc, ids = reviewed
    tt = tt_tmx.tmxfile(sourcelanguage="zh", targetlanguage="en")
    unit = tt.addsourceunit("三、完善一事一议制度。")
    unit.target = "Improve the one-project-one-discussion system."
    tt.savefile(str(tmp_path / "tt.tmx"))
    text = (tmp_path / "tt.tmx").read_text("utf-8")
    if "<!DOCTYPE" not in text:  # OmegaT's project_save.tmx carries one; make sure this file does too
        text = text.replace("<tmx", '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx', 1)
        (tmp_path / "tt.tmx").write_text(text, "utf-8")
    imported = cli("tm", "import", tmp_path / "tt.tmx", "--project", tmp_path / "p.db")
    assert imported.returncode == 0, imported.stderr
    report = service.merge_file(store, tmp_path / "tt.tmx", "Li")
    assert report.updated == 1 and targets(store, doc)[3][0] == "Improve the one-project-one-discussion system."
    # an internal subset, where entities are declared, stays refused
    (tmp_path / "subset.tmx").write_text(text.replace('"tmx14.dtd">', '"tmx14.dtd" [<!ENTITY e "x">]>', 1), "utf-8")
    refused = cli("tm", "import", tmp_path / "subset.tmx", "--project", tmp_path / "p.db")
    assert refused.returncode == 2 and "internal DTD" in refused.stderr


def test_xliff_1_1_is_merged(reviewed, tmp_path):
    store, doc, ids = reviewed
    foreign = xliff12(tmp_path / "old.xlf", [(ids[0], "一、加强基层党组织建设。", "From XLIFF 1.1.")], version="1.1")
    report = service.merge_file(store, foreign, "Li")
    assert report.updated == 1 and targets(store, doc)[0][0] == "From XLIFF 1.1."


def test_a_dry_run_writes_nothing_and_a_merge_is_undone_as_one_step(reviewed, tmp_path, cli):
    store, doc, ids = reviewed
    before = targets(store, doc)
    foreign = xliff12(
        tmp_path / "r.xlf",
        [(ids[0], "一、加强基层党组织建设。", "New one."), (ids[1], "二、推进村民自治。", "New two."), (9, "无", "x")],
    )
    db = tmp_path / "p.db"
    dry = cli("merge", foreign, "--project", db, "--reviewer", "Li", "--dry-run", "--json")
    summary = json.loads(dry.stdout)
    assert summary["dry_run"] is True and summary["updated"] == 2 and summary["merge_id"] is None
    assert {"updated", "unchanged", "conflicts", "unmatched", "ambiguous", "dry_run", "merge_id"} <= summary.keys()
    assert targets(store, doc) == before
    applied = json.loads(cli("merge", foreign, "--project", db, "--reviewer", "Li", "--json").stdout)
    assert applied["updated"] == 2 and applied["merge_id"] and len(applied["unmatched"]) == 1
    assert targets(store, doc)[:2] == [("New one.", "reviewed"), ("New two.", "reviewed")]  # no state: kept
    assert service.history(store, ids[0])[-1]["author"] == "Li"
    undone = cli("merge", "--undo", "last", "--project", db, "--reviewer", "Li")
    assert undone.returncode == 0 and "2 segments restored" in undone.stdout
    assert targets(store, doc) == before
    assert cli("merge", "--undo", "last", foreign, "--project", db, "--reviewer", "Li").returncode == 2


def test_the_app_shows_the_merge_summary_and_undoes_it(reviewed, tmp_path):
    from workbench.ui.merge_panel import MergePanel

    store, doc, ids = reviewed
    before = targets(store, doc)
    panel = MergePanel(store)
    foreign = xliff12(
        tmp_path / "r.xlf", [(ids[0], "一、加强基层党组织建设。", "New &lt;b&gt;one&lt;/b&gt;."), (3, "[x](y)", "z")]
    )
    shown = panel.merge(str(foreign), "Li", True, False)
    assert "1 segments would be updated" in shown and "dry run" in shown and targets(store, doc) == before
    assert "\\[x\\](y)" in shown  # the file's text is shown literally, no link
    shown = panel.merge(str(foreign), "Li", False, False)
    assert "1 segments updated" in shown and targets(store, doc)[0][0] == "New <b>one</b>."
    assert "1 segments restored" in panel.undo("Li") and targets(store, doc) == before
    assert "reviewer" in panel.merge(str(foreign), "", False, False)


# ---------------------------------------------------------------- inline codes, context, candidates

SCHEMAS = next(
    (p / "shared" / "schemas" for p in Path(__file__).resolve().parents if (p / "shared" / "schemas").is_dir()), None
)


def test_inline_codes_come_in_as_placeholders_and_go_out_as_codes(reviewed, tmp_path):
    store, doc, ids = reviewed
    # Okapi-style XLIFF 1.2 of the report's HTML: <bpt>/<ept> with the native <b>, a <ph> line break
    okapi = tmp_path / "okapi.xlf"
    okapi.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="r.html" source-language="zh" target-language="en" datatype="html"><body>'
        '<trans-unit id="tu1"><source>一、加强<bpt id="1">&lt;b&gt;</bpt>基层<ept id="1">&lt;/b&gt;</ept>'
        '党组织建设。</source><target>First, strengthen <bpt id="1">&lt;b&gt;</bpt>primary-level<ept id="1">'
        "&lt;/b&gt;</ept> Party organisations.</target></trans-unit>"
        '<trans-unit id="tu2"><source>二、推进<ph id="2">&lt;br/&gt;</ph>村民自治。</source>'
        "<target>Second, advance villagers' self-governance.</target></trans-unit>"
        "</body></file></xliff>",
        encoding="utf-8",
    )
    report = service.merge_file(store, okapi, "Li")
    assert report.updated == 2 and not report.unmatched  # the codes do not keep a sentence from matching
    now = targets(store, doc)
    assert now[0][0] == "First, strengthen ⟦1⟧primary-level⟦/1⟧ Party organisations."  # no literal <b>
    assert report.codes == [
        dict(line=report.codes[0]["line"], segment=ids[1], problems=["inline code missing in the target: ⟦2⟧"])
    ]
    # QA: the project's sources have no codes, so the codes of a merged target are flagged
    flags = service.segment_detail(store, ids[0])["flags"]
    assert any(f["check"] == "codes" for f in flags), flags
    assert not any(f["check"] == "numbers" for f in flags)  # ⟦1⟧ is not the number 1

    # the XML writers turn the placeholders into the format's codes, which read back the same
    for fmt, name in (("xliff", "out.xlf"), ("xliff12", "out12.xlf"), ("tmx", "out.tmx")):
        out = tmp_path / name
        service.export_project(store, out, fmt)
        text = out.read_text("utf-8")
        assert "⟦" not in text, fmt
        back = {r.source: r.target for r in service.read_bilingual(out)}
        assert back["一、加强基层党组织建设。"] == now[0][0], fmt
    if SCHEMAS is not None:
        from lxml import etree

        schema = etree.XMLSchema(file=str(SCHEMAS / "xliff-core-2.0.xsd"))
        assert schema.validate(etree.parse(str(tmp_path / "out.xlf"))), schema.error_log


def test_xliff_2_codes_annotations_and_code_points(tmp_path):
    path = tmp_path / "two.xlf"
    path.write_text(
        '<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" '
        'trgLang="en"><file id="f"><unit id="u"><segment><source>加强<pc id="1">基层</pc><ph id="2"/>建设'
        '<sc id="3"/>。<ec startRef="3"/></source><target>Strengthen <pc id="1">primary</pc><ph id="2"/> '
        '<mrk id="m" translate="no">building</mrk><cp hex="2014"/><sc id="3"/>.<ec startRef="3"/></target>'
        "</segment></unit></file></xliff>",
        encoding="utf-8",
    )
    (row,) = formats.xliff.parse(path.read_bytes(), str(path))
    assert row.source == "加强⟦1⟧基层⟦/1⟧⟦2⟧建设⟦3⟧。⟦/3⟧"
    assert row.target == "Strengthen ⟦1⟧primary⟦/1⟧⟦2⟧ building\u2014⟦3⟧.⟦/3⟧"


def test_a_repeated_source_without_an_id_goes_where_its_neighbours_say(reviewed, tmp_path):
    store, doc, ids = reviewed
    repeated = "会议强调，要落实责任。"
    # translate-toolkit's XLIFF numbers units its own way: the ids say nothing about our segments
    tt = tt_xliff.xlifffile(sourcelanguage="zh", targetlanguage="en")
    for n, (source, target) in enumerate(
        [("三、完善一事一议制度。", "English 4."), (repeated, "Fifth, by its context.")], 1
    ):
        unit = tt.addsourceunit(source)
        unit.target = target
        unit.setid(f"u{n}")
    path = tmp_path / "tt.xlf"
    tt.savefile(str(path))
    report = service.merge_file(store, path, "Li")
    assert (report.updated, report.unchanged, report.ambiguous) == (1, 1, [])
    now = targets(store, doc)
    assert now[4][0] == "Fifth, by its context." and now[2][0] == "English 3."


def test_a_copy_of_the_source_is_no_translation_and_no_erase(reviewed, tmp_path):
    store, doc, ids = reviewed
    before = targets(store, doc)
    copied = xliff12(tmp_path / "copy.xlf", [(ids[0], "一、加强基层党组织建设。", "一、加强基层党组织建设。")])
    for allow_empty in (False, True):
        report = service.merge_file(store, copied, "Li", allow_empty=allow_empty)
        assert (report.updated, report.unchanged) == (0, 1)
    assert targets(store, doc) == before


def test_okapi_alt_trans_candidates_go_into_the_memory(reviewed, tmp_path, cli):
    store, doc, ids = reviewed
    okapi = tmp_path / "okapi-alt.xlf"
    okapi.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" '
        'xmlns:okp="okapi-framework:xliff-extensions"><file original="r.html" source-language="zh" '
        'target-language="en" datatype="html"><body>'
        '<trans-unit id="1"><source>深化农村改革。</source><target state="new"></target>'
        '<alt-trans match-quality="100" origin="ACME TM" okp:matchType="EXACT"><source>深化农村改革。</source>'
        "<target>Deepen rural reform.</target></alt-trans>"
        '<alt-trans match-quality="86" origin="MT"><target>Deepening the reform of rural areas.</target></alt-trans>'
        "</trans-unit></body></file></xliff>",
        encoding="utf-8",
    )
    result = cli("tm", "import", okapi, "--project", tmp_path / "p.db", "--name", "vendor")
    assert result.returncode == 0, result.stderr
    assert "2 units in memory 'vendor'" in result.stdout
    matches = service.lookup(store, "深化农村改革。")
    assert [m["target"] for m in matches][:2] == ["Deepen rural reform.", "Deepening the reform of rural areas."]


def test_codes_and_quality_issues_travel_together_in_xliff_2(tmp_path):
    target = "Strengthen ⟦1⟧primary-level⟦/1⟧ Party⟦2⟧ building."
    error = dict(category="terminology", severity="major", start=11, end=35, note="use grassroots")
    row = formats.BilingualRow(1, "加强⟦1⟧基层⟦/1⟧党⟦2⟧建设。", target, status="reviewed", errors=[error])
    out = tmp_path / "both.xlf"
    formats.xliff.write([row], out, version="2.0")
    (back,) = formats.xliff.parse(out.read_bytes(), str(out))
    assert (back.source, back.target) == (row.source, target)
    assert back.errors == [error]
    if SCHEMAS is not None:
        from lxml import etree

        schema = etree.XMLSchema(file=str(SCHEMAS / "xliff-core-2.0.xsd"))
        assert schema.validate(etree.parse(str(out))), schema.error_log
