"""Matplotlib helpers for :class:`~scenarios.model.Results`.

Each ``plot_*`` function draws on the ``ax`` it is given and returns it; with several
members it draws the mean and a 5-95 % band. :func:`overview_figure` assembles the
four-panel figure that ``scenarios run`` saves as ``overview.png``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from scenarios.metrics import METRICS


def _band(ax: Axes, table: pd.DataFrame, x: str, y: str, label: str) -> None:
    """Mean line and 5-95 % band of ``y`` over members, per ``x``."""
    grouped = table.groupby(x, observed=True)[y]
    mean = grouped.mean()
    positions = np.arange(len(mean))
    (line,) = ax.plot(positions, mean.to_numpy(), label=label)
    if table["member"].nunique() > 1:
        low, high = grouped.quantile(0.05), grouped.quantile(0.95)
        ax.fill_between(
            positions, low.to_numpy(), high.to_numpy(), alpha=0.2, color=line.get_color()
        )
    _quarter_ticks(ax, [str(q) for q in mean.index])


def _quarter_ticks(ax: Axes, labels: list[str]) -> None:
    step = max(1, len(labels) // 5)
    ticks = list(range(0, len(labels), step))
    ax.set_xticks(ticks, [labels[i] for i in ticks])


def plot_metrics(results, metrics: Sequence[str], ax: Axes) -> Axes:
    """Plot metrics over time (mean and 5-95 % band over members).

    Parameters
    ----------
    results : Results
    metrics : sequence of str
        Names from :data:`scenarios.metrics.METRICS`; absent ones are skipped.
    ax : matplotlib.axes.Axes

    Returns
    -------
    matplotlib.axes.Axes
    """
    table = results.metrics
    for name in metrics:
        rows = table[table["metric"] == name]
        if not rows.empty:
            _band(ax, rows, "quarter", "value", name.replace("_", " "))
    units = {METRICS[name].unit for name in metrics if name in METRICS}
    ax.set_ylabel(units.pop() if len(units) == 1 else "value")
    ax.legend(fontsize="small")
    return ax


def plot_cohesion(results, pairs: Sequence[tuple[str, str]], ax: Axes) -> Axes:
    """Plot the affinity of pairs of states over time.

    Parameters
    ----------
    results : Results
        Its ``relations`` must hold the pairs (see ``simulate(pairs=...)``).
    pairs : sequence of (str, str)
        Iso3 codes.
    ax : matplotlib.axes.Axes

    Returns
    -------
    matplotlib.axes.Axes
    """
    table = results.relations
    for a, b in pairs:
        rows = table[(table["a"] == a) & (table["b"] == b)]
        if not rows.empty:
            _band(ax, rows, "quarter", "affinity", f"{a}-{b}")
    ax.axhline(0.0, color="grey", linewidth=0.5)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("affinity")
    ax.legend(fontsize="small")
    return ax


def plot_states(results, variable: str, codes: Sequence[str], ax: Axes) -> Axes:
    """Plot one state variable (e.g. ``"milex"``) of some states over time.

    Parameters
    ----------
    results : Results
    variable : str
        A column of ``results.states``.
    codes : sequence of str
        Iso3 codes; absent ones are skipped.
    ax : matplotlib.axes.Axes

    Returns
    -------
    matplotlib.axes.Axes
    """
    table = results.states
    for code in codes:
        rows = table[table["iso3"] == code]
        if not rows.empty:
            _band(ax, rows, "quarter", variable, code)
    ax.set_ylabel(variable)
    ax.legend(fontsize="small")
    return ax


def plot_blocs(results, ax: Axes) -> Axes:
    """Plot how many states sit in each bloc at each bloc record (mean over members).

    Returns
    -------
    matplotlib.axes.Axes
    """
    table = results.blocs
    counts = table.groupby(["member", "quarter", "bloc"], observed=True).size().rename("states")
    means = counts.groupby(["quarter", "bloc"], observed=True).mean().unstack(fill_value=0)
    for bloc in means.columns:
        ax.plot(np.arange(len(means)), means[bloc].to_numpy(), marker="o", label=f"bloc {bloc}")
    _quarter_ticks(ax, [str(q) for q in means.index])
    ax.set_ylabel("states")
    ax.legend(fontsize="small")
    return ax


def overview_figure(results) -> Figure:
    """Four panels: key affinities, North-East Asian spending, sanctions, blocs.

    Returns
    -------
    matplotlib.figure.Figure
        Built without pyplot, so it needs no display.
    """
    figure = Figure(figsize=(12, 8), layout="constrained")
    axes = figure.subplots(2, 2)
    name = getattr(results.scenario, "name", "run")
    figure.suptitle(f"{name} (seed {results.seed}, {len(results.members)} member(s))")
    plot_metrics(
        results,
        ["rus_prk_cohesion", "trilateral_cohesion", "rus_jpn_affinity", "rus_kor_affinity"],
        axes[0, 0],
    ).set_title("Alignment")
    plot_metrics(results, ["northeast_asia_milex"], axes[0, 1]).set_title(
        "North-East Asian military spending"
    )
    plot_metrics(results, ["rus_bite", "prk_bite", "sanctions_leakage"], axes[1, 0]).set_title(
        "Sanctions"
    )
    if results.blocs.empty:
        plot_metrics(results, ["dprk_restraint"], axes[1, 1]).set_title("DPRK restraint")
    else:
        plot_blocs(results, axes[1, 1]).set_title("Blocs (landscape theory)")
    return figure
