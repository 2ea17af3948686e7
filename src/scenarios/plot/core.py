"""Plots of one run or a few runs: time series, pair cohesion, the network, blocs, arms, sanctions.

Every function draws on the matplotlib ``ax`` it is given and returns it. Data is a
:class:`~scenarios.model.Results` or the matching tidy table (``Results.metrics``,
``.relations``, ``.states`` or ``.blocs``), so a table read back from CSV plots the same.
Where a run has several ensemble members, lines are the median over members and the
shaded band spans the 5th to 95th percentile (``band=None`` draws the line only).

Conventions: the Okabe-Ito palette (:data:`PALETTE`), safe for the common forms of colour
blindness; country names from ``data/states.csv`` (:func:`country_names`), never codes;
units on every value axis; time as decimal years (2024Q3 is drawn at 2024.5). A figure's
source line goes underneath it with :func:`caption` (text from :func:`source_text`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from scenarios.errors import ResultsError, allowed_list, suggest
from scenarios.metrics import METRICS

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
"""The eight colours of Okabe & Ito (2008), distinguishable with any common colour vision."""

PALETTE = tuple(
    OKABE_ITO[name]
    for name in (
        "blue",
        "vermillion",
        "bluish green",
        "reddish purple",
        "orange",
        "sky blue",
        "black",
        "yellow",
    )
)
"""Line colours in order of use (yellow last: it is faint on white)."""

GREY = "#999999"
"""Colour of what is neither one thing nor the other (non-aligned states, reference lines)."""

BLOC_COLOURS = {"A": OKABE_ITO["blue"], "non-aligned": GREY, "B": OKABE_ITO["orange"]}
"""Colour of each bloc; bloc A is the United States' bloc."""

BLOC_ORDER = ("A", "non-aligned", "B")
"""Order of blocs in network drawings and membership charts."""

NO_BLOC = "no bloc record"
"""Label of states drawn without bloc information (a relations table without blocs)."""

FRIENDLY, HOSTILE = OKABE_ITO["bluish green"], OKABE_ITO["vermillion"]
"""Colours of positive and negative ties in :func:`signed_network`."""

AFFINITY_CMAP = "RdBu"
"""Diverging colour map of affinity (ColorBrewer RdBu, colour-blind safe): red hostile, blue
friendly."""

BAND = (0.05, 0.95)
"""Default quantiles of the shaded band over ensemble members."""

STATE_UNITS = {
    "gdp": "GDP (US$ bn per year)",
    "milex": "military spending (US$ bn per year)",
    "capability": "share of world capability",
    "warheads": "nuclear warheads",
    "tech": "military-technology level (0-1)",
    "stockpile": "munitions stock (quarters of wartime use)",
    "threat": "perceived threat (index)",
    "restraint": "nuclear restraint (0-1)",
    "bite": "sanctions bite (share of outside economy)",
    "leakage": "bite offset by black knights (share)",
}
"""Axis label of each column of ``Results.states``."""

METRIC_TITLES = {
    "bipolarity": "Bipolarity (Cold-War index)",
    "balanced_triads": "Share of balanced triads",
    "rus_prk_cohesion": "Russia–North Korea affinity",
    "trilateral_cohesion": "US–Japan–South Korea cohesion",
    "rus_jpn_affinity": "Russia–Japan affinity",
    "rus_kor_affinity": "Russia–South Korea affinity",
    "chn_rus_affinity": "China–Russia affinity",
    "northeast_asia_milex": "North-East Asian military spending",
    "dprk_restraint": "North Korea's nuclear restraint",
    "sanctions_leakage": "Sanctions leakage to black knights",
    "rus_bite": "Sanctions bite on Russia",
    "prk_bite": "Sanctions bite on North Korea",
    "arms_prk_rus": "North Korean arms deliveries to Russia",
    "arms_to_rus": "Arms deliveries to Russia",
    "arms_to_ukr": "Arms deliveries to Ukraine",
}
"""Short figure titles of the metrics in :data:`scenarios.metrics.METRICS`."""

_FRAME_COLUMNS = {
    "metrics": ("member", "quarter", "metric", "value"),
    "relations": ("member", "quarter", "a", "b"),
    "states": ("member", "quarter", "iso3"),
    "blocs": ("member", "quarter", "iso3", "bloc"),
}


