"""The initial state of a run, built from the fact base by explicit rules.

:func:`build` turns ``data/*.csv`` and a scenario into a :class:`~scenarios.state.WorldState`
(with a leading member axis) and a :class:`~scenarios.mechanisms.ModelWorld`. Only facts
dated before the scenario's start quarter are used. The rules (all documented in
``docs/model.md``; the weights are registry parameters, the remaining constants below are
assumptions named here):

Figures
    GDP and military spending from ``states.csv`` (2023 values whatever the start; where
    the observed figure is blank, its documented ``*_estimate``; a state with neither is
    an error), population, warheads (January 2024).
Proximity
    Great-circle distance ``d`` between capitals; ``P = floor + (1 - floor) exp(-d / scale)``
    (``deterrence.reach_floor``, ``deterrence.distance_scale``).
Alliance
    Every treaty in ``treaties.csv`` still in force and signed before the start: strength 1
    between each pair of parties for a mutual-defence clause (``yes``),
    :data:`PARTIAL_ALLIANCE` otherwise (``ambiguous``, ``no``, declarations, partnerships);
    the strongest instrument of a pair counts. ``pact = false`` drops every treaty whose
    parties are exactly Russia and the DPRK.
Groups
    Memberships shared in :data:`ALIGNMENT_GROUPS`.
Arms ties
    Pairs of states with an arms flow in ``arms_flows.csv`` (either direction) whose period
    began before the start.
Sanctions
    Every regime in ``sanctions.csv`` adopted (status not ``not_adopted``), started before
    the start and not ended: intensity by scope (:data:`SCOPE_INTENSITY`) times the
    ``sanctions_intensity`` lever, for each member state of the sender; the strongest
    regime of a pair counts. A sender with an arms tie to its target is taken not to
    enforce (intensity 0: Russia trading arms with the DPRK under UN sanctions). A regime
    starts in the quarter of its earliest linked ``sanctions`` event (``events.related_id``),
    else in the last quarter of its start year; it ends in the last quarter of its
    ``end_year``.
War
    ``war_start`` and ``ceasefire`` rows of ``events.csv`` (``model_kind``) before the start,
    in date order, at their kind's default magnitude.
Affinity
    The structural baseline of :func:`scenarios.mechanisms.alignment.baseline` (treaties,
    groups, arms ties, sanctions, war). Episodic events before the start (summits,
    shipments) are not replayed.
Technology (assumed)
    ``0.5 sqrt(gdp per head / max) + 0.5 sqrt(milex per head / max)`` over the world's states.
Restraint (assumed)
    Structural level :data:`RESTRAINT`: by nuclear status, permanent Security Council seat
    and whether a UN Security Council regime targets the state; the initial value is the
    rest point of the restraint dynamics under the initial pressures.
Stockpile
    ``arms.initial_stock`` for every state.

:func:`synthetic` builds a random world of any size for tests and benchmarks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from scenarios.errors import DataError, ScenarioError
from scenarios.facts import FactBase, load_facts
from scenarios.mechanisms import ModelWorld, alignment, deterrence, sanctions
from scenarios.mechanisms._util import Params, param, per_member
from scenarios.quarters import quarter_of_date
from scenarios.registry.events import EVENT_KINDS
from scenarios.registry.levers import PACT_PARTIES
from scenarios.state import WorldState

PARTIAL_ALLIANCE = 0.5
"""Alliance strength of an instrument without a mutual-defence clause (assumed)."""

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

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG)."""

COUNCIL = "UNSC"
"""Group code of the UN Security Council's permanent members (senders of UN regimes)."""


