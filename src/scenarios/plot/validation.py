"""Figures for the validation checks (notebook 06): each draws a table of
:mod:`scenarios.validation` on a given ``ax`` and returns the ``ax``.

As in :mod:`scenarios.plot.runs`: data first, ``ax`` second; Okabe & Ito's colour-blind-safe
palette; names, not codes; units on every value axis. A check that passes is drawn in
bluish green, one that fails in vermillion.
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from scenarios.errors import ScenariosError

# The 1936 figures live in their own module; notebooks reach them here with the others.
from scenarios.plot.landscape_1936 import FACTOR_LABELS as FACTOR_LABELS
from scenarios.plot.landscape_1936 import SIDE_COLOURS as SIDE_COLOURS
from scenarios.plot.landscape_1936 import SIDE_LABELS as SIDE_LABELS
from scenarios.plot.landscape_1936 import landscape_sides as landscape_sides
from scenarios.plot.landscape_1936 import landscape_weights as landscape_weights
from scenarios.plot.style import (
    AFFINITY_AXIS,
    AFFINITY_CMAP,
    GREY,
    OKABE_ITO,
)
from scenarios.plot.tables import require_columns

RESULT_COLOURS = {True: OKABE_ITO["bluish green"], False: OKABE_ITO["vermillion"]}
"""Colour of a check that passes (True) or fails (False)."""

SERIES_LABELS = {
    "cow_nmc_v6": "Correlates of War budgets (NMC v6)",
    "richardson_recalled": "Richardson's table as recalled",
}
"""Legend text of the pre-1914 budget series of :func:`budget_fit`."""


# -- Richardson -------------------------------------------------------------------------------


def richardson_paths(
    path: pd.DataFrame,
    ax: Any,
    *,
    equilibrium: tuple[float, float] | None = None,
    names: tuple[str, str] = ("bloc X", "bloc Y"),
) -> Any:
    """Spending of two blocs over time, with the analytic equilibrium as dashed lines.

    Parameters
    ----------
    path : pandas.DataFrame
        :func:`scenarios.validation.richardson_path` (time, bloc ``"x"``/``"y"``, spending).
    ax : matplotlib.axes.Axes
    equilibrium : (float, float), optional
        ``(x*, y*)`` to draw.
    names : (str, str)
        Legend names of the two blocs.

    Returns
    -------
    matplotlib.axes.Axes
    """
    require_columns(path, ("time", "bloc", "spending"), "richardson_paths")
    colours = (OKABE_ITO["blue"], OKABE_ITO["vermillion"])
    for bloc, name, colour in zip(("x", "y"), names, colours, strict=True):
        rows = path[path["bloc"] == bloc]
        ax.plot(rows["time"], rows["spending"], color=colour, label=name, linewidth=1.8)
    if equilibrium is not None:
        for value, colour in zip(equilibrium, colours, strict=True):
            if np.isfinite(value):
                ax.axhline(value, color=colour, linestyle="--", linewidth=1)
    ax.set_xlabel("time (units of the coefficients)")
    ax.set_ylabel("spending (units of the grievances)")
    ax.legend(frameon=False)
    return ax


def stability_map(cases: pd.DataFrame, ax: Any) -> Any:
    """Each Richardson case by ``k l`` and ``a b``, coloured by what the simulation did.

    Parameters
    ----------
    cases : pandas.DataFrame
        :func:`scenarios.validation.richardson_cases` (k, l, a, b, outcome).
    ax : matplotlib.axes.Axes

    Returns
    -------
    matplotlib.axes.Axes
        Points above the diagonal ``a b = k l`` should converge, those below run away.
    """
    require_columns(cases, ("k", "l", "a", "b", "outcome"), "stability_map")
    fear = cases["k"] * cases["l"]
    fatigue = cases["a"] * cases["b"]
    for outcome, colour in (
        ("converges", OKABE_ITO["bluish green"]),
        ("runs away", OKABE_ITO["vermillion"]),
    ):
        chosen = cases["outcome"] == outcome
        ax.scatter(fear[chosen], fatigue[chosen], s=14, color=colour, label=f"simulated: {outcome}")
    top = float(max(fear.max(), fatigue.max())) * 1.05
    ax.plot([0, top], [0, top], color=OKABE_ITO["black"], linewidth=1, label="a b = k l")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_xlabel("k l (product of the reaction coefficients)")
    ax.set_ylabel("a b (product of the fatigue coefficients)")
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    return ax


def budget_fit(prediction: pd.DataFrame, ax: Any) -> Any:
    """The two pre-1914 blocs' combined budgets: observed points, fitted Richardson curve.

    Parameters
    ----------
    prediction : pandas.DataFrame
        :func:`scenarios.validation.richardson_prediction` (series, sourced, year,
        observed, predicted).
    ax : matplotlib.axes.Axes

    Returns
    -------
    matplotlib.axes.Axes
    """
    require_columns(
        prediction, ("series", "sourced", "year", "observed", "predicted"), "budget_fit"
    )
    colours = (OKABE_ITO["blue"], OKABE_ITO["orange"])
    for position, (series, rows) in enumerate(prediction.groupby("series", sort=False)):
        colour = colours[position % len(colours)]
        sourced = bool(rows["sourced"].iloc[0])
        name = SERIES_LABELS.get(series, series.replace("_", " "))
        label = name + ("" if sourced else " (unverified)")
        ax.plot(rows["year"], rows["observed"], "o", color=colour, label=f"{label}: observed")
        ax.plot(
            rows["year"],
            rows["predicted"],
            "-" if sourced else ":",
            color=colour,
            label=f"{label}: fitted from 1909",
        )
    ax.set_xticks(sorted(set(prediction["year"])))
    ax.set_xlabel("year")
    ax.set_ylabel("France + Russia + Germany + Austria-Hungary\n(GBP million per year)")
    ax.legend(frameon=False, fontsize=8)
    return ax


# -- structural balance -------------------------------------------------------------------------


def signed_matrix(
    matrix: Any, ax: Any, *, order: Any = None, title: str | None = None, colorbar: bool = True
) -> Any:
    """A signed network as a matrix of coloured cells (blue friendly, red hostile).

    Parameters
    ----------
    matrix : array_like, shape (N, N)
        Affinities in [-1, 1].
    ax : matplotlib.axes.Axes
    order : array_like of int, optional
        Order of the rows and columns (e.g. grouped by predicted faction).
    title : str, optional
    colorbar : bool
        Draw a colour bar beside the axes.

    Returns
    -------
    matplotlib.axes.Axes
    """
    values = np.asarray(matrix, dtype=float)
    if values.ndim != 2 or values.shape[0] != values.shape[1]:
        raise ScenariosError(f"signed_matrix: shape {values.shape}; expected a square matrix")
    if order is not None:
        index = np.asarray(order, dtype=int)
        values = values[np.ix_(index, index)]
    image = ax.imshow(values, cmap=AFFINITY_CMAP, vmin=-1, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("state")
    ax.set_ylabel("state")
    if title:
        ax.set_title(title)
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label=AFFINITY_AXIS, shrink=0.8)
    return ax


# -- stylized facts and the replay -------------------------------------------------------------


def _band_edges(band: str) -> tuple[float, float]:
    low, high = (part.strip(" [()]") for part in band.split(","))
    return float(low), float(high)


def fact_band(fact: pd.Series, ax: Any, *, width: int = 48) -> Any:
    """One stylized fact: the published band against the simulated median and 5-95 % range.

    Parameters
    ----------
    fact : pandas.Series
        A row of :func:`scenarios.validation.stylized_facts` (fact, band, unit, median,
        p05, p95, passed).
    ax : matplotlib.axes.Axes
    width : int
        Characters per line of the title.

    Returns
    -------
    matplotlib.axes.Axes
        An infinite end of the band runs off the edge of the axes.
    """
    low, high = _band_edges(str(fact["band"]))
    values = [float(fact["p05"]), float(fact["median"]), float(fact["p95"])]
    finite = [v for v in (low, high, *values) if np.isfinite(v)]
    span = max(finite) - min(finite) or max(abs(max(finite)), 1.0)
    left, right = min(finite) - 0.3 * span, max(finite) + 0.3 * span
    ax.axvspan(max(low, left), min(high, right), color=GREY, alpha=0.35, linewidth=0)
    colour = RESULT_COLOURS[bool(fact["passed"])]
    ax.plot([values[0], values[2]], [0, 0], color=colour, linewidth=2)
    ax.plot([values[1]], [0], "o", color=colour, markersize=8)
    ax.set_xlim(left, right)
    ax.set_ylim(-1, 1)
    ax.set_yticks([])
    ax.set_xlabel(str(fact["unit"]), fontsize=8)
    verdict = "pass" if bool(fact["passed"]) else "fail"
    ax.set_title(textwrap.fill(f"{fact['fact']} ({verdict})", width), fontsize=8.5)
    return ax


def replay_changes(comparison: pd.DataFrame, ax: Any) -> Any:
    """Observed change next to the replay's simulated change, one row per comparison.

    Parameters
    ----------
    comparison : pandas.DataFrame
        :func:`scenarios.validation.replay_comparison` (label, observed_direction,
        observed_change, change_median, change_p05, change_p95, size_ratio, passed).
    ax : matplotlib.axes.Axes

    Returns
    -------
    matplotlib.axes.Axes
        A diamond marks the observed change where its size is comparable; where only the
        direction is, an arrow at the edge points the observed way. Dots and whiskers are
        the simulated median and 5-95 % range, green when the comparison passes.
    """
    columns = (
        "label",
        "observed_direction",
        "observed_change",
        "change_median",
        "change_p05",
        "change_p95",
        "size_ratio",
        "passed",
    )
    require_columns(comparison, columns, "replay_changes")
    y = np.arange(len(comparison))[::-1]
    for row, entry in zip(y, comparison.itertuples(index=False), strict=True):
        colour = RESULT_COLOURS[bool(entry.passed)]
        ax.plot([entry.change_p05, entry.change_p95], [row, row], color=colour, linewidth=2)
        ax.plot([entry.change_median], [row], "o", color=colour, markersize=7)
        if np.isfinite(entry.size_ratio):
            ax.plot([entry.observed_change], [row], "D", color=OKABE_ITO["black"], markersize=6)
        else:
            arrow = "→ observed: up" if entry.observed_direction > 0 else "← observed: down"
            ax.annotate(
                arrow,
                xy=(1.0, row),
                xycoords=("axes fraction", "data"),
                ha="right",
                va="bottom",
                fontsize=8,
            )
    ax.axvline(0, color=GREY, linewidth=0.8)
    ax.set_yticks(y, [textwrap.fill(label, 30) for label in comparison["label"]])
    ax.set_xlabel("change over the replay (affinity, or relative growth)")
    ax.legend(
        handles=[
            Line2D([], [], marker="D", linestyle="", color=OKABE_ITO["black"], label="observed"),
            Line2D([], [], marker="o", color=RESULT_COLOURS[True], label="simulated: pass"),
            Line2D([], [], marker="o", color=RESULT_COLOURS[False], label="simulated: fail"),
        ],
        frameon=False,
        fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
    )
    return ax
