"""Campaigns from a manifest (built-in systems, an engine run kept apart from the reviewed
translation), the raters' tasks (seeded, QC repeats and bad references, a document's order kept),
rating them (one transaction, no second rating of an item except a QC repeat, resume), and the
QC and metric additions to the scores."""

import json
import random

import pytest
from sqlalchemy import func, select

from workbench import service
from workbench.errors import InputError
from workbench.service import teams
from workbench.service.campaign_rating import bad_reference
from workbench.store import CampaignItem, CampaignRating, CampaignTaskItem, MtCacheEntry, Segment, Store, Translation

SENTENCES = [
    "第一句话很长。",
    "第二句话也很长。",
    "第三句话讲经济。",
    "第四句话讲发展。",
    "第五句话讲改革。",
    "第六句话讲开放。",
]
REFERENCE = [
    "The first sentence is long.",
    "The second sentence is long too.",
    "The third sentence is about the economy.",
    "The fourth sentence is about development.",
    "The fifth sentence is about reform.",
    "The sixth sentence is about opening up.",
]


def project(tmp_path):
    """A project with one document of six segments, reviewed translations and an aligned reference."""
    db = tmp_path / "p.db"
    store = Store(db)
    report = tmp_path / "r.txt"
    report.write_text("".join(SENTENCES) + "\n", "utf-8")
    doc = service.import_document(store, report).document_id
    with store.session() as session:
        rows = session.execute(
            select(Segment, Translation)
            .join(Translation, Translation.segment_id == Segment.id)
            .where(Segment.document_id == doc)
            .order_by(Segment.position)
        ).all()
        assert len(rows) == len(SENTENCES)
        for (_segment, translation), ref in zip(rows, REFERENCE, strict=True):
            translation.target = "Reviewed: " + ref.lower()
            translation.reference = ref
    return db, store, doc


def manifest(tmp_path, doc, **extra) -> str:
    values = dict(
        protocol='"da"',
        documents=f"[{doc}]",
        raters='["r1", "r2", "r3"]',
        items_per_task=8,
        overlap=2,
        seed=7,
    )
    values.update(extra)
    body = "".join(f"{k} = {v}\n" for k, v in values.items())
    body += '\n[[systems]]\nname = "reviewed"\n\n[[systems]]\nname = "reference"\n'
    body += "\n[qc]\nrepeats = 1\nbad_references = 1\n"
    path = tmp_path / "m.toml"
    path.write_text(body, "utf-8")
    return str(path)