def build(
    scenario,
    params: Params,
    members: int,
    facts: FactBase | None = None,
) -> tuple[WorldState, ModelWorld]:
    """Build the initial state and world of a scenario.

    Parameters
    ----------
    scenario : Scenario
        Gives the actors (array order), the start quarter and, through ``params``, the
        levers.
    params : Mapping
        Resolved parameters (floats or (M,) arrays), as from
        :func:`scenarios.mechanisms._util.resolve_params`.
    members : int
        Members in the batch (M).
    facts : FactBase, optional
        Default :func:`scenarios.data.load_facts`.

    Returns
    -------
    state : WorldState
        At ``scenario.start``; arrays (M, N) and (M, N, N).
    world : ModelWorld

    Raises
    ------
    DataError
        When a state in the scenario lacks a figure the model needs.
    """
    facts = facts if facts is not None else load_facts()
    codes = tuple(scenario.actors)
    start = int(scenario.start)
    table = facts.states.set_index("iso3").loc[list(codes)]
    gdp = _figure(facts, "gdp_usd_bn_2023", codes)
    milex = _figure(facts, "milex_usd_bn_2023", codes)
    population = table["population_m_2023"].to_numpy(dtype=float)
    if np.isnan(population).any():
        missing = codes[int(np.flatnonzero(np.isnan(population))[0])]
        raise DataError(
            f"data/states.csv: {missing}: population_m_2023 is blank; the model needs it"
        )
    warheads = table["nuclear_warheads_2024"].to_numpy(dtype=float)
    lat = table["capital_lat"].to_numpy(dtype=float)
    lon = table["capital_lon"].to_numpy(dtype=float)

    alliance_without, pact = _alliances(facts, codes, start)
    alliance_with = np.maximum(alliance_without, pact)
    pact_on = np.asarray(params["levers.pact"], dtype=bool)
    alliance = np.where(pact_on.reshape(-1, 1, 1), alliance_with, alliance_without)
    regimes, council_targets = _sanctions(facts, codes, start)
    ties = _arms_ties(facts, codes, start)
    intensity = per_member(params["levers.sanctions_intensity"], 2)
    sanction = np.minimum(intensity * regimes, 1.0) * (1.0 - ties)
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
    return assemble(
        codes=codes,
        names=tuple(table["name"]),
        quarter=start,
        members=members,
        params=params,
        gdp=gdp,
        milex=milex,
        population=population,
        warheads=warheads,
        distance=great_circle(lat, lon),
        alliance=alliance,
        war=war,
        sanctions=sanction,
        shared_groups=_shared_groups(facts, codes),
        arms_ties=ties,
        tech=technology(gdp, milex, population),
        restraint_base=restraint_base,
    )


