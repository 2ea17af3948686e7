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
Alliance
    Every treaty in ``treaties.csv`` signed before the start and still in force then:
    strength 1 between each pair of parties for a mutual-defence clause (``yes``),
    :data:`PARTIAL_ALLIANCE` otherwise (``ambiguous``, ``no``, declarations,
    partnerships). A treaty coded not in force today counts until the entry into force
    of the next treaty signed by the same parties (the Russia-DPRK treaty of 2000 until
    December 2024); one without a successor is taken to have ended before any start.
    Every ``military_presence.csv`` row with the host's consent, begun before the start
    and not ended, binds guest and host with :data:`PRESENCE_ALLIANCE` (Russia's
    intervention and bases in Syria). The strongest instrument of a pair counts.
Groups
    Memberships shared in :data:`ALIGNMENT_GROUPS`.
Arms ties
    Pairs of states with an arms flow in ``arms_flows.csv`` (either direction) whose period
    began before the start.
Rivalry
    1 for the pairs of ``rivalries.csv`` whose rivalry is active in the start quarter's
    year (``start_year`` <= year, ``end_year`` blank or >= year).
Sanctions
    Every regime in ``sanctions.csv`` adopted (status not ``not_adopted``), started before
    the start and not ended: intensity by scope (:data:`SCOPE_INTENSITY`), for each member
    state of the sender that enforces it in the start quarter's year; the strongest regime
    of a pair counts. A sender with a ``sanctions_evasion.csv`` row for the regime covering
    that year is not an enforcer (:meth:`~scenarios.facts.FactBase.enforcers`: Russia and
    China nominally support the UN regimes on the DPRK but break them). A sender with an
    arms tie to its target is taken not to enforce either (intensity 0). A regime starts
    in the quarter of its earliest linked ``sanctions`` event (``events.related_id``),
    else in the last quarter of its start year; it ends in the last quarter of its
    ``end_year``.
War
    ``war_start`` and ``ceasefire`` rows of ``events.csv`` (``model_kind``) before the start,
    in date order, at their kind's default magnitude, applied by the engine's own effects
    (:data:`scenarios.model.events.EFFECTS`). Episodic events before the start (summits,
    shipments) are not replayed.
Technology (assumed)
    ``0.5 sqrt(gdp per head / max) + 0.5 sqrt(milex per head / max)`` over the world's states.
Restraint (assumed)
    Structural level :data:`RESTRAINT`: by nuclear status, permanent Security Council seat
    and whether a UN Security Council regime targets the state.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from scenarios.errors import DataError, ScenarioError
from scenarios.facts import YEARS, FactBase, load_facts
from scenarios.mechanisms.kernels import Params
from scenarios.model.capacity import export_capacity
from scenarios.model.events import Scope, apply_effect
from scenarios.model.initial import InitialFacts, great_circle, initialise, technology
from scenarios.model.params import default_params
from scenarios.quarters import format_quarter, quarter_of_date
from scenarios.registry.events import EVENT_KINDS
from scenarios.state import World, WorldState

PARTIAL_ALLIANCE = 0.5
"""Alliance strength of an instrument without a mutual-defence clause (assumed)."""

PRESENCE_ALLIANCE = 0.5
"""Alliance strength of a base, deployment or intervention with the host's consent
(assumed: an alignment instrument without a defence clause, like :data:`PARTIAL_ALLIANCE`)."""

ALIGNMENT_GROUPS = ("EU", "G7", "E3")
"""Groups whose shared membership adds structural affinity. NATO and the CSTO are coded as
treaties already; UNSC permanent membership is a position, not an alignment; PRICE_CAP and
MSMT are sanctions coalitions whose effect runs through their sanctions."""

SCOPE_INTENSITY = {
    "comprehensive": 1.0,
    "sectoral": 0.6,
    "targeted": 0.25,
    "arms_embargo": 0.15,
    "monitoring": 0.05,
}
"""Sanctions intensity of a regime by its scope in ``sanctions.csv`` (assumed)."""

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

COUNCIL = "UNSC"
"""Group code of the UN Security Council's permanent members (senders of UN regimes)."""


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
    facts : FactBase
        The fact base it was coded from (supplier capacity is read from it per batch,
        because the fallback rule takes a parameter).
    """

    initial: InitialFacts
    facts: FactBase


def code_facts(scenario, facts: FactBase | None = None) -> CodedFacts:
    """Code the facts in force at a scenario's start for its actors (no parameters).

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
    facts = facts if facts is not None else load_facts()
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

    alliance = alliance_at(facts, codes, start)
    regimes, council_targets = _sanctions(facts, codes, start)
    ties = _arms_ties(facts, codes, start)
    war = _war(facts, codes, start)
    nuclear = warheads > 0
    council = set(facts.expand(COUNCIL, codes))
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
        shared_groups=_shared_groups(facts, codes),
        arms_ties=ties,
        tech=technology(gdp, milex, population),
        restraint_base=restraint_base,
        rivalry=_rivalries(facts, codes, start),
    )
    for value in vars(initial).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return CodedFacts(initial, facts)


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
    capacity = export_capacity(coded.facts, initial.codes, initial.milex, params)
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


def _pairs(indices: list[int], n: int) -> np.ndarray:
    mask = np.zeros((n, n), dtype=bool)
    mask[np.ix_(indices, indices)] = True
    np.fill_diagonal(mask, False)
    return mask