def test_create_and_tasks_from_a_manifest(tmp_path, cli):
    db, store, doc = project(tmp_path)
    result = cli("campaign", "create", "c", "-p", db, "--manifest", manifest(tmp_path, doc), "--json")
    assert result.returncode == 0, result.stderr
    made = json.loads(result.stdout)
    assert made["systems"] == {"reviewed": 6, "reference": 6} and made["items"] == 12
    with store.session() as session:
        texts = set(session.scalars(select(CampaignItem.candidate)))
    assert set(REFERENCE) <= texts and "Reviewed: " + REFERENCE[0].lower() in texts
    result = cli("campaign", "tasks", "c", "-p", db, "--json")
    assert result.returncode == 0, result.stderr
    first = json.loads(result.stdout)
    assert first["generated"] and first["seed"] == 7
    # 12 items x overlap 2 = 24 regular places, plus one repeat and one bad reference per task
    raters = first["raters"]
    assert sum(s["places"] - s["repeats"] - s["bad_references"] for s in raters.values()) == 24
    assert all(s["repeats"] == s["tasks"] == s["bad_references"] for s in raters.values())
    with store.session() as session:
        rows = list(
            session.scalars(select(CampaignTaskItem).order_by(CampaignTaskItem.rater, CampaignTaskItem.position))
        )
        positions = {i.id: i.seg_id for i in session.scalars(select(CampaignItem))}
        systems = {i.id: i.system_id for i in session.scalars(select(CampaignItem))}
    dealt = [(r.rater, r.position, r.item_id, r.kind, r.shown) for r in rows]
    for rater in ("r1", "r2", "r3"):
        mine = [r for r in rows if r.rater == rater]
        items = [r.item_id for r in mine if r.kind == "item"]
        assert len(items) == len(set(items))  # no item twice for one rater, except as a QC repeat
        for system in set(systems.values()):  # a document's items of one system keep their order
            order = [positions[i] for i in items if systems[i] == system]
            assert order == sorted(order)
        for r in mine:
            if r.kind == "repeat":
                original = next(o for o in mine if o.kind == "item" and o.item_id == r.item_id)
                assert original.position < r.position and original.shown == r.shown
            if r.kind == "bad":
                original = next(o for o in mine if o.kind == "item" and o.item_id == r.item_id)
                assert r.shown != original.shown
    # shown again, not dealt again
    again = json.loads(cli("campaign", "tasks", "c", "-p", db, "--json").stdout)
    assert not again["generated"] and again["raters"] == raters
    with store.session() as session:
        assert [
            (r.rater, r.position, r.item_id, r.kind, r.shown)
            for r in session.scalars(
                select(CampaignTaskItem).order_by(CampaignTaskItem.rater, CampaignTaskItem.position)
            )
        ] == dealt
    # the same seed deals the same tasks in another campaign
    assert cli("campaign", "create", "c2", "-p", db, "--manifest", manifest(tmp_path, doc)).returncode == 0
    assert json.loads(cli("campaign", "tasks", "c2", "-p", db, "--json").stdout)["raters"] == raters
    # regenerate before any rating: allowed; after one: refused
    assert cli("campaign", "tasks", "c", "-p", db, "--regenerate").returncode == 0
    place = service.next_item(store, "c", rater="r1")
    service.submit_rating(store, "c", place["place"], score=50, rater="r1")
    refused = cli("campaign", "tasks", "c", "-p", db, "--regenerate")
    assert refused.returncode == 2 and "can no longer be regenerated" in refused.stderr


@pytest.mark.parametrize(
    "change, message",
    [
        ({"protocol": '"stars"'}, "protocol must be one of"),
        ({"documents": "[999]"}, "document 999 is not a source document"),
        ({"overlap": 4}, "overlap 4 needs at least 4 raters"),
        ({"items_per_task": 2}, "must exceed the QC places"),
        ({"colour": '"red"'}, "unknown key 'colour'"),
    ],
)
def test_bad_manifests_get_one_line(tmp_path, cli, change, message):
    db, store, doc = project(tmp_path)
    result = cli("campaign", "create", "c", "-p", db, "--manifest", manifest(tmp_path, doc, **change))
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow  # builds the tiny Marian model (seconds)
def test_an_engine_run_is_cached_and_kept_apart_from_the_reviewed_translation(tmp_path, tiny_model):
    db, store, doc = project(tmp_path)
    path = tmp_path / "m.toml"
    path.write_text(
        f'protocol = "da"\ndocuments = [{doc}]\nraters = ["r1"]\nitems_per_task = 10\nseed = 1\n'
        f'[[systems]]\nname = "marian-b1"\nengine = "marian"\nmodel = "{tiny_model}"\nbeams = 1\nmax_length = 12\n',
        "utf-8",
    )
    with store.session() as session:
        before = {t.segment_id: (t.target, t.mt_text) for t in session.scalars(select(Translation))}
    made = service.create_campaign(store, "mt", path)
    assert made["systems"]["marian-b1"] > 0
    with store.session() as session:
        assert {t.segment_id: (t.target, t.mt_text) for t in session.scalars(select(Translation))} == before
        cached = session.scalar(select(func.count()).select_from(MtCacheEntry))
        first = sorted(session.scalars(select(CampaignItem.candidate)))
    assert cached >= 1
    service.create_campaign(store, "mt2", path)  # the second run comes from the cache
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(MtCacheEntry)) == cached
        second = sorted(
            c for c, n in session.execute(select(CampaignItem.candidate, CampaignItem.campaign_id)) if n != 1
        )
    assert second == first


