"""Human evaluation campaigns: MQM and DA scores against hand computations, significance clusters,
rater agreement against krippendorff.alpha, MQM TSV import (spans, refusals that import nothing),
export and re-import, status, and the published WMT21 TED scores."""

import json
import math
import re
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from sqlalchemy import func, select

from workbench.evaluation import DEFAULT_WEIGHTS, read_weights
from workbench.evaluation.da import DaRating, z_scores
from workbench.evaluation.mqm import MqmError
from workbench.evaluation.ranking import SystemSample, rank_systems
from workbench.evaluation.scores import Judgement, score_campaign
from workbench.formats import mqm_tsv
from workbench.store import SCHEMA_VERSION, Campaign, CampaignAnnotation, CampaignItem, CampaignRating, Document, Store

HEADER = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\tcomment\n"
S1, S2 = "第一句话。", "第二句话。"


def mqm_file(path: Path, rows: list[tuple]) -> Path:
    path.write_text(HEADER + "".join("\t".join(map(str, r)) + "\n" for r in rows), "utf-8")
    return path


#: A: s1 r1 Major (5) + Minor Fluency/Punctuation (0.1) = 5.1; s1 r2 No-error 0; s2 r1 Minor 1
#: -> (5.1 + 0 + 1) / 3.  B: s1 r1 Non-translation (25); s2 r1 Neutral (0) -> 12.5.
SMALL = [
    ("A", "d1", 1, 1, "r1", S1, "The <v>frist</v> sentence.", "Accuracy/Mistranslation", "Major", "typo"),
    ("A", "d1", 1, 1, "r1", S1, "The frist sentence<v>.</v>", "Fluency/Punctuation", "Minor", ""),
    ("A", "d1", 1, 1, "r2", S1, "The frist sentence.", "No-error", "No-error", ""),
    ("A", "d1", 1, 2, "r1", "第二<v>句话</v>。", "The second.", "Accuracy/Omission", "Minor", ""),
    ("B", "d1", 1, 1, "r1", S1, "第一句话。", "Non-translation!", "Major", ""),
    ("B", "d1", 1, 2, "r1", S2, "Second sentence.", "Style/Awkward", "Neutral", ""),
]


def systems_of(result):
    return {s["system"]: s for s in result["systems"]}


# ---------------------------------------------------------------- pure scoring


def test_mqm_scores_equal_the_hand_computation():
    judgements = [
        Judgement(
            "A", 1, "r1", None, (MqmError("Accuracy/Mistranslation", "major"), MqmError("Fluency/Punctuation", "minor"))
        ),
        Judgement("A", 1, "r2", None, ()),
        Judgement("A", 2, "r1", None, (MqmError("Style/Awkward", "minor"),)),
        Judgement("B", 1, "r1", None, (MqmError("Non-translation!", "major"),)),
        Judgement("B", 2, "r1", None, (MqmError("Other", "neutral"),)),
    ]
    result = score_campaign("mqm", judgements)
    assert [s["system"] for s in result["systems"]] == ["A", "B"]  # lower is better
    a, b = systems_of(result)["A"], systems_of(result)["B"]
    assert a["score"] == pytest.approx((5 + 0.1 + 0 + 1) / 3) and a["n"] == 3
    assert b["score"] == pytest.approx((25 + 0) / 2) and b["n"] == 2
    assert a["categories"]["Accuracy/Mistranslation"] == {"errors": 1, "points": 5.0, "per_pair": pytest.approx(5 / 3)}
    assert a["categories"]["Fluency/Punctuation"]["points"] == pytest.approx(0.1)
    assert sum(c["per_pair"] for c in a["categories"].values()) == pytest.approx(a["score"])
    assert a["severities"] == {"major": 1, "minor": 2}
    assert "bootstrap" in result["test"]
    # critical 25, a Major Fluency/Punctuation is an ordinary major
    assert DEFAULT_WEIGHTS.weight("Accuracy/Mistranslation", "critical") == 25
    assert DEFAULT_WEIGHTS.weight("Fluency/Punctuation", "major") == 5
    assert DEFAULT_WEIGHTS.weight("Non-translation", "minor") == 25