def alliance_at(facts: FactBase, codes, quarter: int) -> np.ndarray:
    """Alliance strength (N, N) the dated facts justify at the start of ``quarter``.

    The strongest instrument of each pair in place then: a treaty in force or a consented
    military presence not yet ended (the rules of the module docstring). The start uses
    it, and the trunk's ``alignment_end`` events use it for what remains of a pair once
    one of its instruments ends.

    Parameters
    ----------
    facts : FactBase
        The fact base.
    codes : sequence of str
        States in array order.
    quarter : int
        Quarter index.

    Returns
    -------
    ndarray, shape (N, N)
    """
    return np.maximum(_alliances(facts, codes, quarter), _presence(facts, codes, quarter))


def _alliances(facts: FactBase, codes, start: int) -> np.ndarray:
    """Treaty strength (N, N) of the treaties in force at ``start``."""
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    parties = facts.treaty_parties.groupby("treaty_id")["iso3"].agg(frozenset)
    treaties = facts.treaties.sort_values("date_signed", kind="stable")
    alliance = np.zeros((n, n))
    for row in treaties.itertuples(index=False):
        members = parties.get(row.treaty_id, frozenset())
        if quarter_of_date(row.date_signed) >= start:
            continue
        if not row.in_force:
            later = treaties[
                (treaties["date_signed"] > row.date_signed)
                & (treaties["treaty_id"].map(parties) == members)
            ]
            # Ended when its successor entered into force; without one, before any start.
            if later.empty or quarter_of_date(later.iloc[0]["entry_into_force"]) < start:
                continue
        strength = 1.0 if row.mutual_defence == "yes" else PARTIAL_ALLIANCE
        mask = _pairs([index[c] for c in members if c in index], n)
        alliance[mask] = np.maximum(alliance[mask], strength)
    return alliance


def _presence(facts: FactBase, codes, start: int) -> np.ndarray:
    """Alliance strength (N, N) of the consented military presence in place at ``start``."""
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    bound = np.zeros((n, n))
    for row in facts.military_presence.itertuples(index=False):
        if row.host_consent != "yes" or row.guest not in index or row.host not in index:
            continue
        ended = not pd.isna(row.end) and quarter_of_date(row.end) < start
        if quarter_of_date(row.start) < start and not ended:
            i, j = index[row.guest], index[row.host]
            bound[i, j] = bound[j, i] = PRESENCE_ALLIANCE
    return bound


def _rivalries(facts: FactBase, codes, start: int) -> np.ndarray:
    """1 for the pairs (N, N) whose rivalry is active in the start quarter's year."""
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    year = start // 4
    rivalry = np.zeros((n, n))
    for row in facts.rivalries.itertuples(index=False):
        active = row.start_year <= year and (pd.isna(row.end_year) or row.end_year >= year)
        if active and row.side_a in index and row.side_b in index:
            i, j = index[row.side_a], index[row.side_b]
            rivalry[i, j] = rivalry[j, i] = 1.0
    return rivalry


def _arms_ties(facts: FactBase, codes, start: int) -> np.ndarray:
    """1 for pairs with a state-to-state arms flow begun before ``start``, (N, N)."""
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    ties = np.zeros((n, n))
    for row in facts.arms_flows.itertuples(index=False):
        began = row.period_start if not pd.isna(row.period_start) else row.period_end
        if row.supplier in index and row.recipient in index and quarter_of_date(began) < start:
            i, j = index[row.supplier], index[row.recipient]
            ties[i, j] = ties[j, i] = 1.0
    return ties


def _shared_groups(facts: FactBase, codes) -> np.ndarray:
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    shared = np.zeros((n, n))
    for group in ALIGNMENT_GROUPS:
        shared += _pairs([index[c] for c in facts.expand(group, codes)], n)
    return shared


def _sanctions(facts: FactBase, codes, start: int) -> tuple[np.ndarray, set[str]]:
    """Intensity (N, N) of the regimes in force at ``start``, and the UNSC regimes' targets."""
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    events = facts.events
    linked = events[(events["related_id"] != "") & (events["model_kind"] == "sanctions")]
    first = linked.groupby("related_id")["date"].min()
    intensity = np.zeros((n, n))
    council_targets = set()
    for row in facts.sanctions.itertuples(index=False):
        if row.status == "not_adopted":
            continue
        begins = (
            quarter_of_date(first[row.regime_id])
            if row.regime_id in first.index
            else int(row.start_year) * 4 + 3
        )
        ended = not pd.isna(row.end_year) and int(row.end_year) * 4 + 3 < start
        if begins >= start or ended:
            continue
        if row.sender == COUNCIL:
            council_targets.add(row.target)
        if row.target not in index:
            continue
        t = index[row.target]
        for sender in facts.enforcers(row.regime_id, start // 4, codes):
            if sender != row.target:
                s = index[sender]
                intensity[s, t] = max(intensity[s, t], SCOPE_INTENSITY[row.scope])
    return intensity, council_targets


def _war(facts: FactBase, codes, start: int) -> np.ndarray:
    """War intensity (N, N) at ``start``.

    The data's wars and ceasefires before ``start``, applied in date order by the engine's
    own event effects.
    """
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    war = np.zeros((1, n, n))
    arrays, scope = {"war": war}, Scope(who=np.zeros(1, dtype=np.int64), members=1)
    kinds = ("war_start", "ceasefire")
    rows = facts.events[facts.events["model_kind"].isin(kinds)].sort_values("date", kind="stable")
    for row in rows.itertuples(index=False):
        if quarter_of_date(row.date) >= start:
            continue
        first, second = (facts.expand(code, codes) for code in row.model_actors.split(";"))
        magnitude = EVENT_KINDS[row.model_kind].default_magnitude
        for a in first:
            for b in second:
                if a != b:
                    apply_effect(row.model_kind, arrays, (index[a], index[b]), magnitude, scope)
    return war[0]