# -- names, colours, captions --------------------------------------------------------------


@lru_cache(maxsize=1)
def _known_names() -> dict[str, str]:
    from scenarios.data import load_facts

    facts = load_facts()
    names = dict(zip(facts.countries["iso3"], facts.countries["name"], strict=True))
    names.update(zip(facts.states["iso3"], facts.states["name"], strict=True))
    return names


def country_names(codes: Iterable[str]) -> dict[str, str]:
    """Display name of each iso3 code.

    Names come from ``data/states.csv`` (short names such as "North Korea"), then from
    ``data/countries.csv`` (UN names); a code in neither (a synthetic test world) is
    its own name.

    Parameters
    ----------
    codes : iterable of str
        Iso3 codes.

    Returns
    -------
    dict of str to str
        Code -> name, in the order given.
    """
    known = _known_names()
    return {str(code): known.get(str(code), str(code)) for code in codes}


def country_name(code: str) -> str:
    """Display name of one iso3 code (see :func:`country_names`)."""
    return country_names([code])[code]


def pair_label(a: str, b: str) -> str:
    """Label of a pair of states, e.g. ``"Russia–North Korea"``."""
    return f"{country_name(a)}–{country_name(b)}"


def colours(count: int) -> list[str]:
    """The first ``count`` colours of :data:`PALETTE`, repeated if more are needed."""
    return [PALETTE[i % len(PALETTE)] for i in range(count)]


def source_text(data: Any, note: str | None = None) -> str:
    """One-line source of a figure drawn from one run or a mapping of runs.

    Parameters
    ----------
    data : Results, pandas.DataFrame or Mapping of label to either
        What the figure shows. A bare table carries no scenario or seed, so it is
        described only as model output.
    note : str, optional
        Appended after the run description, e.g. where the starting figures come from.

    Returns
    -------
    str
        E.g. ``"Source: alignment-scenarios model, scenario baseline, seed 7, 30 members."``.
    """
    runs = data.values() if isinstance(data, Mapping) else [data]
    names, seeds, sizes = [], set(), set()
    for run in runs:
        scenario = getattr(run, "scenario", None)
        if scenario is not None and scenario.name not in names:
            names.append(scenario.name)
        if hasattr(run, "seed"):
            seeds.add(int(run.seed))
            sizes.add(len(run.members))
    parts = ["Source: alignment-scenarios model"]
    if names:
        parts.append(("scenario " if len(names) == 1 else "scenarios ") + ", ".join(names))
    if len(seeds) == 1:
        parts.append(f"seed {seeds.pop()}")
    if len(sizes) == 1:
        size = sizes.pop()
        parts.append(
            f"{size} member{'s' if size > 1 else ''}" + (" each" if len(names) > 1 else "")
        )
    text = ", ".join(parts) + "."
    return f"{text} {note}" if note else text


def caption(figure: Any, text: str, *, fontsize: float = 8.0) -> Any:
    """Write a source line under a figure and return the text artist.

    The line sits just below the figure's lower edge, so it shows when the figure is saved
    or displayed with ``bbox_inches="tight"`` (the notebook default).

    Parameters
    ----------
    figure : matplotlib.figure.Figure
    text : str
        E.g. from :func:`source_text`.
    fontsize : float

    Returns
    -------
    matplotlib.text.Text
    """
    return figure.text(
        0.01, 0.0, text, ha="left", va="top", fontsize=fontsize, color="#444444", wrap=True
    )


# -- input handling -------------------------------------------------------------------------


def _frame(data: Any, table: str, caller: str) -> pd.DataFrame:
    """The tidy table ``table`` of a Results, or ``data`` itself if it is that table."""
    frame = data if isinstance(data, pd.DataFrame) else getattr(data, table, None)
    if not isinstance(frame, pd.DataFrame):
        raise ResultsError(
            f"{caller}: data is a {type(data).__name__}; allowed: a Results or its "
            f"'{table}' table (a pandas DataFrame)"
        )
    missing = [column for column in _FRAME_COLUMNS[table] if column not in frame.columns]
    if missing:
        raise ResultsError(
            f"{caller}: table has no column {', '.join(missing)}; allowed: the '{table}' "
            f"table of a Results (columns {', '.join(_FRAME_COLUMNS[table])}, ...)"
        )
    if frame.empty:
        raise ResultsError(
            f"{caller}: the '{table}' table is empty; allowed: a run that recorded it "
            f"(simulate(..., record=...) must include '{table}')"
        )
    return frame


