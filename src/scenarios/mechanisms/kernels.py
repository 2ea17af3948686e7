"""Array helpers shared by the mechanisms and the code that builds or checks their input.

Every mechanism works on arrays with a leading member axis ``M``. A parameter may be one
float for every member or an array of shape ``(M,)`` (a sweep varying it across members in
one batch); :func:`param` reshapes such an array to ``(M, 1)`` or ``(M, 1, 1)`` so that it
broadcasts against per-state or per-pair arrays.

Bit-identity across batch sizes: every operation here and in the mechanisms is either
elementwise, a reduction over a state axis within one member, or a per-member matrix
product of a fixed (N, N) shape (``numpy.matmul`` calls BLAS once per member matrix).
Where a mechanism works on a batch-dependent subset of states (the states at war, the
arms flows: :func:`columns`), sums across that subset are taken in index order
(:func:`sequential_sum`), so columns of zeros added by other members change nothing.
Member ``m``'s numbers therefore never depend on which other members share its batch.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from scenarios.registry.levers import CHINA, CHINA_PARTNERS
from scenarios.state import World

Params = Mapping[str, "float | np.ndarray"]
"""Resolved parameters: every parameter key and every ``levers.<name>``, float or (M,).

Levers come decoded (:func:`scenarios.model.params.resolve_params`): ``china_stance`` as
its number, ``pact`` as a bool and ``ceasefire`` as a quarter index (NaN for none)."""


def param(params: Params, key: str, ndim: int = 0) -> float | np.ndarray:
    """A parameter ready to broadcast over ``ndim`` trailing state axes.

    Parameters
    ----------
    params : Mapping
        Resolved parameters.
    key : str
        ``"section.name"`` or ``"levers.<name>"``.
    ndim : int
        Trailing axes to add to a per-member array: 1 for (M, N), 2 for (M, N, N).

    Returns
    -------
    float or ndarray
        A float when the value is one number, else an array of shape (M, 1, ...).
    """
    return per_member(params[key], ndim)


def per_member(value, ndim: int) -> float | np.ndarray:
    """Reshape a scalar or (M,) value to broadcast against (M, N, ...) arrays."""
    if isinstance(value, float) or np.ndim(value) == 0:
        return float(value)
    array = np.asarray(value, dtype=float)
    return array.reshape(array.shape[0], *([1] * ndim))


def state_mask(world: World, codes) -> np.ndarray:
    """Float mask (N,): 1 for each listed state present in the world."""
    return np.array([1.0 if code in codes else 0.0 for code in world.codes])


def hostility(affinity: np.ndarray, war: np.ndarray) -> np.ndarray:
    """How hostile each pair is, in [0, 1]: the larger of negative affinity and war.

    No clipping is needed: affinity is in [-1, 1] and war in [0, 1].
    """
    out = np.negative(affinity)
    return np.maximum(out, war, out=out)


def saturating(affinity: np.ndarray, change: np.ndarray) -> np.ndarray:
    """``A + c (1 - sign(c) A)``, clipped to [-1, 1]: a nudge ``c`` that saturates.

    A positive nudge closes the share ``c`` of the distance to +1, a negative one the
    share ``|c|`` of the distance to -1, so a persistent nudge pulls a tie towards +-1 at
    rate ``|c|`` without ever carrying it there (docs/model.md, the steady states).
    """
    out = np.abs(change)
    out *= affinity
    np.subtract(change, out, out=out)
    out += affinity
    return np.clip(out, -1.0, 1.0, out=out)


def nudge(affinity: np.ndarray, directed: np.ndarray) -> np.ndarray:
    """Add directed nudges to both directions of each pair, saturating (:func:`saturating`).

    ``directed[i, j]`` is a change meant for the pair (i, j); the pair receives
    ``directed[i, j] + directed[j, i]``, computed once so that the result stays exactly
    symmetric. The diagonal of ``directed`` must be zero.
    """
    return saturating(affinity, directed + directed.swapaxes(-1, -2))


def columns(mask_any: np.ndarray) -> np.ndarray:
    """Indices of the states (last axis) where any member has a True entry."""
    n = mask_any.shape[-1]
    if mask_any.ndim > 1:
        # Reduce over the members first: numpy runs a reduction over a leading axis as
        # one long inner loop per row, far faster than N-element loops per (m, row).
        mask_any = mask_any.reshape(mask_any.shape[0], -1).any(axis=0)
    return np.flatnonzero(mask_any.reshape(-1, n).any(axis=0))


def rows_of(relation: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``relation[m, j, index[k]]`` laid out as (M, K, N) [m, k, j], C-contiguous.

    For a symmetric relation this equals its rows; for a directed one it is the
    transposed columns (sources along the last axis), ready for last-axis sums, which
    numpy computes row by row, so each row's sum never depends on K or M.
    """
    return relation.swapaxes(1, 2)[:, index, :]


def sequential_sum(values: np.ndarray, axis: int) -> np.ndarray:
    """Sum in index order (a cumulative sum), so that exact zeros never change a result.

    Used where the summed axis is a batch-dependent set of columns: adding or dropping
    columns of zeros leaves every member's sum bit-identical.
    """
    if values.shape[axis] == 0:
        return np.zeros(np.delete(values.shape, axis))
    # The last entry of numpy.cumsum, one addition per index: cumsum over a middle axis
    # runs one tiny inner loop per element of the other axes, this one slice at a time.
    parts = np.moveaxis(values, axis, 0)
    total = parts[0].copy()
    for part in parts[1:]:
        total += part
    return total


def mirror_update(
    relation: np.ndarray, index: np.ndarray, rows: np.ndarray, clip: tuple[float, float]
) -> np.ndarray:
    """A copy of a symmetric relation with rows and columns ``index`` replaced by ``rows``.

    ``rows`` (M, K, N) holds the new values of ``relation[:, index, :]``; they are clipped
    and written to both the rows and the columns, so the result stays exactly symmetric
    (entries between two indexed states must already agree, which they do when built as
    ``x[i, j] + x[j, i]``).
    """
    out = relation.copy()
    new = np.clip(rows, *clip)
    out[:, index, :] = new
    out[:, :, index] = new.swapaxes(1, 2)
    out[:, index, index] = 0.0
    return out


def pair_sums(directed: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Both directions of each pair touching ``index``, from nudges aimed at ``index``.

    ``directed`` (M, K, N) holds ``D[j, index[k]]`` at ``[m, k, j]`` (a nudge to the pair
    (j, index[k]) originating with the indexed state's side); nudges exist only towards
    indexed states. Returns ``D[j, t] + D[t, j]`` at ``[m, k, j]`` for ``t = index[k]``.
    """
    back = np.zeros_like(directed)
    back[:, :, index] = directed[:, :, index].swapaxes(1, 2)
    return directed + back


def tilt_cells(world: World, index: np.ndarray) -> list[tuple[int, int]]:
    """(k, China's position) for each indexed state China's stance is about."""
    if CHINA not in world.codes:
        return []
    china = world.index(CHINA)
    return [(k, china) for k, i in enumerate(index) if world.codes[i] in CHINA_PARTNERS]
