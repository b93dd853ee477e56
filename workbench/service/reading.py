"""Files that come in, read and checked once, here at the edge.

A file a user brings (a reviewed sheet, an XLIFF, a TMX, a JSONL, an OmegaT project's TMX, a
glossary) is read here with the size limit every input has
(:func:`workbench.ingest.readers.read_bytes`), a zip-based one (.xlsx, .docx) goes through the zip
guard before anything unpacks it, CSV, TSV and text glossaries are decoded (any common Chinese
encoding), and only then do the parsers of :mod:`workbench.formats` and :mod:`workbench.glossary`
get the bytes or the text. The rows that come back are checked for what no format can be trusted
to keep out (lone UTF-16 surrogates, which JSON escapes can produce) before anything is merged.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..formats import ReadRow, merge_format, omegat, parse
from ..glossary import BINARY_SUFFIXES, Term, parse_glossary
from ..ingest.controls import check_unicode
from ..ingest.decode import decode_bytes
from ..ingest.readers import read_bytes
from ..ingest.zipguard import check_zip

#: zip-based files by suffix, and how a message names them
ZIP_KINDS = {".xlsx": "XLSX workbook", ".xlsm": "XLSX workbook", ".docx": ".docx file"}


def read_checked(path: str | Path) -> bytes:
    """The bytes of ``path``: within the size limit and, for a zip-based file (.xlsx, .docx), past
    the zip guard (a zip bomb is refused before anything is unpacked)."""
    data = read_bytes(path)
    kind = ZIP_KINDS.get(Path(path).suffix.lower())
    if kind is not None:
        check_zip(data, str(path), kind)
    return data


def check_texts(rows: list[ReadRow], name: str) -> list[ReadRow]:
    """``rows`` (read from the file ``name``), or an InputError naming the line and field that holds
    a lone surrogate (not text; it cannot be stored)."""
    for row in rows:
        for key, value in (("source", row.source), ("target", row.target), ("notes", row.notes)):
            check_unicode(value or "", f"{name}: line {row.line}: {key}")
    return rows


def read_bilingual(path: str | Path) -> list[ReadRow]:
    """Read a reviewed bilingual file (XLSX, CSV, TSV, XLIFF, TMX, JSONL: by its extension) once,
    check it and parse it; a malformed or hostile file raises InputError before anything changes."""
    name = str(path)
    fmt = merge_format(name)  # an unknown kind of file is refused before it is read
    data = read_checked(path)
    rows = parse(decode_bytes(data, name).text if fmt in ("csv", "tsv") else data, name)
    return check_texts(rows, name)


def read_omegat_save(path: str | Path) -> tuple[list[ReadRow], int]:
    """OmegaT's translations in a TMX of an exported OmegaT project (its ``project_save.tmx``), with
    how many units OmegaT left as exported: the TMX and the export's manifest read here, parsed by
    :func:`workbench.formats.omegat.parse_project_save`."""
    manifest = omegat.manifest_for(path)
    if manifest is None:
        raise InputError(
            f"{path}: no {omegat.MANIFEST} beside it or one folder up; is this an exported OmegaT project?"
        )
    rows, unchanged = omegat.parse_project_save(read_checked(path), str(path), read_bytes(manifest), str(manifest))
    return check_texts(rows, str(path)), unchanged


def read_merge_file(path: str | Path) -> tuple[list[ReadRow], int]:
    """The rows of a file to merge and how many units it left as exported (only an OmegaT project's
    TMX says so: :func:`read_omegat_save`; any other file: :func:`read_bilingual`, and 0)."""
    if omegat.manifest_for(path) is not None:
        return read_omegat_save(path)
    return read_bilingual(path), 0


def read_glossary(path: str | Path, name: str = "") -> list[Term]:
    """The terms of a glossary file, by extension: .tsv .csv .txt .xlsx .tbx (.txt/.tab/.utf8: OmegaT's
    format, or a table when the first line is a glossary header), read and checked here; ``name`` is
    the glossary's name (default: the file's stem). Every problem is listed, with its line."""
    data = read_checked(path)
    text_file = Path(path).suffix.lower() not in BINARY_SUFFIXES
    return parse_glossary(decode_bytes(data, str(path)).text if text_file else data, str(path), name or Path(path).stem)
