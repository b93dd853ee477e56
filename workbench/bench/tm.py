"""Translation memory speed: import a generated TMX of ``units`` Chinese sentences, then time
top-3 fuzzy lookups of sentences like a translator's (one or two characters changed, a number
changed, an unseen sentence). ``best_match_recall`` is the share of changed sentences for
which the lookup found a match at least as good as the sentence they were made from: what
the index's shortcuts (candidate pool, common bigrams skipped) cost in quality.

The sentences are built from the clauses of the bundled sample report and the governance
glossary's terms, with numbers, so their character statistics are those of real policy
text; every unit is distinct. The import goes through ``workbench tm import``'s own path
(streamed TMX into SQLite); the first lookup builds the n-gram index and is reported on its
own (``index_build_s``); the lookups after it are the p50/p95.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from ..config import sample_report
from ..tm import score
from .mt import machine
from .ui import percentile


def _clauses() -> list[str]:
    from ..glossary import bundled_terms

    text = sample_report().read_text("utf-8")
    clauses = {c.strip() for c in re.split(r"[，。；：！？、\s]+", text) if 4 <= len(c.strip()) <= 30}
    clauses |= {f"{t.zh}工作" for t in bundled_terms()} | {f"推进{t.zh}" for t in bundled_terms()}
    return sorted(clauses)


def generate_sentences(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct sentences of two to four clauses, a third of them with a number."""
    rng = random.Random(seed)
    clauses = _clauses()
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        parts = rng.sample(clauses, rng.randint(2, 4))
        if rng.random() < 0.35:
            parts[rng.randrange(len(parts))] += f"{rng.randint(2, 9999)}个"
        sentence = "，".join(parts) + "。"
        if sentence not in seen:
            seen.add(sentence)
            out.append(sentence)
    return out


def _variant(sentence: str, rng: random.Random) -> str:
    """What a translator meets: the same sentence with a character or two changed, or a number changed."""
    chars = list(sentence)
    kind = rng.random()
    if kind < 0.3 and re.search(r"\d", sentence):
        return re.sub(r"\d+", lambda m: str(int(m.group()) + 1), sentence, count=1)
    for _ in range(1 if kind < 0.7 else 2):
        position = rng.randrange(max(1, len(chars) - 1))
        chars[position] = rng.choice("的了和在是发展建设工作社会管理")
    return "".join(chars)


def run_tm_benchmark(units: int = 100_000, lookups: int = 200, seed: int = 7) -> dict:
    from .. import service
    from ..formats import tmx
    from ..formats.rows import BilingualRow
    from ..store import Store

    rng = random.Random(seed)
    sentences = generate_sentences(units + lookups // 4, seed)
    stored, unseen = sentences[:units], sentences[units:]
    with tempfile.TemporaryDirectory(prefix="wb-bench-tm-") as folder:
        path = Path(folder) / "memory.tmx"
        tmx.write((BilingualRow(id=i, source=s, target=f"English sentence {i}.") for i, s in enumerate(stored)), path)
        store = Store(Path(folder) / "bench.db")
        started = time.perf_counter()
        imported = service.import_tmx(store, path, name="bench")
        import_seconds = time.perf_counter() - started
        originals = [rng.choice(stored) for _ in range(lookups - len(unseen))]
        queries = [(_variant(o, rng), o) for o in originals] + [(u, None) for u in unseen]
        rng.shuffle(queries)
        started = time.perf_counter()
        service.lookup(store, stored[0], limit=3)
        index_build = time.perf_counter() - started
        times, found, recalled, known = [], 0, 0, 0
        for query, original in queries:
            started = time.perf_counter()
            matches = service.lookup(store, query, limit=3)
            times.append((time.perf_counter() - started) * 1000)
            found += bool(matches)
            if original is not None:  # the index must find a match at least as good as the sentence it came from
                known += 1
                recalled += bool(matches) and matches[0]["score"] >= score(query, original)
        store.dispose()
    return {
        "units": imported.units,
        "lookups": len(times),
        "lookup_p50_ms": round(statistics.median(times), 2),
        "lookup_p95_ms": round(percentile(times, 95), 2),
        "lookup_max_ms": round(max(times), 2),
        "queries_with_a_match": found,
        "best_match_recall": round(recalled / known, 3) if known else None,
        "import_units_per_s": round(imported.read / import_seconds),
        "import_seconds": round(import_seconds, 2),
        "index_build_s": round(index_build, 2),
        "load_average": round(os.getloadavg()[0], 2),
        "machine": machine(),
    }
