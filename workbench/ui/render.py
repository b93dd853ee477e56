"""HTML views of project data. Every piece of user text goes through ``html.escape``."""

from __future__ import annotations

from html import escape
from itertools import groupby

from .beads import BEADS_CSS
from .grid import GRID_CSS

KIND_LABEL = {"title": "Title", "heading": "Heading", "item": "Item", "toc": "Contents", "body": ""}

CSS = """
.wb-doc { font-size: 15px; line-height: 1.7; }
.wb-par { margin: 0 0 .8em 0; padding: .3em .6em; border-left: 3px solid #ddd; }
.wb-par.title { border-color: #7a4; font-weight: 600; }
.wb-par.heading { border-color: #47a; font-weight: 600; }
.wb-par.item { border-color: #a74; }
.wb-par.toc { border-color: #bbb; color: #666; margin-bottom: .2em; }
.wb-pno { color: #888; font-size: 12px; margin-right: .5em; }
.wb-seg { padding: 0 .15em; border-radius: 3px; }
.wb-seg:hover { background: #fff3c4; }
.wb-sno { color: #999; font-size: 10px; vertical-align: super; margin-right: 1px; }
.wb-kind { color: #fff; background: #888; font-size: 10px; border-radius: 3px; padding: 0 4px; margin-right: 4px; }
mark.wb-term { background: #e3f0ff; border-bottom: 2px solid #4a86d8; padding: 0 1px; cursor: help; }
"""


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


REVIEW_CSS = """
.wb-diff { padding: .4em .6em; background: #fafafa; border: 1px solid #eee; border-radius: 4px; line-height: 1.6; }
del.wb-del { background: #fde2e1; color: #a33; }
ins.wb-ins { background: #dcf5dc; color: #264; text-decoration: none; }
.wb-qa { padding: .3em .6em; border-left: 3px solid #d9822b; background: #fff8ef; }
.wb-qa.ok { border-color: #4a4; background: #f3fbf3; }
.wb-source { font-size: 16px; line-height: 1.8; padding: .4em .6em; background: #f7f9fc; border-radius: 4px; }
#wb-review-bar { gap: 6px; padding: 4px 8px !important; }
#wb-review-bar label span, #wb-review-bar .block-info { font-size: 12px; margin-bottom: 2px; }
#wb-review-bar input, #wb-review-bar textarea { padding: 4px 8px !important; min-height: 0; }
#wb-review-bar > div { padding: 0 !important; }
#wb-grid-info { margin: 0 0 -8px 0; font-size: 12px; color: #555; min-height: 0; }
#wb-grid-info p { margin: 0; }
#wb-editor { border-top: 3px solid #e0a800; padding-top: 2px; gap: 6px; }
#wb-actions { flex-wrap: wrap; gap: 4px; }
#wb-actions button, #wb-mark button { flex: 0 0 auto !important; min-width: 0 !important; width: auto !important;
  padding: 2px 10px; }
#wb-judgement { align-items: flex-end; }
#wb-unscore { align-self: flex-end; max-height: 40px; white-space: nowrap; }
#wb-status label { padding: 2px 8px !important; }
#wb-editor .wb-source { font-size: 15px; line-height: 1.6; padding: .2em .5em; }
.wb-editor-head { font-size: 13px; color: #444; }
#wb-target textarea { font-size: 15px; line-height: 1.5;
  font-family: "Noto Sans", "DejaVu Sans", system-ui, sans-serif; }
.wb-label { font-size: 12px; color: #666; margin-top: 6px; }
.wb-help { font-size: 12px; color: #555; line-height: 1.5; }
.wb-mt { padding: .3em .5em; background: #f4f6fa; border-radius: 4px; margin: 4px 0; }
ul.wb-terms { list-style: none; padding: 0; margin: 0; } ul.wb-terms li { margin: 2px 0; }
button.wb-chip { border: 1px solid #7aa5dc; background: #e8f0fb; color: #1d4f91; border-radius: 10px; padding: 0 8px;
  margin: 1px 2px; font-size: 12.5px; cursor: pointer; }
.wb-avoid { color: #9b1c1c; font-size: 12px; } .wb-note { color: #666; font-size: 12px; }
.wb-errors ul { margin: 2px 0 0 1.2em; font-size: 13px; } .wb-marked { font-size: 14px; }
table.wb-history { font-size: 12px; border-collapse: collapse; } table.wb-history td, table.wb-history th {
  border-bottom: 1px solid #eee; padding: 2px 4px; text-align: left; vertical-align: top; }
button.wb-sev.minor { background: #fff4c2; } button.wb-sev.major { background: #ffe1e1; }
button.wb-sev.critical { background: #ffc9c9; }
#wb-translate-notice { min-height: 64px; }
"""
# the grid's own rules travel with the review CSS (launch() passes CSS + REVIEW_CSS)
REVIEW_CSS += GRID_CSS + BEADS_CSS
