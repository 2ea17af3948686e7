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

PAIRS = (("RUS", "PRK"), ("USA", "JPN"), ("USA", "KOR"), ("RUS", "JPN"))
"""Pairs whose cohesion the overview shows, where the world has them."""

SPENDERS = ("CHN", "JPN", "KOR", "RUS")
"""States whose military burden the overview shows, where the world has them."""

BITES = (("rus_bite", "RUS"), ("prk_bite", "PRK"))
"""Sanctions-bite metrics the overview shows, with the colour of their target."""


def overview(results: Any, axes: Any) -> Any:
    """Four panels summarising one run.

    The panels show pact and trilateral cohesion, North-East Asian spending, sanctions bite,
    and bloc membership.

    Any world a scenario may describe is drawn: a panel shows the pairs, states and
    metrics of its kind that the run has, and says so when it has none of them (a world
    of Russia and North Korea has no trilateral to show).

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
    relations, states = results.relations, results.states
    recorded = set(zip(relations["a"].astype(str), relations["b"].astype(str), strict=True))
    pairs = [pair for pair in PAIRS if pair in recorded]
    present = set(states["iso3"].astype(str))
    spenders = [code for code in SPENDERS if code in present]
    metrics = set(results.metrics["metric"].astype(str))
    bites = [(metric, code) for metric, code in BITES if metric in metrics]
    if pairs:
        cohesion(results, pairs, axes[0, 0])
    else:
        _nothing(axes[0, 0], "Cohesion", "none of the pairs " + _listed(PAIRS))
    if spenders:
        spending(results, spenders, axes[0, 1], share_of_gdp=True)
    else:
        _nothing(axes[0, 1], "Military spending", "none of " + ", ".join(SPENDERS))
    for metric, code in bites:
        label = METRIC_TITLES.get(metric)
        metric_series(results, metric, axes[1, 0], label=label, color=STATE_COLOURS[code])
    if not bites:
        _nothing(axes[1, 0], "", "neither RUS nor PRK")
    axes[1, 0].set_title("Sanctions bite felt by the targets")
    if not results.blocs.empty:
        bloc_membership(results, axes[1, 1])
    elif "dprk_restraint" in metrics:
        metric_series(results, "dprk_restraint", axes[1, 1])
    else:
        _nothing(axes[1, 1], "Blocs", "no bloc records and no PRK")
    return axes


def _listed(pairs: Any) -> str:
    return ", ".join(f"{a}-{b}" for a, b in pairs)


def _nothing(ax: Any, title: str, missing: str) -> None:
    """A panel whose subject is not in this world: its title and a note saying so."""
    ax.set_title(title)
    ax.text(
        0.5,
        0.5,
        f"not in this world:\n{missing}",
        ha="center",
        va="center",
        transform=ax.transAxes,
        color="0.4",
    )
    ax.set_axis_off()


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
