"""Mechanism 3: threat, Richardson military spending, extended deterrence and restraint.

Per member:

- capability (CINC-like share) ``c_i = e gdp_i / sum gdp + (1 - e) milex_i / sum milex``;
- hostility ``h[i, j] = clip(max(-A[i, j], war[i, j]), 0, 1)``;
- pact effect ``pi[i, j] = min(1, sum_k h[i, k] alliance[k, j])``: how far ``j`` is allied
  with states hostile to ``i``;
- threat from ``j`` to ``i``: ``t[i, j] = h[i, j] c_j P[i, j] (1 + tech_j)(1 + amp pi[i, j])``
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
"""

from __future__ import annotations

import numpy as np

from scenarios.mechanisms._util import (
    PATRON,
    ModelWorld,
    Params,
    hostility,
    nudge,
    param,
    state_mask,
)
from scenarios.state import WorldState


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
    """CINC-like capability share (M, N): weighted GDP and military-spending shares."""
    weight = param(params, "deterrence.economic_weight", 1)
    economy = gdp / gdp.sum(axis=1, keepdims=True)
    total = milex.sum(axis=1, keepdims=True)
    military = np.divide(milex, total, out=np.zeros_like(milex), where=total > 0)
    return weight * economy + (1.0 - weight) * military


def protection(
    state: WorldState, world: ModelWorld, params: Params, strength: np.ndarray
) -> np.ndarray:
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
    state: WorldState, world: ModelWorld, params: Params, strength: np.ndarray
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


def threats(
    state: WorldState,
    world: ModelWorld,
    params: Params,
    strength: np.ndarray,
    shield: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Threat contributions ``t[m, i, j]`` (from j to i) and total threat ``theta`` (M, N)."""
    parts = contributions(state, world, params, strength)
    return parts, _covered(parts.sum(axis=2), shield, params)


def _covered(total: np.ndarray, shield: np.ndarray, params: Params) -> np.ndarray:
    return (1.0 - param(params, "deterrence.extended_cover", 1) * shield) * total


def spending_cap(state: WorldState, world: ModelWorld, params: Params) -> np.ndarray:
    """Largest military spending each state sustains, US$ bn (M, N)."""
    peace = param(params, "deterrence.max_burden", 1)
    war = param(params, "deterrence.max_burden_war", 1)
    burden = peace + state.at_war * (war - peace)
    return np.maximum(burden, world.burden0) * state.gdp


def restraint_pressure(
    state: WorldState, world: ModelWorld, params: Params, shield: np.ndarray, threat: np.ndarray
) -> np.ndarray:
    """Quarterly rate at which restraint erodes, (M, N)."""
    scale = param(params, "deterrence.threat_scale", 1)
    worry = threat / (threat + scale)
    exposure = state.bite + state.leakage
    shielded = param(params, "deterrence.patron_shield", 1) * shield * exposure
    hedging = param(params, "deterrence.hedging_rate", 1) * (1.0 - shield) * worry
    return np.where(world.nuclear, shielded, hedging)


def step(state: WorldState, world: ModelWorld, params: Params, streams=None) -> WorldState:
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
    strength = capability(state.gdp, state.milex, params)
    shield = protection(state, world, params, strength)
    parts = contributions(state, world, params, strength)
    total = parts.sum(axis=2)
    threat = _covered(total, shield, params)

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
