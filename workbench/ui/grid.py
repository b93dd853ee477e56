"""The review grid: one row per sentence pair, source and target side by side, as escaped HTML.

Each row carries its segment id (``data-id``); a click on a row is sent to the server by the
grid's ``js_on_load`` bridge (a ``pick`` event with the id). Status is a colour and a word, QA
flags are small badges, annotated error spans are highlighted in the target. Every piece of
user text goes through ``html.escape``.
"""

from __future__ import annotations

from html import escape

from .assets import asset

#: Short badge words for the QA checks (the full messages are in the badge's tooltip).
BADGE = {
    "glossary": "term",
    "numbers": "number",
    "untranslated": "zh left",
    "empty": "empty",
    "length": "length",
    "doubled": "doubled",
    "brackets": "brackets",
    "codes": "codes",
}

STATUS_WORD = {
    "new": "new",
    "translated": "MT draft",
    "reviewed": "reviewed",
    "approved": "approved",
    "rejected": "rejected",
}

#: Runs once when the grid is rendered: a click on a row (not a text selection) opens it; after
#: each re-render the open row is scrolled into the middle of the grid, so the context above and
#: below stays in view.
GRID_JS = asset("grid.js")

GRID_CSS = asset("grid.css")


def marked_target(target: str, errors: list[dict]) -> str:
    """``target`` escaped, with each annotated error span wrapped in a <mark> (overlaps clipped)."""
    out, last = [], 0
    for e in sorted(errors or [], key=lambda e: (int(e.get("start", 0)), -int(e.get("end", 0)))):
        start, end = max(int(e.get("start", 0)), last), min(int(e.get("end", 0)), len(target))
        if end <= start:
            continue
        tip = f"{e.get('severity', '')} {e.get('category', '')}" + (f": {e['note']}" if e.get("note") else "")
        severity = e.get("severity", "") if e.get("severity") in ("minor", "major", "critical") else "major"
        out.append(escape(target[last:start]))
        out.append(f'<mark class="wb-err {severity}" title="{escape(tip)}">{escape(target[start:end])}</mark>')
        last = end
    out.append(escape(target[last:]))
    return "".join(out)


def grid_html(rows: list[dict], current_id: int | None = None, assessments: dict[int, dict] | None = None) -> str:
    """The bilingual grid of one page of segments (rows from ``service.review_page``)."""
    if not rows:
        return '<div class="wb-grid-box"><div class="wb-empty">No segments match.</div></div>'
    assessments = assessments or {}
    parts = [
        '<div class="wb-grid-box"><table class="wb-grid"><colgroup><col class="n"><col class="src">'
        '<col class="tgt">'
        '<col class="st"><col class="qa"></colgroup><thead><tr><th>#</th><th>Source (zh)</th>'
        "<th>Target (en)</th><th>Status</th><th>QA</th></tr></thead><tbody>"
    ]
    for r in rows:
        status = r["status"] if r["status"] in STATUS_WORD else "new"
        assessment = assessments.get(r["id"], {})
        current = " wb-current" if r["id"] == current_id else ""
        score = assessment.get("score")
        da = f'<span class="wb-da">DA {int(score)}</span>' if score is not None else ""
        checks = list(dict.fromkeys(f["check"] for f in r.get("flags", [])))
        badges = "".join(
            f'<span class="wb-badge" title="{escape("; ".join(f["message"] for f in r["flags"] if f["check"] == c))}">'
            f"{escape(BADGE.get(c, c))}</span>"
            for c in checks[:2]
        )
        if len(checks) > 2:  # the rest in one "+N" badge: a row stays two lines high
            rest = "; ".join(f["message"] for f in r["flags"] if f["check"] in checks[2:])
            badges += f'<span class="wb-badge more" title="{escape(rest)}">+{len(checks) - 2}</span>'

        parts.append(
            f'<tr tabindex="-1" data-id="{int(r["id"])}" data-pos="{int(r["position"])}" '
            f'class="wb-row st-{status}{current}">'
            f'<td class="n">{int(r["position"])}</td>'
            f'<td class="src" lang="zh"><div class="wb-clip">{escape(r["source"])}</div></td>'
            f'<td class="tgt" lang="en"><div class="wb-clip">'
            f"{marked_target(r.get('target') or '', assessment.get('errors', []))}</div></td>"
            f'<td class="st"><span class="wb-st {status}">{STATUS_WORD[status]}</span>{da}</td>'
            f'<td class="qa">{badges}</td></tr>'
        )
    parts.append("</tbody></table></div>")
    return "".join(parts)
