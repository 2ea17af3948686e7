"""Mechanism 4: structural balance, decay to the structural baseline, and noise.

The other mechanisms have already applied their nudges to the affinity ``A``. This step
adds, per member and quarter,

``A' = clip(A + beta (S - m * A) - delta (A - B) + sigma Z, -1, 1)``

with ``S = A A / (N - 2)`` and ``m = |A| |A| / (N - 2)`` (means over the third parties):

- ``beta (S - m * A)``: structural balance (Heider; the friend of my enemy becomes my
  enemy) as a bounded pull. ``S[i, j]`` is the tie the common partners of ``i`` and ``j``
  imply (the mean of ``A[i, k] A[k, j]``), ``m[i, j] >= |S[i, j]|`` the strength of that
  evidence; the pull moves ``A`` towards the implied sign ``S / m`` at rate ``beta m``.
  Unlike Marvel et al.'s (2011) unbounded ``dX/dt = X^2``, it cannot by itself carry a tie
  to +-1;
- ``delta (A - B)``: decay towards the structural baseline ``B`` (:func:`baseline`): the
  affinity that treaties, group memberships, arms-trade ties, sanctions and wars in force
  imply;
- ``sigma Z``: idiosyncratic shocks, ``Z`` symmetric with standard-normal entries above the
  diagonal, drawn from each member's own stream.

Steady state (docs/model.md derives it): with the other mechanisms' quarterly nudges ``n``,
``A* = (delta B + beta S + n) / (delta + beta m)``, a weighted mean of the baseline and the
balance-implied sign, so ``|A*| <= (delta |B| + beta m + |n|) / (delta + beta m) < 1``
whenever ``|B| + |n| / delta < 1``: a tie is held at +-1 only by a baseline at +-1 (a
mutual-defence treaty with shared groups and arms ties) or by a persistent nudge. Because
``B`` weighs in, the network keeps the imbalance international networks show (Doreian &
Mrvar 2015).

The diagonal stays zero and ``A'`` stays exactly symmetric.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from scenarios._cache import BoundedCache
from scenarios.mechanisms.kernels import Params, columns, param
from scenarios.registry.specs import ParameterSpec
from scenarios.state import World, WorldState

PARAMETERS = (
    ParameterSpec(
        "alignment.balance_rate",
        0.1,
        "1/quarter",
        0.0,
        1.0,
        "Rate at which a tie moves towards the sign its common partners imply, per unit "
        "of the strength of that evidence (the mean |A[i, k] A[k, j]| over third parties).",
    ),
    ParameterSpec(
        "alignment.decay",
        0.03,
        "1/quarter",
        0.0,
        0.5,
        "Relaxation of affinity towards its structural baseline.",
    ),
    ParameterSpec(
        "alignment.noise",
        0.01,
        "affinity per quarter (s.d.)",
        0.0,
        0.2,
        "Standard deviation of idiosyncratic shocks to each relation.",
    ),
    ParameterSpec(
        "alignment.treaty_affinity",
        0.6,
        "affinity per unit alliance",
        0.0,
        1.0,
        "Structural affinity of a treaty pair (alliance 1 = mutual-defence clause, 0.5 = "
        "other alignment instrument).",
    ),
    ParameterSpec(
        "alignment.group_affinity",
        0.1,
        "affinity per shared group",
        0.0,
        0.5,
        "Structural affinity per shared membership of an alignment group (EU, G7, E3).",
    ),
    ParameterSpec(
        "alignment.arms_affinity",
        0.2,
        "affinity",
        0.0,
        1.0,
        "Structural affinity of a pair with an arms-trade relationship in the data "
        "(arms_flows.csv, begun before the start).",
    ),
    ParameterSpec(
        "alignment.sanctions_affinity",
        0.4,
        "affinity per unit intensity",
        0.0,
        1.0,
        "Structural hostility of a sanctions pair (the larger of the two directions).",
    ),
    ParameterSpec(
        "alignment.war_affinity",
        0.9,
        "affinity per unit war intensity",
        0.0,
        1.0,
        "Structural hostility of two states at war.",
    ),
    ParameterSpec(
        "alignment.rivalry_affinity",
        0.3,
        "affinity per rivalry",
        0.0,
        1.0,
        "Structural hostility of a pair in an active strategic rivalry (rivalries.csv, "
        "in force at the start; assumed default).",
    ),
    ParameterSpec(
        "alignment.treaty_nudge",
        0.1,
        "affinity per unit magnitude",
        0.0,
        1.0,
        "Immediate affinity gain of every pair of parties when a treaty event is signed.",
    ),
)
"""The parameters of this mechanism (section ``alignment``), in table order."""


def baseline(
    alliance: np.ndarray,
    war: np.ndarray,
    sanctions: np.ndarray,
    world: World,
    params: Params,
    at_war: np.ndarray | None = None,
) -> np.ndarray:
    """Structural affinity implied by the institutions in force, (M, N, N) in [-1, 1].

    ``B = treaty * alliance + group * shared_groups + arms * arms_ties
    - rivalry_w * rivalry - sanctions_w * max(S, S^T) - war_w * war``, clipped to
    [-1, 1]; the diagonal is zero because every term's is. The same rule builds the
    initial affinity.

    ``at_war`` (``WorldState.at_war``, computed from ``war`` when omitted) says which
    states are at war: the war term is zero elsewhere, so it is subtracted in their rows
    only.
    """
    total = param(params, "alignment.treaty_affinity", 2) * alliance
    total += _static(world, params)
    # max(S, S^T) from a contiguous copy of S^T: a transposed operand would make numpy
    # run its element-by-element loop.
    scratch = np.ascontiguousarray(sanctions.swapaxes(-1, -2))
    np.maximum(sanctions, scratch, out=scratch)
    scratch *= param(params, "alignment.sanctions_affinity", 2)
    total -= scratch
    rows = columns(war.max(axis=1) > 0 if at_war is None else at_war > 0)
    total[:, rows] -= param(params, "alignment.war_affinity", 2) * war[:, rows]
    return np.clip(total, -1.0, 1.0, out=total)


_STATIC_KEYS = (
    "alignment.group_affinity",
    "alignment.arms_affinity",
    "alignment.rivalry_affinity",
)
_STATIC = BoundedCache(32)
"""Static terms (with the inputs they hold alive) by world arrays and weights."""


def _static(world: World, params: Params) -> np.ndarray:
    """``group * shared_groups + arms * arms_ties - rivalry_w * rivalry``, read-only.

    The same every quarter of a run, so it is kept per world and parameter values: one
    (M, N, N) computation a run instead of five passes a quarter when the weights vary
    by member. Arrays are keyed by identity (and held, so that no other array takes
    their id), numbers by value.
    """
    weights = (params[key] for key in _STATIC_KEYS)
    inputs = (world.shared_groups, world.arms_ties, world.rivalry, *weights)
    key = tuple(float(x) if isinstance(x, float) or np.ndim(x) == 0 else id(x) for x in inputs)
    found = _STATIC.get(key)
    if found is not None:
        return found[1]
    static = (
        param(params, "alignment.group_affinity", 2) * world.shared_groups
        + param(params, "alignment.arms_affinity", 2) * world.arms_ties
        - param(params, "alignment.rivalry_affinity", 2) * world.rivalry
    )
    static.flags.writeable = False
    _STATIC.put(key, (inputs, static))
    return static


def step(state: WorldState, world: World, params: Params, streams=None) -> WorldState:
    """Advance the alignment network by one quarter.

    Parameters
    ----------
    state : WorldState
        Incoming state, after the other mechanisms' nudges.
    world, params
        As for every mechanism.
    streams : MemberStreams or None
        Source of the noise (one ``normal((N (N - 1) / 2,))`` draw per member and
        quarter); None for a run without noise.

    Returns
    -------
    WorldState
        With a new ``affinity``.
    """
    a = state.affinity
    n = world.size
    rate = param(params, "alignment.balance_rate", 2) / (2.0 * max(n - 2, 1))
    square = a @ a
    # X + X^T is exactly symmetric; the 1/2 of (X + X^T) / 2 goes into the rate.
    drift = square + square.swapaxes(1, 2)
    magnitude = np.abs(a)
    evidence = np.matmul(magnitude, magnitude, out=square)
    evidence += evidence.swapaxes(1, 2).copy()
    evidence *= a
    drift -= evidence
    drift *= rate
    decay = baseline(state.alliance, state.war, state.sanctions, world, params, state.at_war)
    np.subtract(a, decay, out=decay)
    decay *= param(params, "alignment.decay", 2)
    drift -= decay
    if streams is not None:
        draws = streams.normal(noise_shape(world))
        upper = decay  # spent: reused for the noise above the diagonal
        upper.fill(0.0)
        upper.reshape(len(upper), -1)[:, _upper_triangle(n)] = (
            param(params, "alignment.noise", 1) * draws
        )
        drift += upper
        drift += upper.swapaxes(1, 2)
    drift += a
    affinity = np.clip(drift, -1.0, 1.0, out=drift)
    diagonal = np.arange(n)
    affinity[:, diagonal, diagonal] = 0.0
    return state.evolve(affinity=affinity)


def noise_shape(world: World) -> tuple[int]:
    """Shape of the one noise draw per member and quarter: the pairs above the diagonal.

    Parameters
    ----------
    world : World
        The run's world (N states).

    Returns
    -------
    tuple of int
        ``(N (N - 1) / 2,)``.
    """
    return (world.size * (world.size - 1) // 2,)


@cache
def _upper_triangle(n: int) -> np.ndarray:
    """Flat positions (read-only) in an (N, N) matrix of the pairs above the diagonal.

    The positions are in the order of the draws.
    """
    rows, cols = np.triu_indices(n, 1)
    flat = rows * n + cols
    flat.flags.writeable = False
    return flat
