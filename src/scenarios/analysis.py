"""Which assumptions drive the outcomes: global sensitivity and scenario discovery.

Optional extra ``analysis`` (SALib, prim, scipy). Each function imports what it needs
when called and, when it is missing, raises a :class:`~scenarios.errors.ScenariosError`
saying ``pip install "alignment-scenarios[analysis]"``.

The work splits as for any experiment (see :mod:`scenarios.ensemble`):

1. sample a design: :func:`morris_design` (elementary-effects screening) or
   :func:`sobol_design` (variance-based indices, Saltelli's scheme);
2. run it: :func:`scenarios.ensemble.sweep`, any engine;
3. analyse the sweep: :func:`morris_indices`, :func:`sobol_indices`, or :func:`discover`
   (PRIM on any sweep, typically a Latin hypercube).

Outcomes are named ``"metric"`` (the value at the last record) or ``"metric@2034Q3"``,
and summarised over each point's members by a statistic (default the mean): a stochastic
model's sensitivity is that of its expected outcome.

Both SALib analyses work in the unit cube the design was drawn from, so a Morris
``mu_star`` is the mean absolute change of the outcome when one key moves across its
whole range, comparable across keys with different units. Choice and bool levers enter
as equal bins of the unit interval (see :func:`scenarios.ensemble.sampled_design`).
"""

from __future__ import annotations

import importlib
import importlib.metadata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

from scenarios.ensemble import Design, SweepResult, sampled_design
from scenarios.errors import ScenariosError
from scenarios.parameters import LEVERS
from scenarios.quarters import format_quarter

INSTALL_HINT = 'pip install "alignment-scenarios[analysis]"'
"""What to run when an analysis package is missing."""

MORRIS_COLUMNS = ("outcome", "parameter", "mu", "mu_star", "mu_star_conf", "sigma", "rank")
"""Columns of :func:`morris_indices`."""

SOBOL_COLUMNS = ("outcome", "parameter", "S1", "S1_conf", "ST", "ST_conf", "rank")
"""Columns of :func:`sobol_indices`."""

_DISTRIBUTIONS = {"SALib": "SALib", "prim": "prim"}


