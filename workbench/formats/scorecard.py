"""The LQA scorecard as a file: XLSX (a "Scorecard" sheet with the summary and the errors per
category and severity, an "Errors" sheet with every error) or HTML (one page, every text
escaped). The figures come from :func:`workbench.lqa.scorecard`."""

from __future__ import annotations

import html
from pathlib import Path

from ..errors import WorkbenchError
from ..lqa import Scorecard
from .safety import sheet_text, xml_text

FORMATS = {".xlsx": "xlsx", ".html": "html", ".htm": "html"}
WORD_RULE = "Han characters + runs of Latin letters or digits"


def _number(value) -> str:
    if value is None:
        return "n/a"
    return str(value) if isinstance(value, int) else str(round(value, 2)).removesuffix(".0")


def summary(card: Scorecard) -> list[tuple[str, object]]:
    """The scorecard's headline figures, in order (label, value)."""
    return [
        ("Document", card.document),
        ("Segments", card.segments),
        ("Evaluated segments (assessed or reviewed)", card.evaluated),
        (f"Source words of the evaluated segments ({WORD_RULE})", card.words),
        ("Source words of the document", card.document_words),
        ("Weights", ", ".join(f"{k} {_number(v)}" for k, v in card.weights.items())),
        ("Errors", sum(sum(by.values()) for by in card.counts.values())),
        ("Penalty points", card.penalty),
        ("Penalty per 1,000 source words", card.per_1000),
        ("Threshold (most per 1,000 words for a pass)", card.threshold),
        ("Result", "PASS" if card.passed else "FAIL" if card.per_1000 is not None else "FAIL (nothing evaluated)"),
    ]


def _table(card: Scorecard) -> tuple[list[str], list[list]]:
    severities = list(card.weights)
    header = ["category", *severities, "errors", "penalty"]
    lines = []
    for category, by in card.counts.items():
        penalty = sum(card.weights[s] * by.get(s, 0) for s in severities)
        lines.append([category, *(by.get(s, 0) for s in severities), sum(by.values()), penalty])
    totals = [sum(line[i] for line in lines) for i in range(1, len(header))]
    lines.append(["total", *totals])
    return header, lines


def file_format(path: str | Path) -> str:
    """``xlsx`` or ``html``, by the file's extension; anything else is refused."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise WorkbenchError(f"{path}: a scorecard is written as .xlsx or .html")
    return fmt


def write(card: Scorecard, path: str | Path, fmt: str | None = None) -> str:
    """Write the scorecard as ``fmt`` (default: by the file's extension); returns the format."""
    fmt = fmt or file_format(path)
    (write_xlsx if fmt == "xlsx" else write_html)(card, path)
    return fmt


def write_xlsx(card: Scorecard, path: str | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Scorecard"
    bold = Font(bold=True)
    for label, value in summary(card):
        sheet.append([label, sheet_text(value)])
        sheet.cell(sheet.max_row, 1).font = bold
        if isinstance(value, str):
            sheet.cell(sheet.max_row, 2).data_type = "s"
    sheet.append([])
    header, lines = _table(card)
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for line in lines:
        sheet.append([sheet_text(v) for v in line])
        if line[0] == "total":
            for cell in sheet[sheet.max_row]:
                cell.font = bold
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 30
    errors = workbook.create_sheet("Errors")
    errors.append(["segment", "position", "category", "severity", "words", "note"])
    for cell in errors[1]:
        cell.font = bold
    for e in card.errors:
        errors.append([sheet_text(e[k]) for k in ("segment", "position", "category", "severity", "words", "note")])
        for cell in errors[errors.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text such as =SUM(...) stays text
    for column, width in zip("ABCDEF", (9, 9, 20, 10, 50, 50), strict=True):
        errors.column_dimensions[column].width = width
    workbook.save(str(path))


def write_html(card: Scorecard, path: str | Path) -> None:
    def esc(value) -> str:
        return html.escape(xml_text(str(value)) if not isinstance(value, float | int) else _number(value))

    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc('n/a' if v is None else v)}</td></tr>" for k, v in summary(card))
    header, lines = _table(card)
    table = "<tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr>"
    table += "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in line) + "</tr>" for line in lines)
    columns = ("segment", "position", "category", "severity", "words", "note")
    errors = "".join("<tr>" + "".join(f"<td>{esc(e[k])}</td>" for k in columns) + "</tr>" for e in card.errors)
    result = "pass" if card.passed else "fail"
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>LQA scorecard: {esc(card.document)}</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}"
        "th,td{border:1px solid #999;padding:.3em .6em;text-align:left;vertical-align:top}"
        ".pass{color:#060}.fail{color:#a00}</style></head><body>"
        f'<h1>LQA scorecard: {esc(card.document)} <span class="{result}">{result.upper()}</span></h1>'
        f"<table>{rows}</table><h2>Errors by category and severity</h2><table>{table}</table>"
        "<h2>Errors</h2><table><tr><th>segment</th><th>position</th><th>category</th><th>severity</th>"
        f"<th>words</th><th>note</th></tr>{errors}</table></body></html>\n"
    )
    Path(path).write_text(page, "utf-8")
