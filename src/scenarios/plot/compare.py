"""Figures of a scenario comparison: paired differences over time, outcome probabilities.

Every function takes a :class:`~scenarios.experiments.comparison.Comparison` (from
:func:`scenarios.experiments.compare.compare`); :func:`difference_paths` and
:func:`outcome_bars` draw on a given ``ax`` and return it, :func:`comparison_figure`
puts them together as the figure ``scenarios compare --out`` saves. Each scenario keeps
its colour of :data:`~scenarios.plot.style.SCENARIO_COLOURS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from scenarios.errors import ScenariosError
from scenarios.experiments.comparison import BAND
from scenarios.metrics import METRIC_TITLES, METRICS
from scenarios.plot.style import (
    GREY,
    axis_label,
    caption,
    outline,
    scenario_colours,
    scenario_label,
)
from scenarios.quarters import decimal_year

MEMBER_LINES = 60
"""Most members drawn one by one (thin lines); beyond this, the band alone."""

SHORT_RUN = 3.0
"""Common quarters spanning fewer years than this are labelled one by one (``2024Q3``)."""

PANELS = 6
"""Most metric panels :func:`comparison_figure` draws by default."""


def difference_paths(comparison: Any, metric: str, ax: Any, *, member_lines: bool = True) -> Any:
    """One metric's paired differences from the reference over time, per scenario.

    A thick line is the median over members of (scenario - reference), member by
    member; the shaded band spans the 5th to 95th percentile, and the title says what it
    covers (noise, or noise and parameters). Where an ensemble splits
    into two outcomes, a median and band alone would hide it, so each member's own
    difference is drawn as a thin line too (up to :data:`MEMBER_LINES` members). The
    legend gives, for each scenario, the share of members above their reference member
    in the comparison quarter, which is marked by a dotted line.

    Parameters
    ----------
    comparison : Comparison
    metric : str
        One of ``comparison.metrics``.
    ax : matplotlib.axes.Axes
    member_lines : bool
        Draw every member's difference as a thin line.

    Returns
    -------
    matplotlib.axes.Axes
    """
    reference = comparison.member_values(comparison.reference, metric)
    table = comparison.differences
    at = table[(table["metric"] == metric) & (table["quarter"] == comparison.at)]
    x = decimal_year(reference.columns)
    palette = scenario_colours(comparison.names)
    for position, name in enumerate(comparison.names[1:], start=1):
        colour = palette[position]
        difference = (comparison.member_values(name, metric) - reference).to_numpy()
        if member_lines and len(difference) <= MEMBER_LINES:
            ax.plot(x, difference.T, color=colour, lw=0.5, alpha=0.25)
        low, mid, high = np.quantile(difference, (BAND[0], 0.5, BAND[1]), axis=0)
        ax.fill_between(x, low, high, color=colour, alpha=0.15, lw=0)
        share = at.loc[at["scenario"] == name, "p_higher"]
        note = f": higher in {share.iloc[0]:.0%} of members" if len(share) else ""
        label = f"{scenario_label(name)}{note}"
        ax.plot(x, mid, color=colour, lw=2.0, label=label, **outline(colour))
    ax.axhline(0.0, color=GREY, lw=0.8)
    if comparison.at != reference.columns[-1]:
        ax.axvline(decimal_year([comparison.at])[0], color=GREY, lw=0.8, linestyle=":")
    title = METRIC_TITLES.get(metric, metric)
    ax.set_title(
        f"{title}\nminus {scenario_label(comparison.reference)}, member by member; band "
        f"{round(BAND[0] * 100)}–{round(BAND[1] * 100)} % ({comparison.uncertainty})"
    )
    ax.set_ylabel(f"difference: {axis_label(METRICS[metric].unit)}")
    if x[-1] - x[0] < SHORT_RUN:
        ax.set_xticks(x, list(reference.columns), rotation=45)
        ax.set_xlabel("quarter")
    else:
        ax.set_xlabel("year")
    ax.legend(frameon=False, fontsize=8, title=f"in {comparison.at}", title_fontsize=8)
    return ax


def outcome_bars(comparison: Any, ax: Any) -> Any:
    """Probability of each named outcome per scenario, with its 95 % Wilson interval.

    Parameters
    ----------
    comparison : Comparison
        Its ``outcomes`` table must not be empty.
    ax : matplotlib.axes.Axes

    Returns
    -------
    matplotlib.axes.Axes
    """
    table = comparison.outcomes
    if table.empty:
        raise ScenariosError("outcome_bars: no named outcome in this comparison")
    names = list(dict.fromkeys(table["outcome"]))
    labels = {
        o.name: f"{METRIC_TITLES.get(o.metric, o.metric)} {'≥' if o.above else '≤'} {o.threshold:g}"
        for o in comparison.outcome_specs
    }
    height = 0.8 / len(comparison.names)
    palette = scenario_colours(comparison.names)
    y = np.arange(len(names))[::-1]
    for position, scenario in enumerate(comparison.names):
        rows = table[table["scenario"] == scenario].set_index("outcome").loc[names]
        offset = y + 0.4 - height * (position + 0.5)
        probability = rows["probability"].to_numpy()
        ax.barh(
            offset,
            probability,
            height=height * 0.9,
            color=palette[position],
            edgecolor="black" if outline(palette[position]) else "none",
            linewidth=0.6,
            label=scenario_label(scenario),
        )
        ax.errorbar(
            probability,
            offset,
            xerr=[probability - rows["low"].to_numpy(), rows["high"].to_numpy() - probability],
            fmt="none",
            ecolor="#444444",
            elinewidth=0.8,
            capsize=2,
        )
    ax.set_yticks(y, [labels[name] for name in names])
    ax.set_xlim(0.0, 1.0)
    ax.set_xlabel(f"probability (share of {comparison.members} members), 95 % interval")
    ax.set_title(f"Named outcomes in {comparison.at}")
    ax.legend(frameon=False, fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return ax


def comparison_figure(comparison: Any, metrics: Sequence[str] | None = None) -> Any:
    """The comparison at a glance: a difference panel per metric, then the outcomes.

    Parameters
    ----------
    comparison : Comparison
    metrics : sequence of str, optional
        Metrics to draw. Default: the named outcomes' metrics, or else the first
        :data:`PANELS` compared metrics.

    Returns
    -------
    matplotlib.figure.Figure
        Built without pyplot, so that saving it needs no display and leaves no figure
        open.
    """
    from matplotlib.figure import Figure

    if metrics is None:
        chosen = [o.metric for o in comparison.outcome_specs] or comparison.metrics[:PANELS]
        metrics = list(dict.fromkeys(chosen))
    panels = len(metrics) + (0 if comparison.outcomes.empty else 1)
    columns = 1 if panels == 1 else 2
    rows = -(-panels // columns)
    figure = Figure(figsize=(7.5 * columns, 4.2 * rows), layout="constrained")
    axes = np.atleast_1d(figure.subplots(rows, columns, squeeze=False).ravel())
    for ax, metric in zip(axes, metrics, strict=False):
        difference_paths(comparison, metric, ax)
    if not comparison.outcomes.empty:
        outcome_bars(comparison, axes[len(metrics)])
    for ax in axes[panels:]:
        ax.set_visible(False)
    names = ", ".join(comparison.names)
    figure.suptitle(f"Compared with {scenario_label(comparison.reference)}")
    caption(
        figure,
        f"Source: alignment-scenarios model, scenarios {names}, seed {comparison.seed}, "
        f"{comparison.members} members each, paired member by member.",
    )
    return figure
