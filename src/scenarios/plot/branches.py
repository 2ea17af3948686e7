"""The trunk and the branch on a time axis: where the record ends and a scenario begins.

Every run starts on the trunk (the observed record replayed from 2021Q4) and leaves it at
its branch quarter; before that quarter the runs of all scenarios are identical. A figure
over time should show the reader which part is history replayed and which part is the
scenario: :func:`mark_branch` shades the trunk and draws the branch as a vertical line.
"""

from __future__ import annotations

from typing import Any

from scenarios.plot.style import GREY
from scenarios.quarters import decimal_year, format_quarter

TRUNK_LABEL = "trunk: the record replayed"
"""Legend text of the shaded trunk."""


def mark_branch(ax: Any, scenario: Any, *, shade: bool = True, label: bool = True) -> Any:
    """Shade the trunk of ``scenario`` and draw its branch quarter on a time axis.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes whose x axis is in decimal years (as every time series of
        :mod:`scenarios.plot` draws it).
    scenario : Scenario
        The scenario whose ``start`` and ``branch`` quarters are marked.
    shade : bool, default True
        Shade the trunk (from the start to the branch) in light grey.
    label : bool, default True
        Name the shade in the legend and write the branch quarter beside its line.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, with the x limits it had before.
    """
    limits = ax.get_xlim()
    start, branch = decimal_year([format_quarter(scenario.start), format_quarter(scenario.branch)])
    if shade and branch > start:
        ax.axvspan(
            start, branch, color=GREY, alpha=0.12, lw=0, label=TRUNK_LABEL if label else None
        )
    ax.axvline(branch, color=GREY, lw=1.0, ls=":")
    if label:
        ax.annotate(
            f"branch {format_quarter(scenario.branch)}",
            xy=(branch, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -3),
            textcoords="offset points",
            va="top",
            fontsize="small",
            color=GREY,
        )
    ax.set_xlim(limits)
    return ax
