"""Import of a large report: seconds, peak memory (RSS) and segments.

Builds a report of ``megabytes`` MB (UTF-8) from the sample report's sentences, numbered so
that no two paragraphs are the same, and imports it into a new SQLite project in a child
process, so that the peak resident memory measured is the import's own
(``ru_maxrss`` of the child, including the Python interpreter and libraries it loads).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from ..config import sample_report


def report_text(megabytes: float) -> str:
    """A report of about ``megabytes`` MB: the sample's paragraphs, repeated under numbered headings."""
    sample = sample_report().read_text("utf-8")
    body = [line for line in sample.splitlines() if len(line) > 40 and line.endswith("。")]
    parts, size, n = ["大型报告（基准测试）"], 0, 0
    target = int(megabytes * 1024 * 1024)
    while size < target:
        n += 1
        sentences = (line.replace(",", "。").replace("，", "。") for line in body)  # short segments, as in the issue
        block = f"第{n}部分\n\n" + "\n\n".join(f"{line}（{n}.{k}）" for k, line in enumerate(sentences, 1))
        parts.append(block)
        size += len(block.encode("utf-8")) + 2
    return "\n\n".join(parts)


def run_import_benchmark(megabytes: float = 5.0, folder: str | Path | None = None) -> dict:
    folder = Path(folder or tempfile.mkdtemp(prefix="bench-import-"))
    report = folder / "large-report.txt"
    report.write_text(report_text(megabytes), "utf-8")
    db = folder / "bench.db"
    db.unlink(missing_ok=True)
    output = subprocess.run(
        [sys.executable, "-m", "workbench.bench.import_worker", str(report), str(db)],
        capture_output=True,
        text=True,
        check=False,
    )
    if output.returncode != 0:
        raise RuntimeError(f"the import worker failed: {output.stderr.strip()[-2000:]}")
    result = json.loads(output.stdout.strip().splitlines()[-1])
    result["megabytes"] = round(report.stat().st_size / (1024 * 1024), 2)
    return result