def _require(module: str, purpose: str) -> ModuleType:
    """Import an optional module, or say in one line how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        package = module.split(".", 1)[0]
        raise ScenariosError(
            f"{purpose} needs the optional package {package}: {INSTALL_HINT}"
        ) from None


def versions() -> dict[str, str | None]:
    """Installed versions of the analysis packages (None when missing).

    SALib has no ``__version__``; the versions come from the installed distributions.
    """
    found: dict[str, str | None] = {}
    for name, distribution in _DISTRIBUTIONS.items():
        try:
            found[name] = importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


def _unit_problem(keys: Sequence[str]) -> dict[str, Any]:
    return {"num_vars": len(keys), "names": list(keys), "bounds": [[0.0, 1.0]] * len(keys)}


# -- designs ----------------------------------------------------------------------------------


def morris_design(
    ranges: Mapping[str, Any], *, trajectories: int = 10, levels: int = 4, seed: int = 0
) -> Design:
    """A Morris design: ``trajectories`` one-at-a-time paths through a grid.

    Parameters
    ----------
    ranges : Mapping[str, object]
        Key -> ``(low, high)`` or levels, as for
        :func:`scenarios.ensemble.latin_hypercube`.
    trajectories : int
        Number of paths; the design has ``trajectories * (len(ranges) + 1)`` points.
    levels : int
        Grid levels per key (even; 4 is the usual choice).
    seed : int
        Seed of the sample (``SALib.sample.morris.sample``).

    Returns
    -------
    Design
        ``kind == "morris"``; ``unit`` holds the grid sample.
    """
    morris = _require("SALib.sample.morris", "Morris screening")
    _check_int(trajectories, "trajectories", 2)
    _check_int(levels, "levels", 2)
    unit = morris.sample(_unit_problem(list(ranges)), trajectories, num_levels=levels, seed=seed)
    options = {"trajectories": int(trajectories), "levels": int(levels)}
    return sampled_design("morris", ranges, unit, seed=int(seed), options=options)


def sobol_design(ranges: Mapping[str, Any], *, base_samples: int = 1024, seed: int = 0) -> Design:
    """A Saltelli design for first-order and total Sobol indices.

    Second-order indices are not estimated: they would add ``base_samples *
    len(ranges)`` points for interactions that the total indices already bound.

    Parameters
    ----------
    ranges : Mapping[str, object]
        Key -> ``(low, high)`` or levels, as for
        :func:`scenarios.ensemble.latin_hypercube`.
    base_samples : int
        N, a power of two (Sobol' sequences are balanced only there); the design has
        ``N * (len(ranges) + 2)`` points.
    seed : int
        Seed of the scrambled Sobol' sequence (``SALib.sample.sobol.sample``).

    Returns
    -------
    Design
        ``kind == "sobol"``; ``unit`` holds the Saltelli sample in SALib's order.
    """
    sobol = _require("SALib.sample.sobol", "Sobol analysis")
    _check_int(base_samples, "base_samples", 2)
    if base_samples & (base_samples - 1):
        raise ScenariosError(
            f"sobol_design: base_samples: {base_samples} is not a power of two; allowed: "
            "2, 4, 8, ..., e.g. 1024"
        )
    unit = sobol.sample(
        _unit_problem(list(ranges)), base_samples, calc_second_order=False, seed=seed
    )
    options = {"base_samples": int(base_samples), "second_order": False}
    return sampled_design("sobol", ranges, unit, seed=int(seed), options=options)


def _check_int(value: Any, name: str, low: int) -> None:
    if not isinstance(value, int | np.integer) or isinstance(value, bool) or value < low:
        raise ScenariosError(f"{name}: {value!r} not allowed; allowed: an integer >= {low}")


# -- sensitivity --------------------------------------------------------------------------


def _responses(
    result: SweepResult, outcomes: str | Sequence[str], statistic: str, kind: str, caller: str
) -> pd.DataFrame:
    """One column per outcome, one row per point, after checking the design's kind."""
    design = result.design
    if design.kind != kind or design.unit is None:
        maker = f"{kind}_design"
        raise ScenariosError(
            f"{caller}: the sweep's design is {design.kind!r}; allowed: a design from "
            f"scenarios.analysis.{maker}"
        )
    names = [outcomes] if isinstance(outcomes, str) else list(outcomes)
    frame = result.outcomes(names, statistic=statistic)[names]
    missing = frame.columns[frame.isna().any()].tolist()
    if missing:
        raise ScenariosError(f"{caller}: outcome {missing[0]!r} has missing values")
    return frame


def _provenance(table: pd.DataFrame, result: SweepResult, statistic: str) -> pd.DataFrame:
    table.attrs.update(
        {
            "scenario": result.scenario.name,
            "seed": result.seed,
            "members_per_point": result.members_per_point,
            "statistic": statistic,
            "versions": versions(),
        }
    )
    return table


def _rank(table: pd.DataFrame, by: str) -> pd.Series:
    return (
        table.groupby("outcome", sort=False)[by]
        .rank(ascending=False, method="min", na_option="bottom")
        .astype(int)
    )


def morris_indices(
    result: SweepResult,
    outcomes: str | Sequence[str],
    *,
    statistic: str = "mean",
    resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Morris elementary effects of every design key on each outcome.

    Parameters
    ----------
    result : SweepResult
        A sweep of a :func:`morris_design`.
    outcomes : str or sequence of str
        ``"metric"`` or ``"metric@QUARTER"``.
    statistic : str
        Summary over a point's members (see :data:`scenarios.ensemble.STATISTICS`).
    resamples : int
        Bootstrap resamples for the confidence interval of ``mu_star``.
    confidence : float
        Confidence level of that interval.
    seed : int
        Seed of the bootstrap.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MORRIS_COLUMNS`, one row per (outcome, key): ``mu`` (mean
        effect of moving the key across its whole range), ``mu_star`` (mean absolute
        effect: the screening measure), ``mu_star_conf`` (half-width of its interval),
        ``sigma`` (spread of effects: interactions or non-linearity) and ``rank``
        (1 = largest ``mu_star`` within the outcome). ``attrs`` hold the provenance.
    """
    analyze = _require("SALib.analyze.morris", "Morris screening")
    frame = _responses(result, outcomes, statistic, "morris", "morris_indices")
    keys = list(result.design.keys)
    rows = []
    for name in frame.columns:
        indices = analyze.analyze(
            _unit_problem(keys),
            result.design.unit,
            frame[name].to_numpy(dtype=float),
            num_resamples=resamples,
            conf_level=confidence,
            num_levels=int(result.design.options.get("levels", 4)),
            seed=seed,
        )
        for i, key in enumerate(keys):
            rows.append(
                {
                    "outcome": name,
                    "parameter": key,
                    "mu": float(indices["mu"][i]),
                    "mu_star": float(indices["mu_star"][i]),
                    "mu_star_conf": float(indices["mu_star_conf"][i]),
                    "sigma": float(indices["sigma"][i]),
                }
            )
    table = pd.DataFrame(rows, columns=list(MORRIS_COLUMNS[:-1]))
    table["rank"] = _rank(table, "mu_star")
    return _provenance(table, result, statistic)


def sobol_indices(
    result: SweepResult,
    outcomes: str | Sequence[str],
    *,
    statistic: str = "mean",
    resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """First-order and total Sobol indices of every design key on each outcome.

    Parameters
    ----------
    result : SweepResult
        A sweep of a :func:`sobol_design`.
    outcomes : str or sequence of str
        ``"metric"`` or ``"metric@QUARTER"``.
    statistic : str
        Summary over a point's members (see :data:`scenarios.ensemble.STATISTICS`).
    resamples : int
        Bootstrap resamples for the confidence intervals.
    confidence : float
        Confidence level of the intervals.
    seed : int
        Seed of the bootstrap.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SOBOL_COLUMNS`, one row per (outcome, key): ``S1`` (share of the
        outcome's variance due to the key alone), ``ST`` (share involving the key,
        interactions included), the half-widths of their intervals, and ``rank``
        (1 = largest ``ST`` within the outcome). An outcome that does not vary has NaN
        indices. ``attrs`` hold the provenance.
    """
    analyze = _require("SALib.analyze.sobol", "Sobol analysis")
    frame = _responses(result, outcomes, statistic, "sobol", "sobol_indices")
    keys = list(result.design.keys)
    rows = []
    for name in frame.columns:
        y = frame[name].to_numpy(dtype=float)
        if np.ptp(y) == 0:
            # no variance to apportion: the indices are undefined, not zero
            indices = {k: np.full(len(keys), np.nan) for k in ("S1", "S1_conf", "ST", "ST_conf")}
        else:
            indices = analyze.analyze(
                _unit_problem(keys),
                y,
                calc_second_order=False,
                num_resamples=resamples,
                conf_level=confidence,
                seed=seed,
            )
        for i, key in enumerate(keys):
            rows.append(
                {"outcome": name, "parameter": key}
                | {k: float(indices[k][i]) for k in ("S1", "S1_conf", "ST", "ST_conf")}
            )
    table = pd.DataFrame(rows, columns=list(SOBOL_COLUMNS[:-1]))
    table["rank"] = _rank(table, "ST")
    return _provenance(table, result, statistic)


# -- scenario discovery -------------------------------------------------------------------


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

    Choice levers are coded in their registry order, which for ``china_stance``
    (distancing, cautious, supportive) is the order the model gives them; a quarter
    lever's "none" is coded as the first quarter after the run, which it is equivalent to.
    """
    encoded = {}
    levels: dict[str, tuple[Any, ...]] = {}
    for key in design.keys:
        column = design.table[key]
        name = key.removeprefix("levers.")
        if key.startswith("levers.") and LEVERS[name].kind in ("bool", "choice"):
            levels[key] = (False, True) if LEVERS[name].kind == "bool" else LEVERS[name].choices
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
        Summary over a point's members (see :data:`scenarios.ensemble.STATISTICS`).
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
    prim = _require("prim", "PRIM scenario discovery")
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


__all__ = [
    "INSTALL_HINT",
    "MORRIS_COLUMNS",
    "SOBOL_COLUMNS",
    "Discovery",
    "discover",
    "morris_design",
    "morris_indices",
    "sobol_design",
    "sobol_indices",
    "versions",
]
