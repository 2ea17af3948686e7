"""One run at a glance: the four-panel overview figure that ``Results.plot()`` draws."""

from __future__ import annotations

from typing import Any

from scenarios.plot.network import bloc_membership
from scenarios.plot.runs import cohesion, metric_series, spending
from scenarios.plot.style import METRIC_TITLES, STATE_COLOURS


def overview(results: Any, axes: Any) -> Any:
    """Four panels summarising one run: pact and trilateral cohesion, North-East Asian
    spending, sanctions bite, and bloc membership.

    Parameters
    ----------
    results : Results
        A run with its ``metrics``, ``states`` and ``blocs`` tables.
    axes : array of matplotlib.axes.Axes, shape (2, 2)

    Returns
    -------
    array of matplotlib.axes.Axes
        The same axes, drawn on.
    """
    cohesion(results, [("RUS", "PRK"), ("USA", "JPN"), ("USA", "KOR"), ("RUS", "JPN")], axes[0, 0])
    spending(results, ["CHN", "JPN", "KOR", "RUS"], axes[0, 1], share_of_gdp=True)
    for metric, code in (("rus_bite", "RUS"), ("prk_bite", "PRK")):
        label = METRIC_TITLES.get(metric)
        metric_series(results, metric, axes[1, 0], label=label, color=STATE_COLOURS[code])
    axes[1, 0].set_title("Sanctions bite felt by the targets")
    if results.blocs.empty:
        metric_series(results, "dprk_restraint", axes[1, 1])
    else:
        bloc_membership(results, axes[1, 1])
    return axes
