"""Figures of the calibration (notebook 09): prior against posterior, the trunk against the record.

Each draws on a given ``ax`` and returns it; data first, ``ax`` second, as in
:mod:`scenarios.plot.runs`. Okabe & Ito's palette, names in words, units on every value
axis. The tables come from :mod:`scenarios.calibration` (``prior_posterior``,
``coverage_by_source``) and :func:`scenarios.facts.load_observed`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import NullFormatter

from scenarios.errors import ScenariosError
from scenarios.facts.observed import SPLIT
from scenarios.plot.style import (
    BAND,
    GREY,
    OKABE_ITO,
    STATE_UNITS,
    _time_axis,
    country_name,
    parameter_label,
)
from scenarios.plot.tables import _frame, require_columns
from scenarios.quarters import decimal_year
from scenarios.registry.parameters import PARAMETERS

SOURCE_LABELS = {
    "default": "default parameters (noise only)",
    "prior": "parameters drawn from the prior",
    "posterior": "parameters drawn from the posterior",
}
"""Legend text of each kind of members of ``coverage_by_source``."""

SOURCE_COLOURS = {
    "default": GREY,
    "prior": OKABE_ITO["orange"],
    "posterior": OKABE_ITO["blue"],
}
"""Colour of each kind of members."""

SPLIT_COLOURS = {"fit": OKABE_ITO["sky blue"], "test": OKABE_ITO["orange"]}
"""Background of the fit years and the test years."""

STATISTIC_LABELS = {
    "all": "all targets",
    "gdp_growth_pct": "GDP growth",
    "milex_usd_bn": "military spending",
    "affinity": "affinity",
    "arms_share": "supplier share",
}
"""Names in words of the statistics (and of the row ``all``)."""


def prior_posterior(table: pd.DataFrame, ax: Any) -> Any:
    """Each parameter's posterior 5-95 % interval within its prior range.

    Every range is drawn on one axis from its low end (0) to its high end (1), so
    parameters of different units line up; the prior, uniform over the range, is the
    whole grey bar. Parameters the record constrains (``constrained``) are drawn in
    bluish green, the others in blue; the registry default is a black tick.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`scenarios.calibration.prior_posterior` (most constrained first: drawn
        at the top).
    ax : matplotlib.axes.Axes

    Returns
    -------
    matplotlib.axes.Axes
    """
    columns = ("parameter", "low", "high", "posterior_mean", "q05", "q95", "constrained")
    require_columns(table, columns, "prior_posterior")
    y = np.arange(len(table))[::-1]
    span = (table["high"] - table["low"]).to_numpy(dtype=float)
    low = table["low"].to_numpy(dtype=float)

    def scaled(column: str) -> np.ndarray:
        return (table[column].to_numpy(dtype=float) - low) / span

    defaults = np.array([PARAMETERS[key].default for key in table["parameter"]], dtype=float)
    colour = np.where(table["constrained"], OKABE_ITO["bluish green"], OKABE_ITO["blue"])
    ax.barh(y, 1.0, left=0.0, height=0.7, color=GREY, alpha=0.25, lw=0)
    q05, q95 = scaled("q05"), scaled("q95")
    for row, (a, b, shade) in enumerate(zip(q05, q95, colour, strict=True)):
        ax.plot([a, b], [y[row], y[row]], color=shade, lw=5, solid_capstyle="butt")
    ax.scatter(scaled("posterior_mean"), y, color="white", edgecolor=colour, zorder=3, s=28)
    ax.scatter((defaults - low) / span, y, marker="|", color="black", s=160, zorder=4)
    labels = [
        f"{parameter_label(key)}\n[{lo:g} to {hi:g} {PARAMETERS[key].unit}]"
        for key, lo, hi in zip(table["parameter"], table["low"], table["high"], strict=True)
    ]
    ax.set_yticks(y, labels, fontsize="small")
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("position in the prior range (0 = its low end, 1 = its high end)")
    handles = [
        Patch(color=GREY, alpha=0.25, label="prior: uniform over the range"),
        Line2D(
            [], [], color=OKABE_ITO["bluish green"], lw=5, label="posterior 5–95 %: constrained"
        ),
        Line2D([], [], color=OKABE_ITO["blue"], lw=5, label="posterior 5–95 %: not constrained"),
        Line2D([], [], ls="", marker="o", mfc="white", mec="black", label="posterior mean"),
        Line2D([], [], ls="", marker="|", ms=12, color="black", label="registry default"),
    ]
    ax.legend(
        handles=handles,
        frameon=False,
        fontsize="small",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
    )
    ax.set_title("Prior range and posterior 5–95 % interval of each fitted parameter")
    return ax


def _annual(record: pd.DataFrame, quantity: str, code: str) -> pd.DataFrame:
    rows = record[(record["quantity"] == quantity) & (record["state"] == code)]
    return rows[rows["period"].astype(str).str.fullmatch(r"\d{4}")]


def trunk_against_record(
    runs: Mapping[str, Any],
    record: pd.DataFrame,
    code: str,
    ax: Any,
    *,
    exclude: Collection[tuple[str, int]] = (),
    band: tuple[float, float] = BAND,
) -> Any:
    """One state's military spending on the trunk, as bands, against the record's years.

    Each run is drawn as its median and its band over members, quarter by quarter; each
    annual figure of the record (``milex_usd_bn``) as a segment across the year's
    quarters at its value, filled for a target of the fit or the test set, hollow for
    the start year and for a year the wartime rule leaves out. The fit years and the test
    years are shaded.

    Parameters
    ----------
    runs : mapping of str to Results or pandas.DataFrame
        Legend text -> a run of the trunk (or its ``states`` table); the first is drawn
        on top.
    record : pandas.DataFrame
        The observed record (:func:`scenarios.facts.load_observed`: ``quantity``,
        ``state``, ``period``, ``value``, ``split``).
    code : str
        Iso3 code of the state.
    ax : matplotlib.axes.Axes
    exclude : collection of (str, int)
        State-years that are not targets (:func:`scenarios.calibration.wartime`).
    band : (float, float)
        Quantiles of the band.

    Returns
    -------
    matplotlib.axes.Axes
    """
    require_columns(
        record, ("quantity", "state", "period", "value", "split"), "trunk_against_record"
    )
    if not runs:
        raise ScenariosError("trunk_against_record: no runs given; allowed: a mapping of runs")
    for split, colour in SPLIT_COLOURS.items():
        first, last = SPLIT[split]
        ax.axvspan(first, last + 1, color=colour, alpha=0.12, lw=0)
    palette = [OKABE_ITO["blue"], GREY, OKABE_ITO["orange"], OKABE_ITO["reddish purple"]]
    for order, ((label, run), colour) in enumerate(zip(runs.items(), palette, strict=False)):
        states = _frame(run, "states", "trunk_against_record")
        rows = states[states["iso3"] == code]
        if rows.empty:
            raise ScenariosError(f"trunk_against_record: state {code!r} not in the run {label!r}")
        by_quarter = rows.groupby("quarter", observed=True)["milex"]
        quantiles = by_quarter.quantile([band[0], 0.5, band[1]]).unstack()
        x = decimal_year(quantiles.index.astype(str))
        z = 3 - order
        ax.fill_between(
            x, quantiles[band[0]], quantiles[band[1]], color=colour, alpha=0.25, lw=0, zorder=z
        )
        ax.plot(x, quantiles[0.5], color=colour, lw=1.6, label=label, zorder=z)
    observed = _annual(record, "milex_usd_bn", code)
    for row in observed.itertuples(index=False):
        year = int(row.period)
        target = row.split in ("fit", "test") and (code, year) not in exclude
        colour = "black" if target else GREY
        ax.plot([year, year + 0.75], [row.value, row.value], color=colour, lw=2.2, zorder=5)
        ax.scatter(
            year + 0.375,
            row.value,
            color=colour if target else "white",
            edgecolor=colour,
            s=30,
            zorder=6,
        )
    ax.set_title(country_name(code))
    ax.set_ylabel(STATE_UNITS["milex"])
    _time_axis(ax)
    return ax


def record_legend_handles(ax: Any) -> list:
    """Legend handles of the record's marks and the shaded years of :func:`trunk_against_record`.

    Returns
    -------
    list of matplotlib artists
        Not drawn: pass them with the runs' handles to ``fig.legend``.
    """
    return [
        Line2D([], [], color="black", lw=2.2, marker="o", label="record: a target"),
        Line2D(
            [],
            [],
            color=GREY,
            lw=2.2,
            marker="o",
            markerfacecolor="white",
            label="record: not a target (start year or wartime)",
        ),
        Patch(
            color=SPLIT_COLOURS["fit"], alpha=0.25, label="fit years ({}–{})".format(*SPLIT["fit"])
        ),
        Patch(
            color=SPLIT_COLOURS["test"],
            alpha=0.25,
            label="test years ({}–{}), held back".format(*SPLIT["test"]),
        ),
    ]


def coverage(summary: pd.DataFrame, ax: Any, *, level: float = 0.9) -> Any:
    """The share of targets the members' central intervals cover, by statistic and source.

    Parameters
    ----------
    summary : pandas.DataFrame
        The second table of :func:`scenarios.calibration.coverage_by_source`
        (``statistic``, ``targets``, ``covered``, ``share``, ``source``).
    ax : matplotlib.axes.Axes
    level : float
        The intervals' level: the coverage they aim at, drawn as a dashed line.

    Returns
    -------
    matplotlib.axes.Axes
    """
    require_columns(summary, ("statistic", "targets", "covered", "share", "source"), "coverage")
    statistics = list(dict.fromkeys(summary["statistic"]))
    sources = list(dict.fromkeys(summary["source"]))
    width = 0.8 / len(sources)
    for k, source in enumerate(sources):
        rows = summary[summary["source"] == source].set_index("statistic").reindex(statistics)
        x = np.arange(len(statistics)) + (k - (len(sources) - 1) / 2) * width
        bars = ax.bar(
            x,
            rows["share"],
            width,
            color=SOURCE_COLOURS.get(source, GREY),
            label=SOURCE_LABELS.get(source, source),
        )
        for bar, covered, targets in zip(bars, rows["covered"], rows["targets"], strict=True):
            ax.annotate(
                f"{int(covered)}/{int(targets)}",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize="x-small",
            )
    ax.axhline(level, color="black", lw=1, ls="--", label=f"the aim: {level:.0%} covered")
    ax.set_xticks(np.arange(len(statistics)), [STATISTIC_LABELS.get(s, s) for s in statistics])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel(f"share of targets inside the {level:.0%} interval")
    ax.legend(frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


def interval_ratios(
    intervals: pd.DataFrame, ax: Any, *, statistic: str = "milex_usd_bn", year: int | None = None
) -> Any:
    """Each target's predictive interval divided by the observed value, one row per state.

    An interval that crosses 1 covers the observation; one left of 1 says the members
    spend too little, right of 1 too much. Drawn on a log axis, one row per state and
    one line per kind of members.

    Parameters
    ----------
    intervals : pandas.DataFrame
        The first table of :func:`scenarios.calibration.coverage_by_source`.
    ax : matplotlib.axes.Axes
    statistic : str
        A statistic on a positive scale (default military spending).
    year : int, optional
        The year to show; default the first in the table.

    Returns
    -------
    matplotlib.axes.Axes
    """
    columns = ("statistic", "state", "year", "observed", "low", "median", "high", "source")
    require_columns(intervals, columns, "interval_ratios")
    rows = intervals[intervals["statistic"] == statistic]
    if rows.empty:
        raise ScenariosError(f"interval_ratios: no targets of {statistic!r} in the table")
    year = int(rows["year"].min()) if year is None else int(year)
    rows = rows[rows["year"] == year]
    sources = list(dict.fromkeys(rows["source"]))
    states = sorted(set(rows["state"]), key=country_name, reverse=True)
    position = {code: k for k, code in enumerate(states)}
    step = 0.8 / len(sources)
    for k, source in enumerate(sources):
        one = rows[rows["source"] == source]
        y = one["state"].map(position).to_numpy(dtype=float) + (k - (len(sources) - 1) / 2) * step
        observed = one["observed"].to_numpy(dtype=float)
        ax.hlines(
            y,
            one["low"] / observed,
            one["high"] / observed,
            lw=3,
            color=SOURCE_COLOURS.get(source, GREY),
            label=SOURCE_LABELS.get(source, source),
        )
        ax.scatter(
            one["median"] / observed,
            y,
            color="white",
            s=12,
            zorder=3,
            edgecolor=SOURCE_COLOURS.get(source, GREY),
        )
    ax.axvline(1.0, color="black", lw=1, label="the observed value")
    ax.set_xscale("log")
    low, high = ax.get_xlim()
    ticks = [tick for tick in (0.25, 0.5, 0.7, 1, 1.5, 2, 3, 5, 10) if low <= tick <= high]
    ax.set_xticks(ticks, [f"{tick:g}" for tick in ticks])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(range(len(states)), [country_name(code) for code in states], fontsize="small")
    ax.set_xlabel(f"simulated ÷ observed, {STATISTIC_LABELS.get(statistic, statistic)} {year}")
    ax.legend(frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax
