"""Translation memory: normalising Chinese sources, a character n-gram index for candidates,
fuzzy match scores (rapidfuzz) and the analysis bands a project manager counts.

Pure functions and in-memory structures; the units themselves live in the project store and
the use-cases are in :mod:`workbench.service.tm`.
"""

from .analysis import BAND_LABELS, BANDS, band_of, empty_bands
from .index import NgramIndex
from .match import CONTEXT_SCORE, Match, diff_pieces, score
from .normalise import Normalised, normalise_source

__all__ = [
    "BAND_LABELS",
    "BANDS",
    "CONTEXT_SCORE",
    "Match",
    "NgramIndex",
    "Normalised",
    "band_of",
    "diff_pieces",
    "empty_bands",
    "normalise_source",
    "score",
]
