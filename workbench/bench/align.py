"""Alignment quality and speed on the gold sets in ../shared/align (never copied into the repo).

MAC dev (six novel chapters, literary) and pol_dev (political speeches): strict and lax
precision, recall and F1 as in the Vecalign/Bertalign papers, and seconds including the
embedding. Speed: the first 1,000 Chinese sentences of both sets pooled, with the English
sentences aligned to them, aligned from scratch (embedding included).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from ..errors import WorkbenchError
from .mt import machine


def gold_root() -> Path:
    """$WORKBENCH_ALIGN_GOLD, else ../shared/align next to the project, else ./shared/align."""
    candidates = [os.environ.get("WORKBENCH_ALIGN_GOLD", ""),
                  Path(__file__).resolve().parents[3] / "shared" / "align",
                  Path.cwd().parent / "shared" / "align", Path.cwd() / "shared" / "align"]
    for c in candidates:
        if c and (Path(c) / "pol_dev").is_dir():
            return Path(c)
    raise WorkbenchError("gold alignments not found: set WORKBENCH_ALIGN_GOLD to the folder that holds mac_dev/ and pol_dev/")


def gold_sets(root: Path) -> dict[str, list[tuple[Path, Path, Path]]]:
    mac = sorted((root / "mac_dev" / "zh").glob("*.txt"))
    return {
        "mac_dev": [(z, root / "mac_dev" / "en" / z.name, root / "mac_dev" / "gold" / (z.stem + ".align")) for z in mac],
        "pol_dev": [(root / "pol_dev" / "zh.txt", root / "pol_dev" / "en.txt", root / "pol_dev" / "gold.align")],
    }


def _lines(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines()


def run_align_benchmark(root: Path | None = None) -> dict:
    from ..align import AlignSettings, align_sentences, parse_beads, score_alignments

    root = root or gold_root()
    result: dict = {"settings": AlignSettings().__dict__, "machine": machine()}
    pooled_zh, pooled_en = [], []
    for name, docs in gold_sets(root).items():
        gold, test, seconds = [], [], 0.0
        for zh, en, align in docs:
            zs, es = _lines(zh), _lines(en)
            pooled_zh.extend(zs)
            pooled_en.extend(es)
            started = time.perf_counter()
            test.append(align_sentences(zs, es).beads)
            seconds += time.perf_counter() - started
            gold.append(parse_beads(align.read_text("utf-8"), str(align)))
        scores = score_alignments(gold, test)
        result[name] = {"strict": scores["strict"], "lax": scores["lax"], "documents": len(docs),
                        "zh_sentences": sum(len(_lines(d[0])) for d in docs),
                        "en_sentences": sum(len(_lines(d[1])) for d in docs), "seconds": round(seconds, 2)}
    # speed: about 1,000 x 1,300 sentences in one document
    zh_part = pooled_zh[:1000]
    en_part = pooled_en[:round(1000 * len(pooled_en) / len(pooled_zh))]
    from ..align import embed as embed_module

    embed_module.encoder()  # load the model outside the timing, as a running app would have it
    started = time.perf_counter()
    alignment = align_sentences(zh_part, en_part)
    result["speed"] = {"zh_sentences": len(zh_part), "en_sentences": len(en_part),
                       "seconds": round(time.perf_counter() - started, 2), "breakdown": alignment.seconds}
    return result
