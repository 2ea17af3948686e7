"""The look of every figure: palette, bloc colours, units, titles, names, captions, time axis.

Conventions: the Okabe-Ito palette (:data:`PALETTE`), safe for the common forms of colour
blindness; country names from ``data/states.csv`` (:func:`country_names`), never codes;
units on every value axis; time as decimal years (2024Q3 is drawn at 2024.5). Where a run
has several ensemble members, lines are the median over members and the shaded band spans
the 5th to 95th percentile (:data:`BAND`), said in a second title line (:func:`_band_note`).
A figure's source line goes underneath it with :func:`caption` (text from
:func:`source_text`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import pandas as pd
from matplotlib.ticker import MaxNLocator

from scenarios.errors import ScenariosError
from scenarios.quarters import decimal_year
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
"""Fixed colour of each shipped scenario, so a scenario looks the same in every figure."""

_CYCLE = tuple(OKABE_ITO.values())

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
    "threat": "perceived threat (index)",
    "restraint": "nuclear restraint (0-1)",
    "bite": "sanctions bite (share of outside economy)",
    "leakage": "bite offset by black knights (share)",
}
"""Axis label of each column of ``Results.states``."""


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


def parameter_label(key: str) -> str:
    """Plain label of a design key: ``"alignment.balance_rate"`` -> ``"balance rate (alignment)"``.

    Levers read ``"China stance (lever)"``: the lever name with spaces.
    """
    if key.startswith("levers."):
        name = key.removeprefix("levers.")
        if name not in LEVERS:
            raise ScenariosError(f"parameter_label: unknown lever {name!r}")
        text = name.replace("_", " ")
        return f"{text.replace('china ', 'China ').replace('us ', 'US ')} (lever)"
    if key not in PARAMETERS:
        raise ScenariosError(f"parameter_label: unknown parameter {key!r}")
    section, name = key.split(".", 1)
    return f"{name.replace('_', ' ')} ({section})"


def colours(count: int) -> list[str]:
    """The first ``count`` colours of :data:`PALETTE`, repeated if more are needed."""
    return [PALETTE[i % len(PALETTE)] for i in range(count)]


def scenario_colour(name: str, position: int = 0) -> str:
    """Colour of a scenario: its fixed colour, else the palette colour at ``position``."""
    return SCENARIO_COLOURS.get(name, _CYCLE[position % len(_CYCLE)])


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


# -- time axis, lines and bands -------------------------------------------------------------


def _time_axis(ax: Any) -> None:
    ax.set_xlabel("year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _draw_path(ax: Any, path: pd.DataFrame, *, color, label, linestyle="-") -> None:
    # tables._paths groups by quarter in order: category order, or for labels read back from
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