def assemble(
    *,
    codes: Sequence[str],
    names: Sequence[str],
    quarter: int,
    members: int,
    params: Params,
    gdp: np.ndarray,
    milex: np.ndarray,
    population: np.ndarray,
    warheads: np.ndarray,
    distance: np.ndarray,
    alliance: np.ndarray,
    war: np.ndarray,
    sanctions: np.ndarray,
    shared_groups: np.ndarray,
    arms_ties: np.ndarray,
    tech: np.ndarray,
    restraint_base: np.ndarray,
) -> tuple[WorldState, ModelWorld]:
    """Turn per-state facts into a state and world, deriving everything else.

    Inputs are (N,) or (N, N) arrays, or (M, N, N) where they differ by member.
    Derived: proximity, affinity (structural baseline), capability, threat and the
    reference threat ``threat0``, restraint (its rest point), bite and leakage.
    """
    n = len(codes)

    def members_of(array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
        return np.ascontiguousarray(np.broadcast_to(array, (members, *shape)), dtype=float)

    floor = _scalar(params, "deterrence.reach_floor")
    scale = _scalar(params, "deterrence.distance_scale")
    proximity = floor + (1.0 - floor) * np.exp(-distance / scale)
    burden0 = np.divide(milex, gdp, out=np.zeros(n), where=gdp > 0)
    world = ModelWorld(
        codes=tuple(codes),
        names=tuple(names),
        proximity=proximity,
        population=np.asarray(population, dtype=float),
        shared_groups=np.asarray(shared_groups, dtype=float),
        arms_ties=np.asarray(arms_ties, dtype=float),
        burden0=burden0,
        restraint_base=np.asarray(restraint_base, dtype=float),
        nuclear=np.asarray(warheads) > 0,
        threat0=np.zeros((members, n)),
    )
    alliance = members_of(alliance, (n, n))
    war = members_of(war, (n, n))
    sanctions_ = members_of(sanctions, (n, n))
    affinity = alignment.baseline(alliance, war, sanctions_, world, params)
    state = WorldState(
        quarter=int(quarter),
        affinity=members_of(affinity, (n, n)),
        alliance=alliance,
        war=war,
        sanctions=sanctions_,
        gdp=members_of(gdp, (n,)),
        milex=members_of(milex, (n,)),
        capability=np.zeros((members, n)),
        warheads=members_of(warheads, (n,)),
        tech=members_of(tech, (n,)),
        stockpile=members_of(param(params, "arms.initial_stock", 1) * np.ones(n), (n,)),
        threat=np.zeros((members, n)),
        restraint=np.zeros((members, n)),
        bite=np.zeros((members, n)),
        leakage=np.zeros((members, n)),
        transfers=np.zeros((members, n, n)),
    )
    return settle(state, world, params)


def settle(state: WorldState, world: ModelWorld, params: Params) -> tuple[WorldState, ModelWorld]:
    """Fill the derived fields of an initial state and anchor the world to it.

    Capability and threat are computed from the state; the threat becomes the members'
    reference threat ``threat0`` (spending is at rest at the start); restraint is set to
    the rest point ``recovery * base / (recovery + pressure)`` of its dynamics; bite and
    leakage are those of the initial sanctions.
    """
    pressure = sanctions.knights(state, world, params)
    raw, offset = pressure.raw, pressure.offset
    state = state.evolve(bite=raw * (1.0 - offset), leakage=raw * offset)
    strength = deterrence.capability(state.gdp, state.milex, params)
    shield = deterrence.protection(state, world, params, strength)
    threat = deterrence.threats(state, world, params, strength, shield).total
    world = replace(world, threat0=threat)
    pressure = deterrence.restraint_pressure(state, world, params, shield, threat)
    recovery = param(params, "deterrence.restraint_recovery", 1)
    rate = recovery + pressure
    restraint = np.divide(
        recovery * world.restraint_base,
        rate,
        out=np.broadcast_to(world.restraint_base, threat.shape).copy(),
        where=rate > 0,
    )
    state = state.evolve(capability=strength, threat=threat, restraint=np.clip(restraint, 0.0, 1.0))
    return state, world


def great_circle(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Great-circle distances (N, N) in km between points given in degrees (haversine)."""
    phi, lam = np.radians(lat), np.radians(lon)
    dphi = phi[:, None] - phi[None, :]
    dlam = lam[:, None] - lam[None, :]
    h = np.sin(dphi / 2) ** 2 + np.cos(phi[:, None]) * np.cos(phi[None, :]) * np.sin(dlam / 2) ** 2
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def technology(gdp: np.ndarray, milex: np.ndarray, population: np.ndarray) -> np.ndarray:
    """Initial technology level (assumed rule), (N,) in [0, 1]."""
    wealth = gdp / population
    arms = milex / population
    return 0.5 * np.sqrt(wealth / wealth.max()) + 0.5 * np.sqrt(arms / arms.max())


def synthetic(
    n_states: int, members: int = 1, seed: int = 0, params: Params | None = None
) -> tuple[WorldState, ModelWorld]:
    """A random but plausible world of ``n_states`` states, for tests and benchmarks.

    The first states are the ones the levers act on (USA, CHN, RUS, PRK, KOR, JPN, UKR,
    when ``n_states`` allows), the rest are named ``S007``, ``S008``, ... Figures are
    drawn from one ``numpy.random.default_rng(seed)``; every member starts from the same
    facts, and Russia and Ukraine are at war when both exist.

    Parameters
    ----------
    n_states : int
        N >= 2.
    members : int
        M.
    seed : int
        Seed of the facts (not of the run).
    params : Mapping, optional
        Resolved parameters; default every registry default.

    Returns
    -------
    state : WorldState
    world : ModelWorld
    """
    from scenarios.mechanisms._util import default_params

    if n_states < 2:
        raise ValueError(f"n_states: {n_states} not allowed; expected at least 2")
    params = params if params is not None else default_params(members)
    core = ("USA", "CHN", "RUS", "PRK", "KOR", "JPN", "UKR")
    codes = core[:n_states] + tuple(f"S{i:03d}" for i in range(len(core), n_states))
    rng = np.random.default_rng(seed)
    gdp = np.exp(rng.normal(4.5, 1.6, n_states))
    milex = gdp * rng.uniform(0.008, 0.05, n_states)
    population = np.exp(rng.normal(3.0, 1.5, n_states))
    warheads = np.where(rng.random(n_states) < 0.05, rng.integers(10, 500, n_states), 0)
    if n_states > 3:
        warheads[:4] = (5000, 500, 5500, 50)[: min(4, n_states)]
    lat = rng.uniform(-50, 65, n_states)
    lon = rng.uniform(-180, 180, n_states)
    upper = np.triu(rng.random((n_states, n_states)), 1)
    alliance = np.where(upper > 0.97, 1.0, np.where(upper > 0.93, PARTIAL_ALLIANCE, 0.0))
    alliance = alliance + alliance.T
    regimes = np.where(rng.random((n_states, n_states)) < 0.03, 0.6, 0.0)
    np.fill_diagonal(regimes, 0.0)
    war = np.zeros((n_states, n_states))
    if "RUS" in codes and "UKR" in codes:
        r, u = codes.index("RUS"), codes.index("UKR")
        war[r, u] = war[u, r] = 1.0
    groups = (np.triu(rng.random((n_states, n_states)), 1) > 0.9).astype(float)
    return assemble(
        codes=codes,
        names=codes,
        quarter=2024 * 4 + 2,
        members=members,
        params=params,
        gdp=gdp,
        milex=milex,
        population=population,
        warheads=warheads.astype(float),
        distance=great_circle(lat, lon),
        alliance=alliance,
        war=war,
        sanctions=regimes,
        shared_groups=groups + groups.T,
        arms_ties=np.zeros((n_states, n_states)),
        tech=technology(gdp, milex, population),
        restraint_base=np.where(warheads > 0, 0.5, 0.9),
    )


# -- rules ----------------------------------------------------------------------------------


def _figure(facts: FactBase, name: str, codes: tuple[str, ...]) -> np.ndarray:
    values = facts.figure(name).reindex(list(codes)).to_numpy(dtype=float)
    if np.isnan(values).any():
        missing = codes[int(np.flatnonzero(np.isnan(values))[0])]
        raise DataError(
            f"data/states.csv: {missing}: {name} is blank and has no {name}_estimate; the "
            "model needs a figure or a documented estimate for every state in the scenario"
        )
    return values


def _restraint(nuclear: bool, position: str) -> float:
    if not nuclear:
        return RESTRAINT["non-nuclear", "targeted" if position == "targeted" else "other"]
    return RESTRAINT["nuclear", position]


def _scalar(params: Params, key: str) -> float:
    value = np.asarray(params[key], dtype=float)
    if value.ndim and not np.all(value == value.flat[0]):
        raise ScenarioError(
            f"params_override: {key}: differs between members; allowed: one value for the "
            "whole batch (it shapes the shared geography)"
        )
    return float(value.flat[0])


def _pairs(indices: list[int], n: int) -> np.ndarray:
    mask = np.zeros((n, n), dtype=bool)
    mask[np.ix_(indices, indices)] = True
    np.fill_diagonal(mask, False)
    return mask


def _alliances(facts: FactBase, codes, start: int) -> tuple[np.ndarray, np.ndarray]:
    """(alliance without the pact, the pact's own alliance), both (N, N)."""
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    parties = facts.treaty_parties.groupby("treaty_id")["iso3"].agg(tuple)
    others, pact = np.zeros((n, n)), np.zeros((n, n))
    for row in facts.treaties.itertuples(index=False):
        if not row.in_force or quarter_of_date(row.date_signed) >= start:
            continue
        members = parties.get(row.treaty_id, ())
        strength = 1.0 if row.mutual_defence == "yes" else PARTIAL_ALLIANCE
        target = pact if frozenset(members) == PACT_PARTIES else others
        mask = _pairs([index[c] for c in members if c in index], n)
        target[mask] = np.maximum(target[mask], strength)
    return others, pact


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
        for sender in facts.expand(row.sender, codes):
            if sender != row.target:
                s = index[sender]
                intensity[s, t] = max(intensity[s, t], SCOPE_INTENSITY[row.scope])
    return intensity, council_targets


def _war(facts: FactBase, codes, start: int) -> np.ndarray:
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    war = np.zeros((n, n))
    kinds = ("war_start", "ceasefire")
    rows = facts.events[facts.events["model_kind"].isin(kinds)].sort_values("date", kind="stable")
    for row in rows.itertuples(index=False):
        if quarter_of_date(row.date) >= start:
            continue
        first, second = (facts.expand(code, codes) for code in row.model_actors.split(";"))
        magnitude = EVENT_KINDS[row.model_kind].default_magnitude
        for a in first:
            for b in second:
                if a == b:
                    continue
                i, j = index[a], index[b]
                value = magnitude if row.model_kind == "war_start" else war[i, j] * (1 - magnitude)
                war[i, j] = war[j, i] = value
    return war
