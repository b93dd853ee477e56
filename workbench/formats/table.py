"""Spreadsheet formats: CSV and TSV (UTF-8 with BOM, so Excel reads Chinese right) and XLSX
(header row, frozen panes, wrapped text). Cells that start with = + - @ are neutralised
against formula injection, and un-neutralised when a reviewed sheet is merged back.

An XLSX cell holds at most 32,767 characters. A longer text is never cut silently: its cell
shows the beginning with a pointer, and the whole text is kept on the sheet "Full texts" in
parts; a merge of the sheet takes the whole text back as long as the cell was not edited.

The last column, ``errors``, holds the MQM errors of the latest assessment, one a line:
``accuracy / major / 4-14 "the words" / "note"`` (see :mod:`.issues`); a merge reads them back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import InputError
from .issues import cell_text, parse_cell
from .rows import BilingualRow, ReadRow
from .safety import neutralise_formula, restore_formula, sheet_text

HEADER = [
    "id",
    "document",
    "position",
    "kind",
    "source",
    "mt",
    "target",
    "status",
    "score",
    "notes",
    "revision",
    "errors",
]
REQUIRED = {"source", "target"}
#: Most characters Excel keeps in one cell.
CELL_LIMIT = 32_767
FULL_TEXTS = "Full texts"
CONTINUED = f" [\u2026 continued on the sheet \u201c{FULL_TEXTS}\u201d]"
_PART = 30_000
_LONG_COLUMNS = ("source", "mt", "target", "notes")


def score_value(value, line: int) -> int | None:
    """A DA score from a file: empty, or a finite number from 0 to 100 (InputError-ready message otherwise)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"line {line}: score {value!r} is not a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"line {line}: score {str(value)[:40]!r} is not a number") from None
    if not (0 <= number <= 100):  # also refuses nan and inf
        raise ValueError(f"line {line}: score {str(value)[:40]} is not between 0 and 100")
    return int(number)


def _cells(row: BilingualRow) -> list:
    return [
        row.id,
        row.document,
        row.position,
        row.kind,
        row.source,
        row.mt,
        row.target,
        row.status,
        "" if row.score is None else row.score,
        row.notes,
        row.revision,
        cell_text(row.errors, row.target),
    ]


def write_csv(rows: list[BilingualRow], path: str | Path, delimiter: str = ",") -> int:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([neutralise_formula(c) for c in _cells(row)])
    Path(path).write_text("\ufeff" + out.getvalue(), "utf-8", newline="")
    return len(rows)


def write_xlsx(rows: list[BilingualRow], path: str | Path) -> int:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Translation"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    full_texts: list[list] = []
    for row in rows:
        cells = [sheet_text(c) for c in _cells(row)]
        for column in _LONG_COLUMNS:
            i = HEADER.index(column)
            if isinstance(cells[i], str) and len(cells[i]) > CELL_LIMIT:
                full = cells[i]
                cells[i] = shortened(full)
                full_texts += [
                    [row.id, column, n, sheet_text(full[k : k + _PART])]
                    for n, k in enumerate(range(0, len(full), _PART), 1)
                ]
        sheet.append(cells)
        _as_text(sheet[sheet.max_row])
    for column, width in zip("ABCDEFGHIJKL", (8, 16, 8, 8, 50, 50, 50, 11, 7, 30, 8, 40), strict=False):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    if full_texts:
        extra = workbook.create_sheet(FULL_TEXTS)
        extra.append(["id", "column", "part", "text"])
        for line in full_texts:
            extra.append(line)
            _as_text(extra[extra.max_row])
    workbook.save(str(path))
    return len(rows)


def _as_text(cells) -> None:
    """Text cells stay text: openpyxl would store a value starting with = as a formula."""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def shortened(full: str) -> str:
    """What the main sheet shows of a text over :data:`CELL_LIMIT` (``full`` already guarded)."""
    return full[: CELL_LIMIT - len(CONTINUED)] + CONTINUED


def _full_texts(table: list[list]) -> dict[tuple[str, str], str]:
    """(segment id, column) -> whole text as exported (formula-guarded), from the "Full texts" sheet."""
    parts: dict[tuple[str, str], list] = {}
    for values in table[1:]:
        if len(values) < 4 or values[0] in (None, "") or values[1] is None:
            continue
        parts.setdefault((str(values[0]), str(values[1])), []).append((values[2] or 0, values[3] or ""))
    return {
        key: "".join(restore_formula(str(t)) for _, t in sorted(chunks, key=lambda c: c[0]))
        for key, chunks in parts.items()
    }


