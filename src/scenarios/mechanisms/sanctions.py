"""Mechanism 1: sanctions pressure, black knights and the drift they cause.

Per member, with ``S[s, t]`` the intensity of sender ``s`` on target ``t`` and
``w[s, t] = gdp_s / (sum gdp - gdp_t)`` the economic weight of ``s`` in ``t``'s outside world:

- raw bite ``b_t = sum_s S[s, t] w[s, t]``: the share of the target's outside economy that
  sanctions it (1 = everybody at full intensity, the UN-style case);
- willingness of a potential black knight ``k`` (a state not itself sanctioning ``t``)
  ``v[k, t] = clip(max(A[k, t], 0) + tilt[k, t] - secondary * b_t, 0, 1) * (1 - S[k, t])``:
  its ties with the target, China's stance (``tilt``, at [CHN, RUS] and [CHN, PRK] only),
  less the secondary-sanctions price on its exposure to the target's senders (proxied by
  ``b_t``, the share of the world economy that sanctions ``t``);
- knights' capacity ``K_t = sum_k v[k, t] w[k, t]`` and offset share
  ``phi_t = offset * min(1, K_t / b_t)``; bite ``b_t (1 - phi_t)``, leakage ``b_t phi_t``;
- GDP grows by ``(trend - cost * bite) / 400`` per quarter (rates in pp per year);
- affinity nudges: ``-repulsion * S[s, t] * bite_t`` for each sender and target,
  ``+attraction * v[k, t] * phi_t`` for each knight and target, and
  ``+isolation * O[t, u]`` for each pair of targets, where
  ``O[t, u] = sum_s (gdp_s / sum gdp) S[s, t] S[s, u]`` is the overlap of their senders;
- enforcement decays where a sender is friendly with its target:
  ``S[s, t] *= 1 - defection * max(A[s, t], 0)``.

Everything is computed from the incoming state (a synchronous update).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenarios.mechanisms.kernels import Params, nudge, param, tilt_cells
from scenarios.registry.specs import ParameterSpec
from scenarios.state import World, WorldState

PARAMETERS = (
    ParameterSpec(
        "sanctions.growth_cost_multilateral",
        2.9,
        "pp of GDP growth per year",
        0.0,
        8.0,
        "Growth lost per year by a target under full bite (every other economy sanctions "
        "it at full intensity, the UN-style case).",
        "UN sanctions cut growth by 2.3-3.5 pp/yr (Neuenkirch & Neumeier 2015); midpoint. "
        "Check, not fit: full US-only sanctions give a bite of about 0.33 (the US share of "
        "the other modelled economies), i.e. 0.96 pp/yr, just above their 0.5-0.9 pp/yr "
        "for US sanctions",
    ),
    ParameterSpec(
        "sanctions.trend_growth",
        3.2,
        "pp of GDP growth per year",
        -5.0,
        10.0,
        "GDP growth of every state in the absence of sanctions bite.",
        "World growth of 3.2% projected for 2024 (IMF World Economic Outlook, October 2024)",
    ),
    ParameterSpec(
        "sanctions.black_knight_offset",
        0.5,
        "share of bite",
        0.0,
        1.0,
        "Largest share of a target's bite that friendly non-sanctioning economies can offset.",
    ),
    ParameterSpec(
        "sanctions.china_tilt",
        0.3,
        "affinity",
        0.0,
        1.0,
        "Shift of China's willingness to trade with and arm Russia and the DPRK per step of "
        "the china_stance lever (supportive +1, cautious 0, distancing -1).",
    ),
    ParameterSpec(
        "sanctions.defection_rate",
        0.05,
        "1/quarter",
        0.0,
        0.5,
        "Rate at which a sender friendly to its target stops enforcing: intensity falls by "
        "rate x positive affinity each quarter.",
    ),
    ParameterSpec(
        "sanctions.isolation_pull",
        0.02,
        "affinity per quarter",
        0.0,
        0.2,
        "Rate at which targets sharing senders drift towards each other, per unit of "
        "GDP-weighted overlap of their senders' intensities.",
    ),
    ParameterSpec(
        "sanctions.sender_repulsion",
        0.01,
        "affinity per quarter",
        0.0,
        0.2,
        "Rate at which a target's affinity to a sender falls, per unit of the sender's "
        "intensity times the target's bite.",
    ),
    ParameterSpec(
        "sanctions.knight_attraction",
        0.02,
        "affinity per quarter",
        0.0,
        0.2,
        "Rate at which a target's affinity to a black knight rises, per unit of the "
        "knight's willingness times the share of bite the knights offset.",
    ),
)
"""The parameters of this mechanism (section ``sanctions``), in table order."""


@dataclass(frozen=True)
class Pressure:
    """Sanctions pressure on every target.

    Attributes
    ----------
    raw, offset : ndarray, shape (M, N)
        Raw bite and the share of it the knights offset.
    willing : ndarray, shape (M, N, N)
        ``v[k, t]``, knight ``k``'s willingness to trade with target ``t``.
    """

    raw: np.ndarray
    offset: np.ndarray
    willing: np.ndarray


def knights(state: WorldState, world: World, params: Params) -> Pressure:
    """Raw bite, knights' willingness and offset share of every target."""
    s = state.sanctions
    gdp = state.gdp
    total = gdp.sum(axis=1, keepdims=True)
    # The diagonal weight is finite and always meets a zero (S[t, t] = v[t, t] = 0).
    weights = gdp[:, :, None] / (total - gdp)[:, None, :]
    scratch = s * weights
    raw = np.minimum(scratch.sum(axis=1), 1.0)
    price = param(params, "levers.secondary_sanctions", 1) * raw
    # clip(max(A, 0) - price) equals clip(A - price) because the price is never negative.
    willing = state.affinity - price[:, None, :]
    np.clip(willing, 0.0, 1.0, out=willing)
    if cells := tilt_cells(world, np.arange(world.size)):
        shift = param(params, "levers.china_stance") * param(params, "sanctions.china_tilt")
        for target, china in cells:
            tie = np.maximum(state.affinity[:, china, target], 0.0) + shift
            willing[:, china, target] = np.clip(tie - price[:, target], 0.0, 1.0)
    willing -= np.multiply(willing, s, out=scratch)
    capacity = np.multiply(willing, weights, out=scratch).sum(axis=1)
    # min(capacity, raw) / raw is min(capacity / raw, 1) without overflow for tiny raw.
    cover = np.divide(np.minimum(capacity, raw), raw, out=np.zeros_like(raw), where=raw > 0)
    offset = param(params, "sanctions.black_knight_offset", 1) * cover
    return Pressure(raw, offset, willing)


