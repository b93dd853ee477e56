"""Evaluation campaigns at scale: import a generated MQM TSV of ``rows`` annotation rows (seconds,
peak resident memory), then score it (seconds).

The file has the layout of Google's wmt-mqm-human-evaluation data: 10 systems translate the
same Chinese segments (sentences built as the TM benchmark builds them, from the sample report's
clauses), each system's segment judged by 2 of 6 raters (so alpha has overlapping items), each
judgement 0 to 3 errors drawn from the MQM categories with a span marked ``<v>...</v>`` in the
target (an omission's in the source), a No-error row when there are none. The import and the
scoring each run in a child process through the service that ``workbench campaign import`` and
``campaign scores`` use, so the peak RSS is theirs (``ru_maxrss``, the interpreter and its
libraries included).
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SYSTEMS = 10
RATERS = 6
CATEGORIES = (
    ("Accuracy/Mistranslation", 0.3),
    ("Style/Awkward", 0.25),
    ("Fluency/Grammar", 0.15),
    ("Fluency/Punctuation", 0.1),
    ("Terminology/Inappropriate for context", 0.1),
    ("Accuracy/Omission", 0.05),
    ("Non-translation!", 0.005),
    ("Other", 0.045),
)


def generate(path: Path, rows: int, seed: int = 7) -> dict:
    """Write an MQM TSV of exactly ``rows`` rows (after the header); returns its counts."""
    from .tm import generate_sentences

    rng = random.Random(seed)
    names = [c for c, _ in CATEGORIES]
    shares = [w for _, w in CATEGORIES]
    # about 1.5 rows per judgement, 2 judgements per item
    segments = max(1, rows // (SYSTEMS * 2 * 3 // 2) + 1)
    sources = generate_sentences(segments, seed)
    written = 0
    judgements = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write("system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\tcomment\n")
        for seg, source in enumerate(sources, start=1):
            doc = f"report.{(seg - 1) // 100 + 1}"
            for s in range(SYSTEMS):
                target = " ".join(f"word{(seg * 7 + k * (s + 1)) % 997}" for k in range(8 + seg % 9)) + "."
                for rater in rng.sample(range(RATERS), 2):
                    if written >= rows:
                        return dict(rows=written, judgements=judgements, segments=seg, systems=SYSTEMS)
                    judgements += 1
                    errors = min(rows - written, rng.choice((0, 0, 1, 1, 2, 3)) + (s % 3 == 0))
                    base = (f"sys{s}", doc, str((seg - 1) // 100 + 1), str(seg), f"rater{rater}")
                    if not errors:
                        f.write("\t".join((*base, source, target, "No-error", "No-error", "")) + "\n")
                        written += 1
                        continue
                    for _ in range(errors):
                        category = rng.choices(names, shares)[0]
                        severity = rng.choice(("Minor", "Minor", "Major", "Neutral"))
                        if category == "Accuracy/Omission":
                            a = rng.randrange(len(source) - 1)
                            marked = (f"{source[:a]}<v>{source[a : a + 2]}</v>{source[a + 2 :]}", target)
                        else:
                            a = rng.randrange(len(target) - 4)
                            marked = (source, f"{target[:a]}<v>{target[a : a + 4]}</v>{target[a + 4 :]}")
                        f.write("\t".join((*base, *marked, category, severity, "")) + "\n")
                        written += 1
    return dict(rows=written, judgements=judgements, segments=len(sources), systems=SYSTEMS)


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _child(step: str, file: str, db: str) -> None:
    from .. import service
    from ..store import Store

    store = Store(db)
    baseline = _peak_mb()
    started = time.perf_counter()
    if step == "import":
        result = service.import_campaign(store, file, "bench", format="mqm-tsv")
        counts = dict(items=result.items, ratings=result.ratings, annotations=result.annotations)
    else:
        scores = service.campaign_scores(store, "bench")
        agreement = scores["agreement"]
        counts = dict(
            systems=len(scores["systems"]),
            alpha=agreement["alpha"],
            alpha_items=agreement["items"],
            alpha_sampled=agreement["sampled"],
        )
    seconds = time.perf_counter() - started
    print(json.dumps(dict(seconds=round(seconds, 2), peak_rss_mb=_peak_mb(), baseline_rss_mb=baseline, **counts)))


def rate_benchmark(folder: Path, raters: int = 20, per_rater: int = 25, segments: int = 200) -> dict:
    """Raters at once through the service the Rate tab calls: ``raters`` threads, each submitting
    ``per_rater`` DA scores; the time of one "submit and open the next item" (submit_rating, which
    returns the next item) in ms, p50 and p95. The Gradio round trip is not in it."""
    import threading

    from sqlalchemy import select

    from .. import service
    from ..store import Store, Translation
    from .tm import generate_sentences

    store = Store(folder / "rate.db")
    text = folder / "report.txt"
    text.write_text("\n\n".join(generate_sentences(segments, 3)) + "\n", "utf-8")
    doc = service.import_document(store, text).document_id
    with store.session() as session:
        for k, t in enumerate(session.scalars(select(Translation))):
            t.target, t.reference = f"draft number {k} of the sentence", f"the reference sentence number {k}"
    names = [f"rater{i}" for i in range(raters)]
    manifest = folder / "rate.toml"
    manifest.write_text(
        f"protocol = 'da'\ndocuments = [{doc}]\nraters = {json.dumps(names)}\nitems_per_task = 50\noverlap = 2\n"
        "seed = 1\nsystems = ['reviewed', 'reference']\n[qc]\nrepeats = 1\nbad_references = 1\n",
        "utf-8",
    )
    service.create_campaign(store, "rate", manifest)
    service.campaign_tasks(store, "rate")
    times: list[float] = []
    lock = threading.Lock()

    def rate(name: str) -> None:
        place = service.next_item(store, "rate", rater=name)
        for k in range(per_rater):
            if place["done"]:
                return
            started = time.perf_counter()
            place = service.submit_rating(store, "rate", place["place"], score=50 + k % 40, rater=name)
            with lock:
                times.append(time.perf_counter() - started)

    threads = [threading.Thread(target=rate, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ordered = sorted(times)

    def pick(q: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else 0.0

    return dict(
        rate_raters=raters, rate_submissions=len(times), rate_next_ms_p50=pick(0.5), rate_next_ms_p95=pick(0.95)
    )


def _run_child(step: str, file: Path, db: Path) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "workbench.bench.campaign", step, str(file), str(db)],
        capture_output=True,
        text=True,
        check=False,
    )
    if output.returncode != 0:
        raise RuntimeError(f"the campaign {step} worker failed: {output.stderr.strip()[-2000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def run_campaign_benchmark(rows: int = 100_000, seed: int = 7, raters: int = 20) -> dict:
    with tempfile.TemporaryDirectory(prefix="wb-bench-campaign-") as folder:
        file, db = Path(folder) / "mqm.tsv", Path(folder) / "bench.db"
        counts = generate(file, rows, seed)
        imported = _run_child("import", file, db)
        scored = _run_child("scores", file, db)
        rated = rate_benchmark(Path(folder), raters=raters) if raters else {}
    return dict(
        **rated,
        rows=counts["rows"],
        systems=counts["systems"],
        segments=counts["segments"],
        judgements=counts["judgements"],
        annotations=imported["annotations"],
        import_s=imported["seconds"],
        import_peak_mb=imported["peak_rss_mb"],
        import_baseline_mb=imported["baseline_rss_mb"],
        scores_s=scored["seconds"],
        scores_peak_mb=scored["peak_rss_mb"],
        alpha=scored["alpha"],
        alpha_items=scored["alpha_items"],
        alpha_sampled=scored["alpha_sampled"],  # items alpha was computed on, when a sample (see evaluation.agreement)
    )


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2], sys.argv[3])
