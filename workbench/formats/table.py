"""Spreadsheet formats: CSV and TSV (UTF-8 with BOM, so Excel reads Chinese right) and XLSX
(header row, frozen panes, wrapped text). Cells that start with = + - @ are neutralised
against formula injection, and un-neutralised when a reviewed sheet is merged back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import InputError
from .rows import BilingualRow, ReadRow
from .safety import neutralise_formula, restore_formula

HEADER = ["id", "document", "position", "kind", "source", "mt", "target", "status", "score", "notes", "revision"]
REQUIRED = {"source", "target"}


def _cells(row: BilingualRow) -> list:
    return [row.id, row.document, row.position, row.kind, row.source, row.mt, row.target, row.status,
            "" if row.score is None else row.score, row.notes, row.revision]


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
    for row in rows:
        sheet.append([neutralise_formula(c) for c in _cells(row)])
    for column, width in zip("ABCDEFGHIJK", (8, 16, 8, 8, 50, 50, 50, 11, 7, 30, 8)):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    workbook.save(str(path))
    return len(rows)


def _read_rows(table: list[list], name: str) -> list[ReadRow]:
    if not table:
        raise InputError(f"{name}: the file is empty")
    header = [str(c or "").strip().lower().lstrip("\ufeff") for c in table[0]]
    missing = REQUIRED - set(header)
    if missing:
        raise InputError(f"{name}: line 1: missing column(s) {', '.join(sorted(missing))} (expected {', '.join(HEADER)})")
    index = {h: i for i, h in enumerate(header)}
    rows, problems = [], []

    def cell(values, key):
        i = index.get(key)
        value = values[i] if i is not None and i < len(values) else None
        return restore_formula(value) if isinstance(value, str) else value

    for line, values in enumerate(table[1:], start=2):
        if not any(v not in (None, "") for v in values):
            continue
        raw_id, raw_score, raw_rev = cell(values, "id"), cell(values, "score"), cell(values, "revision")
        try:
            seg_id = int(raw_id) if raw_id not in (None, "") else None
            score = int(float(raw_score)) if raw_score not in (None, "") else None
            revision = int(raw_rev) if raw_rev not in (None, "") else None
        except (TypeError, ValueError):
            problems.append(f"line {line}: id, score and revision must be numbers")
            continue
        if score is not None and not 0 <= score <= 100:
            problems.append(f"line {line}: score {score} is not between 0 and 100")
            continue
        status = cell(values, "status")
        rows.append(ReadRow(seg_id, str(cell(values, "source") or ""), str(cell(values, "target") or ""),
                            str(status).strip().lower() if status not in (None, "") else None, score,
                            None if cell(values, "notes") is None else str(cell(values, "notes")), revision, line))
    if problems:
        raise InputError(f"{name}: {len(problems)} problem(s), nothing merged: " + "; ".join(problems[:10]))
    return rows


def read_csv(path: str | Path, delimiter: str | None = None) -> list[ReadRow]:
    from ..ingest import decode_bytes
    from ..ingest.readers import read_bytes

    text = decode_bytes(read_bytes(path), str(path)).text
    delimiter = delimiter or ("\t" if Path(path).suffix.lower() == ".tsv" or "\t" in text.split("\n", 1)[0] else ",")
    try:
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(f"{path}: not a valid CSV file ({exc})") from None
    return _read_rows(table, str(path))


def read_xlsx(path: str | Path) -> list[ReadRow]:
    from openpyxl import load_workbook

    from ..ingest.readers import read_bytes

    data = read_bytes(path)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        table = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
    except Exception as exc:
        raise InputError(f"{path}: not a readable XLSX workbook ({exc.__class__.__name__})") from None
    return _read_rows(table, str(path))
