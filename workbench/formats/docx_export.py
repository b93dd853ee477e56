"""DOCX: a bilingual two-column table (headings kept as heading rows), or the English alone in
the document's original structure (title, headings, paragraphs)."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from ..placeholders import strip_codes
from .rows import BilingualRow
from .safety import xml_text


def _paragraphs(rows: list[BilingualRow]):
    """(paragraph kind, [rows]) in document order."""
    for _, group in groupby(rows, key=lambda r: (r.document, r.paragraph)):
        group = list(group)
        yield group[0].kind, group


def write_bilingual(rows: list[BilingualRow], path: str | Path, title: str = "") -> int:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    if title:
        document.add_heading(xml_text(title), level=0)
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Chinese", "English"
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = xml_text(row.source), xml_text(row.target)
        if row.kind in ("title", "heading"):
            for cell in cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
                    run.font.size = Pt(12)
    document.save(str(path))
    return len(rows)


def _english(row: BilingualRow) -> str:
    """What the English document shows for a row: its translation without inline-code placeholders
    (a document has no codes), or the source where there is none or it was rejected."""
    return strip_codes(row.target) if row.target and row.status != "rejected" else row.source


def write_english(rows: list[BilingualRow], path: str | Path) -> int:
    """The translation alone: a segment's target in its paragraph; an untranslated segment, or one
    whose translation was rejected, gives its Chinese source instead (a rejected text never
    reaches the English document). Inline-code placeholders (⟦1⟧) are left out."""
    import docx

    document = docx.Document()
    for kind, group in _paragraphs(rows):
        text = " ".join(xml_text(_english(r)) for r in group)
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind == "heading":
            document.add_heading(text, level=1)
        elif kind == "item":
            document.add_paragraph(text, style="List Paragraph")
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return len(rows)