def test_weights_file(tmp_path):
    path = tmp_path / "w.toml"
    path.write_text('major = 10\nminor = 2\n"Fluency/Punctuation" = {minor = 0.5}\n', "utf-8")
    weights = read_weights(path)
    assert weights.weight("Style/Awkward", "major") == 10 and weights.weight("Style/Awkward", "minor") == 2
    assert weights.weight("fluency/punctuation", "minor") == 0.5 and weights.weight("Other", "critical") == 25
    path.write_text("huge = 3\n", "utf-8")
    with pytest.raises(Exception, match="huge"):
        read_weights(path)


def test_da_z_scores_equal_the_hand_computation():
    ratings = [
        DaRating("A", 1, "r1", 80),
        DaRating("B", 1, "r1", 60),
        DaRating("A", 2, "r1", 70),
        DaRating("B", 2, "r1", 50),
        DaRating("A", 1, "r2", 90),  # r2 scores everything 90: z = 0
        DaRating("B", 1, "r2", 90),
    ]
    sd = math.sqrt((15**2 + 5**2 + 5**2 + 15**2) / 4)  # r1: mean 65, population standard deviation
    assert z_scores(ratings) == pytest.approx([15 / sd, -5 / sd, 5 / sd, -15 / sd, 0, 0])
    result = score_campaign("da", [Judgement(r.system, r.segment, r.rater, r.score) for r in ratings])
    a, b = systems_of(result)["A"], systems_of(result)["B"]
    # per segment the mean over raters, then the mean over segments
    assert a["score"] == pytest.approx(((15 / sd + 0) / 2 + 5 / sd) / 2)
    assert b["score"] == pytest.approx(((-5 / sd + 0) / 2 - 15 / sd) / 2)
    assert a["raw"] == pytest.approx(((80 + 90) / 2 + 70) / 2) and b["raw"] == pytest.approx(((60 + 90) / 2 + 50) / 2)
    assert (a["n"], b["n"]) == (3, 3)
    assert [s["system"] for s in result["systems"]] == ["A", "B"]  # higher is better
    assert "rank-sum" in result["test"]


def test_esa_scores_are_the_mean_raw_score_with_error_counts():
    judgements = [
        Judgement("A", 1, "r1", 90, (MqmError("Accuracy/Mistranslation", "minor"),)),
        Judgement("A", 2, "r1", 70, ()),
        Judgement("B", 1, "r1", 40, (MqmError("Accuracy/Mistranslation", "major"), MqmError("Style/Awkward", "minor"))),
        Judgement("B", 2, "r1", 60, ()),
    ]
    result = score_campaign("esa", judgements)
    a, b = systems_of(result)["A"], systems_of(result)["B"]
    assert (a["score"], b["score"]) == (80, 50) and result["systems"][0]["system"] == "A"
    assert a["errors"] == {"minor": 1} and b["errors"] == {"major": 1, "minor": 1}


def test_clusters_and_rank_ranges_of_planted_systems():
    rng = np.random.default_rng(0)
    segments = range(200)
    good = rng.normal(0.5, 0.3, 200)
    bad = good + 3 + rng.normal(0, 0.3, 200)
    bad2 = bad + rng.normal(0, 0.3, 200)  # no different from bad
    samples = [
        SystemSample(name, values, len(values), dict(zip(segments, values, strict=True)))
        for name, values in (("good", good), ("bad", bad), ("bad2", bad2))
    ]
    ranked, pvalues = rank_systems(samples, higher_is_better=False, test="bootstrap")
    by = {s["system"]: s for s in ranked}
    assert ranked[0]["system"] == "good" and by["good"]["cluster"] == 1 and by["good"]["rank"] == [1, 1]
    assert by["bad"]["cluster"] == by["bad2"]["cluster"] == 2
    assert by["bad"]["rank"] == by["bad2"]["rank"] == [2, 3]
    assert pvalues["good|bad"] < 0.05 and pvalues[f"{ranked[1]['system']}|{ranked[2]['system']}"] >= 0.05
    lo, hi = by["good"]["ci"]
    assert lo < good.mean() < hi and hi - lo < 0.2
    assert rank_systems(samples, False, "bootstrap")[0] == ranked  # the default seed: the same figures