def test_bad_reference_replaces_a_span_of_words():
    rng = random.Random(3)
    text = "the quick brown fox jumps over the lazy dog"  # 9 words: a span of 4
    bad = bad_reference(text, ["alpha beta gamma delta epsilon"], rng)
    changed = [a != b for a, b in zip(text.split(), bad.split(), strict=True)]
    assert 1 <= sum(changed) <= 4 and len(bad.split()) == 9
    assert set(bad.split()) - set(text.split()) <= {"alpha", "beta", "gamma", "delta", "epsilon"}


def test_rating_one_place_at_a_time_resumes_and_refuses_a_second_rating(tmp_path):
    db, store, doc = project(tmp_path)
    service.create_campaign(store, "c", manifest(tmp_path, doc))
    service.campaign_tasks(store, "c")
    first = service.next_item(store, "c", rater="r1")
    assert first["number"] == 1 and first["of"] > 1 and not first["done"]
    assert "system" not in first and "reference" not in json.dumps(first)
    assert first["source"] in SENTENCES
    nxt = service.submit_rating(store, "c", first["place"], score=70, rater="r1")
    assert nxt["number"] == 2
    assert service.next_item(store, "c", rater="r1")["place"] == nxt["place"]  # resume after a reload
    with pytest.raises(InputError, match="already"):
        service.submit_rating(store, "c", first["place"], score=10, rater="r1")
    with pytest.raises(Exception, match="0 to 100|from 0 to 100"):
        service.submit_rating(store, "c", nxt["place"], score=140, rater="r1")
    with pytest.raises(Exception, match="not one of r2's tasks"):
        service.submit_rating(store, "c", nxt["place"], score=40, rater="r2")
    # rate everything: a QC repeat is rated twice, an item once
    place = nxt
    while not place["done"]:
        place = service.submit_rating(store, "c", place["place"], score=60, rater="r1")
    with store.session() as session:
        rows = list(session.scalars(select(CampaignTaskItem).where(CampaignTaskItem.rater == "r1")))
        ratings = session.scalar(select(func.count(CampaignRating.id)).where(CampaignRating.rater == "r1"))
    assert all(r.rated_at is not None for r in rows)
    assert ratings == sum(r.kind == "item" for r in rows)
    # a rater's account: only the signed-in rater rates, as themselves
    teams.add_user(store, "boss", "admin", "pw-boss-123")
    teams.add_user(store, "r2", "rater", "pw-rater-123")
    teams.add_user(store, "v", "viewer", "pw-viewer-123")
    with teams.acting_as("r2"):
        assert service.next_item(store, "c")["number"] == 1
        assert [c["campaign"] for c in service.rater_campaigns(store)] == ["c"]
    with teams.acting_as("v"), pytest.raises(Exception, match="may not rate"):
        service.next_item(store, "c")
    with teams.acting_as("boss"):
        progress = service.rater_progress(store, "c")
    assert progress["r1"]["rated"] == progress["r1"]["places"] and progress["r2"]["rated"] == 0
    status = service.campaign_status(store, "c")["tasks"]
    assert status["r1"] == {"places": progress["r1"]["places"], "rated": progress["r1"]["places"]}
    assert status["r2"]["rated"] == 0


# ---------------------------------------------------------------- QC, metrics, report