def _check_choice(value: str, allowed: Sequence[str], what: str, caller: str) -> None:
    if value not in allowed:
        raise ResultsError(
            f"{caller}: {what} {value!r} not in the results{suggest(value, allowed)}; "
            f"allowed: {allowed_list(allowed)}"
        )


def _present(frame: pd.DataFrame, column: str) -> list[str]:
    """Values of a column that occur, in the column's category order if it has one."""
    values = frame[column]
    seen = {str(value) for value in values.unique()}
    if isinstance(values.dtype, pd.CategoricalDtype):
        return [str(v) for v in values.cat.categories if str(v) in seen]
    return sorted(seen)


def _quarters(frame: pd.DataFrame) -> list[str]:
    return _present(frame, "quarter")


def _pick_quarter(frame: pd.DataFrame, quarter: str | None, caller: str) -> str:
    quarters = _quarters(frame)
    if quarter is None:
        return quarters[-1]
    _check_choice(str(quarter), quarters, "quarter", caller)
    return str(quarter)


def _pick_member(frame: pd.DataFrame, member: int | None, caller: str) -> pd.DataFrame:
    members = sorted(int(m) for m in frame["member"].unique())
    chosen = members[0] if member is None else int(member)
    if chosen not in members:
        raise ResultsError(
            f"{caller}: member {member!r} not in the results; allowed: "
            f"{allowed_list(str(m) for m in members)}"
        )
    return frame[frame["member"] == chosen]


def decimal_year(quarters: Iterable[str]) -> np.ndarray:
    """Quarter labels (``"2024Q3"``) as decimal years at the quarter's start (2024.5)."""
    text = pd.Series(list(quarters), dtype=str)
    return text.str[:4].astype(int).to_numpy() + (text.str[5].astype(int).to_numpy() - 1) / 4.0


