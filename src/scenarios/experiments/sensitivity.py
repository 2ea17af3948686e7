"""Global sensitivity: Morris screening and Sobol indices of a sweep's outcomes.

Needs the optional extra ``analysis`` (SALib); see :mod:`scenarios.experiments.extras`.
Sample a design (:func:`morris_design` or :func:`sobol_design`), run it with
:func:`~scenarios.experiments.run.sweep` on any engine, then analyse the sweep
(:func:`morris_indices`, :func:`sobol_indices`).

Outcomes are named ``"metric"`` (the value at the last record) or ``"metric@2034Q3"``,
and summarised over each point's members by a statistic (default the mean): a stochastic
model's sensitivity is that of its expected outcome.

Both analyses work in the unit cube the design was drawn from, so a Morris ``mu_star``
is the mean absolute change of the outcome when one key moves across its whole range,
comparable across keys with different units. Choice and bool levers enter as equal bins
of the unit interval (see :func:`~scenarios.experiments.sampling.sampled_design`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from scenarios.errors import ScenariosError
from scenarios.experiments.design import Design
from scenarios.experiments.extras import require, versions
from scenarios.experiments.results import SweepResult
from scenarios.experiments.sampling import sampled_design

MORRIS_COLUMNS = ("outcome", "parameter", "mu", "mu_star", "mu_star_conf", "sigma", "rank")
"""Columns of :func:`morris_indices`."""

SOBOL_COLUMNS = ("outcome", "parameter", "S1", "S1_conf", "ST", "ST_conf", "rank")
"""Columns of :func:`sobol_indices`."""


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
        :func:`~scenarios.experiments.sampling.latin_hypercube`.
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
    morris = require("SALib.sample.morris", "Morris screening")
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
        :func:`~scenarios.experiments.sampling.latin_hypercube`.
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
    sobol = require("SALib.sample.sobol", "Sobol analysis")
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


# -- indices ----------------------------------------------------------------------------------


def _responses(
    result: SweepResult, outcomes: str | Sequence[str], statistic: str, kind: str, caller: str
) -> pd.DataFrame:
    """One column per outcome, one row per point, after checking the design's kind."""
    design = result.design
    if design.kind != kind or design.unit is None:
        maker = f"{kind}_design"
        raise ScenariosError(
            f"{caller}: the sweep's design is {design.kind!r}; allowed: a design from "
            f"scenarios.experiments.{maker}"
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
        Summary over a point's members (see
        :data:`~scenarios.experiments.tables.STATISTICS`).
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
    analyze = require("SALib.analyze.morris", "Morris screening")
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
        Summary over a point's members (see
        :data:`~scenarios.experiments.tables.STATISTICS`).
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
    analyze = require("SALib.analyze.sobol", "Sobol analysis")
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
                # a generator, not the int: SALib ignores a seed of 0 (``if seed:``) and
                # would draw the bootstrap from the global stream
                seed=np.random.default_rng(seed),
            )
        for i, key in enumerate(keys):
            rows.append(
                {"outcome": name, "parameter": key}
                | {k: float(indices[k][i]) for k in ("S1", "S1_conf", "ST", "ST_conf")}
            )
    table = pd.DataFrame(rows, columns=list(SOBOL_COLUMNS[:-1]))
    table["rank"] = _rank(table, "ST")
    return _provenance(table, result, statistic)
