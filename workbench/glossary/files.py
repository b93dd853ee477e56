"""Glossary tables in and out: TSV, CSV (with or without BOM), XLSX and OmegaT's glossary text.

A table has a header row naming its columns (zh and en required; variants, forbidden, note,
source, domain optional, in any order; 中文/英文 and a few other spellings are understood).
Problems are collected with their line numbers: missing or unknown columns, empty required
cells, a term listed twice, a rendering that is both accepted and forbidden. If there is any,
:class:`GlossaryFileError` lists them all and nothing is imported.

OmegaT glossaries (``.txt``, ``.tab``, ``.utf8``) have no header: each line is source, target
and an optional comment, separated by tabs; lines starting with ``#`` are comments. We write one
line per term with the preferred rendering as the target and the rest in the comment, in labelled
fields OmegaT shows as they are and we read back (``Variants: a | b ‖ Forbidden: c ‖ Note: ...``).
A plain OmegaT glossary reads too: a free comment becomes the note, and a second line for the same
source adds a variant. A ``.txt`` file whose first line is a glossary header is read as a table.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ..errors import InputError
from .model import COLUMNS, REQUIRED, GlossaryFileError, Term, join_values, split_values
from .tbx import parse_tbx

ALIASES = {
    "zh": "zh",
    "chinese": "zh",
    "term": "zh",
    "中文": "zh",
    "术语": "zh",
    "zh-cn": "zh",
    "en": "en",
    "english": "en",
    "preferred": "en",
    "preferred_en": "en",
    "target": "en",
    "英文": "en",
    "译文": "en",
    "variants": "variants",
    "variant": "variants",
    "accepted": "variants",
    "variants_en": "variants",
    "forbidden": "forbidden",
    "avoid": "forbidden",
    "do not use": "forbidden",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "备注": "note",
    "source": "source",
    "sources": "source",
    "reference": "source",
    "出处": "source",
    "domain": "domain",
    "subject": "domain",
    "领域": "domain",
}


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
        terms.append(
            Term(
                zh,
                cell["en"],
                variants,
                forbidden,
                cell.get("note", ""),
                cell.get("source", ""),
                cell.get("domain", ""),
                glossary,
            )
        )
    if problems:
        raise GlossaryFileError(name, problems)
    if not terms:
        raise GlossaryFileError(name, ["no terms below the header"])
    return terms


#: glossary files read from their bytes (the others from their text)
BINARY_SUFFIXES = (".xlsx", ".xlsm", ".tbx")


def parse_glossary(data: bytes | str, name: str, glossary: str = "") -> list[Term]:
    """The terms of a TSV, CSV, XLSX, TBX or OmegaT glossary file, by ``name``'s extension: ``data``
    is the file's bytes for XLSX (past the zip guard) and TBX, its text for the others (the service
    reads, checks and decodes the file: ``service.reading.read_glossary``)."""
    suffix = Path(name).suffix.lower()
    if suffix in BINARY_SUFFIXES:
        data = data.encode("utf-8") if isinstance(data, str) else data
        if suffix == ".tbx":
            return parse_tbx(data, name, glossary)
        return terms_from_rows(_xlsx_rows(data, name), name, glossary)
    text = data if isinstance(data, str) else data.decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    if suffix in OMEGAT_SUFFIXES:
        first_filled = next((line for line in text.split("\n") if line.strip()), "")
        if not _is_table_header(first_filled):
            return terms_from_omegat(text, name, glossary)
    delimiter = "\t" if suffix == ".tsv" or "\t" in first else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"' if delimiter == "," else "\x00"))
    except csv.Error as exc:
        raise GlossaryFileError(name, [f"not a valid {'TSV' if delimiter == chr(9) else 'CSV'} file ({exc})"]) from None
    return terms_from_rows(rows, name, glossary)


def _xlsx_rows(data: bytes, name: str) -> list[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # read-only sheets are parsed while iterating: broken sheet XML fails here, not at load
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    except Exception as exc:
        raise InputError(
            f"{name}: not a readable XLSX workbook ({exc.__class__.__name__}: {str(exc)[:200] or 'no details'})"
        ) from None
    return rows


def write_table(terms: list[Term], path: str | Path, delimiter: str | None = None) -> Path:
    """Write terms as TSV (default for .tsv) or CSV with a BOM (for Excel); cells are neutralised
    against formula injection (a leading = + - @ gets an apostrophe)."""
    path = Path(path)
    delimiter = delimiter or ("," if path.suffix.lower() == ".csv" else "\t")
    rows = [list(COLUMNS)] + [
        [
            _safe_cell(c.replace("\t", " ").replace("\n", " ").replace("\r", " "))
            for c in (t.zh, t.en, join_values(t.variants), join_values(t.forbidden), t.note, t.source, t.domain)
        ]
        for t in terms
    ]
    if delimiter == "\t":  # TSV is read without quoting, so it is written without it
        path.write_text("".join("\t".join(row) + "\n" for row in rows), "utf-8")
        return path
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text("\ufeff" + out.getvalue(), "utf-8")
    return path


def _safe_cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


#: file endings OmegaT reads as tab-separated glossaries
OMEGAT_SUFFIXES = (".txt", ".tab", ".utf8")
OMEGAT_FIELDS = (
    ("variants", "Variants"),
    ("forbidden", "Forbidden"),
    ("note", "Note"),
    ("source", "Source"),
    ("domain", "Domain"),
)
FIELD_SEPARATOR = " \u2016 "  # ‖: rare in notes, so a comment splits back into its fields
_FIELD_SPLIT = re.compile(" \u2016 (?=(?:" + "|".join(label for _, label in OMEGAT_FIELDS) + "): )")
_FIELD_LABEL = re.compile("^(" + "|".join(label for _, label in OMEGAT_FIELDS) + "): ")


def _is_table_header(line: str) -> bool:
    cells = [c.strip().lower().lstrip("\ufeff") for c in re.split("[\t,]", line)]
    return bool(cells) and cells[0] in ALIASES and any(ALIASES.get(c) == "en" for c in cells[1:])


def _flat(value: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", value).strip()


def omegat_comment(term: Term) -> str:
    values = {
        "variants": join_values(term.variants),
        "forbidden": join_values(term.forbidden),
        "note": term.note,
        "source": term.source,
        "domain": term.domain,
    }
    return FIELD_SEPARATOR.join(f"{label}: {_flat(values[key])}" for key, label in OMEGAT_FIELDS if values[key].strip())


def omegat_text(terms: list[Term], title: str = "zh-en-workbench glossary") -> str:
    """OmegaT's glossary format: a ``#`` header, then source TAB preferred rendering TAB comment."""
    header = (
        f"# {_flat(title)}: Chinese (zh-CN) -> English (en). Columns: source, target, comment.\n"
        "# The target is the preferred rendering; the comment lists "
        + ", ".join(label for _, label in OMEGAT_FIELDS)
        + ".\n"
    )
    return header + "".join(f"{_flat(t.zh)}\t{_flat(t.en)}\t{omegat_comment(t)}".rstrip("\t") + "\n" for t in terms)


