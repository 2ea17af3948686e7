"""Plots for experiments: fan charts of ensembles and sweeps, sensitivity rankings, PRIM.

Each function draws on the matplotlib ``ax`` it is given and returns it. Data comes from
:mod:`scenarios.experiments` (summaries of ensembles and sweeps, sensitivity indices,
PRIM's peeling trajectory).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from scenarios.errors import ScenariosError
from scenarios.quarters import decimal_year

_MEASURES = {
    "ST": "total Sobol index",
    "S1": "first-order Sobol index",
    "mu_star": "Morris mu* (mean |effect| over the whole range)",
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
        Legend label of the median line (default: the metric).
    color : str, optional
        Colour of the line and bands (default: the axes' next colour).

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
    (line,) = ax.plot(x, rows["median"], color=color, label=label or metric, linewidth=1.8)
    shade = line.get_color()
    ax.fill_between(x, rows["q05"], rows["q95"], color=shade, alpha=0.15, linewidth=0)
    ax.fill_between(x, rows["q25"], rows["q75"], color=shade, alpha=0.3, linewidth=0)
    ax.set_xlabel("year")
    ax.set_ylabel(metric)
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
        From :func:`scenarios.experiments.sobol_indices` or
        :func:`scenarios.experiments.morris_indices`.
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
        color="tab:blue",
        alpha=0.75,
        label=measure,
        error_kw={"elinewidth": 1, "capsize": 2},
    )
    if measure == "ST" and "S1" in rows.columns:
        ax.barh(y, rows["S1"], height=0.4, color="tab:orange", label="S1")
        ax.legend(loc="lower right", frameon=False)
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
    points = ax.scatter(
        trajectory["coverage"], trajectory["density"], c=trajectory["restricted"], cmap="viridis"
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
    ax.figure.colorbar(points, ax=ax, label="restricted keys")
    ax.set_xlabel("coverage (share of cases inside the box)")
    ax.set_ylabel("density (share of the box that are cases)")
    ax.set_xlim(0, 1.05)
    ax.set_ylim(0, 1.05)
    ax.legend(loc="lower left", frameon=False)
    return ax
