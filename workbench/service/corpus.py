"""Translating a corpus: a folder of plain-text files, each into a file of the same name, line
for line, without a project database.

Meant for large collections (a year of provincial work reports) and for ``--ray``: lines
are de-duplicated and sent in length-sorted batches per file, exactly like pipe mode
(:func:`workbench.service.translation.translate_lines`). Resuming is per file: an output
file is written under a temporary name and renamed when complete, so a finished file is
never redone and an interrupted one is redone whole. Any text encoding is read (GBK too);
output is UTF-8. Blank lines stay blank.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import InputError, WorkbenchError
from ..glossary import Term
from ..ingest import decode_bytes
from ..ingest.readers import read_bytes
from ..mt.engine import Engine, TranslateSettings
from .translation import BatchRunner, translate_lines

SUFFIXES = (".txt",)
PARTIAL = ".partial"


@dataclass
class CorpusReport:
    files: int = 0  # input files found
    already_done: int = 0  # skipped: their output exists from an earlier run
    translated: int = 0  # files translated in this run
    lines: int = 0  # non-blank lines translated in this run
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)  # unreadable files, with the reason

    def as_dict(self) -> dict:
        return asdict(self)


def corpus_files(folder: Path, out_dir: Path) -> list[Path]:
    """The text files under ``folder`` (recursively, hidden ones and the output folder left out)."""
    if not folder.is_dir():
        raise WorkbenchError(f"{folder}: no such folder")
    out = out_dir.resolve()
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if (
            path.is_file()
            and path.suffix.lower() in SUFFIXES
            and not any(p.startswith(".") for p in relative.parts)
            and out not in path.resolve().parents
        ):
            found.append(path)
    return found


def _lines(path: Path) -> list[str]:
    data = read_bytes(path)
    return decode_bytes(data, str(path)).text.splitlines() if data.strip() else []


def translate_corpus(
    folder: str | Path,
    out_dir: str | Path,
    engine: Engine,
    settings: TranslateSettings | None = None,
    batch_size: int = 16,
    glossary: list[Term] | None = None,
    runner: BatchRunner | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CorpusReport:
    """Translate every unfinished file of ``folder`` into ``out_dir``; see the module docstring.

    ``progress(done, total)`` counts non-blank lines over all the files still to do.
    """
    started = time.perf_counter()
    folder, out_dir = Path(folder), Path(out_dir)
    settings = settings or TranslateSettings()
    report = CorpusReport()
    files = corpus_files(folder, out_dir)
    report.files = len(files)
    todo: list[tuple[Path, Path]] = []
    total = 0
    for path in files:  # a first pass counts the lines for the progress bar; files are read again one by one
        target = out_dir / path.relative_to(folder)
        if target.exists():
            report.already_done += 1
            continue
        try:
            total += sum(1 for line in _lines(path) if line.strip())
            todo.append((path, target))
        except InputError as exc:
            report.skipped.append(str(exc))
    done = 0
    if progress:
        progress(done, total)

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, total)

    for path, target in todo:
        lines = _lines(path)
        english = translate_lines(
            engine, lines, settings, batch_size, glossary=glossary, runner=runner, progress=advance
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + PARTIAL)
        partial.write_text("".join(line + "\n" for line in english), "utf-8")
        os.replace(partial, target)
        report.translated += 1
        report.lines += sum(1 for line in lines if line.strip())
    report.seconds = round(time.perf_counter() - started, 3)
    return report
