"""The facts-coded start of a run: the fact base turned into initial facts by explicit rules.

:func:`build` turns ``data/*.csv`` and a scenario into a :class:`~scenarios.state.WorldState`
(with a leading member axis) and a :class:`~scenarios.state.World`, by coding the facts
into :class:`~scenarios.model.initial.InitialFacts` and handing them to
:func:`~scenarios.model.initial.initialise`. Only facts dated before the scenario's start
quarter are used, and no lever: the start is built at every lever's default value
(:func:`lever_free`), so two scenarios that differ only in their levers start from the same
state, and whatever their levers change emerges in the run. The rules (all documented in
``docs/model.md``; the weights are registry parameters, the remaining constants below are
assumptions named here):

Figures
    GDP and military spending of the start quarter's year from ``economy.csv`` (the
    year's annual figure; where the observed figure is blank, its documented estimate;
    after 2025, the table's last year), population and warheads from ``states.csv``.
Distance
    Great-circle distance between capitals (proximity follows in
    :mod:`scenarios.model.initial`).
Pairs
    Alliance, shared groups, arms ties, rivalries, sanctions and wars at the start, by
    the rules of :mod:`scenarios.model.pair_facts`.
Technology (assumed)
    ``0.5 sqrt(gdp per head / max) + 0.5 sqrt(milex per head / max)`` over the world's states.
Restraint (assumed)
    Structural level :data:`RESTRAINT`: by nuclear status, permanent Security Council seat
    and whether a UN Security Council regime targets the state.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from scenarios._cache import BoundedCache
from scenarios.errors import DataError, ScenarioError
from scenarios.facts import YEARS, FactBase, load_facts
from scenarios.facts.load import fingerprint
from scenarios.mechanisms.kernels import Params
from scenarios.model import pair_facts
from scenarios.model.capacity import export_capacity, sourced_capacity
from scenarios.model.initial import InitialFacts, great_circle, initialise, technology
from scenarios.model.params import default_params
from scenarios.quarters import format_quarter
from scenarios.state import World, WorldState

RESTRAINT = {
    ("nuclear", "council"): 0.7,
    ("nuclear", "other"): 0.5,
    ("nuclear", "targeted"): 0.3,
    ("non-nuclear", "other"): 0.9,
    ("non-nuclear", "targeted"): 0.6,
}
"""Structural restraint (assumed): (nuclear status, position) -> level. Positions:
``council`` = permanent UNSC member, ``targeted`` = target of an active UNSC regime (it
takes precedence), ``other`` otherwise. A non-nuclear permanent member counts as other."""


@dataclass(frozen=True, eq=False)
class CodedFacts:
    """A scenario's start coded from the facts, before any parameter acts on it.

    :func:`code_facts` reads the fact tables once; :func:`build` makes a batch's state and
    world from it. Runners of many batches (the points of a sweep over a run-wide parameter
    run as one batch each) code once and pass the result as ``facts``: the coding walks
    every fact table and costs about as much as a batch of five members' whole run. The
    arrays are read-only, so no batch can change what the next one starts from.

    Attributes
    ----------
    initial : InitialFacts
        The start as the facts code it (no lever acts on it).
    sourced_capacity : dict
        Shell equivalents a year by producer with sourced rows
        (:func:`scenarios.model.capacity.sourced_capacity`); the other states' capacity
        follows a parameter, so it is set per batch.
    """

    initial: InitialFacts
    sourced_capacity: dict[str, float]


_CODED = BoundedCache(16)
"""Codings of the default fact base by file contents, actors and start."""


def code_facts(scenario, facts: FactBase | None = None) -> CodedFacts:
    """Code the facts in force at a scenario's start for its actors (no parameters).

    Without ``facts``, the coding of the default fact base is cached per file contents,
    actors and start (its arrays are read-only), so a run of one short batch does not
    pay for coding the tables again: it costs more than the whole run of one member.

    Parameters
    ----------
    scenario : Scenario
        Gives the actors (array order) and the start quarter.
    facts : FactBase, optional
        Default :func:`scenarios.facts.load_facts`.

    Returns
    -------
    CodedFacts

    Raises
    ------
    DataError
        When a state in the scenario lacks a figure the model needs, or ``economy.csv``
        has no year for the start.
    """
    if facts is not None:
        return _code(scenario, facts)
    where = (tuple(scenario.actors), int(scenario.start))
    coded = _CODED.get((*fingerprint(), *where))
    if coded is None:
        facts = load_facts()
        # keyed by what was coded, should a file have changed since the fingerprint
        coded = _CODED.put((facts.directory, facts.digest, *where), _code(scenario, facts))
    return coded


def _code(scenario, facts: FactBase) -> CodedFacts:
    codes = tuple(scenario.actors)
    start = int(scenario.start)
    table = facts.states.set_index("iso3").loc[list(codes)]
    year = _figure_year(start)
    gdp = _economy(facts, "gdp_usd_bn", year, codes)
    milex = _economy(facts, "milex_usd_bn", year, codes)
    population = table["population_m_2023"].to_numpy(dtype=float)
    if np.isnan(population).any():
        missing = codes[int(np.flatnonzero(np.isnan(population))[0])]
        raise DataError(
            f"data/states.csv: {missing}: population_m_2023 is blank; the model needs it"
        )
    warheads = table["nuclear_warheads_2024"].to_numpy(dtype=float)
    lat = table["capital_lat"].to_numpy(dtype=float)
    lon = table["capital_lon"].to_numpy(dtype=float)

    alliance = pair_facts.alliance_at(facts, codes, start)
    regimes, council_targets = pair_facts.sanctions_in_force(facts, codes, start)
    ties = pair_facts.arms_ties(facts, codes, start)
    war = pair_facts.wars(facts, codes, start)
    nuclear = warheads > 0
    council = set(facts.expand(pair_facts.COUNCIL, codes))
    position = [
        "targeted" if code in council_targets else "council" if code in council else "other"
        for code in codes
    ]
    restraint_base = np.array(
        [_restraint(nuke, where) for nuke, where in zip(nuclear, position, strict=True)]
    )
    initial = InitialFacts(
        codes=codes,
        names=tuple(table["name"]),
        quarter=start,
        gdp=gdp,
        milex=milex,
        population=population,
        warheads=warheads,
        distance=great_circle(lat, lon),
        alliance=alliance,
        war=war,
        # The sanctions_intensity lever's default (1) leaves each regime's intensity as
        # coded; a lever change rescales them from there (model.lever_changes).
        sanctions=regimes * (1.0 - ties),
        shared_groups=pair_facts.shared_groups(facts, codes),
        arms_ties=ties,
        tech=technology(gdp, milex, population),
        restraint_base=restraint_base,
        rivalry=pair_facts.rivalries(facts, codes, start),
    )
    for value in vars(initial).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return CodedFacts(initial, sourced_capacity(facts))


def build(
    scenario,
    params: Params,
    members: int,
    facts: FactBase | CodedFacts | None = None,
) -> tuple[WorldState, World]:
    """Build the initial state and world of a scenario, free of its levers.

    Parameters
    ----------
    scenario : Scenario
        Gives the actors (array order) and the start quarter.
    params : Mapping
        Resolved parameters (floats or (M,) arrays), as from
        :func:`scenarios.model.params.resolve_params`. Their ``levers.*`` entries are
        not used: the start is built at every lever's default (:func:`lever_free`).
    members : int
        Members in the batch (M).
    facts : FactBase or CodedFacts, optional
        The fact base (default :func:`scenarios.facts.load_facts`), or its coding for
        this scenario from :func:`code_facts`.

    Returns
    -------
    state : WorldState
        At ``scenario.start``; arrays (M, N) and (M, N, N).
    world : World

    Raises
    ------
    DataError
        When a state in the scenario lacks a figure the model needs, or ``economy.csv``
        has no year for the start.
    ScenarioError
        When ``facts`` was coded for other actors or another start.
    """
    coded = facts if isinstance(facts, CodedFacts) else code_facts(scenario, facts)
    initial = coded.initial
    if initial.codes != tuple(scenario.actors) or initial.quarter != int(scenario.start):
        raise ScenarioError(f"facts: coded for other actors or start than {scenario.name}")
    state, world = initialise(initial, lever_free(params, members), members)
    # Supplier capacity from data/arms_capacity.csv (issue 10; scenarios.model.capacity).
    capacity = export_capacity(coded.sourced_capacity, initial.codes, initial.milex, params)
    return state, replace(world, arms_capacity=capacity)


def lever_free(params: Params, members: int) -> dict:
    """``params`` with every ``levers.<name>`` at its registry default.

    The initial state (affinity, restraint at its rest point, the reference threat that
    anchors spending) is computed from these, so no lever a comparison varies is built
    into the start.
    """
    defaults = default_params(members)
    return {
        **params,
        **{key: value for key, value in defaults.items() if key.startswith("levers.")},
    }


# -- rules ----------------------------------------------------------------------------------


def _figure_year(start: int) -> int:
    """The ``economy.csv`` year whose figures a run starting in ``start`` uses."""
    year = start // 4
    if year < YEARS[0]:
        raise DataError(
            f"data/economy.csv: no figures for {year}, the year of the start quarter "
            f"{format_quarter(start)}; allowed: a start from {YEARS[0]}Q1 on (the table "
            f"covers {YEARS[0]}-{YEARS[1]})"
        )
    # After the table's last year, its last year is the latest known.
    return min(year, YEARS[1])


def _economy(facts: FactBase, quantity: str, year: int, codes: tuple[str, ...]) -> np.ndarray:
    values = facts.series(quantity)[year].reindex(list(codes)).to_numpy(dtype=float)
    if np.isnan(values).any():
        missing = codes[int(np.flatnonzero(np.isnan(values))[0])]
        raise DataError(
            f"data/economy.csv: {missing}: {quantity} for {year} is blank and has no "
            "estimate; the model needs a figure or a documented estimate for every state "
            "in the scenario"
        )
    return values


def _restraint(nuclear: bool, position: str) -> float:
    if not nuclear:
        return RESTRAINT["non-nuclear", "targeted" if position == "targeted" else "other"]
    return RESTRAINT["nuclear", position]
