"""Figures for ensembles across scenarios, sensitivity analysis and scenario discovery.

Used by notebooks 05 (a new Cold War?) and 07 (sensitivity and discovery). Two kinds of
function live here:

- *tables*: small tidy summaries of member-level results that the figures draw
  (:func:`exceedance`, :func:`bloc_shares`, :func:`paired_differences`,
  :func:`wilson_interval`), owned by :mod:`scenarios.plot.summaries` and offered here
  beside the figures that draw them;
- *figures*: each takes the data first and a matplotlib ``ax`` second (as in
  :mod:`scenarios.plot.runs`), draws, and returns the ``ax``.

Colours, scenario colours, bloc labels, parameter labels and country names come from
:mod:`scenarios.plot.style` (Okabe & Ito's colour-blind-safe palette, words not codes: a
scenario's name such as ``no_pact`` is shown as "no pact"); the scenario colours and
labels are offered here too, as the notebooks use them. Lines that coincide are drawn
so that each shows (:mod:`scenarios.plot.lines`). Source lines go under a figure with
:func:`scenarios.plot.style.caption`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from scenarios.plot.lines import draw_line
from scenarios.plot.style import (
    BLOC_COLOURS,
    BLOC_LABELS,
    BLOC_ORDER,
    GREY,
    OKABE_ITO,
    SCENARIO_COLOURS,
    SCENARIO_LABELS,
    parameter_label,
    scenario_colour,
    scenario_colours,
    scenario_label,
)
from scenarios.plot.summaries import bloc_shares, exceedance, paired_differences, wilson_interval
from scenarios.quarters import decimal_year

__all__ = [
    "BLOC_LABELS",
    "SCENARIO_COLOURS",
    "SCENARIO_LABELS",
    "bloc_share_bars",
    "bloc_shares",
    "difference_strips",
    "exceedance",
    "paired_differences",
    "parameter_label",
    "prim_box",
    "probability_bars",
    "probability_lines",
    "scenario_colour",
    "scenario_colours",
    "scenario_label",
    "threshold_histogram",
    "wilson_interval",
]


def threshold_histogram(
    values: Any,
    threshold: float,
    ax: Any,
    *,
    bins: int = 20,
    value_range: tuple[float, float] = (0.0, 1.0),
    xlabel: str = "Cold-War (bipolarity) index, 0 to 1",
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
    ax.legend(frameon=False, loc="upper right")
    return ax


def probability_lines(table: pd.DataFrame, ax: Any, *, group: str = "scenario") -> Any:
    """Probability over time, one line per group, with its 95 % interval as a band.

    The band is left out where no member is a case: there every group's interval runs
    from 0 to the same small upper limit, and the bands of several groups would pile up
    into one dark box that shows nothing. Groups whose lines coincide are drawn so that
    each colour shows, and say so in the legend.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`exceedance` with ``by=[group]``.
    ax : matplotlib.axes.Axes
    group : str
        Column naming the lines (scenario names get their fixed colours and are written
        in words).

    Returns
    -------
    matplotlib.axes.Axes
    """
    groups = list(table.groupby(group, sort=False, observed=True))
    shades = scenario_colours([str(name) for name, _ in groups])
    for (name, rows), colour in zip(groups, shades, strict=True):
        x = decimal_year(rows["quarter"])
        label = scenario_label(str(name))
        draw_line(ax, x, rows["probability"], color=colour, label=label, marker=".")
        some = rows["cases"].to_numpy() > 0
        low = np.where(some, rows["low"].to_numpy(dtype=float), np.nan)
        high = np.where(some, rows["high"].to_numpy(dtype=float), np.nan)
        ax.fill_between(x, low, high, color=colour, alpha=0.12, linewidth=0)
    ax.set_ylim(0, 1)
    ax.set_xlabel("year")
    ax.set_ylabel("share of members (probability)")
    ax.legend(
        frameon=False,
        fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        title="bands: 95 % intervals,\ndrawn where a member is a case",
        title_fontsize=8,
        alignment="left",
    )
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
        Column with the bar labels (scenario names are written in words).

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
        color=scenario_colours(names),
        edgecolor=OKABE_ITO["black"],
        linewidth=0.5,
        xerr=error,
        error_kw={"elinewidth": 1, "capsize": 3, "ecolor": "#333333"},
    )
    ax.set_yticks(y, [scenario_label(name) for name in names])
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
        Column with the bar labels (scenario names are written in words).
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
    ax.set_yticks(y, [scenario_label(name) for name in shares[group]])
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
    for position, (row, (_, rows)) in enumerate(zip(y, groups, strict=True)):
        values = rows["difference"].to_numpy(dtype=float)
        # spread the dots vertically by rank so that equal values do not hide each other
        spread = (np.argsort(np.argsort(values)) / max(len(values) - 1, 1) - 0.5) * 0.4
        ax.scatter(
            values,
            row + spread,
            s=10,
            color=OKABE_ITO["blue"],
            alpha=0.6,
            linewidth=0,
            label="one member" if position == 0 else "_nolegend_",
        )
        ax.plot(
            [np.median(values)] * 2,
            [row - 0.3, row + 0.3],
            color=OKABE_ITO["vermillion"],
            label="median over members" if position == 0 else "_nolegend_",
        )
    ax.axvline(0, color=OKABE_ITO["black"], linewidth=0.8)
    ax.set_yticks(y, [labels.get(str(name), str(name)) for name, _ in groups])
    ax.set_xlabel(xlabel)
    ax.legend(frameon=False, fontsize=8, loc="lower right")
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
