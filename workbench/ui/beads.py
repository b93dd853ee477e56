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

from .assets import asset

#: Runs once when the list is rendered: a click on a row (not a text selection) opens that bead;
#: after each re-render the open bead is scrolled into view.
BEADS_JS = asset("beads.js")

BEADS_CSS = asset("beads.css")


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
