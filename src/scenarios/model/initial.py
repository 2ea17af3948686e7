"""The initial state of a run: from per-state facts to a WorldState and its World.

:class:`InitialFacts` holds what a run starts from (figures, geography, treaties, wars,
sanctions, as arrays); :func:`initialise` derives everything else. Where the facts come
from is another module's business: :func:`scenarios.model.from_facts.build` codes them
from ``data/*.csv``, :func:`scenarios.model.synthetic.synthetic` draws a random world, and
the validation checks build their own. The derived parts:

Proximity
    ``P = floor + (1 - floor) exp(-d / scale)`` from the great-circle distance ``d``
    between capitals (:func:`great_circle`; ``deterrence.reach_floor``,
    ``deterrence.distance_scale``, both run-wide).
Affinity
    The structural baseline of :func:`scenarios.mechanisms.alignment.baseline` (treaties
    and military presence, groups, arms ties, rivalries, sanctions, war).
Capability, threat, bite and leakage
    As the mechanisms compute them from the initial state; the threat becomes each
    member's reference threat ``threat0`` (spending is at rest at the start).
Restraint
    The rest point of the restraint dynamics under the initial pressures.
Stockpile
    ``arms.initial_stock`` for every state.

The parameters handed in are used as they are: a caller that wants a start free of
levers (:func:`scenarios.model.from_facts.build`) hands in the levers' defaults.
Arms capacity
    ``InitialFacts.arms_capacity`` where given (the facts-coded start fills it from
    ``data/arms_capacity.csv``), else the fallback rule of
    :func:`scenarios.model.capacity.fallback_capacity` for every state.
World burden
    Total military spending over total GDP in the initial state: the fixed reference of
    the threat a rival's spending poses (:mod:`scenarios.mechanisms.deterrence`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from scenarios.mechanisms import alignment, deterrence, sanctions
from scenarios.mechanisms.kernels import Params, param
from scenarios.model.capacity import fallback_capacity
from scenarios.model.params import run_wide
from scenarios.state import World, WorldState

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG)."""


@dataclass(frozen=True)
class InitialFacts:
    """What a run starts from, per state and pair.

    Arrays are (N,) or (N, N); ``alliance``, ``war`` and ``sanctions`` may also be
    (M, N, N) where a caller lets them differ by member.

    Attributes
    ----------
    codes, names : sequence of str
        ISO3 codes (array order) and country names.
    quarter : int
        The start quarter.
    gdp, milex : ndarray, shape (N,)
        GDP and military spending, US$ bn per year.
    population : ndarray, shape (N,)
        Millions.
    warheads : ndarray, shape (N,)
        Nuclear warheads.
    distance : ndarray, shape (N, N)
        Great-circle distance between capitals, km.
    alliance, war, sanctions : ndarray
        Treaty strength, war intensity and sanctions intensity (sender, target).
    shared_groups, arms_ties : ndarray, shape (N, N)
        Shared alignment groups; 1 for pairs with an arms-trade tie.
    tech : ndarray, shape (N,)
        Military-technology level in [0, 1].
    restraint_base : ndarray, shape (N,)
        Structural nuclear restraint.
    rivalry : ndarray, shape (N, N), optional
        1 for pairs in an active strategic rivalry; default none.
    arms_capacity : ndarray, shape (N,), optional
        Munitions export capacity, quarters of a belligerent's gap per quarter; default
        the fallback rule for every state.
    """

    codes: Sequence[str]
    names: Sequence[str]
    quarter: int
    gdp: np.ndarray
    milex: np.ndarray
    population: np.ndarray
    warheads: np.ndarray
    distance: np.ndarray
    alliance: np.ndarray
    war: np.ndarray
    sanctions: np.ndarray
    shared_groups: np.ndarray
    arms_ties: np.ndarray
    tech: np.ndarray
    restraint_base: np.ndarray
    rivalry: np.ndarray | None = None
    arms_capacity: np.ndarray | None = None