def write_omegat(terms: list[Term], path: str | Path) -> Path:
    """UTF-8 with a BOM: OmegaT guesses the encoding of .txt glossaries, and a BOM settles it."""
    path = Path(path)
    path.write_text("\ufeff" + omegat_text(terms), "utf-8")
    return path


def _parse_comment(comment: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in _FIELD_SPLIT.split(comment.strip()):
        match = _FIELD_LABEL.match(part)
        if match:
            key = next(k for k, label in OMEGAT_FIELDS if label == match.group(1))
            fields[key] = part[match.end() :].strip()
        elif part.strip():
            fields["note"] = (fields.get("note", "") + " " + part.strip()).strip()
    return fields


def terms_from_omegat(text: str, name: str, glossary: str = "") -> list[Term]:
    """Terms of an OmegaT glossary; all problems (with line numbers) at once."""
    problems: list[str] = []
    entries: dict[str, dict] = {}
    for line_no, line in enumerate(text.lstrip("\ufeff").split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        zh, en = cells[0].strip(), (cells[1].strip() if len(cells) > 1 else "")
        if not zh or not en:
            problems.append(f"line {line_no}: needs a source term and a target term separated by a tab")
            continue
        fields = _parse_comment("\t".join(cells[2:]))
        entry = entries.get(zh)
        if entry is None:
            entries[zh] = dict(
                line=line_no,
                en=en,
                variants=list(split_values(fields.get("variants", ""))),
                forbidden=list(split_values(fields.get("forbidden", ""))),
                note=fields.get("note", ""),
                source=fields.get("source", ""),
                domain=fields.get("domain", ""),
            )
            continue
        # another line for the same source: one more accepted rendering (OmegaT lists them together)
        entry["variants"] += [v for v in (en, *split_values(fields.get("variants", ""))) if v != entry["en"]]
        entry["forbidden"] += split_values(fields.get("forbidden", ""))
        for key in ("note", "source", "domain"):
            if fields.get(key) and fields[key] not in entry[key]:
                entry[key] = (entry[key] + " " + fields[key]).strip()
    terms = []
    for zh, e in entries.items():
        variants, forbidden = tuple(dict.fromkeys(e["variants"])), tuple(dict.fromkeys(e["forbidden"]))
        clash = {v.lower() for v in (e["en"],) + variants} & {f.lower() for f in forbidden}
        if clash:
            problems.append(f"line {e['line']}: {sorted(clash)[0]!r} is both accepted and forbidden")
            continue
        terms.append(Term(zh, e["en"], variants, forbidden, e["note"], e["source"], e["domain"], glossary))
    if problems:
        raise GlossaryFileError(name, problems)
    if not terms:
        raise GlossaryFileError(name, ["no terms (expected lines of source TAB target TAB comment)"])
    return terms