def test_da_clusters_by_wilcoxon_rank_sum_and_alpha_equals_krippendorff():
    rng = np.random.default_rng(3)
    judgements = []
    for segment in range(40):
        for rater, offset in (("r1", 0), ("r2", -10), ("r3", 5)):  # harsh and lenient raters
            for system, mean in (("A", 80), ("B", 50)):  # a slider gives whole numbers
                score = float(np.clip(round(mean + offset + rng.normal(0, 5)), 0, 100))
                judgements.append(Judgement(system, segment, rater, score))
    result = score_campaign("da", judgements)
    a, b = systems_of(result)["A"], systems_of(result)["B"]
    assert (a["cluster"], b["cluster"]) == (1, 2) and result["systems"][0]["system"] == "A"
    from scipy.stats import ranksums

    by_segment = {
        s: [
            np.mean([z for j, z in zip(judgements, zs, strict=True) if j.system == s and j.segment == k])
            for k in range(40)
        ]
        for zs in [z_scores([DaRating(j.system, j.segment, j.rater, j.score) for j in judgements])]
        for s in ("A", "B")
    }
    assert result["pvalues"]["A|B"] == pytest.approx(ranksums(by_segment["A"], by_segment["B"]).pvalue)
    # alpha on the raw scores: raters x items, the same matrix krippendorff.alpha gets directly
    items = [(s, k) for s in ("A", "B") for k in range(40)]
    matrix = [
        [next(j.score for j in judgements if (j.system, j.segment, j.rater) == (*i, r)) for i in items]
        for r in ("r1", "r2", "r3")
    ]
    expected = krippendorff.alpha(reliability_data=np.array(matrix), level_of_measurement="interval")
    assert result["agreement"]["alpha"] == pytest.approx(expected)
    assert result["agreement"]["items"] == 80 and result["agreement"]["raters"] == 3
    assert result["agreement"]["sampled"] is None


def test_migration_7_adds_the_campaign_tables_to_an_older_project(tmp_path):
    from sqlalchemy import text

    path = tmp_path / "old.db"
    store = Store(path)
    with store.engine.begin() as connection:
        for table in (
            "campaign_task_items",
            "campaign_annotations",
            "campaign_ratings",
            "campaign_items",
            "campaign_systems",
            "campaigns",
        ):
            connection.execute(text(f"DROP TABLE {table}"))
        connection.execute(text("UPDATE meta SET value = '5' WHERE key = 'schema_version'"))
    store.dispose()
    again = Store(path)
    assert again.migrate() == SCHEMA_VERSION
    assert {"campaigns", "campaign_systems", "campaign_items", "campaign_ratings", "campaign_annotations"} <= set(
        again.tables()
    )


# ---------------------------------------------------------------- MQM TSV


def test_unmark_spans_and_an_open_v():
    assert mqm_tsv.unmark("ab<v>cd</v>e") == ("abcde", 2, 4, False)
    assert mqm_tsv.unmark("ab<v>cde") == ("abcde", 2, 5, True)
    assert mqm_tsv.unmark("abc") == ("abc", None, None, False)
    assert mqm_tsv.mark("abcde", 2, 4) == "ab<v>cd</v>e"


