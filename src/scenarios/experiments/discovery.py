"""Scenario discovery: PRIM finds where in the design space an outcome crosses a threshold.

Needs the optional extra ``analysis`` (prim); see :mod:`scenarios.experiments.extras`.
Any sweep will do, a Latin hypercube covering the space best. The box is reported in
the keys' own units, with the levels kept by bool, choice and quarter levers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from scenarios.errors import ScenariosError
from scenarios.experiments.design import Design, axis
from scenarios.experiments.extras import require
from scenarios.experiments.results import SweepResult
from scenarios.quarters import format_quarter


@dataclass(frozen=True)
class Discovery:
    """A PRIM box: where in the design space an outcome crosses a threshold.

    Attributes
    ----------
    box : pandas.DataFrame
        One row per restricted key: ``parameter``, ``low``, ``high`` (numeric keys, in
        the key's units, quarter levers as quarter indices; NaN for levers with levels),
        ``levels`` (the levels kept by choice and bool levers, the quarters kept by
        quarter levers; empty otherwise) and ``qp_value`` (PRIM's quasi-p value of the
        restriction).
    summary : pandas.DataFrame
        One row: ``outcome``, ``threshold``, ``direction``, ``cases`` (points of
        interest), ``points``, ``coverage`` (share of the cases inside the box),
        ``density`` (share of the box's points that are cases), ``mass`` (share of all
        points inside) and ``restricted`` (keys restricted).
    trajectory : pandas.DataFrame
        The peeling trajectory: ``step``, ``coverage``, ``density``, ``mass``,
        ``restricted``; the chosen box is the last step.
    """

    box: pd.DataFrame
    summary: pd.DataFrame
    trajectory: pd.DataFrame


def _encode(design: Design, end: int) -> tuple[pd.DataFrame, dict[str, tuple[Any, ...]]]:
    """Design columns as numbers PRIM peels: levels as ordered codes, no-ceasefire as ``end``.

    Bool and choice levers are coded in their registry order, which for ``china_stance``
    (distancing, cautious, supportive) is the order the model gives them; a quarter
    lever's "none" is coded as the first quarter after the run, which it is equivalent to.
    """
    encoded = {}
    levels: dict[str, tuple[Any, ...]] = {}
    for key in design.keys:
        column = design.table[key]
        each = axis(key, "discover")
        if each.kind in ("bool", "choice"):
            levels[key] = each.levels
            encoded[key] = np.array([levels[key].index(v) for v in column], dtype=np.int64)
        elif column.dtype == "Int64":
            encoded[key] = column.fillna(end).to_numpy(dtype=np.int64)
        else:
            encoded[key] = column.to_numpy()
    return pd.DataFrame(encoded), levels


def discover(
    result: SweepResult,
    outcome: str,
    threshold: float,
    *,
    direction: str = ">",
    statistic: str = "mean",
    peel_alpha: float = 0.05,
    paste_alpha: float = 0.05,
    mass_min: float = 0.05,
) -> Discovery:
    """Find the box of design values where ``outcome`` is above (or below) ``threshold``.

    Parameters
    ----------
    result : SweepResult
        Any sweep; a Latin hypercube covers the space best.
    outcome : str
        ``"metric"`` or ``"metric@QUARTER"``, e.g. ``"bipolarity"`` for a bipolar order
        at the horizon.
    threshold : float
        A point is a case of interest when its outcome ``direction`` ``threshold``.
    direction : {">", ">=", "<", "<="}
        The comparison.
    statistic : str
        Summary over a point's members (see
        :data:`~scenarios.experiments.tables.STATISTICS`).
    peel_alpha, paste_alpha, mass_min : float
        PRIM's peeling and pasting step sizes and the smallest box mass.

    Returns
    -------
    Discovery

    Raises
    ------
    ScenariosError
        When prim is missing, or no point or every point is a case.
    """
    prim = require("prim", "PRIM scenario discovery")
    comparisons = {">": np.greater, ">=": np.greater_equal, "<": np.less, "<=": np.less_equal}
    if direction not in comparisons:
        raise ScenariosError(
            f"discover: direction {direction!r}; allowed: {', '.join(comparisons)}"
        )
    y = result.outcomes(outcome, statistic=statistic)[outcome].to_numpy(dtype=float)
    # the cases are computed here: prim.Prim skips its own threshold when it is 0
    cases = comparisons[direction](y, threshold)
    if cases.all() or not cases.any():
        raise ScenariosError(
            f"discover: {'every' if cases.all() else 'no'} point has {outcome} {direction} "
            f"{threshold:g} (range {np.nanmin(y):g} to {np.nanmax(y):g}); allowed: a threshold "
            "that separates the points"
        )
    x, levels = _encode(result.design, result.scenario.end)
    finder = prim.Prim(x, cases, peel_alpha=peel_alpha, paste_alpha=paste_alpha, mass_min=mass_min)
    box = finder.find_box()
    limits = box.limits
    rows = []
    for key, (low, high, qp) in limits[["min", "max", "qp values"]].iterrows():
        row = {"parameter": key, "low": np.nan, "high": np.nan, "levels": "", "qp_value": qp}
        if key in levels:
            kept = levels[key][round(float(low)) : round(float(high)) + 1]
            row["levels"] = ", ".join(str(v).lower() if isinstance(v, bool) else v for v in kept)
        else:
            row["low"], row["high"] = float(low), float(high)
        if result.design.table[key].dtype == "Int64":
            last = min(round(float(high)), result.scenario.end - 1)
            row["levels"] = f"{format_quarter(round(float(low)))} to {format_quarter(last)}"
            row["levels"] += " or none" if high >= result.scenario.end else ""
        rows.append(row)
    trajectory = box.peeling_trajectory.rename(columns={"res dim": "restricted"})
    trajectory = trajectory[["coverage", "density", "mass", "restricted"]].astype(
        {"coverage": float, "density": float, "mass": float, "restricted": int}
    )
    trajectory.insert(0, "step", np.arange(len(trajectory)))
    summary = pd.DataFrame(
        [
            {
                "outcome": outcome,
                "threshold": float(threshold),
                "direction": direction,
                "cases": int(cases.sum()),
                "points": len(cases),
                "coverage": float(box.coverage),
                "density": float(box.density),
                "mass": float(box.mass),
                "restricted": int(box.res_dim),
            }
        ]
    )
    columns = ["parameter", "low", "high", "levels", "qp_value"]
    return Discovery(
        pd.DataFrame(rows, columns=columns), summary, trajectory.reset_index(drop=True)
    )
