"""Working with OmegaT, checked with OmegaT itself (Debian's ``omegat`` 3.6, headless).

One translated project is exported as an OmegaT project and OmegaT runs on it twice in all
(module fixture): once on the exported project, where a Groovy probe (tests/omegat_probe.groovy)
records OmegaT's segments, translations and glossary entries, makes a translator's edits and saves
``project_save.tmx``; once on a project of our XLIFF 1.2 with and without ``--xliff-fill-target
source``. The other tests here need no OmegaT.
"""

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree

from workbench import formats, service
from workbench.config import sample_report
from workbench.errors import InputError, WorkbenchError
from workbench.glossary import Term, bundled_terms, write_glossary
from workbench.glossary.files import GlossaryFileError
from workbench.mt import TranslateSettings
from workbench.mt.marian import MarianEngine
from workbench.service import read_glossary
from workbench.store import Store

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")
PROBE = Path(__file__).with_name("omegat_probe.groovy")
EXTRA = "这是今天新加入的一句话。\n另一句还没有翻译的话。\n"
TIMINGS: dict[str, float] = {}


def run_omegat(project: Path, work: Path, edits: dict) -> dict:
    """OmegaT's console translation of ``project`` with the probe; returns what the probe saw."""
    work.mkdir(parents=True, exist_ok=True)
    (work / "edits.json").write_text(json.dumps(edits, ensure_ascii=False), "utf-8")
    env = {**os.environ, "WB_PROBE_OUT": str(work / "probe.json"), "WB_PROBE_EDITS": str(work / "edits.json")}
    started = time.perf_counter()
    done = subprocess.run(
        [
            "java",
            "-Djava.awt.headless=true",
            "-jar",
            str(OMEGAT_JAR),
            "--mode=console-translate",
            "--no-team",
            f"--config-dir={work / 'config'}",
            f"--script={PROBE}",
            str(project),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    TIMINGS[project.name] = time.perf_counter() - started
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (work / "probe.json").is_file(), "the probe did not run: " + done.stdout[-3000:]
    return json.loads((work / "probe.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def world(tmp_path_factory, tiny_model):
    """A project translated by the tiny model, partly reviewed, exported for OmegaT and run through it."""
    if not OMEGAT_JAR.is_file() or shutil.which("java") is None:
        pytest.skip("OmegaT is not installed (Debian package omegat; run-tests.sh installs it)")
    tmp = tmp_path_factory.mktemp("omegat")
    store = Store(tmp / "p.db")
    doc = service.import_document(store, sample_report()).document_id
    service.translate_project(store, MarianEngine(str(tiny_model)), TranslateSettings(beams=1, max_length=16))
    (tmp / "extra.txt").write_text(EXTRA, "utf-8")
    extra = service.import_document(store, tmp / "extra.txt").document_id
    rows = service.segment_rows(store, doc)
    for i, row in enumerate(rows[:16]):
        status = "reviewed" if i < 10 else "approved" if i < 15 else "rejected"
        service.save_edit(store, row["id"], f"Reviewed {i}: grid & <and> “quotes”", status, "Wang", row["revision"])
    rows = service.segment_rows(store, doc)
    new_rows = service.segment_rows(store, extra)
    project = tmp / "report-omegat"
    summary = service.export_omegat(store, project)
    service.export_glossary(store, project / "glossary" / "workbench-2008.tbx", tbx_version="2008")
    service.export_glossary(store, project / "glossary" / "workbench-v3.tbx")
    edited = SimpleNamespace(reviewed=rows[2], conflicting=rows[11], mt=rows[40], new=new_rows[0])
    edits = {
        edited.reviewed["source"]: "Edited in OmegaT: grid & <and>",
        edited.conflicting["source"]: "Edited in OmegaT while the workbench changed it",
        edited.mt["source"]: "Translated in OmegaT",
        edited.new["source"]: "New in OmegaT",
    }
    probe = run_omegat(project, tmp / "run-project", edits)
    # our XLIFF 1.2, with and without the source copied into empty targets, in a project of its own
    xliff_project = tmp / "xliff-omegat"
    for folder in ("source", "omegat", "tm/auto", "glossary", "target", "dictionary"):  # OmegaT needs them all
        (xliff_project / folder).mkdir(parents=True)
    shutil.copy(project / "omegat.project", xliff_project / "omegat.project")
    service.export_project(store, xliff_project / "source" / "filled.xlf", "xliff12", xliff_fill_target="source")
    service.export_project(store, xliff_project / "source" / "empty.xlf", "xliff12")
    translator_tm = [formats.BilingualRow(0, new_rows[1]["source"], "Translated through XLIFF", status="reviewed")]
    formats.tmx.write(translator_tm, xliff_project / "tm" / "auto" / "translator.tmx")
    xliff_probe = run_omegat(xliff_project, tmp / "run-xliff", {})
    print(f"\nOmegaT console runs: {', '.join(f'{k} {v:.1f} s' for k, v in TIMINGS.items())}")
    return SimpleNamespace(
        store=store,
        db=tmp / "p.db",
        doc=doc,
        extra=extra,
        rows=rows,
        new_rows=new_rows,
        project=project,
        summary=summary,
        probe=probe,
        edits=edits,
        edited=edited,
        xliff_project=xliff_project,
        xliff_probe=xliff_probe,
    )


@pytest.mark.omegat
def test_exported_project_translates_every_reviewed_segment_from_tm_auto(world):
    assert world.summary.as_dict() == dict(
        documents=2, segments=80, reviewed=15, mt=62, terms=len(bundled_terms()), path=str(world.project)
    )
    report = [s for s in world.probe["segments"] if s["file"] == "report_zh_sample.txt"]
    assert [s["source"] for s in report] == [r["source"] for r in world.rows]  # OmegaT cut our sentences
    for row, seen in zip(world.rows, report, strict=True):
        if row["source"] in world.edits:
            assert seen["translation"] == world.edits[row["source"]]
        elif row["status"] in ("reviewed", "approved"):
            assert seen["translation"] == row["target"]  # inserted from tm/auto
        else:
            assert seen["translation"] is None  # MT and rejected text is offered as a match, never inserted
    assert world.probe["memories"] == {"report-omegat-reviewed.tmx": 15, "report-omegat-mt.tmx": 62}
    translated = (world.project / "target" / "report_zh_sample.txt").read_text("utf-8")
    assert "Reviewed 14: grid & <and> “quotes”" in translated and "Reviewed 15" not in translated
    source_lines = (world.project / "source" / "report_zh_sample.txt").read_text("utf-8").splitlines()
    assert len(translated.splitlines()) == len(source_lines)


@pytest.mark.omegat
def test_project_layout_and_settings(world):
    project = world.project
    settings = etree.parse(str(project / "omegat.project")).find("project")
    assert (settings.findtext("source_lang"), settings.findtext("target_lang"), settings.findtext("sentence_seg")) == (
        "zh-CN",
        "en",
        "true",
    )
    auto = service.read_bilingual(next((project / "tm" / "auto").glob("*.tmx")))
    assert {r.status for r in auto} == {"reviewed", "approved"} and len(auto) == 15
    mt = service.read_bilingual(next((project / "tm").glob("*-mt.tmx")))
    assert {r.status for r in mt} == {"translated"} and len(mt) == 62
    lines = (project / "source" / "report_zh_sample.txt").read_text("utf-8").splitlines()
    assert len(lines) == len({r["paragraph"] for r in world.rows}) and lines[0] == world.rows[0]["source"]
    assert (project / "source" / "extra.txt").read_text("utf-8") == EXTRA


@pytest.mark.omegat
def test_project_save_merges_back_with_the_usual_rules(world, cli):
    store, edited = world.store, world.edited
    conflicting = service.segment_rows(store, world.doc)[11]
    service.save_edit(
        store, conflicting["id"], "Changed in the workbench meanwhile", "approved", "Wang", conflicting["revision"]
    )
    before = {r["id"]: r for r in service.segment_rows(store, world.doc) + service.segment_rows(store, world.extra)}
    save = world.project / "omegat" / "project_save.tmx"
    result = cli("merge", save, "--project", world.db, "--reviewer", "Li Wei", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["rows"], report["updated"], report["unchanged"], len(report["conflicts"]), report["unmatched"]) == (
        17,
        3,
        13,
        1,
        [],
    )
    assert report["conflicts"][0]["segment"] == conflicting["id"]
    after = {r["id"]: r for r in service.segment_rows(store, world.doc) + service.segment_rows(store, world.extra)}
    reviewed, mt, new = after[edited.reviewed["id"]], after[edited.mt["id"]], after[edited.new["id"]]
    assert (reviewed["target"], reviewed["status"], reviewed["revision"]) == (
        "Edited in OmegaT: grid & <and>",
        "reviewed",
        edited.reviewed["revision"] + 1,
    )
    assert service.history(store, reviewed["id"])[-1]["author"] == "Li Wei"
    assert service.history(store, reviewed["id"])[-1]["origin"] == "merge"
    assert (mt["target"], mt["status"], mt["revision"]) == ("Translated in OmegaT", "translated", 2)
    assert (new["target"], new["status"], new["revision"]) == ("New in OmegaT", "translated", 1)
    assert after[conflicting["id"]]["target"] == "Changed in the workbench meanwhile"
    changed = {i for i in after if after[i] != before[i]}
    assert changed == {edited.reviewed["id"], edited.mt["id"], edited.new["id"]}  # no revision for the rest
    again = service.merge_file(store, save, "Li Wei")
    assert again.updated == 0 and len(again.conflicts) == 1


@pytest.mark.omegat
def test_glossaries_as_omegat_reads_them(world):
    terms = {t.zh: t for t in bundled_terms()}
    txt = world.probe["glossaries"]["glossary.txt"]["entries"]
    assert len(txt) == len(terms)  # the '#' header is no term
    first = txt[0]
    assert first["targets"] == [terms[first["source"]].en] and "Forbidden: " in first["comment"]
    tbx2008 = world.probe["glossaries"]["workbench-2008.tbx"]["entries"]
    assert {e["source"] for e in tbx2008} == set(terms)
    two = [e for e in tbx2008 if e["source"] == "两委"]
    assert "two committees" in [t for e in two for t in e["targets"]]
    # OmegaT 3.6 lists every rendering of a TBX entry, forbidden ones too; the statuses only appear in the comment
    assert "two commissions" in [t for e in two for t in e["targets"]]
    assert "deprecatedTerm-admn-sts" in " ".join(e["comment"] for e in two)
    assert "error" in world.probe["glossaries"]["workbench-v3.tbx"]  # OmegaT 3.6 reads no TBX v3


@pytest.mark.omegat
def test_xliff_fill_target_source_is_what_omegat_translates(world):
    untranslated = {r["source"] for r in world.new_rows}
    seen = {}
    for s in world.xliff_probe["segments"]:
        seen.setdefault(s["file"], set()).add(s["source"])
    assert untranslated <= seen["filled.xlf"]  # OmegaT's filter translates the <target> text
    assert not untranslated & seen.get("empty.xlf", set())  # empty targets: nothing to translate
    back = {r.source: r for r in service.read_bilingual(world.xliff_project / "target" / "filled.xlf")}
    assert back[world.new_rows[1]["source"]].target == "Translated through XLIFF"
    assert back[world.new_rows[0]["source"]].target == ""  # still the copied source: untranslated
    assert back[world.new_rows[1]["source"]].id == world.new_rows[1]["id"]


def test_xliff_fill_target_round_trip_without_omegat(tmp_path, cli):
    db = tmp_path / "p.db"
    store = Store(db)
    doc = service.import_document(store, sample_report()).document_id
    first = service.segment_rows(store, doc)[0]
    service.save_edit(store, first["id"], "Strengthen grassroots organizations", "translated", "A", 0)
    out = tmp_path / "x.xlf"
    assert cli("export", "-p", db, "-f", "xliff12", "-o", out, "--xliff-fill-target", "source").returncode == 0
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    units = etree.parse(str(out)).findall(".//x:trans-unit", ns)
    assert units[0].findtext("x:target", namespaces=ns) == "Strengthen grassroots organizations"
    assert units[1].findtext("x:target", namespaces=ns) == units[1].findtext("x:source", namespaces=ns)
    assert service.merge_file(store, out, "Li").updated == 0  # copies of the source are not translations
    from translate.storage import factory

    assert len(factory.getobject(str(out)).units) == 78
    refused = cli("export", "-p", db, "-f", "xliff", "-o", tmp_path / "y.xlf", "--xliff-fill-target", "source")
    assert refused.returncode == 2 and "XLIFF 1.2 only" in refused.stderr


def test_omegat_export_to_zip_and_refusal_of_a_used_folder(tmp_path, cli):
    import zipfile

    db = tmp_path / "p.db"
    service.import_document(Store(db), sample_report())
    result = cli("export", "-p", db, "-f", "omegat", "-o", tmp_path / "handoff.zip")
    assert result.returncode == 0, result.stderr
    names = zipfile.ZipFile(tmp_path / "handoff.zip").namelist()
    assert {
        "handoff/omegat.project",
        "handoff/source/report_zh_sample.txt",
        "handoff/glossary/glossary.txt",
        "handoff/omegat/filters.xml",
        "handoff/workbench-export.json",
    } <= set(names)
    used = tmp_path / "used"
    used.mkdir()
    (used / "keep.txt").write_text("mine", "utf-8")
    refused = cli("export", "-p", db, "-f", "omegat", "-o", used)
    assert refused.returncode == 2 and "not an empty folder" in refused.stderr
    assert [p.name for p in used.iterdir()] == ["keep.txt"]


def test_tbx_2008_round_trip_and_translate_toolkit(tmp_path):
    from translate.storage.tbx import tbxfile

    terms = bundled_terms()
    path = write_glossary(terms, tmp_path / "g.tbx", tbx_version="2008")
    root = etree.parse(str(path)).getroot()
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    statuses = {n.text for n in root.iter("termNote") if n.get("type") == "administrativeStatus"}
    assert statuses == {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"}
    back = read_glossary(path, terms[0].glossary)
    assert back == terms
    assert [(t.note, t.source, t.domain) for t in back] == [(t.note, t.source, t.domain) for t in terms]
    units = tbxfile.parsefile(str(path)).units
    assert len(units) == len(terms) and (units[0].source, units[0].target) == (terms[0].zh, terms[0].en)


def test_tbx_2008_from_other_tools(tmp_path):
    """MultiTerm/memoQ style: ntig/termGrp, regional language codes, Chinese synonyms, superseded."""
    (tmp_path / "mt.tbx").write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en-US"><martifHeader><fileDesc><sourceDesc><p>MultiTerm</p></sourceDesc></fileDesc>
</martifHeader><text><body>
<termEntry id="e1"><descrip type="subjectField">rural</descrip><note>Quote it.</note>
 <langSet xml:lang="zh-CN"><ntig><termGrp><term>一事一议</term></termGrp></ntig>
   <ntig><termGrp><term>一事一议制度</term></termGrp></ntig></langSet>
 <langSet xml:lang="en-GB"><ntig><termGrp><term>one project, one discussion</term>
   <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig>
   <tig><term>case-by-case deliberation</term></tig>
   <tig><term>one thing one discussion</term>
     <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
 </langSet></termEntry>
</body></text></martif>""",
        "utf-8",
    )
    terms = read_glossary(tmp_path / "mt.tbx", "mt")
    assert [t.zh for t in terms] == ["一事一议", "一事一议制度"]
    assert terms[0] == Term(
        "一事一议",
        "one project, one discussion",
        ("case-by-case deliberation",),
        ("one thing one discussion",),
        "Quote it.",
        "",
        "rural",
    )


def test_glossary_import_detects_tbx_version_by_root(tmp_path, cli):
    db = tmp_path / "p.db"
    Store(db)
    for version in ("2008", "2019"):
        assert (
            cli(
                "glossary",
                "export",
                "-p",
                db,
                "-o",
                tmp_path / f"g{version}.tbx",
                "--tbx-version",
                version,
                "--name",
                "governance (bundled)",
            ).returncode
            == 0
        )
        result = cli("glossary", "import", "-p", db, tmp_path / f"g{version}.tbx", "--name", f"v{version}")
        assert result.returncode == 0 and f"{len(bundled_terms())} terms" in result.stdout, result.stderr
    store = Store(db)
    assert service.project_terms(store, glossary="v2008") == service.project_terms(store, glossary="v2019")
    (tmp_path / "other.tbx").write_text("<tmx version='1.4'><body/></tmx>", "utf-8")
    refused = cli("glossary", "import", "-p", db, tmp_path / "other.tbx")
    assert refused.returncode == 2 and "not a TBX file" in refused.stderr


def test_omegat_glossary_txt_round_trip_and_translate_toolkit(tmp_path, cli):
    from translate.storage.omegat import OmegaTFile

    db = tmp_path / "p.db"
    Store(db)
    out = tmp_path / "omegat-glossary.txt"
    assert cli("glossary", "export", "-p", db, "-o", out, "--name", "governance (bundled)").returncode == 0
    text = out.read_text("utf-8-sig")
    assert text.startswith("# ") and "zh -> en" not in text
    assert cli("glossary", "import", "-p", db, out, "--name", "back").returncode == 0
    store = Store(db)
    bundled = service.project_terms(store, glossary="governance (bundled)")
    assert service.project_terms(store, glossary="back") == bundled
    units = [u for u in OmegaTFile.parsefile(str(out)).units if u.target]  # it keeps '#' lines as empty units
    terms = service.project_terms(store, glossary="governance (bundled)")
    assert [(u.source, u.target) for u in units] == [(t.zh, t.en) for t in terms]
    assert "Forbidden: two commissions | two members" in next(u for u in units if u.source == "两委").getnotes()


def test_plain_omegat_glossary_from_a_translator(tmp_path):
    (tmp_path / "mine.utf8").write_text(
        "# my terms\n网格化管理\tgrid-based management\tcommunity grids\n"
        "网格化管理\tgrid management\n两委\ttwo committees\n",
        "utf-8",
    )
    terms = read_glossary(tmp_path / "mine.utf8")
    assert terms[0] == Term("网格化管理", "grid-based management", ("grid management",), (), "community grids")
    assert terms[1].en == "two committees"
    (tmp_path / "table.txt").write_text("zh\ten\n两委\ttwo committees\n", "utf-8")
    assert read_glossary(tmp_path / "table.txt")[0].en == "two committees"  # a table with a header still reads
    (tmp_path / "bad.txt").write_text("两委\n网格化管理\tgrid\tVariants: grid ‖ Forbidden: grid\n", "utf-8")
    with pytest.raises(GlossaryFileError) as error:
        read_glossary(tmp_path / "bad.txt")
    assert error.value.problems == [
        "line 1: needs a source term and a target term separated by a tab",
        "line 2: 'grid' is both accepted and forbidden",
    ]


BOMB = """<?xml version="1.0"?>
<!DOCTYPE {root} [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
"""


def test_hostile_xml_is_refused_and_changes_nothing(tmp_path, cli):
    db = tmp_path / "p.db"
    store = Store(db)
    service.import_document(store, sample_report())
    before = [r.as_dict() for r in service.export_rows(store)]
    glossaries = service.list_glossaries(store)
    (tmp_path / "bomb.tbx").write_text(
        BOMB.format(root="martif") + "<martif><text><body><termEntry><langSet "
        "xml:lang='zh'><tig><term>&d;</term></tig></langSet></termEntry></body></text>"
        "</martif>",
        "utf-8",
    )
    result = cli("glossary", "import", "-p", db, tmp_path / "bomb.tbx")
    assert result.returncode == 2 and "declares XML entities" in result.stderr and "Traceback" not in result.stderr
    (tmp_path / "xxe.tbx").write_text('<!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]><martif>&x;</martif>')
    assert "declares XML entities" in cli("glossary", "import", "-p", db, tmp_path / "xxe.tbx").stderr
    project = tmp_path / "omegat-project"
    service.export_omegat(store, project)
    save = project / "omegat" / "project_save.tmx"
    save.write_text(
        BOMB.format(root="tmx") + "<tmx version='1.1'><header srclang='zh-CN'/><body><tu>"
        "<tuv lang='zh-CN'><seg>x</seg></tuv><tuv lang='en'><seg>&d;</seg></tuv></tu></body></tmx>",
        "utf-8",
    )
    result = cli("merge", save, "-p", db, "--reviewer", "Li")
    assert result.returncode == 2 and "declares XML entities" in result.stderr
    assert [r.as_dict() for r in service.export_rows(store)] == before
    assert service.list_glossaries(store) == glossaries
    (tmp_path / "broken.tbx").write_text("<martif><text>", "utf-8")
    with pytest.raises(InputError, match="not a well-formed TBX"):
        read_glossary(tmp_path / "broken.tbx")


def test_merge_of_an_omegat_tmx_needs_its_manifest(tmp_path):
    store = Store(tmp_path / "p.db")
    service.import_document(store, sample_report())
    project = tmp_path / "proj"
    service.export_omegat(store, project)
    (project / "workbench-export.json").write_text("{not json", "utf-8")
    save = project / "omegat" / "project_save.tmx"
    save.write_text("<tmx version='1.1'><header srclang='zh-CN'/><body/></tmx>", "utf-8")
    with pytest.raises(WorkbenchError, match="not a workbench OmegaT export manifest"):
        service.merge_file(store, save, "Li")


def test_default_and_alternative_translations_map_to_their_segments(tmp_path):
    """OmegaT's two kinds of units: a default translation for every occurrence of a sentence, an
    alternative one (file, prev, next) for one occurrence."""
    store = Store(tmp_path / "p.db")
    (tmp_path / "twice.txt").write_text("第一句。重复的句子。\n第二段。重复的句子。\n", "utf-8")
    doc = service.import_document(store, tmp_path / "twice.txt").document_id
    rows = service.segment_rows(store, doc)
    assert [r["source"] for r in rows] == ["第一句。", "重复的句子。", "第二段。", "重复的句子。"]
    project = tmp_path / "proj"
    service.export_omegat(store, project)
    save = project / "omegat" / "project_save.tmx"

    def unit(source, target, props=""):
        return f"<tu>{props}<tuv lang='zh-CN'><seg>{source}</seg></tuv><tuv lang='en'><seg>{target}</seg></tuv></tu>"

    alternative = "<prop type='file'>twice.txt</prop><prop type='prev'>第二段。</prop><prop type='next'></prop>"
    save.write_text(
        "<?xml version='1.0'?><!DOCTYPE tmx SYSTEM 'tmx11.dtd'><tmx version='1.1'>"
        "<header srclang='zh-CN'/><body>"
        + unit("重复的句子。", "The repeated sentence.")
        + unit("重复的句子。", "The repeated sentence, again.", alternative)
        + unit("第一句。", "")
        + unit("不在项目里。", "Not in the project.")
        + "</body></tmx>",
        "utf-8",
    )
    report = service.merge_file(store, save, "Li")
    assert report.updated == 2 and [u["source"] for u in report.unmatched] == ["不在项目里。"]
    assert [r["target"] for r in service.segment_rows(store, doc)] == [
        "",
        "The repeated sentence.",
        "",
        "The repeated sentence, again.",
    ]
    assert {r["status"] for r in service.segment_rows(store, doc)} == {"new", "translated"}


def test_glossary_tab_exports_the_formats_cat_tools_read(tmp_path):
    """The Glossary tab offers TBX 2008 and OmegaT's .txt beside TBX v3, TSV and CSV."""
    from workbench.ui.glossary_tab import GlossaryTab

    store = Store(tmp_path / "tab.db")
    service.save_term(store, service.term_from_fields("两委", "the two committees", "", "two commissions"))
    tab = GlossaryTab(store)
    path, message = tab.export_file("tbx2008")
    assert path.endswith(".tbx") and "terms as TBX 2008 (OmegaT, MultiTerm)" in message
    assert etree.parse(path).getroot().tag == "martif"
    assert "deprecatedTerm-admn-sts" in Path(path).read_text("utf-8")
    path, message = tab.export_file("txt")
    lines = Path(path).read_text("utf-8-sig").splitlines()
    assert path.endswith(".txt") and lines[0].startswith("#")
    assert any(line.startswith("两委\tthe two committees") for line in lines)  # the project's own term wins
    path, _ = tab.export_file("tbx")
    assert etree.parse(path).getroot().tag.endswith("tbx")


def test_export_tab_writes_an_omegat_project_zip(tmp_path):
    """The Export tab offers the OmegaT project as a .zip named after the document."""
    import zipfile

    from workbench.ui.export_tab import ExportTab

    store = Store(tmp_path / "tab.db")
    document = service.import_document(store, sample_report()).document_id
    first = service.segment_rows(store, document)[0]["id"]
    service.save_review(store, first, "Strengthen community-level Party organizations", "approved", "Li", 0)
    path, message = ExportTab(store).export("omegat", "all", document, True)
    assert path.endswith("-omegat.zip") and "Exported an OmegaT project" in message and "1 reviewed" in message
    names = zipfile.ZipFile(path).namelist()
    assert any(n.endswith("omegat.project") for n in names) and any("/tm/auto/" in n for n in names)


LONG_SENTENCES = (
    "一、总体要求\n"
    "坚持以人民为中心的发展思想，全面推进乡村振兴战略，加快建设现代化经济体系，不断提高人民生活水平；"
    "深化供给侧结构性改革，推动经济发展质量变革、效率变革、动力变革，提高全要素生产率，增强经济创新力和竞争力；"
    "健全社会保障体系，完善城乡居民基本养老保险制度，扩大基本医疗保险覆盖面，提升公共服务均等化水平，让改革发展成果更多更公平地惠及全体人民。"
    "他说：“我们一定要把这件事办好。”大家都表示赞同……会议随后结束。\n"
    "《关于进一步加强基层治理的意见。草案》已经印发！各地要认真贯彻落实？请于年底前报送情况。\n"
    "推进生态文明建设，坚持绿水青山就是金山银山的理念，统筹山水林田湖草沙系统治理，实行最严格的生态环境保护制度；"
    "加快推动绿色低碳发展，持续深入打好蓝天、碧水、净土保卫战，提升生态系统多样性、稳定性、持续性，积极稳妥推进碳达峰碳中和；"
    "完善生态文明制度体系，健全自然资源资产产权制度和国土空间开发保护制度，落实生态保护红线、环境质量底线、资源利用上线要求。\n"
)


@pytest.mark.slow
def test_segmentation_travels_to_omegat_for_sentences_over_150_characters(tmp_path, cli):
    """OmegaT, given the exported project's segmentation.conf and source files, cuts exactly the
    workbench's segments (long sentences cut at ；, quotes, 《》, ……), inserts every approved
    translation, and its project_save.tmx merges back with nothing unmatched."""
    if not OMEGAT_JAR.is_file() or shutil.which("java") is None:
        pytest.skip("OmegaT is not installed (Debian package omegat; run-tests.sh installs it)")
    (tmp_path / "long.txt").write_text(LONG_SENTENCES, "utf-8")
    store = Store(tmp_path / "p.db")
    doc = service.import_document(store, tmp_path / "long.txt").document_id
    rows = service.segment_rows(store, doc)
    assert any(len(r["source"]) > 150 for r in rows) is False and len(rows) >= 10
    assert sum(r["source"].endswith("；") for r in rows) >= 2  # the long sentences were cut at ；
    for i, row in enumerate(rows):
        service.save_edit(store, row["id"], f"Approved {i}", "approved", "Wang", row["revision"])
    project = tmp_path / "long-omegat"
    service.export_omegat(store, project)
    conf = etree.parse(str(project / "omegat" / "segmentation.conf"))
    assert conf.getroot().get("class") == "java.beans.XMLDecoder"
    edits = {rows[1]["source"]: "Edited in OmegaT"}
    probe = run_omegat(project, tmp_path / "run", edits)
    seen = [s for s in probe["segments"] if s["file"] == "long.txt"]
    assert [s["source"] for s in seen] == [r["source"] for r in rows]
    for i, s in enumerate(seen):
        assert s["translation"] == (edits[rows[i]["source"]] if i == 1 else f"Approved {i}")
    report = service.merge_file(store, project / "omegat" / "project_save.tmx", "Li")
    assert (report.updated, report.unmatched) == (1, [])
    assert service.segment_rows(store, doc)[1]["target"] == "Edited in OmegaT"


def test_segmentation_conf_without_omegat():
    """The rules are the java.beans XML OmegaT 3.6 decodes; source lines break where SRX cannot cut."""
    conf = etree.fromstring(formats.omegat.segmentation_conf().encode())
    rules = conf.findall(".//object[@class='org.omegat.core.segmentation.Rule']")
    assert len(rules) == len(formats.omegat.ZH_SRX_RULES) + 2
    assert conf.find(".//void[@property='pattern']/string").text == "ZH.*"
    rows = [
        formats.BilingualRow(1, "第一句。", "", paragraph=1),
        formats.BilingualRow(2, "长句前半；", "", paragraph=1),
        formats.BilingualRow(3, "长句后半。”", "", paragraph=1),
        formats.BilingualRow(4, "下一句。", "", paragraph=1),
    ]
    assert formats.omegat.paragraph_lines(rows) == ["第一句。长句前半；", "长句后半。”下一句。"]
