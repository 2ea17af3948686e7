"""Figures of the landscape-theory check on Europe in 1936 (notebook 06).

Each draws a table of :mod:`scenarios.validation.landscape` on a given ``ax`` and returns
the ``ax``; colours and names as in :mod:`scenarios.plot.validation`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from scenarios.plot.style import GREY, OKABE_ITO
from scenarios.plot.tables import require_columns

SIDE_COLOURS = {"A": OKABE_ITO["blue"], "B": OKABE_ITO["vermillion"]}
"""1936 sides: A = Britain's (the Allies), B = Germany's (the Axis and its co-belligerents)."""

SIDE_LABELS = {"A": "Britain's side", "B": "Germany's side"}
"""Legend text of the 1936 sides."""

FACTOR_LABELS = {
    "ethnic_conflict": "ethnic conflict",
    "religion": "religion",
    "border_disputes": "border disputes",
    "government": "type of government",
    "past_wars": "past wars",
}
"""Plain names of the five 1936 propensity factors."""

_FACTOR_COLOURS = ("blue", "orange", "bluish green", "reddish purple", "sky blue")


# -- landscape theory, 1936 -------------------------------------------------------------------


def landscape_sides(prediction: pd.DataFrame, ax: Any) -> Any:
    """Side of each of the 17 states: rebuilt model, Axelrod & Bennett, and the war.

    Parameters
    ----------
    prediction : pandas.DataFrame
        :func:`scenarios.validation.landscape_prediction` (country, size, predicted_side,
        actual_side, ab1993_side, correct).
    ax : matplotlib.axes.Axes

    Returns
    -------
    matplotlib.axes.Axes
        States run down the rows (Britain's side first, larger states first); a black
        ring marks a prediction that differs from the side the state fought on. Marker
        area grows with the 1936 capability share.
    """
    columns = ("country", "size", "predicted_side", "actual_side", "ab1993_side")
    require_columns(prediction, columns, "landscape_sides")
    rows = prediction.sort_values(["actual_side", "size"], ascending=[True, False], kind="stable")
    y = np.arange(len(rows))[::-1]
    area = 30 + 900 * np.sqrt(rows["size"].to_numpy(dtype=float))
    panels = (
        ("predicted_side", "rebuilt\nlandscape"),
        ("ab1993_side", "Axelrod &\nBennett 1993"),
        ("actual_side", "side fought\non (WWII)"),
    )
    for x, (column, _) in enumerate(panels):
        sides = rows[column].to_numpy()
        ax.scatter(
            np.full(len(rows), x), y, s=area, c=[SIDE_COLOURS[s] for s in sides], linewidths=0
        )
        if column != "actual_side":
            wrong = sides != rows["actual_side"].to_numpy()
            ax.scatter(
                np.full(wrong.sum(), x),
                y[wrong],
                s=area[wrong] + 120,
                facecolors="none",
                edgecolors=OKABE_ITO["black"],
                linewidths=1.4,
            )
    ax.set_xticks(range(len(panels)), [label for _, label in panels])
    ax.set_yticks(y, list(rows["country"]))
    ax.set_xlim(-0.6, len(panels) - 0.4)
    ax.set_ylim(-0.8, len(rows) - 0.2)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=SIDE_COLOURS[s], label=SIDE_LABELS[s])
        for s in ("A", "B")
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor="none",
            markeredgecolor=OKABE_ITO["black"],
            label="not the side fought on",
        )
    )
    ax.legend(handles=handles, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.tick_params(axis="x", length=0)
    return ax


def landscape_weights(sensitivity: pd.DataFrame, ax: Any, *, published: int = 15) -> Any:
    """States placed on their actual side as one factor's weight is scaled (others fixed).

    Parameters
    ----------
    sensitivity : pandas.DataFrame
        :func:`scenarios.validation.landscape_sensitivity` (factor, scale, correct).
    ax : matplotlib.axes.Axes
    published : int
        Axelrod & Bennett's count, drawn as a dashed reference line.

    Returns
    -------
    matplotlib.axes.Axes
    """
    require_columns(sensitivity, ("factor", "scale", "correct"), "landscape_weights")
    for position, (factor, rows) in enumerate(sensitivity.groupby("factor", sort=False)):
        colour = OKABE_ITO[_FACTOR_COLOURS[position % len(_FACTOR_COLOURS)]]
        ax.plot(
            rows["scale"],
            rows["correct"],
            marker="o",
            color=colour,
            label=FACTOR_LABELS.get(factor, factor),
        )
    ax.axhline(published, color=OKABE_ITO["black"], linestyle="--", linewidth=1)
    ax.annotate(
        f"Axelrod & Bennett: {published} of 17",
        xy=(0.0, published),
        xytext=(2, 3),
        textcoords="offset points",
        fontsize=8,
    )
    ax.axvline(1.0, color=GREY, linewidth=0.8)
    ax.set_ylim(0, 17.5)
    ax.set_xlabel("weight of one factor, as a multiple of its default (others at default)")
    ax.set_ylabel("states on their actual side (of 17)")
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    return ax
