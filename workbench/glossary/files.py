"""Glossary tables in and out: TSV, CSV (with or without BOM) and XLSX.

A table has a header row naming its columns (zh and en required; variants, forbidden, note,
source, domain optional, in any order; 中文/英文 and a few other spellings are understood).
Problems are collected with their line numbers: missing or unknown columns, empty required
cells, a term listed twice, a rendering that is both accepted and forbidden. If there is any,
:class:`GlossaryFileError` lists them all and nothing is imported.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import InputError
from ..ingest.decode import decode_bytes
from ..ingest.readers import read_bytes
from .model import COLUMNS, REQUIRED, Term, join_values, split_values

ALIASES = {
    "zh": "zh", "chinese": "zh", "term": "zh", "中文": "zh", "术语": "zh", "zh-cn": "zh",
    "en": "en", "english": "en", "preferred": "en", "preferred_en": "en", "target": "en", "英文": "en", "译文": "en",
    "variants": "variants", "variant": "variants", "accepted": "variants", "variants_en": "variants",
    "forbidden": "forbidden", "avoid": "forbidden", "do not use": "forbidden",
    "note": "note", "notes": "note", "comment": "note", "备注": "note",
    "source": "source", "sources": "source", "reference": "source", "出处": "source",
    "domain": "domain", "subject": "domain", "领域": "domain",
}


class GlossaryFileError(InputError):
    """Every problem of a glossary file, one per line, each with its line number."""

    def __init__(self, name: str, problems: list[str]):
        self.problems = problems
        shown = "; ".join(problems[:10]) + (f"; and {len(problems) - 10} more" if len(problems) > 10 else "")
        super().__init__(f"{name}: {len(problems)} problem(s), nothing imported: {shown}")


def _header_map(header: list[str], name: str) -> dict[str, int]:
    mapping: dict[str, int] = {}
    problems = []
    for i, raw in enumerate(header):
        key = ALIASES.get(raw.strip().lower().lstrip("\ufeff"))
        if raw.strip() == "":
            continue
        if key is None:
            problems.append(f"line 1: unknown column {raw.strip()!r} (expected {', '.join(COLUMNS)})")
        elif key in mapping:
            problems.append(f"line 1: column {key!r} appears twice")
        else:
            mapping[key] = i
    for column in REQUIRED:
        if column not in mapping:
            problems.append(f"line 1: missing column {column!r}")
    if problems:
        raise GlossaryFileError(name, problems)
    return mapping


def terms_from_rows(rows: list[list[str]], name: str, glossary: str = "") -> list[Term]:
    """Validate a table (first row: header) and build its terms; all problems at once."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise GlossaryFileError(name, ["line 1: no header row (expected zh, en, ...)"])
    columns = _header_map(rows[0], name)
    problems: list[str] = []
    terms: list[Term] = []
    first_line: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = {key: (row[i].strip() if i < len(row) else "") for key, i in columns.items()}
        extra = [c for i, c in enumerate(row) if i not in columns.values() and c.strip()]
        if extra:
            problems.append(f"line {line}: {len(row)} cells but the header has {len(rows[0])} columns")
            continue
        missing = [key for key in REQUIRED if not cell.get(key)]
        if missing:
            problems.append(f"line {line}: empty {' and '.join(missing)}")
            continue
        zh = cell["zh"]
        if zh in first_line:
            problems.append(f"line {line}: duplicate term {zh!r} (first on line {first_line[zh]})")
            continue
        first_line[zh] = line
        variants, forbidden = split_values(cell.get("variants", "")), split_values(cell.get("forbidden", ""))
        clash = {v.lower() for v in (cell["en"],) + variants} & {f.lower() for f in forbidden}
        if clash:
            problems.append(f"line {line}: {sorted(clash)[0]!r} is both accepted and forbidden")
            continue
        terms.append(Term(zh, cell["en"], variants, forbidden, cell.get("note", ""), cell.get("source", ""),
                          cell.get("domain", ""), glossary))
    if problems:
        raise GlossaryFileError(name, problems)
    if not terms:
        raise GlossaryFileError(name, ["no terms below the header"])
    return terms


def read_table(path: str | Path, glossary: str = "") -> list[Term]:
    """Read a TSV, CSV or XLSX glossary file."""
    path = Path(path)
    data = read_bytes(path)
    name = str(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return terms_from_rows(_xlsx_rows(data, name), name, glossary)
    if path.suffix.lower() == ".tbx":
        from .tbx import read_tbx

        return read_tbx(path, glossary)
    text = decode_bytes(data, name).text
    first = text.split("\n", 1)[0]
    delimiter = "\t" if path.suffix.lower() == ".tsv" or "\t" in first else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"' if delimiter == "," else "\x00"))
    except csv.Error as exc:
        raise GlossaryFileError(name, [f"not a valid {'TSV' if delimiter == chr(9) else 'CSV'} file ({exc})"]) from None
    return terms_from_rows(rows, name, glossary)


def _xlsx_rows(data: bytes, name: str) -> list[list[str]]:
    import openpyxl

    from ..ingest.zipguard import check_zip

    check_zip(data, name, "XLSX workbook")  # a zip bomb is refused before anything is unpacked
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # read-only sheets are parsed while iterating: broken sheet XML fails here, not at load
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    except Exception as exc:
        raise InputError(f"{name}: not a readable XLSX workbook ({exc.__class__.__name__}: "
                         f"{str(exc)[:200] or 'no details'})") from None
    return rows


def write_table(terms: list[Term], path: str | Path, delimiter: str | None = None) -> Path:
    """Write terms as TSV (default for .tsv) or CSV with a BOM (for Excel); cells are neutralised
    against formula injection (a leading = + - @ gets an apostrophe)."""
    path = Path(path)
    delimiter = delimiter or ("," if path.suffix.lower() == ".csv" else "\t")
    rows = [list(COLUMNS)] + [
        [_safe_cell(c.replace("\t", " ").replace("\n", " ").replace("\r", " "))
         for c in (t.zh, t.en, join_values(t.variants), join_values(t.forbidden), t.note, t.source, t.domain)]
        for t in terms]
    if delimiter == "\t":  # TSV is read without quoting, so it is written without it
        path.write_text("".join("\t".join(row) + "\n" for row in rows), "utf-8")
        return path
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text("\ufeff" + out.getvalue(), "utf-8")
    return path


def _safe_cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