def test_rater_qc_by_hand():
    from workbench.evaluation.quality import rater_qc

    good = [dict(rater="good", kind="bad", score=20 + i, original=80 + i) for i in range(6)]
    lazy = [dict(rater="lazy", kind="bad", score=70 + (i % 2), original=70 + ((i + 1) % 2)) for i in range(6)]
    few = [dict(rater="few", kind="bad", score=10, original=90)]
    repeats = [
        dict(rater="good", kind="repeat", score=60, original=64),
        dict(rater="lazy", kind="repeat", score=10, original=90),
    ]
    qc = rater_qc(good + lazy + few + repeats)
    assert qc["good"]["bad_references"]["result"] == "pass" and qc["good"]["bad_references"]["p"] == pytest.approx(
        0.5**6
    )  # every pair drops: the exact one-sided signed-rank p
    assert qc["good"]["repeats"] == {"pairs": 1, "mean_difference": 4.0, "result": "pass"} and qc["good"]["passed"]
    assert qc["lazy"]["bad_references"]["result"] == "fail" and qc["lazy"]["repeats"]["result"] == "fail"
    assert not qc["lazy"]["passed"]
    assert qc["few"]["bad_references"]["result"] == "too few" and qc["few"]["passed"]


def test_correlations_equal_scipy():
    from scipy.stats import kendalltau, pearsonr

    from workbench.evaluation.quality import correlations

    human = {"a": 5.0, "b": 1.0, "c": 3.0}  # MQM: lower is better
    metrics = {
        "a": dict(bleu=10, chrf=30, ter=80),
        "b": dict(bleu=40, chrf=60, ter=40),
        "c": dict(bleu=20, chrf=50, ter=50),
    }
    result = correlations(human, metrics, lower_is_better=True)
    h = [-5.0, -1.0, -3.0]
    assert result["bleu"]["pearson"] == pytest.approx(pearsonr(h, [10, 40, 20]).statistic)
    assert result["ter"]["kendall"] == pytest.approx(kendalltau(h, [-80, -40, -50]).statistic)
    assert correlations({"a": 1, "b": 2}, metrics, False)["bleu"]["pearson"] is None  # two systems: n/a


def rate_all(store, name, rater, score_of):
    place = service.next_item(store, name, rater=rater)
    while not place["done"]:
        place = service.submit_rating(store, name, place["place"], score=score_of(place), rater=rater)


def test_scores_with_qc_exclusion_metrics_and_report(tmp_path, cli):
    db, store, doc = project(tmp_path)
    service.create_campaign(store, "c", manifest(tmp_path, doc))
    service.campaign_tasks(store, "c")
    seen: dict = {}

    def honest(place):  # the reference is better than the reviewed lower-case text; repeats consistent
        return 90 if place["candidate"] in REFERENCE else 40 if place["candidate"].startswith("Reviewed") else 5

    def erratic(place):  # gives a repeat a wholly different score
        key = place["candidate"]
        seen[key] = 100 - seen[key] if key in seen else honest(place)
        return seen[key]

    rate_all(store, "c", "r1", honest)
    rate_all(store, "c", "r2", honest)
    rate_all(store, "c", "r3", erratic)
    result = cli("campaign", "scores", "c", "-p", db, "--json")
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert [s["system"] for s in scores["systems"]] == ["reference", "reviewed"]
    assert scores["qc"]["r3"]["repeats"]["result"] == "fail" and scores["qc"]["r1"]["passed"]
    assert scores["excluded"] == []
    reviewed = scores["metrics"]["systems"]["reviewed"]
    assert set(scores["metrics"]["systems"]) == {"reviewed"} and 0 < reviewed["bleu"] < 100
    assert scores["metrics"]["signatures"]["bleu"].startswith("nrefs:1")
    strict = json.loads(cli("campaign", "scores", "c", "-p", db, "--json", "--exclude-failed-raters").stdout)
    assert strict["excluded"] == ["r3"] and strict["agreement"]["raters"] <= 2
    assert sum(s["n"] for s in strict["systems"]) < sum(s["n"] for s in scores["systems"])
    for suffix in ("md", "html"):
        out = tmp_path / f"report.{suffix}"
        assert cli("campaign", "scores", "c", "-p", db, "--report", out).returncode == 0
        text = out.read_text("utf-8")
        assert "Krippendorff" in text and "signature" in text and "reviewed" in text
    from workbench.service.campaign_report import html_report, markdown_report

    scores["systems"][0]["system"] = "<script>x</script>|*"
    assert "<script>" not in html_report(scores) and "&lt;script&gt;" in html_report(scores)
    assert "<script>" not in markdown_report(scores) and "\\|\\*" in markdown_report(scores)
    bad = cli("campaign", "scores", "c", "-p", db, "--report", tmp_path / "r.pdf")
    assert bad.returncode == 2 and ".md or .html" in bad.stderr