def initialise(facts: InitialFacts, params: Params, members: int) -> tuple[WorldState, World]:
    """Turn a run's initial facts into its state and world, deriving everything else.

    Parameters
    ----------
    facts : InitialFacts
        What the run starts from.
    params : Mapping
        Resolved parameters (floats or (M,) arrays).
    members : int
        Members in the batch (M).

    Returns
    -------
    state : WorldState
        At ``facts.quarter``; arrays (M, N) and (M, N, N).
    world : World
    """
    n = len(facts.codes)

    def members_of(array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
        return np.ascontiguousarray(np.broadcast_to(array, (members, *shape)), dtype=float)

    floor = run_wide(params, "deterrence.reach_floor")
    scale = run_wide(params, "deterrence.distance_scale")
    proximity = floor + (1.0 - floor) * np.exp(-facts.distance / scale)
    burden0 = np.divide(facts.milex, facts.gdp, out=np.zeros(n), where=facts.gdp > 0)
    capacity = (
        fallback_capacity(facts.milex, params)
        if facts.arms_capacity is None
        else np.asarray(facts.arms_capacity, dtype=float)
    )
    world = World(
        codes=tuple(facts.codes),
        names=tuple(facts.names),
        proximity=proximity,
        population=np.asarray(facts.population, dtype=float),
        shared_groups=np.asarray(facts.shared_groups, dtype=float),
        arms_ties=np.asarray(facts.arms_ties, dtype=float),
        rivalry=np.zeros((n, n))
        if facts.rivalry is None
        else np.asarray(facts.rivalry, dtype=float),
        burden0=burden0,
        restraint_base=np.asarray(facts.restraint_base, dtype=float),
        nuclear=np.asarray(facts.warheads) > 0,
        threat0=np.zeros((members, n)),
        arms_capacity=capacity,
        world_burden0=np.zeros(members),
    )
    alliance = members_of(facts.alliance, (n, n))
    war = members_of(facts.war, (n, n))
    sanctions_ = members_of(facts.sanctions, (n, n))
    affinity = alignment.baseline(alliance, war, sanctions_, world, params)
    state = WorldState(
        quarter=int(facts.quarter),
        affinity=members_of(affinity, (n, n)),
        alliance=alliance,
        war=war,
        sanctions=sanctions_,
        gdp=members_of(facts.gdp, (n,)),
        milex=members_of(facts.milex, (n,)),
        capability=np.zeros((members, n)),
        warheads=members_of(facts.warheads, (n,)),
        tech=members_of(facts.tech, (n,)),
        stockpile=members_of(param(params, "arms.initial_stock", 1) * np.ones(n), (n,)),
        threat=np.zeros((members, n)),
        restraint=np.zeros((members, n)),
        bite=np.zeros((members, n)),
        leakage=np.zeros((members, n)),
        transfers=np.zeros((members, n, n)),
        revenue=np.zeros((members, n)),
    )
    return settle(state, world, params)


def assemble(*, members: int, params: Params, **facts) -> tuple[WorldState, World]:
    """:func:`initialise` with the fields of :class:`InitialFacts` as keyword arguments."""
    return initialise(InitialFacts(**facts), params, members)


def settle(state: WorldState, world: World, params: Params) -> tuple[WorldState, World]:
    """Fill the derived fields of an initial state and anchor the world to it.

    The world's military burden becomes the members' ``world_burden0``; capability and
    threat are computed from the state; the threat becomes the members' reference threat
    ``threat0`` (spending is at rest at the start); restraint is set to
    the rest point ``recovery * base / (recovery + pressure)`` of its dynamics; bite and
    leakage are those of the initial sanctions.
    """
    pressure = sanctions.knights(state, world, params)
    raw, offset = pressure.raw, pressure.offset
    state = state.evolve(bite=raw * (1.0 - offset), leakage=raw * offset)
    world = replace(world, world_burden0=state.milex.sum(axis=1) / state.gdp.sum(axis=1))
    strength = deterrence.capability(state.gdp, state.milex, params)
    shield = deterrence.protection(state, world, params, strength)
    power = deterrence.power(state, world, params)
    threat = deterrence.threats(state, world, params, power, shield).total
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
    """Initial technology level (assumed rule), (N,) in [0, 1].

    ``0.5 sqrt(gdp per head / max) + 0.5 sqrt(milex per head / max)``.
    """
    wealth = gdp / population
    arms = milex / population
    return 0.5 * np.sqrt(wealth / wealth.max()) + 0.5 * np.sqrt(arms / arms.max())
