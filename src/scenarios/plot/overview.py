"""One run at a glance: the four-panel overview figure that ``Results.plot()`` draws."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from scenarios.metrics import METRIC_TITLES
from scenarios.plot.network import bloc_membership
from scenarios.plot.runs import cohesion, metric_series, spending
from scenarios.plot.style import (
    STATE_COLOURS,
    caption,
    source_text,
)


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


def save_overview(results: Any, path: str | Path) -> Path:
    """Draw the overview of a run into a PNG file, with its title and source line.

    Pyplot-free, so writing results needs no display and leaves no figure open.

    Parameters
    ----------
    results : Results
        The run.
    path : str or pathlib.Path
        The PNG file to write.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    figure = Figure(figsize=(13, 9), layout="constrained")
    name = getattr(results.scenario, "name", "run")
    figure.suptitle(f"{name}: seed {results.seed}, {len(results.members)} member(s)")
    overview(results, figure.subplots(2, 2))
    caption(figure, source_text(results))
    figure.savefig(path, dpi=100)
    return Path(path)
