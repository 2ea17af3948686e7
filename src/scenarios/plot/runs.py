"""Time series of one run or a few runs: metrics, pair affinities, per-state variables, spending.

Every function draws on the matplotlib ``ax`` it is given and returns it. Data is a
:class:`~scenarios.model.Results` or its tidy table (``Results.metrics``, ``.relations``
or ``.states``). Where a run has several ensemble members, lines are the median over
members and the shaded band spans the 5th to 95th percentile (``band=None`` draws the
line only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scenarios.errors import ResultsError, allowed_list
from scenarios.metrics import METRIC_TITLES, METRICS
from scenarios.plot.style import (
    BAND,
    GREY,
    PALETTE,
    STATE_UNITS,
    _band_note,
    _draw_path,
    _time_axis,
    colours,
    country_name,
    pair_label,
)
from scenarios.plot.tables import _FRAME_COLUMNS, _check_choice, _frame, _paths, _present


def metric_series(
    data: Any,
    metric: str,
    ax: Any,
    *,
    label: str | None = None,
    color: str | None = None,
    linestyle: str = "-",
    band: tuple[float, float] | None = BAND,
) -> Any:
    """One metric over time: the median over members with a shaded band.

    Parameters
    ----------
    data : Results or pandas.DataFrame
        A run or its ``metrics`` table.
    metric : str
        A name in :data:`scenarios.metrics.METRICS`.
    ax : matplotlib.axes.Axes
    label : str, optional
        Legend label of the line (a legend is drawn when given).
    color : str, optional
        Default: the first colour of :data:`~scenarios.plot.style.PALETTE`.
    linestyle : str
    band : (float, float) or None
        Quantiles of the band over members; None for no band.

    Returns
    -------
    matplotlib.axes.Axes
    """
    frame = _frame(data, "metrics", "metric_series")
    _check_choice(metric, _present(frame, "metric"), "metric", "metric_series")
    rows = frame[frame["metric"] == metric]
    path = _paths(rows, "value", band)
    _draw_path(ax, path, color=color or PALETTE[0], label=label, linestyle=linestyle)
    spec = METRICS.get(metric)
    ax.set_title(METRIC_TITLES.get(metric, metric.replace("_", " ")) + _band_note(rows, band))
    ax.set_ylabel(spec.unit if spec else "value")
    _time_axis(ax)
    if label is not None:
        ax.legend(frameon=False)
    return ax


def compare_metric(
    runs: Mapping[str, Any],
    metric: str,
    ax: Any,
    *,
    band: tuple[float, float] | None = BAND,
) -> Any:
    """One metric over time in several runs (scenarios), one colour each.

    Parameters
    ----------
    runs : Mapping of str to Results or pandas.DataFrame
        Legend label -> a run or its ``metrics`` table.
    metric : str
    ax : matplotlib.axes.Axes
    band : (float, float) or None

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not runs:
        raise ResultsError("compare_metric: no runs given; allowed: a mapping of label to run")
    for (label, run), color in zip(runs.items(), colours(len(runs)), strict=True):
        metric_series(run, metric, ax, label=label, color=color, band=band)
    return ax


def cohesion(
    data: Any,
    pairs: Sequence[tuple[str, str]],
    ax: Any,
    *,
    label: str | None = None,
    linestyle: str = "-",
    color: str | None = None,
    band: tuple[float, float] | None = BAND,
) -> Any:
    """Affinity of chosen pairs of states over time, with a zero line.

    Parameters
    ----------
    data : Results or pandas.DataFrame
        A run or its ``relations`` table; the pairs must be recorded in it (by default
        ``simulate`` records the pairs among :data:`scenarios.model.FOCUS`).
    pairs : sequence of (str, str)
        Iso3 pairs, e.g. ``[("RUS", "PRK"), ("USA", "JPN")]``; colours follow this order.
    ax : matplotlib.axes.Axes
    label : str, optional
        Appended to each legend entry in brackets (e.g. a scenario name), so that two runs
        drawn on one axes with different line styles stay apart.
    linestyle : str
    color : str, optional
        One colour for every pair (to tell runs apart by colour); default one colour per
        pair from :data:`~scenarios.plot.style.PALETTE`.
    band : (float, float) or None

    Returns
    -------
    matplotlib.axes.Axes
        With one line per pair plus the zero line.
    """
    frame = _frame(data, "relations", "cohesion")
    if not pairs:
        raise ResultsError("cohesion: no pairs given; allowed: a list of (iso3, iso3) pairs")
    selected = []
    for a, b in pairs:
        rows = frame[(frame["a"] == a) & (frame["b"] == b)]
        if rows.empty:
            raise ResultsError(
                f"cohesion: pair ({a}, {b}) not recorded in the relations table; allowed: "
                f"pairs of {allowed_list(_present(frame, 'a'))} (simulate(..., pairs=...) "
                "records more)"
            )
        selected.append(rows)
    note = ""
    palette = [color] * len(pairs) if color else colours(len(pairs))
    for (a, b), rows, shade in zip(pairs, selected, palette, strict=True):
        path = _paths(rows, "affinity", band)
        text = pair_label(a, b) + (f" ({label})" if label else "")
        _draw_path(ax, path, color=shade, label=text, linestyle=linestyle)
        note = _band_note(rows, band)
    ax.axhline(0.0, color=GREY, lw=0.8, zorder=0)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("affinity (−1 hostile … +1 allied)")
    ax.set_title("Affinity of selected pairs" + note)
    _time_axis(ax)
    ax.legend(frameon=False, fontsize="small")
    return ax