def _time_axis(ax: Any) -> None:
    ax.set_xlabel("year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _paths(frame: pd.DataFrame, value: str, band) -> pd.DataFrame:
    """Median and band quantiles of ``value`` over members, by quarter."""
    grouped = frame.groupby("quarter", observed=True, sort=True)[value]
    out = pd.DataFrame({"mid": grouped.median()})
    if band is not None and frame["member"].nunique() > 1:
        out["low"] = grouped.quantile(band[0])
        out["high"] = grouped.quantile(band[1])
    return out.reset_index()


def _draw_path(ax: Any, path: pd.DataFrame, *, color, label, linestyle="-") -> None:
    # _paths groups by quarter in order: category order, or for labels read back from
    # CSV the text order, which for "YYYYQn" is chronological.
    x = decimal_year(path["quarter"])
    ax.plot(x, path["mid"].to_numpy(), color=color, label=label, linestyle=linestyle, lw=1.8)
    if "low" in path:
        ax.fill_between(
            x, path["low"].to_numpy(), path["high"].to_numpy(), color=color, alpha=0.18, lw=0
        )


def _band_note(frame: pd.DataFrame, band) -> str:
    """Second title line saying what the line and band are ("" for a single member)."""
    members = frame["member"].nunique()
    if band is None or members == 1:
        return "" if members == 1 else f"\nmedian of {members} members"
    return f"\nmedian of {members} members, band {round(band[0] * 100)}–{round(band[1] * 100)} %"


# -- time series ----------------------------------------------------------------------------


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
        Default: the first colour of :data:`PALETTE`.
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
        pair from :data:`PALETTE`.
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
        state from :data:`PALETTE`.
    band : (float, float) or None
    per_gdp : bool
        Divide by GDP and show in per cent of GDP (for spending: the military burden).
    title : str, optional
        Default: the variable's name from :data:`STATE_UNITS`. The band note is appended.

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


# -- the network ----------------------------------------------------------------------------


def _snapshot(data: Any, quarter, member, caller: str) -> tuple[pd.DataFrame, str, int]:
    """Affinity matrix (codes x codes) of one member at one quarter."""
    frame = _frame(data, "relations", caller)
    frame = _pick_member(frame, member, caller)
    chosen = _pick_quarter(frame, quarter, caller)
    rows = frame[frame["quarter"] == chosen]
    codes = _present(rows, "a")
    matrix = (
        rows.assign(a=rows["a"].astype(str), b=rows["b"].astype(str))
        .pivot_table(index="a", columns="b", values="affinity", aggfunc="first")
        .reindex(index=codes, columns=codes)
    )
    return matrix, chosen, int(frame["member"].iloc[0])


def _bloc_of(blocs: pd.DataFrame | None, member: int, quarter: str, codes) -> dict[str, str]:
    """Bloc of each code at the latest bloc record not after ``quarter``.

    Codes without such a record get :data:`NO_BLOC`.
    """
    if blocs is None or blocs.empty:
        return dict.fromkeys(codes, NO_BLOC)
    rows = blocs[blocs["member"] == member]
    year = decimal_year([quarter])[0]
    recorded = [q for q in _quarters(rows) if decimal_year([q])[0] <= year]
    if not recorded:
        return dict.fromkeys(codes, NO_BLOC)
    rows = rows[rows["quarter"].astype(str) == recorded[-1]]
    found = dict(zip(rows["iso3"].astype(str), rows["bloc"].astype(str), strict=True))
    return {code: found.get(code, NO_BLOC) for code in codes}


def _bloc_order(codes: Sequence[str], bloc: Mapping[str, str]) -> list[str]:
    rank = {name: i for i, name in enumerate(BLOC_ORDER)}
    return sorted(codes, key=lambda c: (rank.get(bloc[c], len(rank)), list(codes).index(c)))


def _blocs_table(data: Any, blocs: pd.DataFrame | None) -> pd.DataFrame | None:
    if blocs is not None:
        return _frame(blocs, "blocs", "blocs")
    table = getattr(data, "blocs", None)
    return table if isinstance(table, pd.DataFrame) and not table.empty else None


def _restrict(codes: list[str], chosen: Sequence[str] | None, caller: str) -> list[str]:
    if chosen is None:
        return codes
    for code in chosen:
        _check_choice(code, codes, "state", caller)
    return [code for code in codes if code in set(chosen)]


def alignment_heatmap(
    data: Any,
    ax: Any,
    *,
    quarter: str | None = None,
    member: int | None = None,
    codes: Sequence[str] | None = None,
    blocs: pd.DataFrame | None = None,
    colorbar: bool = True,
) -> Any:
    """The signed alignment network as a matrix, states grouped by bloc.

    Rows and columns are ordered bloc A (the United States' bloc), non-aligned, bloc B,
    with thin lines between blocs; colour runs from red (hostile, -1) through white to
    blue (allied, +1). The diagonal is blank.

    Parameters
    ----------
    data : Results or pandas.DataFrame
        A run or its ``relations`` table. Only recorded pairs can be shown: run with
        ``simulate(..., pairs="all")`` for the whole network.
    ax : matplotlib.axes.Axes
    quarter : str, optional
        E.g. ``"2024Q3"``; default the last recorded quarter.
    member : int, optional
        Ensemble member; default the first in the data.
    codes : sequence of str, optional
        Show only these states.
    blocs : pandas.DataFrame, optional
        Bloc table, when ``data`` is a bare relations table (a Results brings its own).
        Blocs are those of the latest bloc record at or before ``quarter``.
    colorbar : bool
        Add a colour bar beside the axes.

    Returns
    -------
    matplotlib.axes.Axes
    """
    matrix, chosen, picked = _snapshot(data, quarter, member, "alignment_heatmap")
    shown = _restrict(list(matrix.index), codes, "alignment_heatmap")
    bloc = _bloc_of(_blocs_table(data, blocs), picked, chosen, shown)
    order = _bloc_order(shown, bloc)
    values = matrix.reindex(index=order, columns=order).to_numpy(dtype=float, copy=True)
    np.fill_diagonal(values, np.nan)
    image = ax.imshow(values, cmap=AFFINITY_CMAP, vmin=-1.0, vmax=1.0, interpolation="nearest")
    names = list(country_names(order).values())
    ax.set_xticks(range(len(order)), names, rotation=90, fontsize="small")
    ax.set_yticks(range(len(order)), names, fontsize="small")
    for position, (previous, current) in enumerate(itertools.pairwise(order), start=1):
        if bloc[previous] != bloc[current]:
            ax.axhline(position - 0.5, color="black", lw=0.8)
            ax.axvline(position - 0.5, color="black", lw=0.8)
    ax.set_title(f"Alignment network, {chosen} (member {picked})")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, shrink=0.8, label="affinity (−1 hostile … +1 allied)")
    return ax


