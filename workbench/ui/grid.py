"""The review grid: one row per sentence pair, source and target side by side, as escaped HTML.

Each row carries its segment id (``data-id``); a click on a row is sent to the server by the
grid's ``js_on_load`` bridge (a ``pick`` event with the id). Status is a colour and a word, QA
flags are small badges, annotated error spans are highlighted in the target. Every piece of
user text goes through ``html.escape``.
"""

from __future__ import annotations

from html import escape

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
GRID_JS = """
element.addEventListener('click', (event) => {
  const row = event.target.closest('tr[data-id]');
  if (!row) return;
  const selection = window.getSelection();
  if (selection && selection.toString().length > 0 && row.contains(selection.anchorNode)) return;
  trigger('pick', {segment: Number(row.dataset.id)});
});
const centre = () => {
  const box = element.querySelector('.wb-grid-box');
  const row = element.querySelector('tr.wb-current');
  // the open row sits near the bottom of the grid, right above the editor, with the rows before it in view
  if (box && row) box.scrollTop = row.offsetTop + row.offsetHeight - box.clientHeight + 90;
};
watch('value', centre);
centre();
"""

GRID_CSS = """
#wb-grid { padding: 0 !important; }
#wb-grid .wb-grid-box { max-height: max(380px, calc(100vh - 262px)); overflow-y: auto; border: 1px solid #d8dde6;
  border-radius: 6px; background: #fff; }
/* with a row open, the grid gives room to the editor: rows, target, status, score and buttons fit 1280 x 800 */
#wb-grid:has(tr.wb-current) .wb-grid-box { max-height: max(300px, calc(100vh - 470px)); }
#wb-grid table.wb-grid { width: 100%; margin: 0; border-collapse: collapse; table-layout: fixed;
  font-family: "Noto Sans CJK SC", "Noto Sans", "DejaVu Sans", system-ui, sans-serif;
  font-size: 13px; line-height: 1.3; }
#wb-grid table.wb-grid th, #wb-grid table.wb-grid td { border: 0; }
#wb-grid thead th { position: sticky; top: 0; z-index: 1; background: #eef1f6; color: #333; text-align: left;
  font-weight: 600; padding: 3px 6px; border-bottom: 1px solid #d8dde6 !important; white-space: nowrap; }
#wb-grid col.n { width: 40px; } #wb-grid col.st { width: 86px; } #wb-grid col.qa { width: 128px; }
#wb-grid tbody tr { cursor: pointer; border-bottom: 1px solid #e6e9ef; }
#wb-grid tbody tr:hover { background: #f6f9ff; }
#wb-grid tbody tr:focus { outline: 2px solid #4a86d8; outline-offset: -2px; }
#wb-grid td { padding: 2px 6px; vertical-align: top; overflow: hidden; }
#wb-grid .wb-clip { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
#wb-grid td.src { border-right: 1px solid #eceff3 !important; }
#wb-grid tr.wb-current { background: #fff7dd; outline: 2px solid #e0a800; outline-offset: -2px; }
#wb-grid tr.wb-current .wb-clip { -webkit-line-clamp: unset; display: block; }
#wb-grid td.n { color: #778; font-size: 11.5px; text-align: right; }
#wb-grid .wb-st { display: inline-block; font-size: 11px; font-weight: 600; padding: 0 6px; border-radius: 9px;
  border: 1px solid; white-space: nowrap; line-height: 16px; }
#wb-grid .wb-st.new { color: #555; border-color: #aaa; background: #f2f2f2; }
#wb-grid .wb-st.translated { color: #1d4f91; border-color: #7aa5dc; background: #e8f0fb; }
#wb-grid .wb-st.reviewed { color: #7a4d00; border-color: #e0a84a; background: #fff3dc; }
#wb-grid .wb-st.approved { color: #1e6b2e; border-color: #6cbf7d; background: #e4f6e8; }
#wb-grid .wb-st.rejected { color: #9b1c1c; border-color: #e08a8a; background: #fde8e8; }
#wb-grid tr.st-approved td.n { box-shadow: inset 4px 0 #3f9c53; }
#wb-grid tr.st-reviewed td.n { box-shadow: inset 4px 0 #e0a84a; }
#wb-grid tr.st-rejected td.n { box-shadow: inset 4px 0 #d05252; }
#wb-grid tr.st-translated td.n { box-shadow: inset 4px 0 #7aa5dc; }
#wb-grid tr.st-new td.n { box-shadow: inset 4px 0 #ccc; }
#wb-grid .wb-da { font-size: 11px; color: #445; margin-left: 2px; white-space: nowrap; }
#wb-grid td.qa { line-height: 1.2; }
#wb-grid .wb-badge { display: inline-block; font-size: 10.5px; line-height: 14px; padding: 0 4px; margin: 0 2px 1px 0;
  border-radius: 3px; background: #fff1e0; color: #8a4b00; border: 1px solid #f0c48a; white-space: nowrap; }
#wb-grid mark.wb-err, #wb-errors mark.wb-err { background: #ffe1e1; border-bottom: 2px solid #d64545; padding: 0; }
#wb-grid mark.wb-err.minor, #wb-errors mark.wb-err.minor { background: #fff4c2; border-color: #d9a400; }
#wb-grid mark.wb-err.critical, #wb-errors mark.wb-err.critical { background: #ffc9c9; border-color: #a00; }
#wb-grid .wb-empty { padding: 1em; color: #666; }
"""


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
