"""Plots for experiments: fan charts of ensembles and sweeps, sensitivity rankings, PRIM.

Each function draws on the matplotlib ``ax`` it is given and returns it. Data comes from
:mod:`scenarios.ensemble` (summaries of ensembles and sweeps) and :mod:`scenarios.analysis`
(sensitivity indices, PRIM's peeling trajectory). Colours come from the one palette of
:mod:`scenarios.plot.style`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import BoundaryNorm, ListedColormap

from scenarios.errors import ScenariosError
from scenarios.metrics import METRIC_TITLES, METRICS
from scenarios.plot.lines import draw_line
from scenarios.plot.style import (
    GREY,
    OKABE_ITO,
    PALETTE,
    axis_label,
)
from scenarios.quarters import decimal_year

_MEASURES = {
    "ST": "total Sobol index",
    "S1": "first-order Sobol index",
    "mu_star": "Morris mu* (mean |effect| over the whole range)",
}

_BAR_LABELS = {
    "ST": "total index (alone and in interactions)",
    "S1": "first-order index (alone)",
    "mu_star": "Morris mu*",
}


def fan_chart(
    summary: pd.DataFrame,
    metric: str,
    ax: Any,
    *,
    point: int | None = None,
    label: str | None = None,
    color: str | None = None,
) -> Any:
    """Median with 25-75 % and 5-95 % bands of one metric over time.

    The outer band's legend entry says what the bands cover, from the summary's
    ``uncertainty`` column ("5–95 %: noise and parameters").

    A median drawn where an earlier one already runs redraws the covered piece in dashes
    (:func:`scenarios.plot.lines.draw_line`), so fan charts of two runs hide neither.

    A summary holds quantiles only, so a fan chart cannot show members that split into
    two outcomes; for such a metric draw the members with
    :func:`scenarios.plot.runs.metric_series`.

    Parameters
    ----------
    summary : pandas.DataFrame
        ``EnsembleResult.summary`` or ``SweepResult.summary`` (columns quarter, metric,
        median, q05, q25, q75, q95; a sweep's also point).
    metric : str
        The metric to draw.
    ax : matplotlib.axes.Axes
    point : int, optional
        The design point, for a sweep's summary.
    label : str, optional
        Legend label of the median line (default: the metric's title).
    color : str, optional
        Colour of the line and bands (default: the first colour of the palette).

    Returns
    -------
    matplotlib.axes.Axes
    """
    rows = summary[summary["metric"] == metric]
    if "point" in summary.columns:
        if point is None:
            raise ScenariosError("fan_chart: a sweep's summary needs point=P")
        rows = rows[rows["point"] == point]
    if rows.empty:
        raise ScenariosError(f"fan_chart: no rows for metric {metric!r}")
    x = decimal_year(rows["quarter"])
    shade = color or PALETTE[0]
    draw_line(ax, x, rows["median"], color=shade, label=label or METRIC_TITLES.get(metric, metric))
    covers = rows["uncertainty"].iloc[0] if "uncertainty" in rows.columns else None
    outer = f"5–95 %: {covers}" if covers else None
    ax.fill_between(x, rows["q05"], rows["q95"], color=shade, alpha=0.15, linewidth=0, label=outer)
    ax.fill_between(x, rows["q25"], rows["q75"], color=shade, alpha=0.3, linewidth=0)
    ax.set_xlabel("year")
    ax.set_ylabel(axis_label(METRICS[metric].unit) if metric in METRICS else metric)
    return ax


def sensitivity_ranking(
    table: pd.DataFrame,
    ax: Any,
    *,
    outcome: str | None = None,
    measure: str | None = None,
) -> Any:
    """Horizontal bars of one outcome's sensitivity indices, most influential on top.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`scenarios.analysis.sobol_indices` or
        :func:`scenarios.analysis.morris_indices`.
    ax : matplotlib.axes.Axes
    outcome : str, optional
        Which outcome; needed when the table holds several.
    measure : str, optional
        Column to rank by: ``"ST"`` (default for Sobol, drawn with ``S1`` inside),
        ``"S1"`` or ``"mu_star"`` (default for Morris). Whiskers show the
        ``<measure>_conf`` half-widths.

    Returns
    -------
    matplotlib.axes.Axes
        For Sobol indices with a dotted line at 1, the whole variance: one key's index
        cannot exceed it in theory, so an estimate beyond it is sampling error (read the
        whisker), while total indices that sum to more than 1 mean interactions (each
        key's total counts the variance it shares with others).
    """
    outcomes = list(dict.fromkeys(table["outcome"]))
    if outcome is None:
        if len(outcomes) != 1:
            raise ScenariosError(
                f"sensitivity_ranking: the table holds {len(outcomes)} outcomes; allowed: "
                f"outcome= one of {', '.join(outcomes)}"
            )
        outcome = outcomes[0]
    if measure is None:
        measure = "ST" if "ST" in table.columns else "mu_star"
    if outcome not in outcomes or measure not in table.columns:
        raise ScenariosError(
            f"sensitivity_ranking: no {measure!r} for outcome {outcome!r} in the table"
        )
    rows = table[table["outcome"] == outcome].sort_values(measure, na_position="first")
    y = np.arange(len(rows))
    conf = rows.get(f"{measure}_conf")
    ax.barh(
        y,
        rows[measure],
        xerr=None if conf is None else conf,
        color=OKABE_ITO["sky blue"],
        label=_BAR_LABELS.get(measure, measure),
        error_kw={"elinewidth": 1, "capsize": 2, "ecolor": "#333333"},
    )
    if measure == "ST" and "S1" in rows.columns:
        label = _BAR_LABELS["S1"]
        ax.barh(y, rows["S1"], height=0.4, color=OKABE_ITO["blue"], label=label)
    if measure in ("ST", "S1"):
        ax.axvline(1.0, color=GREY, linestyle=":", linewidth=1.2, label="the whole variance (1)")
        ax.legend(loc="lower right", frameon=False, fontsize="small")
    ax.set_yticks(y, rows["parameter"])
    ax.set_xlabel(_MEASURES.get(measure, measure))
    ax.set_title(outcome)
    ax.axvline(0, color="black", linewidth=0.6)
    return ax


def prim_tradeoff(trajectory: pd.DataFrame, ax: Any) -> Any:
    """PRIM's peeling trajectory: density against coverage, the chosen box ringed.

    Parameters
    ----------
    trajectory : pandas.DataFrame
        ``Discovery.trajectory`` (step, coverage, density, mass, restricted).
    ax : matplotlib.axes.Axes

    Returns
    -------
    matplotlib.axes.Axes
    """
    counts = trajectory["restricted"].to_numpy(dtype=int)
    top = max(int(counts.max()), 1)
    # light to dark blue, one step per count (ColorBrewer Blues: ordered, readable in grey)
    steps = colormaps["Blues"](np.linspace(0.2, 1.0, top + 1))
    norm = BoundaryNorm(np.arange(top + 2) - 0.5, top + 1)
    points = ax.scatter(
        trajectory["coverage"],
        trajectory["density"],
        c=counts,
        cmap=ListedColormap(steps),
        norm=norm,
        edgecolors="#555555",
        linewidths=0.5,
    )
    chosen = trajectory.iloc[-1]
    ax.scatter(
        [chosen["coverage"]],
        [chosen["density"]],
        s=160,
        facecolors="none",
        edgecolors="black",
        label="chosen box",
    )
    ax.figure.colorbar(points, ax=ax, label="restricted keys", ticks=range(top + 1))
    ax.set_xlabel("coverage (share of cases inside the box)")
    ax.set_ylabel("density (share of the box that are cases)")
    ax.set_xlim(0, 1.05)
    ax.set_ylim(0, 1.05)
    ax.legend(loc="lower left", frameon=False)
    return ax
