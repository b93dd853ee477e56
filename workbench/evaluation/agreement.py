"""Rater agreement: Krippendorff's alpha (the ``krippendorff`` package) over the items that
more than one rater rated."""

from __future__ import annotations

import numpy as np


def reliability_matrix(values: dict[tuple, float]) -> tuple[np.ndarray, list[str], list]:
    """``{(item, rater): value}`` as krippendorff's raters x items matrix (NaN: not rated), keeping
    only the items with at least two raters; returns (matrix, raters, items)."""
    raters_of: dict = {}
    for item, rater in values:
        raters_of.setdefault(item, set()).add(rater)
    items = sorted((i for i, r in raters_of.items() if len(r) >= 2), key=repr)
    raters = sorted({rater for item, rater in values if item in set(items)})
    matrix = np.full((len(raters), len(items)), np.nan)
    row = {r: i for i, r in enumerate(raters)}
    column = {item: j for j, item in enumerate(items)}
    for (item, rater), value in values.items():
        if item in column:
            matrix[row[rater], column[item]] = value
    return matrix, raters, items


def krippendorff_alpha(values: dict[tuple, float], level: str = "interval") -> dict:
    """Alpha of ``{(item, rater): value}`` on the overlapping items: ``{"alpha", "items", "raters"}``;
    alpha is None when no item has two raters, or every value is the same."""
    import krippendorff

    matrix, raters, items = reliability_matrix(values)
    alpha = None
    if items and len(np.unique(matrix[~np.isnan(matrix)])) > 1:
        alpha = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))
    return {"alpha": alpha, "items": len(items), "raters": len(raters), "level": level}
