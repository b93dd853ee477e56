"""Bilingual files: one module per format, each with ``write(rows, path, ...)`` and, where a
reviewed file can come back, ``read(path) -> list[ReadRow]``."""

from __future__ import annotations

from pathlib import Path

from ..errors import WorkbenchError
from . import docx_export, jsonl, omegat, table, tmx, xliff
from .rows import BilingualRow, ReadRow

EXPORT_FORMATS = ("tmx", "xliff", "xliff12", "csv", "tsv", "xlsx", "docx", "docx-en", "jsonl")
MERGE_FORMATS = {
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".tsv": "tsv",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".tmx": "tmx",
    ".jsonl": "jsonl",
}


def write(
    rows: list[BilingualRow],
    path: str | Path,
    fmt: str,
    include_untranslated: bool = True,
    title: str = "",
    xliff_fill_target: str = "empty",
    strict: bool = False,
    include_mt: bool = False,
) -> int:
    """Write ``rows`` in ``fmt``; returns how many units were written. ``xliff_fill_target="source"``
    (XLIFF 1.2 only) puts the source into empty targets, for tools that translate the target.
    TMX holds only reviewed and approved rows, and MT drafts with ``include_mt``
    (:func:`.tmx.exchange_rows`)."""
    if include_mt and fmt != "tmx":
        raise WorkbenchError("including MT drafts is for TMX only (--format tmx); the other formats have every segment")
    if fmt == "tmx":
        return tmx.write(tmx.exchange_rows(rows, include_mt), path, include_untranslated=include_untranslated)
    if xliff_fill_target != "empty" and fmt != "xliff12":
        raise WorkbenchError("filling empty targets with the source is for XLIFF 1.2 only (--format xliff12)")
    if fmt in ("xliff", "xliff12"):
        return xliff.write(
            rows,
            path,
            version="1.2" if fmt == "xliff12" else "2.0",
            include_untranslated=include_untranslated,
            fill_target=xliff_fill_target,
            strict=strict,
        )
    if fmt == "csv":
        return table.write_csv(rows, path)
    if fmt == "tsv":
        return table.write_csv(rows, path, delimiter="\t")
    if fmt == "xlsx":
        return table.write_xlsx(rows, path)
    if fmt == "docx":
        return docx_export.write_bilingual(rows, path, title)
    if fmt == "docx-en":
        return docx_export.write_english(rows, path)
    if fmt == "jsonl":
        return jsonl.write(rows, path)
    raise WorkbenchError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")


def read(path: str | Path) -> list[ReadRow]:
    """Read a reviewed bilingual file back, by its extension."""
    fmt = MERGE_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise WorkbenchError(f"{path}: cannot merge this kind of file; use one of {', '.join(sorted(MERGE_FORMATS))}")
    if not Path(path).is_file():
        raise WorkbenchError(f"{path}: no such file")
    if fmt == "xlsx":
        return table.read_xlsx(path)
    if fmt in ("csv", "tsv"):
        return table.read_csv(path)
    if fmt == "xliff":
        return xliff.read(path)
    if fmt == "tmx":
        return tmx.read(path)
    return jsonl.read(path)


__all__ = ["BilingualRow", "EXPORT_FORMATS", "MERGE_FORMATS", "ReadRow", "omegat", "read", "write"]