def signed_network(
    data: Any,
    ax: Any,
    *,
    quarter: str | None = None,
    member: int | None = None,
    codes: Sequence[str] | None = None,
    blocs: pd.DataFrame | None = None,
    threshold: float = 0.3,
) -> Any:
    """The signed network drawn on a circle: states coloured by bloc, strong ties as lines.

    States sit on a circle in bloc order, so each bloc is an arc. A tie with affinity of at
    least ``threshold`` in size is drawn: friendly ties solid green, hostile ties dashed
    vermillion, thicker the stronger.

    Parameters
    ----------
    data : Results or pandas.DataFrame
        As in :func:`alignment_heatmap`.
    ax : matplotlib.axes.Axes
    quarter, member, codes, blocs
        As in :func:`alignment_heatmap`.
    threshold : float
        Smallest absolute affinity drawn, in (0, 1].

    Returns
    -------
    matplotlib.axes.Axes
        With at most two line collections (friendly, hostile) and one marker collection
        per bloc present.
    """
    if not 0.0 < threshold <= 1.0:
        raise ResultsError(f"signed_network: threshold {threshold!r}; allowed: 0 < threshold <= 1")
    matrix, chosen, picked = _snapshot(data, quarter, member, "signed_network")
    shown = _restrict(list(matrix.index), codes, "signed_network")
    bloc = _bloc_of(_blocs_table(data, blocs), picked, chosen, shown)
    order = _bloc_order(shown, bloc)
    angle = np.pi / 2 - 2 * np.pi * np.arange(len(order)) / len(order)
    xy = np.column_stack([np.cos(angle), np.sin(angle)])
    values = matrix.reindex(index=order, columns=order).to_numpy(dtype=float)
    i, j = np.triu_indices(len(order), k=1)
    strength = values[i, j]
    for sign, color, style in ((1, FRIENDLY, "solid"), (-1, HOSTILE, "dashed")):
        keep = sign * strength >= threshold
        if keep.any():
            segments = np.stack([xy[i[keep]], xy[j[keep]]], axis=1)
            ax.add_collection(
                LineCollection(
                    segments,
                    colors=color,
                    linewidths=0.4 + 2.2 * np.abs(strength[keep]),
                    linestyles=style,
                    alpha=0.7,
                    zorder=1,
                )
            )
    for name in (*BLOC_ORDER, NO_BLOC):
        where = [k for k, code in enumerate(order) if bloc[code] == name]
        if where:
            ax.scatter(
                xy[where, 0],
                xy[where, 1],
                s=70,
                color=BLOC_COLOURS.get(name, "white"),
                edgecolors="black",
                linewidths=0.6,
                zorder=2,
                label=f"bloc {name}" if name in ("A", "B") else name,
            )
    for (x, y), code, theta in zip(xy, order, angle, strict=True):
        right = x > -1e-9
        ax.text(
            1.1 * x,
            1.1 * y,
            country_name(code),
            ha="left" if right else "right",
            va="center",
            rotation=np.degrees(theta if right else theta + np.pi),
            rotation_mode="anchor",
            fontsize="small",
        )
    handles, _ = ax.get_legend_handles_labels()
    handles += [
        Line2D([], [], color=FRIENDLY, lw=2, label=f"affinity ≥ {threshold:g}"),
        Line2D([], [], color=HOSTILE, lw=2, ls="--", label=f"affinity ≤ −{threshold:g}"),
    ]
    ax.legend(handles=handles, frameon=False, fontsize="small", loc="lower left")
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.6, 1.6)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(f"Alignment network, {chosen} (member {picked})")
    return ax