def test_import_keeps_spans_in_target_and_source_and_counts_open_marks(tmp_path, cli):
    rows = [*SMALL, ("B", "d1", 1, 2, "r2", S2, "Second <v>sentence.", "Style/Awkward", "Minor", "")]
    path = mqm_file(tmp_path / "small.tsv", rows)
    result = cli("campaign", "import", path, "-p", tmp_path / "p.db", "--name", "c1", "--json")
    assert result.exit_code == 0 if hasattr(result, "exit_code") else result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["protocol"] == "mqm" and out["format"] == "mqm-tsv" and out["systems"] == ["A", "B"]
    assert (out["items"], out["ratings"], out["annotations"]) == (4, 6, 6)
    assert out["documents_created"] == ["d1"]
    assert "1 row has a <v> left open" in result.stderr
    store = Store(tmp_path / "p.db")
    with store.session() as session:
        spans = {(a.category, a.side, a.start, a.end) for a in session.scalars(select(CampaignAnnotation))}
        document = session.scalar(select(Document))
        candidates = set(session.scalars(select(CampaignItem.candidate)))
    assert ("Accuracy/Mistranslation", "target", 4, 9) in spans  # "frist" in "The frist sentence."
    assert ("Fluency/Punctuation", "target", 18, 19) in spans
    assert ("Accuracy/Omission", "source", 2, 4) in spans  # 句话 in the source
    assert ("Style/Awkward", "target", 7, 16) in spans  # closed at the end of "Second sentence."
    assert ("Non-translation!", None, None, None) in spans
    assert "The frist sentence." in candidates and not any("<v>" in c for c in candidates)
    assert [s["source"] for s in __import__("workbench").service.segment_rows(store, document.id)] == [S1, S2]


def test_scores_cli_json_equals_the_hand_computation(tmp_path, cli):
    path = mqm_file(tmp_path / "small.tsv", SMALL)
    db = tmp_path / "p.db"
    assert cli("campaign", "import", path, "-p", db, "--name", "c1").returncode == 0
    result = cli("campaign", "scores", "c1", "-p", db, "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["campaign"] == "c1" and out["protocol"] == "mqm"
    assert [s["system"] for s in out["systems"]] == ["A", "B"]
    a, b = out["systems"]
    assert a["score"] == pytest.approx((5 + 0.1 + 0 + 1) / 3, abs=1e-4) and a["n"] == 3
    assert b["score"] == pytest.approx(12.5) and b["n"] == 2
    assert {"cluster", "ci", "rank"} <= a.keys() and len(a["ci"]) == 2
    weights = tmp_path / "w.toml"
    weights.write_text('major = 10\n"Fluency/Punctuation" = {minor = 0.5}\n', "utf-8")
    out = json.loads(cli("campaign", "scores", "c1", "-p", db, "--json", "--weights", weights).stdout)
    assert systems_of(out)["A"]["score"] == pytest.approx((10 + 0.5 + 0 + 1) / 3, abs=1e-4)
    text = cli("campaign", "scores", "c1", "-p", db)
    assert text.returncode == 0 and "bootstrap" in text.stdout and "Krippendorff" in text.stdout


def _campaign_rows(db: Path) -> tuple:
    store = Store(db)
    with store.session() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (Campaign, CampaignItem, CampaignRating, CampaignAnnotation, Document)
        )


