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
    overlapping = set(items)
    raters = sorted({rater for item, rater in values if item in overlapping})
    matrix = np.full((len(raters), len(items)), np.nan)
    row = {r: i for i, r in enumerate(raters)}
    column = {item: j for j, item in enumerate(items)}
    for (item, rater), value in values.items():
        if item in column:
            matrix[row[rater], column[item]] = value
    return matrix, raters, items


#: krippendorff builds an items x values x values array: above this many cells, alpha is computed
#: on a seeded random sample of the overlapping items that fits (``"sampled"`` says how many)
MAX_CELLS = 10_000_000


def krippendorff_alpha(values: dict[tuple, float], level: str = "interval", seed: int = 1) -> dict:
    """Alpha of ``{(item, rater): value}`` on the overlapping items:
    ``{"alpha", "items", "raters", "level", "sampled"}``; alpha is None when no item has two
    raters, or every value is the same. Values are rounded to 6 decimals (0.1 + 0.2 is 0.3)."""
    import krippendorff

    matrix, raters, items = reliability_matrix({k: round(v, 6) for k, v in values.items()})
    alpha, sampled = None, None
    domain = np.unique(matrix[~np.isnan(matrix)])
    if items and len(domain) > 1:
        fits = max(2, MAX_CELLS // (len(domain) ** 2))
        if len(items) > fits:
            keep = np.sort(np.random.default_rng(seed).choice(len(items), fits, replace=False))
            matrix, sampled = matrix[:, keep], fits
        alpha = float(
            krippendorff.alpha(
                reliability_data=matrix,
                level_of_measurement=level,  # type: ignore[arg-type]
                value_domain=domain,
            )
        )
    return {"alpha": alpha, "items": len(items), "raters": len(raters), "level": level, "sampled": sampled}
