"""The look of every figure: palette, fixed colours, units, titles, names, captions, time axis.

Conventions:

- one palette, Okabe & Ito's eight colours (:data:`PALETTE`), safe for the common forms
  of colour blindness, for every line, bar and area of the package;
- one colour per thing across every figure: each shipped scenario has its own
  (:data:`SCENARIO_COLOURS`), so do the states the notebooks draw most
  (:data:`STATE_COLOURS`) and the blocs (:data:`BLOC_COLOURS`); within one figure a
  colour is never given twice (:func:`scenario_colours`, :func:`state_colours`);
- words, never codes, in legends and ticks: country names from ``data/states.csv``
  (:func:`country_names`), scenario labels (:func:`scenario_label`), parameter labels
  (:func:`parameter_label`);
- units on every value axis; time as decimal years (2024Q3 is drawn at 2024.5);
- a source line under the figure with :func:`caption` (text from :func:`source_text`).

How lines of ensembles are drawn (the median and a band, or every member where the members
split into two outcomes; no line hidden under another) is owned by
:mod:`scenarios.plot.lines`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from matplotlib import patheffects
from matplotlib.ticker import MaxNLocator

from scenarios.errors import ScenariosError
from scenarios.registry.levers import LEVERS
from scenarios.registry.parameters import PARAMETERS

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

BLOC_LABELS = {
    "A": "bloc A (the United States' bloc)",
    "non-aligned": "non-aligned",
    "B": "bloc B (the other bloc)",
}
"""Legend text of each bloc label of ``Results.blocs``."""

SCENARIO_COLOURS = {
    "baseline": OKABE_ITO["black"],
    "no_pact": OKABE_ITO["sky blue"],
    "china_supportive": OKABE_ITO["vermillion"],
    "china_distancing": OKABE_ITO["blue"],
    "ceasefire_2025": OKABE_ITO["bluish green"],
    "secondary_sanctions": OKABE_ITO["orange"],
    "us_retrenchment": OKABE_ITO["reddish purple"],
    "arms_interdiction": OKABE_ITO["yellow"],
}
"""Fixed colour of each shipped scenario, so a scenario looks the same in every figure.

Eight scenarios share the eight colours; yellow is faint on white, so a yellow line gets a
grey outline and a yellow bar a black edge (:func:`outline`)."""

SCENARIO_LABELS = {
    "baseline": "baseline",
    "no_pact": "no pact",
    "china_supportive": "China supportive",
    "china_distancing": "China distancing",
    "ceasefire_2025": "ceasefire in 2025",
    "secondary_sanctions": "secondary sanctions",
    "us_retrenchment": "US retrenchment",
    "arms_interdiction": "arms interdiction",
    "replay_2022": "2022 replay",
    "pact_2024q2": "pact (2024Q2 branch)",
}
"""Legend text of each shipped scenario (:func:`scenario_label`)."""

STATE_COLOURS = {
    "USA": OKABE_ITO["blue"],
    "CHN": OKABE_ITO["orange"],
    "RUS": OKABE_ITO["vermillion"],
    "PRK": OKABE_ITO["reddish purple"],
    "JPN": OKABE_ITO["bluish green"],
    "KOR": OKABE_ITO["sky blue"],
    "UKR": OKABE_ITO["yellow"],
    "BLR": OKABE_ITO["sky blue"],
    "IRN": OKABE_ITO["bluish green"],
    "KAZ": OKABE_ITO["yellow"],
}
"""Fixed colour of the states the notebooks draw most, so North Korea looks the same in a
spending chart and in a supplier chart. Some colours are shared by states that seldom
appear together (South Korea and Belarus, Japan and Iran, Ukraine and Kazakhstan); where
they do, :func:`state_colours` gives the second another colour."""

NO_BLOC = "no bloc record"
"""Label of states drawn without bloc information (a relations table without blocs)."""

FRIENDLY, HOSTILE = OKABE_ITO["bluish green"], OKABE_ITO["vermillion"]
"""Colours of positive and negative ties in :func:`scenarios.plot.network.signed_network`."""

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
    "threat": "perceived threat (weighted share of world capability)",
    "restraint": "nuclear restraint (0-1)",
    "bite": "sanctions bite (share of outside economy)",
    "leakage": "bite offset by black knights (share)",
}
"""Axis label of each column of ``Results.states``."""

AFFINITY_AXIS = "affinity (−1 hostile … +1 allied)"
"""Value-axis label of every affinity."""


def axis_label(unit: str) -> str:
    """Value-axis label of a metric's unit (``METRICS[name].unit``): an affinity says its scale."""
    return AFFINITY_AXIS if unit == "affinity" else unit