def bloc_membership(
    data: Any,
    ax: Any,
    *,
    member: int | None = None,
    codes: Sequence[str] | None = None,
) -> Any:
    """Which bloc each state is in at every bloc record: a grid of coloured cells.

    Rows are states (ordered by their bloc at the last record), columns the quarters at
    which blocs were recorded.

    Parameters
    ----------
    data : Results or pandas.DataFrame
        A run or its ``blocs`` table.
    ax : matplotlib.axes.Axes
    member : int, optional
        Ensemble member; default the first in the data.
    codes : sequence of str, optional
        Show only these states.

    Returns
    -------
    matplotlib.axes.Axes
    """
    frame = _pick_member(_frame(data, "blocs", "bloc_membership"), member, "bloc_membership")
    picked = int(frame["member"].iloc[0])
    shown = _restrict(_present(frame, "iso3"), codes, "bloc_membership")
    quarters = _quarters(frame)
    table = (
        frame.assign(iso3=frame["iso3"].astype(str), quarter=frame["quarter"].astype(str))
        .pivot_table(index="iso3", columns="quarter", values="bloc", aggfunc="first")
        .reindex(index=shown, columns=quarters)
        .astype(str)
    )
    order = _bloc_order(shown, dict(table[quarters[-1]]))
    rank = {name: i for i, name in enumerate(BLOC_ORDER)}
    cells = table.loc[order].apply(lambda column: column.map(rank)).to_numpy(dtype=float)
    cmap = ListedColormap([BLOC_COLOURS[name] for name in BLOC_ORDER])
    norm = BoundaryNorm(np.arange(len(BLOC_ORDER) + 1) - 0.5, cmap.N)
    ax.pcolormesh(cells, cmap=cmap, norm=norm, edgecolors="white", linewidth=0.5)
    ax.set_yticks(
        np.arange(len(order)) + 0.5, list(country_names(order).values()), fontsize="small"
    )
    ax.set_ylim(len(order), 0)
    ax.set_xticks(np.arange(len(quarters)) + 0.5, quarters, rotation=90, fontsize="small")
    ax.set_xlabel("quarter")
    ax.legend(
        handles=[
            Patch(color=BLOC_COLOURS[name], label=f"bloc {name}" if len(name) == 1 else name)
            for name in BLOC_ORDER
        ],
        frameon=False,
        fontsize="small",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
    )
    ax.set_title(f"Bloc membership over time (member {picked})")
    return ax


# -- arms and sanctions ---------------------------------------------------------------------


def transfers_to(
    data: Any,
    recipient: str,
    ax: Any,
    *,
    top: int = 5,
    suppliers: Sequence[str] | None = None,
) -> Any:
    """Arms delivered to one state over time, stacked by supplier (mean over members).

    Parameters
    ----------
    data : Results or pandas.DataFrame
        A run or its ``relations`` table, with the suppliers' pairs recorded (run with
        ``simulate(..., pairs="all")`` to see every supplier).
    recipient : str
        Iso3 code, e.g. ``"RUS"``.
    ax : matplotlib.axes.Axes
    top : int
        Without ``suppliers``: how many suppliers to name (the largest over the run).
    suppliers : sequence of str, optional
        Suppliers to name, in this order (colours follow it, so panels of several runs
        match). Every other supplier is summed as "other suppliers".

    Returns
    -------
    matplotlib.axes.Axes
        With one filled area per supplier named, plus one for the others if any delivered.
    """
    frame = _frame(data, "relations", "transfers_to")
    _check_choice(recipient, _present(frame, "b"), "recipient", "transfers_to")
    rows = frame[frame["b"] == recipient]
    table = (
        rows.assign(a=rows["a"].astype(str), quarter=rows["quarter"].astype(str))
        .pivot_table(index="quarter", columns="a", values="transfers", aggfunc="mean")
        .reindex(_quarters(rows))
        .fillna(0.0)
    )
    totals = table.sum()
    active = [
        code
        for code in totals.sort_values(ascending=False, kind="stable").index
        if totals[code] > 0
    ]
    if suppliers is None:
        named = active[:top]
    else:
        for code in suppliers:
            _check_choice(code, list(table.columns), "supplier", "transfers_to")
        named = list(suppliers)
    others = [code for code in active if code not in named]
    layers = [table[code].to_numpy() for code in named]
    labels = [country_name(code) for code in named]
    if others:
        layers.append(table[others].sum(axis=1).to_numpy())
        labels.append("other suppliers")
    if layers:
        ax.stackplot(
            decimal_year(table.index),
            *layers,
            labels=labels,
            colors=colours(len(layers)),
            alpha=0.85,
        )
        ax.legend(frameon=False, fontsize="small", loc="upper left")
    members = frame["member"].nunique()
    note = f"\nmean of {members} members" if members > 1 else ""
    ax.set_title(f"Arms delivered to {country_name(recipient)}, by supplier{note}")
    ax.set_ylabel("quarters of the recipient's munitions gap")
    _time_axis(ax)
    return ax