def state_series(
    data: Any,
    variable: str,
    codes: Sequence[str],
    ax: Any,
    *,
    label: str | None = None,
    linestyle: str = "-",
    color: str | None = None,
    band: tuple[float, float] | None = BAND,
    per_gdp: bool = False,
    title: str | None = None,
) -> Any:
    """A per-state variable (``Results.states`` column) over time, one line per state.

    Parameters
    ----------
    data : Results or pandas.DataFrame
        A run or its ``states`` table.
    variable : str
        A column such as ``"milex"``, ``"tech"``, ``"threat"`` or ``"restraint"``.
    codes : sequence of str
        Iso3 codes; colours follow this order, so two calls with the same codes match.
    ax : matplotlib.axes.Axes
    label : str, optional
        Appended to each legend entry in brackets (e.g. a scenario name).
    linestyle : str
    color : str, optional
        One colour for every state (to tell runs apart by colour); default one colour per
        state from :data:`~scenarios.plot.style.PALETTE`.
    band : (float, float) or None
    per_gdp : bool
        Divide by GDP and show in per cent of GDP (for spending: the military burden).
    title : str, optional
        Default: the variable's name from :data:`~scenarios.plot.style.STATE_UNITS`. The
        band note is appended.

    Returns
    -------
    matplotlib.axes.Axes
    """
    frame = _frame(data, "states", "state_series")
    allowed = [c for c in frame.columns if c not in _FRAME_COLUMNS["states"]]
    _check_choice(variable, allowed, "variable", "state_series")
    present = _present(frame, "iso3")
    for code in codes:
        _check_choice(code, present, "state", "state_series")
    frame = frame[frame["iso3"].isin(list(codes))]
    values = frame[variable] / frame["gdp"] * 100.0 if per_gdp else frame[variable]
    frame = frame.assign(_value=values)
    note = ""
    palette = [color] * len(codes) if color else colours(len(codes))
    for code, shade in zip(codes, palette, strict=True):
        rows = frame[frame["iso3"] == code]
        path = _paths(rows, "_value", band)
        text = country_name(code) + (f" ({label})" if label else "")
        _draw_path(ax, path, color=shade, label=text, linestyle=linestyle)
        note = _band_note(rows, band)
    unit = STATE_UNITS.get(variable, variable)
    if per_gdp:
        unit = unit.split(" (")[0] + " (% of GDP)"
    ax.set_ylabel(unit)
    name = unit.split(" (")[0]
    ax.set_title((title or name[:1].upper() + name[1:]) + note)
    _time_axis(ax)
    ax.legend(frameon=False, fontsize="small")
    return ax


def spending(
    data: Any,
    codes: Sequence[str],
    ax: Any,
    *,
    share_of_gdp: bool = False,
    label: str | None = None,
    linestyle: str = "-",
    color: str | None = None,
    band: tuple[float, float] | None = BAND,
) -> Any:
    """Military spending paths of chosen states, in US$ bn or per cent of GDP.

    Parameters
    ----------
    data : Results or pandas.DataFrame
        A run or its ``states`` table.
    codes : sequence of str
    ax : matplotlib.axes.Axes
    share_of_gdp : bool
        Show the military burden (% of GDP) instead of US$ bn.
    label, linestyle, color, band
        As in :func:`state_series`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    title = "Military spending" + (" as a share of GDP" if share_of_gdp else "")
    return state_series(
        data,
        "milex",
        codes,
        ax,
        label=label,
        linestyle=linestyle,
        color=color,
        band=band,
        per_gdp=share_of_gdp,
        title=title,
    )
