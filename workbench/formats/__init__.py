"""Bilingual files: one module per format, each with ``write(rows, path, ...)`` and, where a
reviewed file can come back, a parser of what the file holds: ``parse(data, name) -> list[ReadRow]``
(``table.parse_csv(text, name)`` for CSV and TSV). No format reads a file it is given to parse:
the service reads and checks it once (size, zip guard, encoding; ``service.reading``) and hands
over the bytes or the text; ``name`` is the file's name for messages and picks the format."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, WorkbenchError
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


def merge_format(name: str) -> str:
    """The format of a reviewed bilingual file by its name's suffix (``xlsx``, ``csv``, ``tsv``,
    ``xliff``, ``tmx``, ``jsonl``); a file of another kind is refused."""
    fmt = MERGE_FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        raise WorkbenchError(f"{name}: cannot merge this kind of file; use one of {', '.join(sorted(MERGE_FORMATS))}")
    return fmt


def parse(data: bytes | str, name: str) -> list[ReadRow]:
    """The rows of a reviewed bilingual file, by its name's suffix (:func:`merge_format`): ``data``
    is the file's bytes, or for CSV and TSV its text (decoded by the service; bytes are taken as UTF-8)."""
    fmt = merge_format(name)
    if fmt in ("csv", "tsv"):
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: not a UTF-8 file (byte {exc.start + 1} cannot be decoded)") from None
        return table.parse_csv(data, name)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if fmt == "xlsx":
        return table.parse_xlsx(data, name)
    if fmt == "xliff":
        return xliff.parse(data, name)
    if fmt == "tmx":
        return tmx.parse(data, name)
    return jsonl.parse(data, name)


__all__ = ["BilingualRow", "EXPORT_FORMATS", "MERGE_FORMATS", "ReadRow", "merge_format", "omegat", "parse", "write"]