def bite_leakage(
    data: Any,
    codes: Sequence[str],
    ax: Any,
    *,
    quarter: str | None = None,
) -> Any:
    """Sanctions bite and its leakage to black knights for chosen targets, as stacked bars.

    Each bar is the raw bite (the share of the target's outside economy that sanctions it):
    the solid part is the bite the target feels, the hatched part the share offset by
    black knights that keep trading. Values are means over members.

    Parameters
    ----------
    data : Results, pandas.DataFrame, or Mapping of str to either
        One run (or its ``states`` table), or several labelled runs to compare side by side.
    codes : sequence of str
        Targets, e.g. ``["RUS", "PRK", "IRN"]``.
    ax : matplotlib.axes.Axes
    quarter : str, optional
        Default: each run's last quarter.

    Returns
    -------
    matplotlib.axes.Axes
        With two bar patches (bite, leakage) per target and run.
    """
    runs = dict(data) if isinstance(data, Mapping) else {"": data}
    if not runs or not codes:
        raise ResultsError("bite_leakage: no runs or no targets given; allowed: at least one")
    width = 0.8 / len(runs)
    shown = None
    for k, ((label, run), color) in enumerate(zip(runs.items(), colours(len(runs)), strict=True)):
        frame = _frame(run, "states", "bite_leakage")
        present = _present(frame, "iso3")
        for code in codes:
            _check_choice(code, present, "state", "bite_leakage")
        shown = _pick_quarter(frame, quarter, "bite_leakage")
        rows = frame[frame["quarter"] == shown]
        means = (
            rows.assign(iso3=rows["iso3"].astype(str))
            .groupby("iso3")[["bite", "leakage"]]
            .mean()
            .reindex(list(codes))
        )
        x = np.arange(len(codes)) + (k - (len(runs) - 1) / 2) * width
        ax.bar(x, means["bite"], width, color=color, label=label or "bite felt")
        ax.bar(
            x,
            means["leakage"],
            width,
            bottom=means["bite"],
            color="white",
            edgecolor=color,
            hatch="///",
            lw=0.8,
        )
    ax.set_xticks(np.arange(len(codes)), list(country_names(codes).values()))
    ax.set_ylabel("share of the target's outside economy")
    ax.set_title(f"Sanctions bite and black-knight leakage, {shown}")
    handles, _ = ax.get_legend_handles_labels()
    handles.append(
        Patch(facecolor="white", edgecolor="#444444", hatch="///", label="offset by black knights")
    )
    ax.legend(handles=handles, frameon=False, fontsize="small")
    return ax


# -- one run at a glance --------------------------------------------------------------------


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
    for metric, color in zip(("rus_bite", "prk_bite"), PALETTE, strict=False):
        metric_series(results, metric, axes[1, 0], label=METRIC_TITLES.get(metric), color=color)
    axes[1, 0].set_title("Sanctions bite felt by the targets")
    if results.blocs.empty:
        metric_series(results, "dprk_restraint", axes[1, 1])
    else:
        bloc_membership(results, axes[1, 1])
    return axes