# -- names, colours, captions --------------------------------------------------------------


@lru_cache(maxsize=1)
def _known_names() -> dict[str, str]:
    from scenarios.facts import load_facts

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


def parameter_label(key: str, *, unit: bool = False) -> str:
    """Plain label of a design key: ``"alignment.balance_rate"`` -> ``"balance rate (alignment)"``.

    Levers read ``"China stance (lever)"``: the lever name with spaces. With ``unit=True``
    (for an axis) the unit follows after a comma, e.g. ``"balance rate (alignment),
    1/quarter"``; a lever of levels has none.
    """
    if key.startswith("levers."):
        name = key.removeprefix("levers.")
        if name not in LEVERS:
            raise ScenariosError(f"parameter_label: unknown lever {name!r}")
        text = name.replace("_", " ")
        label = f"{text.replace('china ', 'China ').replace('us ', 'US ')} (lever)"
        measure = LEVERS[name].unit
    else:
        if key not in PARAMETERS:
            raise ScenariosError(f"parameter_label: unknown parameter {key!r}")
        section, name = key.split(".", 1)
        label = f"{name.replace('_', ' ')} ({section})"
        measure = PARAMETERS[key].unit
    return f"{label}, {measure}" if unit and measure else label


def colours(count: int) -> list[str]:
    """The first ``count`` colours of :data:`PALETTE`, repeated if more are needed."""
    return [PALETTE[i % len(PALETTE)] for i in range(count)]


def _distinct(keys: Sequence[str], fixed: Mapping[str, str]) -> list[str]:
    """A colour per key.

    Each key gets its fixed colour unless already given in this figure, else the first
    palette colour that no key of the figure owns and none was given yet.
    """
    reserved = {fixed[key] for key in keys if key in fixed}
    given: list[str] = []
    for position, key in enumerate(keys):
        colour = fixed.get(key)
        if colour is None or colour in given:
            free = [c for c in PALETTE if c not in reserved and c not in given]
            colour = free[0] if free else PALETTE[position % len(PALETTE)]
        given.append(colour)
    return given


def scenario_colour(name: str, position: int = 0) -> str:
    """Colour of a scenario: its fixed colour, else the palette colour at ``position``."""
    return SCENARIO_COLOURS.get(name, PALETTE[position % len(PALETTE)])


def scenario_colours(names: Sequence[str]) -> list[str]:
    """Colours of the scenarios in one figure: fixed ones first, no colour given twice.

    A name that occurs twice (two variants of the baseline, say) keeps its fixed colour
    only the first time; the other gets a palette colour that no scenario of the figure
    owns.
    """
    return _distinct([str(name) for name in names], SCENARIO_COLOURS)


def state_colours(codes: Sequence[str]) -> list[str]:
    """Colours of the states in one figure: :data:`STATE_COLOURS`, no colour given twice."""
    return _distinct([str(code) for code in codes], STATE_COLOURS)


def scenario_label(name: str) -> str:
    """Legend text of a scenario: ``"no_pact"`` -> ``"no pact"`` (see :data:`SCENARIO_LABELS`).

    A name not shipped with the project has its underscores replaced by spaces.
    """
    return SCENARIO_LABELS.get(str(name), str(name).replace("_", " "))


def run_name(label: str, run: Any) -> str:
    """The scenario name of a run drawn under ``label`` (for its fixed colour).

    A :class:`~scenarios.model.Results` names its scenario; a bare table has none, so the
    label stands for it.
    """
    scenario = getattr(run, "scenario", None)
    return str(scenario.name) if scenario is not None else str(label)


def outline(colour: str) -> dict[str, Any]:
    """Extra drawing options that keep a faint colour (yellow) visible on white.

    Returns ``{"path_effects": [...]}`` (a grey outline) for yellow, else ``{}``; pass
    them to ``ax.plot``.
    """
    if str(colour).upper() != OKABE_ITO["yellow"]:
        return {}
    return {"path_effects": [patheffects.withStroke(linewidth=3.2, foreground="#8C8C8C")]}


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


# -- time axis ----------------------------------------------------------------------------


def _time_axis(ax: Any) -> None:
    ax.set_xlabel("year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
