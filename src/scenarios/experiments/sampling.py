"""Sampled designs: a sample of the unit cube mapped onto checked ranges.

Every sampler draws points in [0, 1]^K and :func:`sampled_design` maps them onto the
keys' ranges: :func:`latin_hypercube` here, and the Morris and Sobol designs of
:mod:`scenarios.experiments.sensitivity`, whose analyses work on the unit sample kept
with the design.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from scenarios.experiments.design import (
    Axis,
    Design,
    check_count,
    check_ranges,
    check_seed,
    make_design,
)
from scenarios.experiments.extras import require


def _from_unit(axis: Axis, bounds: tuple[Any, ...], unit: np.ndarray) -> list[Any]:
    """Map points of [0, 1] onto a range: uniform for numbers, equal bins for levels.

    Integer keys and quarters take ``high - low + 1`` equally likely whole values, and
    ``k`` levels each take a bin of width ``1/k``, so every value is as likely under a
    uniform ``unit`` (1 itself, which Morris grids reach, falls in the top bin).
    """
    if axis.kind == "float":
        low, high = bounds
        return list(low + unit * (high - low))
    if axis.kind in ("integer", "quarter"):
        low, high = bounds
        whole = low + np.minimum(np.floor(unit * (high - low + 1)), high - low)
        return [int(value) for value in whole]
    index = np.minimum(np.floor(unit * len(bounds)), len(bounds) - 1).astype(int)
    return [bounds[i] for i in index]


def sampled_design(
    kind: str,
    ranges: Mapping[str, Any],
    unit: np.ndarray,
    *,
    seed: int | None,
    options: Mapping[str, Any] | None = None,
    source: str = "design",
) -> Design:
    """Map a sample of the unit cube onto checked ranges.

    Parameters
    ----------
    kind : str
        Name of the sampler.
    ranges : Mapping[str, object]
        Key -> ``(low, high)`` for numeric keys (floats, integers, quarters as
        ``"2025Q1"`` or quarter indices), or a sequence of levels (``None``: every level)
        for bool and choice levers, which are split into equally likely bins.
    unit : numpy.ndarray, shape (P, K)
        Points in [0, 1], one column per key in ``ranges`` order.
    seed : int or None
        Seed the sample came from (recorded with the design).
    options : Mapping, optional
        Sampler settings to record.
    source : str
        Names the design in error messages.

    Returns
    -------
    Design

    Raises
    ------
    ScenarioError
        For an unknown key or a range outside the registry's allowed range.
    """
    checked = check_ranges(ranges, source)
    unit = np.asarray(unit, dtype=float)
    columns = {
        each: _from_unit(each, bounds, unit[:, i])
        for i, (each, bounds) in enumerate(checked.items())
    }
    return make_design(
        kind,
        columns,
        ranges={each.key: bounds for each, bounds in checked.items()},
        seed=seed,
        unit=unit,
        options=dict(options or {}),
    )


def latin_hypercube(
    ranges: Mapping[str, Any], points: int, seed: int, *, source: str = "design"
) -> Design:
    """A Latin hypercube design (:class:`scipy.stats.qmc.LatinHypercube`, seeded).

    Each key's range is cut into ``points`` equal strata and every stratum is sampled
    exactly once. The sample is ``LatinHypercube(d=len(ranges), rng=seed).random(points)``
    mapped onto the ranges (see :func:`sampled_design`).

    Parameters
    ----------
    ranges : Mapping[str, object]
        Key -> ``(low, high)`` (numeric keys) or levels (bool and choice levers).
    points : int
        Number of design points, >= 1.
    seed : int
        Seed of the sample.
    source : str
        Names the design in error messages.

    Returns
    -------
    Design
        ``kind == "lhs"``.

    Raises
    ------
    ScenarioError
        For an unknown key, a range outside the registry's range or ``points < 1``.
    ScenariosError
        When scipy is not installed.
    """
    points = check_count(points, "points", source)
    seed = check_seed(seed, source)
    qmc = require("scipy.stats", "a Latin hypercube").qmc
    check_ranges(ranges, source)  # a bad key or range fails before any sampling
    unit = qmc.LatinHypercube(d=len(ranges), rng=int(seed)).random(points)
    return sampled_design("lhs", ranges, unit, seed=int(seed), source=source)
