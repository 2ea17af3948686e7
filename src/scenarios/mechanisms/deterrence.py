"""Mechanism 3: threat, Richardson military spending, extended deterrence and restraint.

Per member:

- output ``y_i = gdp_i + revenue_i`` (this quarter's arms revenue counts in it);
- capability (CINC-like share) ``c_i = e y_i / sum y + (1 - e) milex_i / sum milex``;
- power ``w_i = e y_i / sum y + (1 - e) milex_i / (B0 sum y)``, with ``B0`` the world's
  military burden in the initial state (``world.world_burden0``): the economic part is a
  share, the military part is spending against a fixed reference that grows with the world
  economy only, so a rival's arming raises the threat it poses however much the threatened
  state arms in turn (both sides arming raises both threats: Richardson's runaway is
  possible). At the start ``w = c``;
- hostility ``h[i, j] = clip(max(-A[i, j], war[i, j]), 0, 1)``;
- pact effect ``pi[i, j] = min(1, sum_k h[i, k] alliance[k, j])``: how far ``j`` is allied
  with states hostile to ``i``;
- threat from ``j`` to ``i``: ``t[i, j] = h[i, j] w_j P[i, j] (1 + tech_j)(1 + amp pi[i, j])``
  with ``P`` the geographic proximity;
- protection ``p_i = max_k alliance[k, i] max(A[k, i], 0) cred_k`` over nuclear patrons
  ``k`` more capable than ``i`` (``cred`` = the us_commitment lever for the USA, 1 else);
- threat ``theta_i = (1 - cover p_i) sum_j t[i, j]``;
- Richardson spending, with anchor ``x0_i = burden0_i gdp_i`` (the observed burden at the
  current GDP) and threat ratio ``rho_i = (theta_i + theta_ref) / (theta0_i + theta_ref)``:
  ``x' = x + k (x0 rho) - a x + (a - k) x0``, i.e. :func:`richardson_step` with threat input
  ``x0 rho`` and grievance ``(a - k) x0``, so that spending rests at ``x0`` under the
  reference threat ``theta0`` and rises or falls with the threat; capped at
  ``max(max_burden + war_i (max_burden_war - max_burden), burden0_i) gdp_i``, floored at 0;
- restraint ``r' = r + recovery (r_base - r) - pressure r`` with pressure
  ``shield * p_i * x_i`` for a nuclear state, ``x_i`` the share of the world economy
  sanctioning it (a patron's protection undercuts the pressure sanctions put on it to
  disarm: the shielded state loses restraint), and
  ``hedging * (1 - p_i) * theta_i / (theta_i + theta_ref)`` for a non-nuclear one (a
  threatened protege of a weak or doubtful patron hedges);
- shared threat: states whose threats come from the same places draw together,
  ``+pull * s_i s_l sum_j f[i, j] f[l, j]`` with ``f`` each state's threat profile
  (``t[i, j] / sum_j t[i, j]``) and ``s_i = theta_i / (theta_i + theta_ref)``.

Capability and threat are computed from the incoming state and stored; spending,
restraint and affinity are updated from them.

Runaway condition (two mutually hostile states 1 and 2, no alliances, below the caps;
docs/model.md derives it): spending is linear in the rival's spending with the effective
reaction ``k~_i = k (1 - e) x0_i P (1 + tech_j) / (B0 sum y (theta0_i + theta_ref))``, and
the race runs away (up to the burden caps) when ``k~_1 k~_2 > a^2``. At the start this is
``k^2 (1 - e)^2 (m_1 / c_2)(m_2 / c_1) s_1 s_2 > a^2`` with ``m_i`` the military share,
``c_i`` the capability share and ``s_i = theta0_i / (theta0_i + theta_ref)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenarios.mechanisms.kernels import Params, hostility, nudge, param, state_mask
from scenarios.registry.levers import PATRON
from scenarios.registry.specs import ParameterSpec
from scenarios.state import World, WorldState

PARAMETERS = (
    ParameterSpec(
        "deterrence.reaction",
        0.03,
        "1/quarter",
        0.0,
        1.0,
        "Richardson reaction coefficient k: spending response to threat.",
    ),
    ParameterSpec(
        "deterrence.fatigue",
        0.05,
        "1/quarter",
        0.0,
        1.0,
        "Richardson fatigue coefficient a: cost-driven decay of spending.",
    ),
    ParameterSpec(
        "deterrence.max_burden",
        0.06,
        "share of GDP",
        0.005,
        0.4,
        "Largest military burden a state at peace sustains (a state already above it keeps "
        "its observed burden as its cap).",
        "Assumed; above Saudi Arabia's 7.1% and Israel's 5.4% (SIPRI 2023, data/states.csv), "
        "the highest verified peacetime burdens in the data",
    ),
    ParameterSpec(
        "deterrence.max_burden_war",
        0.37,
        "share of GDP",
        0.005,
        0.8,
        "Largest military burden a state at war sustains (interpolated by war intensity).",
        "Ukraine spent 37% of GDP on its military in 2023 (SIPRI, data/states.csv)",
    ),
    ParameterSpec(
        "deterrence.economic_weight",
        0.5,
        "share",
        0.0,
        1.0,
        "Weight of the GDP share (the rest: military-spending share) in capability.",
    ),
    ParameterSpec(
        "deterrence.distance_scale",
        4000.0,
        "km",
        100.0,
        20000.0,
        "Distance over which proximity falls by a factor e (loss-of-strength gradient); "
        "one value for every member of a run.",
        run_wide=True,
    ),
    ParameterSpec(
        "deterrence.reach_floor",
        0.1,
        "proximity",
        0.0,
        1.0,
        "Proximity of the most distant pair (global reach of missiles and navies); one "
        "value for every member of a run.",
        run_wide=True,
    ),
    ParameterSpec(
        "deterrence.threat_scale",
        0.01,
        "share of world capability",
        1e-5,
        0.5,
        "Reference threat: added to threat ratios so that unthreatened states react "
        "smoothly, and the threat at which threat-driven pressures reach half strength.",
        "Rounded median initial threat (0.0093) of the 19 states facing any threat in the "
        "2024Q3 baseline at default parameters",
    ),
    ParameterSpec(
        "deterrence.extended_cover",
        0.3,
        "share of threat",
        0.0,
        1.0,
        "Share of a protege's threat a fully credible, fully friendly nuclear patron absorbs.",
    ),
    ParameterSpec(
        "deterrence.pact_amplifier",
        0.5,
        "dimensionless",
        0.0,
        3.0,
        "Extra threat when hostile states are allied with each other (the pact effect).",
    ),
    ParameterSpec(
        "deterrence.shared_threat_pull",
        0.02,
        "affinity per quarter",
        0.0,
        0.2,
        "Rate at which states facing the same adversary draw together.",
    ),
    ParameterSpec(
        "deterrence.patron_shield",
        0.03,
        "restraint per quarter",
        0.0,
        0.2,
        "Rate at which a patron-shielded nuclear state loses restraint, per unit of "
        "protection times the share of the world economy sanctioning it.",
    ),
    ParameterSpec(
        "deterrence.hedging_rate",
        0.03,
        "restraint per quarter",
        0.0,
        0.2,
        "Rate at which a threatened non-nuclear state without a credible patron hedges "
        "(loses restraint).",
    ),
    ParameterSpec(
        "deterrence.restraint_recovery",
        0.02,
        "1/quarter",
        0.0,
        0.5,
        "Rate at which restraint returns to its structural level when pressures ease.",
    ),
)
"""The parameters of this mechanism (section ``deterrence``), in table order."""


def richardson_step(milex, threat_input, k, a, g, dt=1.0):
    """One Euler step of Richardson's arms equation ``dx/dt = k y - a x + g``.

    Parameters
    ----------
    milex : array_like
        Current spending ``x``.
    threat_input : array_like
        The rival's arms ``y`` (here: the spending the threat calls for).
    k, a, g : float or array_like
        Reaction coefficient, fatigue coefficient and grievance.
    dt : float
        Step length in the units of ``k`` and ``a``.

    Returns
    -------
    ndarray
        ``x + dt (k y - a x + g)``.
    """
    return milex + dt * (k * threat_input - a * milex + g)


def capability(gdp: np.ndarray, milex: np.ndarray, params: Params) -> np.ndarray:
    """CINC-like capability share (M, N): weighted output and military-spending shares."""
    weight = param(params, "deterrence.economic_weight", 1)
    economy = gdp / gdp.sum(axis=1, keepdims=True)
    total = milex.sum(axis=1, keepdims=True)
    military = np.divide(milex, total, out=np.zeros_like(milex), where=total > 0)
    return weight * economy + (1.0 - weight) * military


def power(state: WorldState, world: World, params: Params) -> np.ndarray:
    """Power each state projects, (M, N): the capability its rivals measure threat by.

    ``w_i = e y_i / sum y + (1 - e) milex_i / (B0 sum y)`` with output ``y = gdp +
    revenue`` and ``B0 = world.world_burden0``: equal to the capability share in the
    initial state, but rising with a state's own spending whatever its rivals spend.
    """
    weight = param(params, "deterrence.economic_weight", 1)
    output = state.gdp + state.revenue
    total = output.sum(axis=1, keepdims=True)
    reference = world.world_burden0[:, None] * total
    military = np.divide(
        state.milex, reference, out=np.zeros_like(state.milex), where=reference > 0
    )
    return weight * output / total + (1.0 - weight) * military


def protection(state: WorldState, world: World, params: Params, strength: np.ndarray) -> np.ndarray:
    """Extended-deterrence protection of each state by its best nuclear patron, (M, N)."""
    patrons = np.flatnonzero(world.nuclear)
    if patrons.size == 0:
        return np.zeros_like(strength)
    credibility = 1.0 + (param(params, "levers.us_commitment", 1) - 1.0) * state_mask(
        world, (PATRON,)
    )
    cover = np.maximum(state.affinity[:, patrons, :], 0.0)
    cover *= state.alliance[:, patrons, :]
    cover *= np.broadcast_to(credibility, strength.shape)[:, patrons, None]
    stronger = strength[:, patrons, None] > strength[:, None, :]
    return np.where(stronger, cover, 0.0).max(axis=1)


def contributions(
    state: WorldState, world: World, params: Params, strength: np.ndarray
) -> np.ndarray:
    """Threat contributions ``t[m, i, j]``: the threat state j poses to state i."""
    hostile = hostility(state.affinity, state.war)
    amplifier = hostile @ state.alliance
    np.minimum(amplifier, 1.0, out=amplifier)
    amplifier *= param(params, "deterrence.pact_amplifier", 2)
    amplifier += 1.0
    hostile *= (strength * (1.0 + state.tech))[:, None, :]
    hostile *= world.proximity
    hostile *= amplifier
    return hostile


@dataclass(frozen=True)
class Threat:
    """The threat every state perceives.

    Attributes
    ----------
    parts : ndarray, shape (M, N, N)
        Contributions ``t[m, i, j]``: the threat state j poses to state i.
    raw : ndarray, shape (M, N)
        ``sum_j t[i, j]``, before extended deterrence covers part of it.
    total : ndarray, shape (M, N)
        ``theta_i = (1 - cover p_i) sum_j t[i, j]``.
    """

    parts: np.ndarray
    raw: np.ndarray
    total: np.ndarray


def threats(
    state: WorldState,
    world: World,
    params: Params,
    strength: np.ndarray,
    shield: np.ndarray,
) -> Threat:
    """Threat contributions and the total threat of every state."""
    parts = contributions(state, world, params, strength)
    raw = parts.sum(axis=2)
    total = (1.0 - param(params, "deterrence.extended_cover", 1) * shield) * raw
    return Threat(parts, raw, total)


def spending_cap(state: WorldState, world: World, params: Params) -> np.ndarray:
    """Largest military spending each state sustains, US$ bn (M, N)."""
    peace = param(params, "deterrence.max_burden", 1)
    war = param(params, "deterrence.max_burden_war", 1)
    burden = peace + state.at_war * (war - peace)
    return np.maximum(burden, world.burden0) * state.gdp


def restraint_pressure(
    state: WorldState, world: World, params: Params, shield: np.ndarray, threat: np.ndarray
) -> np.ndarray:
    """Quarterly rate at which restraint erodes, (M, N)."""
    scale = param(params, "deterrence.threat_scale", 1)
    worry = threat / (threat + scale)
    exposure = state.bite + state.leakage
    shielded = param(params, "deterrence.patron_shield", 1) * shield * exposure
    hedging = param(params, "deterrence.hedging_rate", 1) * (1.0 - shield) * worry
    return np.where(world.nuclear, shielded, hedging)


def step(state: WorldState, world: World, params: Params, streams=None) -> WorldState:
    """Advance deterrence responses by one quarter.

    Parameters
    ----------
    state : WorldState
        Incoming state.
    world, params
        As for every mechanism; ``world.threat0`` and ``world.burden0`` anchor spending.
    streams : ignored
        The mechanism is deterministic.

    Returns
    -------
    WorldState
        With new ``capability``, ``threat``, ``milex``, ``restraint`` and ``affinity``.
    """
    strength = capability(state.gdp + state.revenue, state.milex, params)
    shield = protection(state, world, params, strength)
    perceived = threats(state, world, params, power(state, world, params), shield)
    parts, total, threat = perceived.parts, perceived.raw, perceived.total

    scale = param(params, "deterrence.threat_scale", 1)
    k = param(params, "deterrence.reaction", 1)
    a = param(params, "deterrence.fatigue", 1)
    anchor = world.burden0 * state.gdp
    ratio = (threat + scale) / (world.threat0 + scale)
    milex = richardson_step(state.milex, anchor * ratio, k, a, (a - k) * anchor)
    milex = np.clip(milex, 0.0, spending_cap(state, world, params))

    recovery = param(params, "deterrence.restraint_recovery", 1)
    pressure = restraint_pressure(state, world, params, shield, threat)
    restraint = state.restraint + recovery * (world.restraint_base - state.restraint)
    restraint = np.clip(restraint - pressure * state.restraint, 0.0, 1.0)

    # Threat profiles (each row's shares); a row with zero total holds only zeros.
    parts *= np.divide(1.0, total, out=np.zeros_like(total), where=total > 0)[:, :, None]
    overlap = parts @ np.ascontiguousarray(parts.swapaxes(1, 2))
    diagonal = np.arange(world.size)
    overlap[:, diagonal, diagonal] = 0.0
    worry = threat / (threat + scale)
    # nudge() adds both directions, so each carries half the pull.
    half = 0.5 * param(params, "deterrence.shared_threat_pull", 1) * worry
    overlap *= np.multiply(half[:, :, None], worry[:, None, :], out=parts)  # parts is spent
    affinity = nudge(state.affinity, overlap)
    return state.evolve(
        capability=strength, threat=threat, milex=milex, restraint=restraint, affinity=affinity
    )
