"""HTML views of project data. Every piece of user text goes through ``html.escape``."""

from __future__ import annotations

from html import escape
from itertools import groupby

from .assets import asset
from .beads import BEADS_CSS
from .grid import GRID_CSS

KIND_LABEL = {"title": "Title", "heading": "Heading", "item": "Item", "toc": "Contents", "body": ""}

CSS = asset("document.css")


def highlight_terms(text: str, matcher=None) -> str:
    """``text`` escaped, with glossary terms wrapped in <mark> whose title gives their renderings."""
    if matcher is None:
        return escape(text)
    out, last = [], 0
    for hit in matcher.find(text):
        term = hit.term
        tip = term.en + (f" (also: {'; '.join(term.variants)})" if term.variants else "")
        tip += f" \u2014 avoid: {'; '.join(term.forbidden)}" if term.forbidden else ""
        out.append(escape(text[last : hit.start]))
        out.append(f'<mark class="wb-term" title="{escape(tip)}">{escape(hit.text)}</mark>')
        last = hit.end
    out.append(escape(text[last:]))
    return "".join(out)


def segments_by_paragraph(rows: list[dict], matcher=None) -> str:
    """Segments grouped into their paragraphs, numbered, with the paragraph kind shown and
    glossary terms highlighted (their renderings on hover) when a matcher is given."""
    if not rows:
        return "<p><em>No segments.</em></p>"
    parts = ['<div class="wb-doc">']
    for paragraph, group in groupby(rows, key=lambda r: r["paragraph"]):
        group = list(group)
        kind = group[0]["kind"] if group[0]["kind"] in ("title", "heading", "item", "toc") else "body"
        label = KIND_LABEL.get(kind, "")
        parts.append(f'<div class="wb-par {kind}"><span class="wb-pno">\u00b6{paragraph}</span>')
        if label:
            parts.append(f'<span class="wb-kind">{label}</span>')
        for row in group:
            parts.append(
                f'<span class="wb-seg" title="segment {row["position"]} ({escape(row["kind"])})">'
                f'<span class="wb-sno">{row["position"]}</span>{highlight_terms(row["source"], matcher)}</span>'
            )
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def removed_choice(line: dict) -> str:
    """The label of a removed line in the restore list (Gradio escapes it when shown)."""
    text = line["text"] if len(line["text"]) <= 90 else line["text"][:87] + "..."
    return f"line {line['number']} \u2014 {line['rule']}: {text}"


def diff_html(before: str, after: str) -> str:
    """Word-level diff of the post-edit against the MT: deletions struck through, insertions marked."""
    import difflib
    import re as _re

    a, b = _re.findall(r"\S+|\s+", before or ""), _re.findall(r"\S+|\s+", after or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f'<del class="wb-del">{escape("".join(a[i1:i2]))}</del>')
        if j2 > j1:
            out.append(f'<ins class="wb-ins">{escape("".join(b[j1:j2]))}</ins>')
    return f'<div class="wb-diff">{"".join(out) or "<em>no MT yet</em>"}</div>'


def flags_html(flags: list[dict]) -> str:
    if not flags:
        return '<div class="wb-qa ok">QA: no issues</div>'
    items = "".join(f"<li><b>{escape(f['check'])}</b>: {escape(f['message'])}</li>" for f in flags)
    return f'<div class="wb-qa"><ul>{items}</ul></div>'


def errors_html(errors: list[dict], target: str) -> str:
    if not errors:
        return "<em>No errors annotated.</em>"
    items = []
    for e in errors:
        span = target[e.get("start", 0) : e.get("end", 0)] if target else ""
        items.append(
            f"<li>{escape(e['severity'])} {escape(e['category'])}"
            + (f": \u201c{escape(span)}\u201d" if span else "")
            + (f" \u2014 {escape(e.get('note', ''))}" if e.get("note") else "")
            + "</li>"
        )
    return "<ul>" + "".join(items) + "</ul>"


REVIEW_CSS = asset("review.css")
# the grid's own rules travel with the review CSS (launch() passes CSS + REVIEW_CSS)
REVIEW_CSS += GRID_CSS + BEADS_CSS
