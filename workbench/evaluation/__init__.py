"""Scores of human evaluation campaigns, as WMT computes them: pure functions over plain data
(no store). :mod:`.mqm` weighs error annotations, :mod:`.da` standardises direct assessment
scores per rater, :mod:`.ranking` orders systems with confidence intervals, significance
clusters and rank ranges, :mod:`.agreement` measures how far raters agree."""

from .agreement import krippendorff_alpha
from .da import DaRating, da_systems, z_scores
from .mqm import DEFAULT_WEIGHTS, MqmError, MqmRating, MqmWeights, mqm_systems, read_weights
from .ranking import SystemSample, rank_systems
from .scores import score_campaign

__all__ = [
    "DEFAULT_WEIGHTS",
    "DaRating",
    "MqmError",
    "MqmRating",
    "MqmWeights",
    "SystemSample",
    "da_systems",
    "krippendorff_alpha",
    "mqm_systems",
    "rank_systems",
    "read_weights",
    "score_campaign",
    "z_scores",
]
