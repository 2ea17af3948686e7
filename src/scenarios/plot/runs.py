"""Time series of one run or a few runs: metrics, pair affinities, per-state variables, spending.

Every function draws on the matplotlib ``ax`` it is given and returns it. Data is a
:class:`~scenarios.model.Results` or its tidy table (``Results.metrics``, ``.relations``
or ``.states``). Where a run has several ensemble members, lines are the median over
members and the shaded band spans the 5th to 95th percentile (``band=None`` draws the
line only); where the members split into two outcomes every member is drawn instead, and
no line hides another (both rules: :mod:`scenarios.plot.lines`). Several runs get the
fixed colours of their scenarios, states the fixed colours of
:data:`~scenarios.plot.style.STATE_COLOURS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scenarios.errors import ResultsError, allowed_list
from scenarios.metrics import METRIC_TITLES, METRICS
from scenarios.plot.lines import draw_path, series_note
from scenarios.plot.style import (
    AFFINITY_AXIS,
    BAND,
    GREY,
    PALETTE,
    STATE_UNITS,
    _time_axis,
    axis_label,
    colours,
    country_name,
    pair_label,
    run_name,
    scenario_colours,
    scenario_label,
    state_colours,
)
from scenarios.plot.tables import _FRAME_COLUMNS, _check_choice, _frame, _present, _uncertainty


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

    Members that split into two outcomes are drawn one by one instead (see
    :mod:`scenarios.plot.lines`), with a legend entry saying how many end on the upper
    side.

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
    split = draw_path(
        ax, rows, "value", color=color or PALETTE[0], label=label, band=band, linestyle=linestyle
    )
    spec = METRICS.get(metric)
    note = series_note(ax, rows["member"].nunique(), band, _uncertainty(data))
    ax.set_title(METRIC_TITLES.get(metric, metric.replace("_", " ")) + note)
    ax.set_ylabel(axis_label(spec.unit) if spec else "value")
    _time_axis(ax)
    if label is not None or split:
        ax.legend(frameon=False, fontsize="small")
    return ax


def compare_metric(
    runs: Mapping[str, Any],
    metric: str,
    ax: Any,
    *,
    band: tuple[float, float] | None = BAND,
) -> Any:
    """One metric over time in several runs (scenarios), each in its scenario's colour.

    Parameters
    ----------
    runs : Mapping of str to Results or pandas.DataFrame
        Legend label -> a run or its ``metrics`` table. A label that is a shipped
        scenario's name (``"no_pact"``) is written in words (``"no pact"``). Colours are
        the scenarios' fixed colours (:func:`~scenarios.plot.style.scenario_colours`;
        a bare table counts as the scenario its label names).
    metric : str
    ax : matplotlib.axes.Axes
    band : (float, float) or None

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not runs:
        raise ResultsError("compare_metric: no runs given; allowed: a mapping of label to run")
    shades = scenario_colours([run_name(label, run) for label, run in runs.items()])
    for (label, run), color in zip(runs.items(), shades, strict=True):
        metric_series(run, metric, ax, label=scenario_label(label), color=color, band=band)
    return ax


def compare_state(
    runs: Mapping[str, Any],
    variable: str,
    code: str,
    ax: Any,
    *,
    band: tuple[float, float] | None = BAND,
    per_gdp: bool = False,
    title: str | None = None,
) -> Any:
    """One state's variable over time in several runs (scenarios), each in its colour.

    One panel per state keeps a comparison of scenarios readable where one axes with a
    line per state and scenario would not (draw Japan and South Korea side by side).

    Parameters
    ----------
    runs : Mapping of str to Results or pandas.DataFrame
        Legend label -> a run or its ``states`` table; labels and colours as in
        :func:`compare_metric`.
    variable : str
        A ``Results.states`` column, e.g. ``"threat"`` or ``"restraint"``.
    code : str
        Iso3 code of the state.
    ax : matplotlib.axes.Axes
    band : (float, float) or None
    per_gdp : bool
        Divide by GDP and show in per cent of GDP (for ``"milex"``: the military burden).
    title : str, optional
        Default: the state's name and the variable's name. The band note is appended.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not runs:
        raise ResultsError("compare_state: no runs given; allowed: a mapping of label to run")
    if title is None:
        name = STATE_UNITS.get(variable, variable).split(" (")[0]
        title = f"{country_name(code)}: {name}" + (" as a share of GDP" if per_gdp else "")
    shades = scenario_colours([run_name(label, run) for label, run in runs.items()])
    for (label, run), color in zip(runs.items(), shades, strict=True):
        state_series(
            run,
            variable,
            [code],
            ax,
            color=color,
            band=band,
            per_gdp=per_gdp,
            title=title,
            names={code: scenario_label(label)},
        )
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
    palette = [color] * len(pairs) if color else colours(len(pairs))
    for (a, b), rows, shade in zip(pairs, selected, palette, strict=True):
        text = pair_label(a, b) + (f" ({label})" if label else "")
        draw_path(ax, rows, "affinity", color=shade, label=text, band=band, linestyle=linestyle)
    ax.axhline(0.0, color=GREY, lw=0.8, zorder=0)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel(AFFINITY_AXIS)
    note = series_note(ax, selected[0]["member"].nunique(), band, _uncertainty(data))
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
    names: Mapping[str, str] | None = None,
) -> Any:
    """A per-state variable (``Results.states`` column) over time, one line per state.

    Parameters
    ----------
    data : Results or pandas.DataFrame
        A run or its ``states`` table.
    variable : str
        A column such as ``"milex"``, ``"tech"``, ``"threat"`` or ``"restraint"``.
    codes : sequence of str
        Iso3 codes; each state has its fixed colour
        (:func:`~scenarios.plot.style.state_colours`), so two calls with the same codes
        match.
    ax : matplotlib.axes.Axes
    label : str, optional
        Appended to each legend entry in brackets (e.g. a scenario name).
    linestyle : str
    color : str, optional
        One colour for every state (to tell runs apart by colour); default each state's
        own colour.
    band : (float, float) or None
    per_gdp : bool
        Divide by GDP and show in per cent of GDP (for spending: the military burden).
    title : str, optional
        Default: the variable's name from :data:`~scenarios.plot.style.STATE_UNITS`. The
        band note is appended.
    names : Mapping[str, str], optional
        Legend text of a state instead of its name (then ``label`` is not appended).

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
    palette = [color] * len(codes) if color else state_colours(codes)
    names = names or {}
    for code, shade in zip(codes, palette, strict=True):
        rows = frame[frame["iso3"] == code]
        text = names.get(code) or country_name(code) + (f" ({label})" if label else "")
        draw_path(ax, rows, "_value", color=shade, label=text, band=band, linestyle=linestyle)
    unit = STATE_UNITS.get(variable, variable)
    if per_gdp:
        unit = unit.split(" (")[0] + " (% of GDP)"
    ax.set_ylabel(unit)
    name = unit.split(" (")[0]
    note = series_note(ax, frame["member"].nunique(), band, _uncertainty(data))
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