def _read_rows(table: list[list], name: str, full_texts: dict | None = None) -> list[ReadRow]:
    if not table:
        raise InputError(f"{name}: the file is empty")
    header = [str(c or "").strip().lower().lstrip("\ufeff") for c in table[0]]
    missing = REQUIRED - set(header)
    if missing:
        raise InputError(
            f"{name}: line 1: missing column(s) {', '.join(sorted(missing))} (expected {', '.join(HEADER)})"
        )
    index = {h: i for i, h in enumerate(header)}
    rows, problems = [], []

    def cell(values, key):
        i = index.get(key)
        value = values[i] if i is not None and i < len(values) else None
        if full_texts and isinstance(value, str) and value.endswith(CONTINUED):
            full = full_texts.get((str(values[index["id"]]) if "id" in index else "", key))
            if full is not None and shortened(full) == value:  # the cell was not edited: take the whole text
                return restore_formula(full)
        return restore_formula(value) if isinstance(value, str) else value

    for line, values in enumerate(table[1:], start=2):
        if not any(v not in (None, "") for v in values):
            continue
        raw_id, raw_score, raw_rev = cell(values, "id"), cell(values, "score"), cell(values, "revision")
        try:
            seg_id = int(raw_id) if raw_id not in (None, "") else None
            revision = int(raw_rev) if raw_rev not in (None, "") else None
        except (TypeError, ValueError, OverflowError):
            problems.append(f"line {line}: id and revision must be whole numbers")
            continue
        try:
            score = score_value(raw_score, line)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        status = cell(values, "status")
        target = str(cell(values, "target") or "")
        errors = None
        if "errors" in index:
            try:
                errors = parse_cell(cell(values, "errors"), target)
            except ValueError as exc:
                problems.append(f"line {line}: {exc}")
                continue
        rows.append(
            ReadRow(
                seg_id,
                str(cell(values, "source") or ""),
                target,
                str(status).strip().lower() if status not in (None, "") else None,
                score,
                None if cell(values, "notes") is None else str(cell(values, "notes")),
                revision,
                line,
                errors=errors,
            )
        )
    if problems:
        raise InputError(f"{name}: {len(problems)} problem(s), nothing merged: " + "; ".join(problems[:10]))
    return rows


def parse_csv(text: str, name: str, delimiter: str | None = None) -> list[ReadRow]:
    """The rows of a reviewed CSV or TSV sheet, from its text (the service reads and decodes the file);
    the delimiter is a tab for a ``.tsv`` name or a tab in the header line, else a comma."""
    delimiter = delimiter or ("\t" if Path(name).suffix.lower() == ".tsv" or "\t" in text.split("\n", 1)[0] else ",")
    # csv refuses fields over 131,072 characters by default; the whole text (already under the file-size cap) may be one
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    # strict: a quote that is never closed is an error, not the rest of the file read as one field
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    table: list[list[str]] = []
    row_start = 1
    try:
        for row in reader:
            table.append(row)
            row_start = reader.line_num + 1
    except csv.Error as exc:
        unclosed = "unexpected end of data" in str(exc)
        reason = "a quote opened on this line is never closed" if unclosed else str(exc)
        raise InputError(
            f"{name}, line {row_start if unclosed else reader.line_num}: not a valid CSV file ({reason})"
        ) from None
    return _read_rows(table, name)


def parse_xlsx(data: bytes, name: str) -> list[ReadRow]:
    """The rows of a reviewed XLSX workbook, from its bytes (read and passed through the zip guard
    by the service)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        table = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
        full = (
            [list(r) for r in workbook[FULL_TEXTS].iter_rows(values_only=True)]
            if FULL_TEXTS in workbook.sheetnames
            else []
        )
        workbook.close()
    except Exception as exc:
        raise InputError(
            f"{name}: not a readable XLSX workbook ({exc.__class__.__name__}: {str(exc)[:200] or 'no details'})"
        ) from None
    return _read_rows(table, name, _full_texts(full))
