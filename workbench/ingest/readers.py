"""Read a report from a file: plain text in any common Chinese encoding, .docx, or .html.

Every failure (missing path, folder, unreadable file, binary data, broken .docx) becomes one
InputError that names the file and the problem.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .decode import MAX_BYTES, decode_bytes
from .zipguard import check_zip

_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<meta|<article|<div|<p[\s>])", re.I)


@dataclass(frozen=True)
class SourceText:
    """The text of an input file with how it was read (``utf-8``, ``gb18030``, ``docx``, ``html``...)."""

    text: str
    encoding: str
    name: str


def read_bytes(path: str | Path) -> bytes:
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(f"{name}: no such file")
    if p.is_dir():
        raise InputError(f"{name}: is a folder, not a file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{name}: file is too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES // 1_000_000} MB)"
            )
        return p.read_bytes()
    except PermissionError:
        raise InputError(f"{name}: permission denied, the file cannot be read") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None


def read_source(path: str | Path) -> SourceText:
    """Read ``path`` as a report, choosing the reader by extension and content."""
    data = read_bytes(path)
    return source_from_bytes(data, Path(path).name, shown_name=str(path))


def source_from_bytes(data: bytes, filename: str, shown_name: str | None = None) -> SourceText:
    """Decode an upload's bytes; ``filename`` picks the reader (.docx, .html, anything else is text)."""
    name = shown_name or filename
    suffix = Path(filename).suffix.lower()
    if suffix == ".docx" or (data.startswith(b"PK\x03\x04") and b"word/" in data[:4096]):
        return SourceText(docx_text(data, name), "docx", filename)
    if suffix in (".html", ".htm", ".xhtml") or _HTML_START.match(data[:2048].lstrip(b"\xef\xbb\xbf")):
        decoded = decode_bytes(data, name)
        return SourceText(html_text(decoded.text), f"html/{decoded.encoding}", filename)
    decoded = decode_bytes(data, name)
    return SourceText(decoded.text, decoded.encoding, filename)


def docx_text(data: bytes, name: str) -> str:
    """Paragraphs of a .docx (body and tables, in document order), one per line."""
    check_zip(data, name, ".docx file")  # a zip bomb is refused before anything is unpacked
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{name}: not a readable .docx file ({exc.__class__.__name__})") from None
    except Exception as exc:  # python-docx raises several kinds on broken packages
        raise InputError(f"{name}: not a readable .docx file ({str(exc) or exc.__class__.__name__})") from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = []
                for cell in row.cells:
                    if cell.text not in cells:  # merged cells repeat their text
                        cells.append(cell.text)
                lines.append("\t".join(cells))
    text = "\n\n".join(line for line in lines)
    if not text.strip():
        raise InputError(f"{name}: the document has no text")
    return text


_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
)
_BLOCK_TAGS = (
    "p",
    "div",
    "section",
    "article",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "br",
    "tr",
    "blockquote",
    "pre",
)


def html_text(markup: str) -> str:
    """The article text of a web page: the block with the most paragraph text, one paragraph per line.

    Navigation, scripts, headers, footers and side bars are dropped first; then the element
    whose direct paragraphs hold the most text is taken as the article (the readability
    heuristic). The page title is kept as the first line when it is not already there.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    body = soup.body or soup
    best, best_score = body, 0
    for candidate in body.find_all(["article", "main", "div", "section", "td"]):
        score = sum(len(p.get_text(strip=True)) for p in candidate.find_all(["p", "h1", "h2", "h3"], recursive=False))
        if candidate.name in ("article", "main"):
            score *= 1.5
        if score > best_score:
            best, best_score = candidate, score
    for br in best.find_all("br"):
        br.replace_with("\n")
    lines: list[str] = []
    for element in best.find_all(_BLOCK_TAGS):
        if element.find(_BLOCK_TAGS):  # only the innermost blocks carry text of their own
            own = "".join(s for s in element.find_all(string=True, recursive=False)).strip()
            if own:
                lines.append(own)
            continue
        text = element.get_text("", strip=False).strip()
        if text:
            lines.extend(part.strip() for part in text.split("\n") if part.strip())
    if not lines:
        lines = [line.strip() for line in best.get_text("\n").split("\n") if line.strip()]
    heading = soup.find(["h1"])
    if title and not any(title in line or line in title for line in lines[:3]) and not heading:
        lines.insert(0, title)
    return "\n\n".join(lines)