@pytest.mark.parametrize(
    "rows, header, message",
    [
        (SMALL, HEADER.replace("\trater", ""), "missing column(s) rater"),
        (
            [*SMALL, ("B", "d1", 1, 1, "r2", "第一句话！", "x", "Other", "Minor", "")],
            HEADER,
            "different source than on line 2",
        ),
        ([*SMALL, ("B", "d1", 1, 1, "r2", S1, "x", "Other", "Huge", "")], HEADER, "line 8: unknown severity 'Huge'"),
        (
            [*SMALL, ("B", "d1", 1, "x1", "r2", S1, "x", "Other", "Minor", "")],
            HEADER,
            "seg_id 'x1' is not a whole number",
        ),
    ],
)
def test_bad_files_get_one_line_and_import_nothing(tmp_path, cli, rows, header, message):
    path = tmp_path / "bad.tsv"
    path.write_text(header + "".join("\t".join(map(str, r)) + "\n" for r in rows), "utf-8")
    db = tmp_path / "p.db"
    Store(db)
    result = cli("campaign", "import", path, "-p", db, "--name", "c1", "--format", "mqm-tsv")
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and "nothing imported" in result.stderr
    assert _campaign_rows(db) == (0, 0, 0, 0, 0)


def test_the_format_comes_from_the_header(tmp_path):
    assert mqm_tsv.sniff(mqm_file(tmp_path / "a.tsv", SMALL)) == "mqm-tsv"
    (tmp_path / "b.tsv").write_text("system\tdoc\tseg_id\ttarget\n", "utf-8")
    (tmp_path / "c.tsv").write_text("system\tdoc\tsegment\ttarget\n", "utf-8")  # a misspelt column: still a TSV
    (tmp_path / "d.txt").write_text("The first sentence.\n", "utf-8")
    assert [mqm_tsv.sniff(tmp_path / n) for n in ("b.tsv", "c.tsv", "d.txt")] == ["tsv", "tsv", "text"]
    (tmp_path / "e.tsv").write_text("system\tdoc\tseg\trater\tsource\ttarget\tcategory\tseverity\n", "utf-8")
    with pytest.raises(Exception, match="missing column"):
        mqm_tsv.read(tmp_path / "e.tsv")


def test_sources_are_compared_without_their_marks(tmp_path, cli):
    # row 4 marks a span in the source of s2 and row 6 gives s2 unmarked: one source
    path = mqm_file(tmp_path / "ok.tsv", SMALL)
    assert cli("campaign", "import", path, "-p", tmp_path / "p.db", "--name", "c1").returncode == 0


