"""Tidy summaries of ensemble members that the figures draw.

Exceedance probabilities with their Wilson intervals, the shares of members placing a
state in each bloc, member-by-member differences between two ensembles run from the same
seed (common random numbers), and the test that tells when the members split into two
outcomes (:func:`outcome_split`), where a median and its band would mislead. Inputs are
member-level tidy tables such as ``EnsembleResult.metrics`` or ``Results.blocs``; outputs
are small tables that :mod:`scenarios.plot.ensembles` and :mod:`scenarios.plot.lines`
draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from scenarios.errors import ScenariosError
from scenarios.plot.style import (
    BLOC_ORDER,
)


def wilson_interval(successes: Any, trials: Any, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a binomial proportion (95 % for the default ``z``).

    Unlike the normal approximation it stays inside [0, 1] and does not collapse to a
    point when every (or no) member is a case, which matters for small ensembles.

    Parameters
    ----------
    successes, trials : array_like
        Counts; broadcast against each other. ``trials`` must be positive.
    z : float
        Standard-normal quantile of the interval.

    Returns
    -------
    low, high : ndarray
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    if np.any(n <= 0) or np.any(k < 0) or np.any(k > n):
        raise ScenariosError("wilson_interval: need 0 <= successes <= trials and trials > 0")
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def exceedance(
    metrics: pd.DataFrame,
    metric: str,
    threshold: float,
    *,
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """Share of members whose ``metric`` is at or above ``threshold``, per quarter.

    Parameters
    ----------
    metrics : pandas.DataFrame
        Member-level tidy table (``member``, ``quarter``, ``metric``, ``value``, plus any
        ``by`` columns), e.g. ``EnsembleResult.metrics``.
    metric : str
        Which metric.
    threshold : float
        A member is a case when ``value >= threshold``.
    by : sequence of str
        Extra grouping columns (e.g. ``["scenario"]``).

    Returns
    -------
    pandas.DataFrame
        One row per group and recorded quarter: the ``by`` columns, ``quarter``,
        ``members``, ``cases``, ``probability`` and its 95 % Wilson interval ``low``,
        ``high``.
    """
    rows = metrics[metrics["metric"] == metric]
    if rows.empty:
        raise ScenariosError(f"exceedance: no rows for metric {metric!r}")
    keys = [*by, "quarter"]
    grouped = (
        rows.assign(case=rows["value"].to_numpy(dtype=float) >= threshold)
        .groupby(keys, observed=True, sort=True)["case"]
        .agg(members="size", cases="sum")
        .reset_index()
    )
    grouped["cases"] = grouped["cases"].astype(int)
    grouped["probability"] = grouped["cases"] / grouped["members"]
    grouped["low"], grouped["high"] = wilson_interval(grouped["cases"], grouped["members"])
    return grouped


def bloc_shares(
    blocs: pd.DataFrame, iso3: str, *, quarter: str | None = None, by: Sequence[str] = ()
) -> pd.DataFrame:
    """Share of members placing a state in each bloc at one quarter.

    Parameters
    ----------
    blocs : pandas.DataFrame
        ``Results.blocs`` (``member``, ``quarter``, ``iso3``, ``bloc``), possibly with
        ``by`` columns from several runs stacked.
    iso3 : str
        The state.
    quarter : str, optional
        A recorded quarter (default: the last one).
    by : sequence of str
        Grouping columns (e.g. ``["scenario"]``); without them, one row.

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` columns, then ``A``, ``non-aligned`` and ``B``
        (shares of members, summing to 1) and ``members``.
    """
    rows = blocs[blocs["iso3"].astype(str) == iso3]
    if rows.empty:
        raise ScenariosError(f"bloc_shares: {iso3!r} is not in the bloc table")
    quarters = rows["quarter"].astype(str)
    quarter = quarter or max(quarters)
    rows = rows[quarters == quarter]
    if rows.empty:
        raise ScenariosError(f"bloc_shares: no bloc record in {quarter}")
    labels = list(BLOC_ORDER)
    frame = rows.assign(bloc=rows["bloc"].astype(str))
    if by:
        counts = frame.groupby([*by, "bloc"], sort=False, observed=True).size()
        counts = counts.unstack("bloc", fill_value=0)
    else:
        counts = frame["bloc"].value_counts().to_frame().T.reset_index(drop=True)
    counts = counts.reindex(columns=labels, fill_value=0)
    members = counts.sum(axis=1)
    shares = counts.div(members, axis=0)
    shares["members"] = members
    shares.columns.name = None
    return shares.reset_index(drop=not by)


def paired_differences(
    first: pd.DataFrame, second: pd.DataFrame, metrics: Sequence[str], quarter: str
) -> pd.DataFrame:
    """Member-by-member differences ``first - second`` of some metrics at one quarter.

    Two ensembles run from the same seed give member ``m`` the same random draws in both
    (common random numbers), so the difference isolates what the two scenarios change.

    Parameters
    ----------
    first, second : pandas.DataFrame
        Member-level tidy tables of two ensembles with the same members.
    metrics : sequence of str
        Metrics to compare.
    quarter : str
        Recorded quarter to compare at.

    Returns
    -------
    pandas.DataFrame
        ``metric``, ``member``, ``first``, ``second``, ``difference``.
    """

    def pick(table: pd.DataFrame) -> pd.DataFrame:
        rows = table[
            table["metric"].astype(str).isin(metrics) & (table["quarter"].astype(str) == quarter)
        ]
        return rows.assign(metric=rows["metric"].astype(str)).set_index(["metric", "member"])[
            "value"
        ]

    a, b = pick(first), pick(second)
    if a.empty or not a.index.sort_values().equals(b.index.sort_values()):
        raise ScenariosError(
            f"paired_differences: the two tables must hold the same members and metrics "
            f"in {quarter}"
        )
    frame = pd.DataFrame({"first": a, "second": b.reindex(a.index)})
    frame["difference"] = frame["first"] - frame["second"]
    frame = frame.reset_index()
    frame["metric"] = pd.Categorical(frame["metric"], list(metrics), ordered=True)
    return frame.sort_values(["metric", "member"]).reset_index(drop=True)


SPLIT_MIN_MEMBERS = 2
"""Fewest members on each side of the gap for a split: one stray member is not an outcome."""

SPLIT_MIN_GAP = 0.05
"""Narrowest gap that counts, as a share of the whole series' range: a split among nearly
equal values would not show on the axes."""


def outcome_split(values: Any, *, span: float | None = None) -> float | None:
    """Where the members split into two outcomes, by a gap test; None if they do not.

    Sort the values and take the widest gap between neighbours. The members split into
    two outcomes when all three hold:

    1. at least :data:`SPLIT_MIN_MEMBERS` (2) members lie on each side of the gap;
    2. the gap is at least as wide as the two groups' own ranges together, that is at
       least half of ``max - min``;
    3. the gap is at least :data:`SPLIT_MIN_GAP` (5 %) of ``span``.

    Such an ensemble has two kinds of future (the Cold-War index ends near 0.25 or near
    0.8, never between): its median lies inside one group and a 5-95 % band spans the
    empty gap, so both hide the split. The rule is meant for that case only; a skewed
    spread or one outlying member is not a split.

    Parameters
    ----------
    values : array_like
        One value per member (NaN ignored).
    span : float, optional
        Range of the whole series the values belong to (all quarters, all members);
        default ``max - min`` of ``values``.

    Returns
    -------
    float or None
        The cut: the middle of the gap.
    """
    ordered = np.sort(np.asarray(values, dtype=float).ravel())
    ordered = ordered[np.isfinite(ordered)]
    if len(ordered) < 2 * SPLIT_MIN_MEMBERS:
        return None
    width = ordered[-1] - ordered[0]
    span = width if span is None else float(span)
    gaps = np.diff(ordered)
    widest = int(np.argmax(gaps))
    gap = gaps[widest]
    lower, upper = widest + 1, len(ordered) - widest - 1
    if min(lower, upper) < SPLIT_MIN_MEMBERS or gap <= 0.0:
        return None
    if gap < 0.5 * width or gap < SPLIT_MIN_GAP * span:
        return None
    return float(ordered[widest] + gap / 2.0)


def outcome_splits(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    """:func:`outcome_split` at every quarter of a member-level table.

    Parameters
    ----------
    frame : pandas.DataFrame
        Member-level rows of one series (``member``, ``quarter`` and ``value``).
    value : str
        The column to test.

    Returns
    -------
    pandas.DataFrame
        One row per quarter in order: ``quarter``, ``members``, ``cut`` (NaN where the
        members do not split) and ``above`` (members at or above the cut, 0 where none).
    """
    series = frame[value].to_numpy(dtype=float)
    finite = series[np.isfinite(series)]
    span = float(finite.max() - finite.min()) if finite.size else 0.0
    rows = []
    for quarter, group in frame.groupby("quarter", observed=True, sort=True):
        values = group[value].to_numpy(dtype=float)
        cut = outcome_split(values, span=span)
        rows.append(
            {
                "quarter": quarter,
                "members": int(group["member"].nunique()),
                "cut": np.nan if cut is None else cut,
                "above": 0 if cut is None else int((values >= cut).sum()),
            }
        )
    return pd.DataFrame(rows, columns=["quarter", "members", "cut", "above"])
