"""Child process of :mod:`workbench.bench.importing`: import one file, print seconds, peak RSS and segments."""

from __future__ import annotations

import json
import resource
import sys
import time


def main(report: str, db: str) -> None:
    from ..service import import_document
    from ..store import Store

    store = Store(db)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    result = import_document(store, report)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "peak_rss_mb": round(peak, 1),
                "baseline_rss_mb": round(baseline, 1),
                "segments": result.segments,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