def test_document_option_ties_rows_to_an_existing_document(tmp_path, cli):
    from workbench import service

    report = tmp_path / "r.txt"
    report.write_text("第一句话。第二句话。\n", "utf-8")
    db = tmp_path / "p.db"
    store = Store(db)
    doc = service.import_document(store, report).document_id
    path = mqm_file(tmp_path / "small.tsv", SMALL)
    result = cli("campaign", "import", path, "-p", db, "--name", "c1", "--document", doc, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["documents_created"] == []
    with store.session() as session:
        assert set(session.scalars(select(CampaignItem.document_id))) == {doc}
    other_doc = mqm_file(
        tmp_path / "two.tsv", [*SMALL, ("A", "d2", 2, 1, "r1", "另一句话。", "y", "No-error", "No-error", "")]
    )
    result = cli("campaign", "import", other_doc, "-p", db, "--name", "c3", "--document", doc)
    assert result.returncode == 2 and "seg_id 1 has two different sources" in result.stderr
    beyond = mqm_file(tmp_path / "beyond.tsv", [("A", "d1", 1, 7, "r1", "x", "y", "No-error", "No-error", "")])
    result = cli("campaign", "import", beyond, "-p", db, "--name", "c2", "--document", doc)
    assert result.returncode == 2 and "seg_id 7 not in document" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    with store.session() as session:
        assert session.scalar(select(func.count(Campaign.id))) == 1


def test_export_and_reimport_give_the_same_scores(tmp_path, cli):
    path = mqm_file(tmp_path / "small.tsv", SMALL)
    db = tmp_path / "p.db"
    cli("campaign", "import", path, "-p", db, "--name", "c1")
    exported = tmp_path / "out.tsv"
    result = cli("campaign", "export", "c1", "-p", db, "-o", exported)
    assert result.returncode == 0 and "wrote 6 rows" in result.stdout
    lines = exported.read_text("utf-8").splitlines()
    assert lines[0].split("\t") == [*mqm_tsv.MQM_COLUMNS, "comment"]
    assert any("The <v>frist</v> sentence." in line and "\tMajor\ttypo" in line for line in lines)
    assert any("第二<v>句话</v>。" in line for line in lines)
    assert any("\tNo-error\tNo-error\t" in line for line in lines)
    before = json.loads(cli("campaign", "scores", "c1", "-p", db, "--json").stdout)
    # into the same project (its documents are found again) and into a fresh one
    for project, name in ((db, "again"), (tmp_path / "fresh.db", "c1")):
        assert cli("campaign", "import", exported, "-p", project, "--name", name).returncode == 0
        after = json.loads(cli("campaign", "scores", name, "-p", project, "--json").stdout)
        assert after["systems"] == before["systems"]
    with Store(db).session() as session:
        assert session.scalar(select(func.count(Document.id))) == 1
    again = cli("campaign", "import", exported, "-p", db, "--name", "again")
    assert again.returncode == 2 and "imported before" in again.stderr


def test_status_counts(tmp_path, cli):
    path = mqm_file(tmp_path / "small.tsv", SMALL)
    db = tmp_path / "p.db"
    cli("campaign", "import", path, "-p", db, "--name", "c1")
    out = json.loads(cli("campaign", "status", "c1", "-p", db, "--json").stdout)
    assert (out["systems"], out["documents"], out["segments"], out["items"]) == (2, 1, 2, 4)
    assert (out["ratings"], out["raters"], out["annotations"]) == (5, 2, 5)
    assert out["per_rater"] == {"r1": 4, "r2": 1}
    assert out["per_system"] == {"A": {"items": 2, "rated": 2}, "B": {"items": 2, "rated": 2}}
    text = cli("campaign", "status", "c1", "-p", db)
    assert "2 systems" in text.stdout and "rater r1: 4 ratings" in text.stdout
    missing = cli("campaign", "status", "nope", "-p", db)
    assert missing.returncode == 2 and "no campaign named 'nope'" in missing.stderr


def test_text_and_tsv_candidates_and_da_scores(tmp_path, cli):
    from workbench import service

    report = tmp_path / "r.txt"
    report.write_text("第一句话。第二句话。\n", "utf-8")
    db = tmp_path / "p.db"
    doc = service.import_document(Store(db), report).document_id
    lines = tmp_path / "beam4.txt"
    lines.write_text("The first sentence.\nThe second sentence.\n", "utf-8")
    result = cli("campaign", "import", lines, "-p", db, "--name", "da1", "--document", doc, "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["format"], out["protocol"], out["systems"], out["items"]) == ("text", "da", ["beam4"], 2)
    unrated = cli("campaign", "scores", "da1", "-p", db)
    assert unrated.returncode == 2 and "has no ratings yet" in unrated.stderr
    short = tmp_path / "short.txt"
    short.write_text("Only one line.\n", "utf-8")
    refused = cli("campaign", "import", short, "-p", db, "--name", "da1", "--document", doc)
    assert refused.returncode == 2 and "1 lines, but document" in refused.stderr and "2 segments" in refused.stderr
    tsv = tmp_path / "scores.tsv"
    rows = ["system\tdoc\tseg_id\ttarget\trater\tscore"]
    for rater, shift in (("r1", 0), ("r2", -20)):
        rows += [
            f"beam4\tr\t1\tThe first sentence.\t{rater}\t{90 + shift}",
            f"beam4\tr\t2\tThe second sentence.\t{rater}\t{80 + shift}",
            f"ct2\tr\t1\tFirst sentence.\t{rater}\t{60 + shift}",
            f"ct2\tr\t2\tSecond.\t{rater}\t{40 + shift}",
        ]
    tsv.write_text("\n".join(rows) + "\n", "utf-8")
    result = cli("campaign", "import", tsv, "-p", db, "--name", "da1", "--document", doc, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["items"] == 2  # beam4's two items were there; ct2's are new
    out = json.loads(cli("campaign", "scores", "da1", "-p", db, "--json").stdout)
    assert [s["system"] for s in out["systems"]] == ["beam4", "ct2"]
    assert out["systems"][0]["raw"] == pytest.approx((90 + 80 + 70 + 60) / 4, abs=1e-3)
    # each rater standardised by their own mean and sd: both raters give the same z-scores
    sd = np.std([90, 80, 60, 40])
    assert out["systems"][0]["score"] == pytest.approx(((90 - 67.5) / sd + (80 - 67.5) / sd) / 2, abs=1e-3)
    assert out["agreement"]["alpha"] == pytest.approx(
        krippendorff.alpha(reliability_data=[[90, 80, 60, 40], [70, 60, 40, 20]], level_of_measurement="interval"),
        abs=1e-4,
    )
    text = cli("campaign", "scores", "da1", "-p", db).stdout
    assert "z-score" in text and "raw" in text and "rank-sum" in text and "beam4" in text
    twice = cli("campaign", "import", tsv, "-p", db, "--name", "da1", "--document", doc)
    assert twice.returncode == 2 and "imported before" in twice.stderr
    exported = tmp_path / "da.tsv"
    assert cli("campaign", "export", "da1", "-p", db, "-o", exported).returncode == 0
    assert cli("campaign", "import", exported, "-p", tmp_path / "fresh.db", "--name", "x").returncode == 0
    again = json.loads(cli("campaign", "scores", "x", "-p", tmp_path / "fresh.db", "--json").stdout)
    assert again["systems"] == out["systems"]


# ---------------------------------------------------------------- published scores


def shared_eval() -> Path | None:
    here = Path(__file__).resolve()
    for folder in (Path("/work/shared/eval"), *(parent / "shared" / "eval" for parent in here.parents)):
        if (folder / "mqm_ted_ende.tsv").is_file() and (folder / "README.md").is_file():
            return folder
    return None


@pytest.mark.slow
def test_wmt21_ted_mqm_equals_the_published_table(tmp_path, cli):
    folder = shared_eval()
    if folder is None:
        pytest.skip("../shared/eval/mqm_ted_ende.tsv is not here (the published WMT21 TED MQM data)")
    table = re.findall(r"^\| (\S+)(?: \([^)]*\))? \| ([\d.]+) \|$", (folder / "README.md").read_text("utf-8"), re.M)
    published = [(system, float(score)) for system, score in table]
    assert len(published) == 14
    db = tmp_path / "ted.db"
    result = cli("campaign", "import", folder / "mqm_ted_ende.tsv", "-p", db, "--name", "ted", "--format", "mqm-tsv")
    assert result.returncode == 0, result.stderr
    assert "1 row has a <v> left open" in result.stderr
    out = json.loads(cli("campaign", "scores", "ted", "-p", db, "--json").stdout)
    got = [(s["system"], s["score"]) for s in out["systems"]]
    assert [s for s, _ in got] == [s for s, _ in published]
    for (system, score), (_, expected) in zip(got, published, strict=True):
        assert abs(score - expected) <= 0.01, (system, score, expected)
    assert all(s["n"] == 529 for s in out["systems"])
    assert out["systems"][0]["cluster"] == 1 and all(s["ci"][0] <= s["score"] <= s["ci"][1] for s in out["systems"])


@pytest.mark.slow
def test_bench_campaign_small(cli):
    result = cli("bench", "campaign", "--json", "--rows", "3000")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["rows"] == 3000 and out["annotations"] > 0 and out["import_s"] >= 0 and out["scores_s"] >= 0
    assert out["rate_raters"] == 20 and out["rate_submissions"] == 500  # every rater got items
    assert 0 < out["rate_next_ms_p50"] <= out["rate_next_ms_p95"]