def step(state: WorldState, world: World, params: Params, streams=None) -> WorldState:
    """Advance sanctions pressure by one quarter.

    Parameters
    ----------
    state : WorldState
        Incoming state (M members, N states).
    world : World
        Static side of the run.
    params : Mapping
        Resolved parameters (floats or (M,) arrays).
    streams : ignored
        The mechanism is deterministic.

    Returns
    -------
    WorldState
        With new ``gdp``, ``bite``, ``leakage``, ``affinity`` and ``sanctions``.
    """
    s = state.sanctions
    pressure = knights(state, world, params)
    bite = pressure.raw * (1.0 - pressure.offset)
    leakage = pressure.raw * pressure.offset
    trend = param(params, "sanctions.trend_growth", 1)
    cost = param(params, "sanctions.growth_cost_multilateral", 1)
    gdp = state.gdp * (1.0 + (trend - cost * bite) / 400.0)

    repulsion = param(params, "sanctions.sender_repulsion", 1) * bite
    directed = s * -repulsion[:, None, :]
    attraction = param(params, "sanctions.knight_attraction", 1) * pressure.offset
    willing = pressure.willing
    willing *= attraction[:, None, :]
    directed += willing
    share = state.gdp / state.gdp.sum(axis=1, keepdims=True)
    overlap = np.multiply(s, share[:, :, None], out=willing).swapaxes(1, 2) @ s
    diagonal = np.arange(world.size)
    overlap[:, diagonal, diagonal] = 0.0
    # nudge() adds both directions, so each carries half the pull.
    overlap *= 0.5 * param(params, "sanctions.isolation_pull", 2)
    directed += overlap
    affinity = nudge(state.affinity, directed)

    # max(A, 0) as a clip to [0, 1] (affinity never exceeds 1): numpy's two-sided clip is
    # the faster loop; a -0.0 it may keep still makes 1 - rate * x exactly 1.
    kept = np.clip(state.affinity, 0.0, 1.0)
    kept *= param(params, "sanctions.defection_rate", 2)
    np.subtract(1.0, kept, out=kept)
    kept *= s
    return state.evolve(gdp=gdp, bite=bite, leakage=leakage, affinity=affinity, sanctions=kept)