def test_mqm_rating_keeps_spans_and_refuses_a_bad_severity(tmp_path):
    db, store, doc = project(tmp_path)
    service.create_campaign(store, "m", manifest(tmp_path, doc, protocol='"mqm"'))
    service.campaign_tasks(store, "m")
    place = service.next_item(store, "m", rater="r1")
    candidate = place["candidate"]
    with pytest.raises(InputError, match="unknown severity 'huge'"):
        service.submit_rating(store, "m", place["place"], errors=[dict(severity="huge", start=0, end=1)], rater="r1")
    with pytest.raises(InputError, match="must lie in the candidate"):
        service.submit_rating(
            store,
            "m",
            place["place"],
            errors=[dict(severity="minor", category="Style/Awkward", start=0, end=999)],
            rater="r1",
        )
    with pytest.raises(InputError, match="unknown MQM category"):
        service.submit_rating(store, "m", place["place"], errors=[dict(severity="minor", category="Vibes")], rater="r1")
    errors = [
        dict(severity="major", category="Accuracy/Mistranslation", start=0, end=3),
        dict(severity="major", category="Non-translation!"),
    ]
    service.submit_rating(store, "m", place["place"], errors=errors, rater="r1")
    rate_all(store, "m", "r1", lambda p: None)  # the rest: no errors
    export = tmp_path / "m.tsv"
    service.export_campaign(store, "m", export)
    text = export.read_text("utf-8")
    assert f"<v>{candidate[:3]}</v>{candidate[3:]}" in text and "Non-translation!" in text
    scores = service.campaign_scores(store, "m")
    rows = text.splitlines()[1:]  # after the header: one row per judgement, two for the first (two errors)
    assert len(rows) == sum(s["n"] for s in scores["systems"]) + 1
    worst = scores["systems"][-1]
    assert worst["score"] == pytest.approx(30 / worst["n"])  # major 5 + non-translation 25, the rest 0


def test_rate_tab_shows_no_system_and_the_admin_sees_progress_and_plots(tmp_path):
    from workbench.ui.rate_tab import RateTab, render_item

    db, store, doc = project(tmp_path)
    service.create_campaign(store, "c", manifest(tmp_path, doc))
    service.campaign_tasks(store, "c")
    teams.add_user(store, "boss", "admin", "pw-boss-123")
    teams.add_user(store, "r1", "rater", "pw-rater-123")
    tab = RateTab(store)
    with teams.acting_as("r1"):
        assert [c[0] if isinstance(c, tuple) else c for c in tab.refresh()["choices"]] == ["c"]
        place, html, progress, *_rest, table, plot, detail = tab.show("c")
        assert "item 1 of" in progress and "reviewed" not in html.lower() and "reference" not in html.lower()
        assert table["visible"] is False  # not an admin
        for _ in range(3):
            place, html, progress, *_ = tab.submit("c", place, 70, "[]", None)
        assert "item 4 of" in progress
    with teams.acting_as("boss"):
        *_, table, plot, detail = tab.show("c")
    assert table["visible"] and set(table["value"]["rater"]) == {"r1", "r2", "r3"}
    assert plot["visible"] and set(plot["value"]["which"]) == {"score", "95% low", "95% high"}
    with store.session() as session:
        rated = session.scalar(select(func.count(CampaignRating.id)))  # QC places are no ratings of an item
    assert detail["visible"] and detail["value"]["ratings"].sum() == rated >= 1
    hostile = render_item(
        dict(protocol="da", context=["<b>c</b>"], source="<img src=x>", candidate="<script>x</script>'")
    )
    assert "<script>" not in hostile and "<img" not in hostile and "&lt;script&gt;" in hostile
