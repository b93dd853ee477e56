"""The alignment's bead list: one row per bead, Chinese and English side by side, in the review
grid's style (a proportional font, rows of equal height whose long text is clipped to two lines,
the open bead shown in full), as escaped HTML.

Each row carries its bead number (``data-bead``); a click on a row is sent to the server by the
list's ``js_on_load`` bridge (a ``pick`` event with the number), which opens that bead. The
confidence is a number with two decimals and a colour band (red under 0.5, amber under 0.8,
white under 0.9, green from 0.9; the confidence is calibrated); a confirmed bead is blue and
says so. Every piece of user text goes through ``html.escape``.
"""

from __future__ import annotations

from html import escape

#: Runs once when the list is rendered: a click on a row (not a text selection) opens that bead;
#: after each re-render the open bead is scrolled into view.
BEADS_JS = """
element.addEventListener('click', (event) => {
  const row = event.target.closest('tr[data-bead]');
  if (!row) return;
  const selection = window.getSelection();
  if (selection && selection.toString().length > 0 && row.contains(selection.anchorNode)) return;
  trigger('pick', {bead: Number(row.dataset.bead)});
});
const centre = () => {
  const box = element.querySelector('.wb-beads-box');
  const row = element.querySelector('tr.wb-current');
  if (!box || !row) return;
  const below = row.offsetTop + row.offsetHeight > box.scrollTop + box.clientHeight;
  if (row.offsetTop < box.scrollTop || below) box.scrollTop = Math.max(0, row.offsetTop - 60);
};
watch('value', centre);
centre();
"""

BEADS_CSS = """
#wb-beads { padding: 0 !important; }
#wb-beads .wb-beads-box { max-height: max(320px, calc(100vh - 330px)); overflow-y: auto; border: 1px solid #d8dde6;
  border-radius: 6px; background: #fff; }
#wb-beads table.wb-beads { width: 100%; margin: 0; border-collapse: collapse; table-layout: fixed;
  font-family: "Noto Sans CJK SC", "Noto Sans", "DejaVu Sans", system-ui, sans-serif;
  font-size: 13px; line-height: 1.3; }
#wb-beads table.wb-beads th, #wb-beads table.wb-beads td { border: 0; }
#wb-beads thead th { position: sticky; top: 0; z-index: 1; background: #eef1f6; color: #333; text-align: left;
  font-weight: 600; padding: 3px 6px; border-bottom: 1px solid #d8dde6 !important; white-space: nowrap; }
#wb-beads col.n { width: 44px; } #wb-beads col.shape { width: 48px; } #wb-beads col.conf { width: 92px; }
#wb-beads tbody tr { cursor: pointer; border-bottom: 1px solid #e6e9ef; }
#wb-beads tbody tr:hover { background: #f6f9ff; }
#wb-beads td { padding: 2px 6px; vertical-align: top; overflow: hidden; }
/* two lines, always: every closed bead is as high as the next, however long its text */
#wb-beads .wb-clip { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden;
  height: 2.6em; }
#wb-beads td.zh { border-right: 1px solid #eceff3 !important; }
#wb-beads tr.wb-current { background: #fff7dd; outline: 2px solid #e0a800; outline-offset: -2px; }
#wb-beads tr.wb-current .wb-clip { -webkit-line-clamp: unset; display: block; height: auto; }
#wb-beads td.n { color: #778; font-size: 11.5px; text-align: right; }
#wb-beads td.shape { color: #556; font-size: 11.5px; white-space: nowrap; }
#wb-beads .wb-conf { display: inline-block; font-size: 11.5px; font-weight: 600; padding: 0 6px; border-radius: 9px;
  border: 1px solid; line-height: 16px; }
#wb-beads tr.low .wb-conf { color: #9b1c1c; border-color: #e08a8a; background: #fde8e8; }
#wb-beads tr.mid .wb-conf { color: #7a4d00; border-color: #e0a84a; background: #fff3dc; }
#wb-beads tr.fair .wb-conf { color: #444; border-color: #bbb; background: #fff; }
#wb-beads tr.good .wb-conf { color: #1e6b2e; border-color: #6cbf7d; background: #e4f6e8; }
#wb-beads tr.low td.n { box-shadow: inset 4px 0 #d05252; }
#wb-beads tr.mid td.n { box-shadow: inset 4px 0 #e0a84a; }
#wb-beads tr.good td.n { box-shadow: inset 4px 0 #6cbf7d; }
#wb-beads tr.confirmed { background: #eef4ff; }
#wb-beads tr.confirmed td.n { box-shadow: inset 4px 0 #4a86d8; }
#wb-beads .wb-ok { display: block; font-size: 10.5px; color: #1d4f91; font-weight: 600; }
#wb-beads .wb-none { color: #999; font-style: italic; }
#wb-beads .wb-empty { padding: 1em; color: #666; }
"""


def band(score: float) -> str:
    """The confidence band's class: ``low`` < 0.5 <= ``mid`` < 0.8 <= ``fair`` < 0.9 <= ``good``."""
    return "low" if score < 0.5 else "mid" if score < 0.8 else "fair" if score < 0.9 else "good"


def _side(text: str, lang: str, cls: str) -> str:
    inner = escape(text) if text.strip() else '<span class="wb-none">(none)</span>'
    return f'<td class="{cls}" lang="{lang}"><div class="wb-clip">{inner}</div></td>'


def beads_html(rows: list[dict], open_bead: int | None = None, empty: str = "No beads yet.") -> str:
    """The bead list (rows from ``service.bead_texts``, in the order to show); bead number
    ``open_bead`` is open: highlighted and in full."""
    if not rows:
        return f'<div class="wb-beads-box"><div class="wb-empty">{escape(empty)}</div></div>'
    parts = [
        '<div class="wb-beads-box"><table class="wb-beads"><colgroup><col class="n"><col class="zh"><col class="en">'
        '<col class="shape"><col class="conf"></colgroup><thead><tr><th>#</th><th>Chinese</th><th>English</th>'
        "<th>Shape</th><th>Confidence</th></tr></thead><tbody>"
    ]
    for r in rows:
        number, score = int(r["number"]), float(r["score"])
        classes = ["wb-bead", band(score)]
        if r["confirmed"]:
            classes.append("confirmed")
        if number == open_bead:
            classes.append("wb-current")
        ok = '<span class="wb-ok">confirmed</span>' if r["confirmed"] else ""
        parts.append(
            f'<tr data-bead="{number}" class="{" ".join(classes)}"><td class="n">{number}</td>'
            f"{_side(r['zh'], 'zh', 'zh')}{_side(r['en'], 'en', 'en')}"
            f'<td class="shape">{escape(str(r["kind"]))}</td>'
            f'<td class="conf"><span class="wb-conf" title="confidence">{score:.2f}</span>{ok}</td></tr>'
        )
    parts.append("</tbody></table></div>")
    return "".join(parts)
