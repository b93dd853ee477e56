"""Analysis bands: what share of a text the memory already covers, as CAT tools count it.

A segment counts once, in its best band, in this order: a repetition (a later copy of a
source already seen earlier in the same analysis, whatever the memory holds), 101 (same
sentence in the same context), 100, 95-99, 85-94, 75-84, 50-74, and new.
"""

from __future__ import annotations

BANDS = ("repetition", "101", "100", "95-99", "85-94", "75-84", "50-74", "new")
_FUZZY = ((101, "101"), (100, "100"), (95, "95-99"), (85, "85-94"), (75, "75-84"), (50, "50-74"))

#: How each band is named in tables (the app's Analysis tab, ``workbench analyze``).
BAND_LABELS = {
    "repetition": "Repetitions",
    "101": "101% (same context)",
    "100": "100%",
    "95-99": "95-99%",
    "85-94": "85-94%",
    "75-84": "75-84%",
    "50-74": "50-74%",
    "new": "No match",
}


def band_of(best_score: int | None) -> str:
    """The band of a segment whose best TM match scores ``best_score`` (None: no match)."""
    for floor, band in _FUZZY:
        if best_score is not None and best_score >= floor:
            return band
    return "new"


def empty_bands() -> dict[str, dict[str, int]]:
    return {band: {"segments": 0, "characters": 0} for band in BANDS}


def characters(source: str) -> int:
    """Characters a translator is paid for: everything but white space."""
    return sum(1 for ch in source if not ch.isspace())
