"""Figures for ensembles across scenarios, sensitivity analysis and scenario discovery.

Used by notebooks 05 (a new Cold War?) and 07 (sensitivity and discovery). Two kinds of
function live here:

- *tables*: small tidy summaries of member-level results that the figures draw
  (:func:`exceedance`, :func:`bloc_shares`, :func:`paired_differences`,
  :func:`wilson_interval`);
- *figures*: each takes the data first and a matplotlib ``ax`` second (as in
  :mod:`scenarios.plot.core`), draws, and returns the ``ax``.

Colours, bloc colours and country names follow :mod:`scenarios.plot.core` (Okabe & Ito's
colour-blind-safe palette, names not codes); parameters get a plain label
(:func:`parameter_label`). Source lines go under a figure with
:func:`scenarios.plot.core.caption`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from scenarios.errors import ScenariosError
from scenarios.parameters import LEVERS, PARAMETERS
from scenarios.plot.core import BLOC_COLOURS, BLOC_ORDER, GREY, OKABE_ITO, decimal_year

BLOC_LABELS = {
    "A": "bloc A (the United States' bloc)",
    "non-aligned": "non-aligned",
    "B": "bloc B (the other bloc)",
}
"""Legend text of each bloc label of ``Results.blocs``."""

SCENARIO_COLOURS = {
    "baseline": OKABE_ITO["black"],
    "no_pact": OKABE_ITO["sky blue"],
    "china_supportive": OKABE_ITO["vermillion"],
    "china_distancing": OKABE_ITO["blue"],
    "ceasefire_2025": OKABE_ITO["bluish green"],
    "secondary_sanctions": OKABE_ITO["orange"],
    "us_retrenchment": OKABE_ITO["reddish purple"],
    "arms_interdiction": OKABE_ITO["yellow"],
}
"""Fixed colour of each shipped scenario, so a scenario looks the same in every figure."""

_CYCLE = tuple(OKABE_ITO.values())


def scenario_colour(name: str, position: int = 0) -> str:
    """Colour of a scenario: its fixed colour, else the palette colour at ``position``."""
    return SCENARIO_COLOURS.get(name, _CYCLE[position % len(_CYCLE)])


def parameter_label(key: str) -> str:
    """Plain label of a design key: ``"alignment.balance_rate"`` -> ``"balance rate (alignment)"``.

    Levers read ``"China stance (lever)"``: the lever name with spaces.
    """
    if key.startswith("levers."):
        name = key.removeprefix("levers.")
        if name not in LEVERS:
            raise ScenariosError(f"parameter_label: unknown lever {name!r}")
        text = name.replace("_", " ")
        return f"{text.replace('china ', 'China ').replace('us ', 'US ')} (lever)"
    if key not in PARAMETERS:
        raise ScenariosError(f"parameter_label: unknown parameter {key!r}")
    section, name = key.split(".", 1)
    return f"{name.replace('_', ' ')} ({section})"


# -- tables ---------------------------------------------------------------------------------


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


# -- figures --------------------------------------------------------------------------------


def threshold_histogram(
    values: Any,
    threshold: float,
    ax: Any,
    *,
    bins: int = 20,
    value_range: tuple[float, float] = (0.0, 1.0),
    xlabel: str = "Cold-War (bipolarity) index",
) -> Any:
    """Histogram of member outcomes, coloured by the threshold that defines a case.

    Parameters
    ----------
    values : array_like
        One outcome per member (e.g. bipolarity in 2034 across all ensembles).
    threshold : float
        Drawn as a dashed line; members at or above it are coloured as cases.
    ax : matplotlib.axes.Axes
    bins : int
        Number of equal bins over ``value_range``.
    value_range : (float, float)
        Range of the bins.
    xlabel : str
        Axis label (with the unit).

    Returns
    -------
    matplotlib.axes.Axes
    """
    values = np.asarray(values, dtype=float)
    edges = np.linspace(*value_range, bins + 1)
    ax.hist(
        [values[values < threshold], values[values >= threshold]],
        bins=edges,
        stacked=True,
        color=[GREY, OKABE_ITO["vermillion"]],
        label=[f"below {threshold:g}", f"{threshold:g} or above: bipolar order"],
    )
    ax.axvline(threshold, color=OKABE_ITO["black"], linestyle="--", linewidth=1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("ensemble members")
    ax.legend(frameon=False, loc="upper center")
    return ax


def probability_lines(table: pd.DataFrame, ax: Any, *, group: str = "scenario") -> Any:
    """Probability over time, one line per group, with its 95 % interval as a band.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`exceedance` with ``by=[group]``.
    ax : matplotlib.axes.Axes
    group : str
        Column naming the lines (scenario names get their fixed colours).

    Returns
    -------
    matplotlib.axes.Axes
    """
    for position, (name, rows) in enumerate(table.groupby(group, sort=False, observed=True)):
        x = decimal_year(rows["quarter"])
        colour = scenario_colour(str(name), position)
        ax.plot(x, rows["probability"], color=colour, label=str(name), linewidth=1.8, marker=".")
        ax.fill_between(x, rows["low"], rows["high"], color=colour, alpha=0.12, linewidth=0)
    ax.set_ylim(0, 1)
    ax.set_xlabel("year")
    ax.set_ylabel("share of members (probability)")
    ax.legend(frameon=False, fontsize=8, loc="upper left", ncols=2)
    return ax


def probability_bars(table: pd.DataFrame, ax: Any, *, group: str = "scenario") -> Any:
    """Horizontal bars of a probability per group, with 95 % interval whiskers.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per group: ``group``, ``probability``, ``low``, ``high`` (e.g. the last
        quarter of :func:`exceedance`). Drawn in table order, the first row on top.
    ax : matplotlib.axes.Axes
    group : str
        Column with the bar labels.

    Returns
    -------
    matplotlib.axes.Axes
    """
    y = np.arange(len(table))[::-1]
    names = [str(name) for name in table[group]]
    p = table["probability"].to_numpy(dtype=float)
    error = np.vstack([p - table["low"].to_numpy(float), table["high"].to_numpy(float) - p])
    ax.barh(
        y,
        p,
        color=[scenario_colour(name, i) for i, name in enumerate(names)],
        edgecolor=OKABE_ITO["black"],
        linewidth=0.5,
        xerr=error,
        error_kw={"elinewidth": 1, "capsize": 3, "ecolor": "#333333"},
    )
    ax.set_yticks(y, names)
    ax.set_xlim(0, 1)
    ax.set_xlabel("probability (share of members, 95 % interval)")
    return ax


def bloc_share_bars(
    shares: pd.DataFrame,
    ax: Any,
    *,
    group: str = "scenario",
    title: str | None = None,
    legend: bool = True,
) -> Any:
    """Stacked horizontal bars: where a state ends up, by group.

    Parameters
    ----------
    shares : pandas.DataFrame
        From :func:`bloc_shares` with ``by=[group]``; drawn in table order, first on top.
    ax : matplotlib.axes.Axes
    group : str
        Column with the bar labels.
    title : str, optional
        Axes title (e.g. the state's name and the quarter).
    legend : bool
        Draw the bloc legend to the right of the axes.

    Returns
    -------
    matplotlib.axes.Axes
    """
    y = np.arange(len(shares))[::-1]
    left = np.zeros(len(shares))
    for label in BLOC_ORDER:
        width = shares[label].to_numpy(dtype=float)
        ax.barh(y, width, left=left, color=BLOC_COLOURS[label], label=BLOC_LABELS[label])
        left += width
    ax.set_yticks(y, [str(name) for name in shares[group]])
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of ensemble members")
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(frameon=False, fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return ax


def difference_strips(
    differences: pd.DataFrame,
    ax: Any,
    *,
    labels: Mapping[str, str] | None = None,
    xlabel: str = "difference (same units as the metric)",
) -> Any:
    """Member-level paired differences per metric: every member as a dot, plus the median.

    Parameters
    ----------
    differences : pandas.DataFrame
        From :func:`paired_differences` (``metric``, ``difference``); metrics drawn in
        their categorical order, the first on top.
    ax : matplotlib.axes.Axes
    labels : Mapping[str, str], optional
        Tick label per metric (default: the metric name).
    xlabel : str
        Axis label.

    Returns
    -------
    matplotlib.axes.Axes
    """
    groups = list(differences.groupby("metric", sort=True, observed=True))
    labels = labels or {}
    y = np.arange(len(groups))[::-1]
    for row, (_, rows) in zip(y, groups, strict=True):
        values = rows["difference"].to_numpy(dtype=float)
        # spread the dots vertically by rank so that equal values do not hide each other
        spread = (np.argsort(np.argsort(values)) / max(len(values) - 1, 1) - 0.5) * 0.4
        ax.scatter(values, row + spread, s=10, color=OKABE_ITO["blue"], alpha=0.6, linewidth=0)
        ax.plot([np.median(values)] * 2, [row - 0.3, row + 0.3], color=OKABE_ITO["vermillion"])
    ax.axvline(0, color=OKABE_ITO["black"], linewidth=0.8)
    ax.set_yticks(y, [labels.get(str(name), str(name)) for name, _ in groups])
    ax.set_xlabel(xlabel)
    return ax


def prim_box(box: pd.DataFrame, ranges: Mapping[str, Any], ax: Any) -> Any:
    """A PRIM box drawn against the sampled ranges: how far each key is restricted.

    Numeric keys show their kept interval as a bar on the sampled range scaled to 0..1
    (the full range as a grey track); levers with levels list the levels kept.

    Parameters
    ----------
    box : pandas.DataFrame
        ``Discovery.box`` (parameter, low, high, levels).
    ranges : Mapping[str, tuple]
        ``Design.ranges`` of the sweep: ``(low, high)`` or the levels sampled.
    ax : matplotlib.axes.Axes

    Returns
    -------
    matplotlib.axes.Axes
    """
    y = np.arange(len(box))[::-1]
    for row, entry in zip(y, box.itertuples(index=False), strict=True):
        ax.barh(row, 1.0, color="#DDDDDD", height=0.6)
        bounds = ranges[entry.parameter]
        if entry.levels:
            kept = [level.strip() for level in entry.levels.split(",")]
            ax.text(
                0.5,
                row,
                f"{', '.join(kept)} (of {len(bounds)} levels)",
                ha="center",
                va="center",
                fontsize=8,
            )
            continue
        low, high = (float(v) for v in bounds)
        start = (entry.low - low) / (high - low)
        stop = (entry.high - low) / (high - low)
        ax.barh(row, stop - start, left=start, color=OKABE_ITO["bluish green"], height=0.6)
        ax.text(
            1.02,
            row,
            f"{entry.low:.3g} to {entry.high:.3g}",
            va="center",
            fontsize=8,
            transform=ax.get_yaxis_transform(),
        )
    ax.set_yticks(y, [parameter_label(key) for key in box["parameter"]])
    ax.set_xlim(0, 1)
    ax.set_xlabel("position within the sampled range (0 = low end, 1 = high end)")
    return ax
