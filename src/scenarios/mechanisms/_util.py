"""Helpers shared by the mechanisms: parameters, the model's world, pair bookkeeping.

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
from dataclasses import dataclass, replace

import numpy as np

from scenarios.registry.levers import CHINA, CHINA_PARTNERS, CHINA_STANCES, INTERDICTED, PATRON
from scenarios.state import World

Params = Mapping[str, "float | np.ndarray"]
"""Resolved parameters: every PARAMETERS key and every ``levers.<name>``, float or (M,)."""

__all__ = ["CHINA", "CHINA_PARTNERS", "CHINA_STANCES", "INTERDICTED", "PATRON"]


@dataclass(frozen=True)
class ModelWorld(World):
    """The static side of a run: :class:`~scenarios.state.World` plus model anchors.

    Attributes
    ----------
    shared_groups : ndarray, shape (N, N)
        Number of alignment groups (EU, G7, E3) both states belong to; zero diagonal.
    arms_ties : ndarray, shape (N, N)
        1 for pairs with an arms-trade relationship in the data, else 0; symmetric.
    burden0 : ndarray, shape (N,)
        Military burden (spending / GDP) in the data: the level each state's spending
        settles at under its reference threat, and the floor of its spending cap.
    restraint_base : ndarray, shape (N,)
        Structural nuclear restraint each state returns to when pressures ease.
    nuclear : ndarray of bool, shape (N,)
        Whether the state holds nuclear warheads.
    threat0 : ndarray, shape (M, N)
        Reference threat of each member: the threat in its initial state, at which its
        military spending is at rest.
    """

    shared_groups: np.ndarray
    arms_ties: np.ndarray
    burden0: np.ndarray
    restraint_base: np.ndarray
    nuclear: np.ndarray
    threat0: np.ndarray

    def position(self, code: str) -> int | None:
        """Array position of ``code``, or None when the state is not in this world."""
        return self.codes.index(code) if code in self.codes else None

    def select(self, members) -> ModelWorld:
        """The same world for a subset of members (only ``threat0`` is per member)."""
        return replace(self, threat0=self.threat0[members])


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


def china_stance(params: Params, ndim: int) -> float | np.ndarray:
    """The china_stance lever as a number (distancing -1, cautious 0, supportive 1)."""
    value = params["levers.china_stance"]
    if isinstance(value, str):
        return CHINA_STANCES[value]
    array = np.asarray(value)
    if array.dtype.kind in "US":
        array = np.vectorize(CHINA_STANCES.__getitem__, otypes=[float])(array)
    return per_member(array, ndim)


def hostility(affinity: np.ndarray, war: np.ndarray) -> np.ndarray:
    """How hostile each pair is, in [0, 1]: the larger of negative affinity and war.

    No clipping is needed: affinity is in [-1, 1] and war in [0, 1].
    """
    out = np.negative(affinity)
    return np.maximum(out, war, out=out)


def nudge(affinity: np.ndarray, directed: np.ndarray) -> np.ndarray:
    """Add directed nudges to both directions of each pair and clip to [-1, 1].

    ``directed[i, j]`` is a change meant for the pair (i, j); the pair receives
    ``directed[i, j] + directed[j, i]``, computed once so that the result stays exactly
    symmetric. The diagonal of ``directed`` must be zero.
    """
    both = directed + directed.swapaxes(-1, -2)
    both += affinity
    return np.clip(both, -1.0, 1.0, out=both)


def resolve_params(
    parameters: Mapping[str, float],
    levers: Mapping[str, object],
    overrides: Mapping[str, object] | None = None,
    members: int = 1,
    where: str = "params_override",
) -> dict[str, float | np.ndarray]:
    """Merge a scenario's parameters and levers with overrides into model parameters.

    Parameters
    ----------
    parameters : Mapping
        Every PARAMETERS key (a scenario's ``parameters``).
    levers : Mapping
        Every LEVERS name (a scenario's ``levers``).
    overrides : Mapping, optional
        ``"section.name"`` or ``"levers.<name>"`` -> one value for every member, or a
        sequence of ``members`` values (one per member, for sweeps in one batch).
    members : int
        Members in the batch.
    where : str
        Name used in error messages.

    Returns
    -------
    dict
        Every PARAMETERS key and every ``"levers.<name>"``: floats or float arrays (M,).
        ``levers.china_stance`` stays a string (or array of strings), ``levers.pact`` a
        bool (or bool array) and ``levers.ceasefire`` a float quarter index, NaN for none.

    Raises
    ------
    ScenarioError
        For an unknown key, a sequence of the wrong length or a value out of range.
    """
    from scenarios.errors import ScenarioError, allowed_list, suggest
    from scenarios.parameters import LEVERS, PARAMETERS

    values: dict[str, object] = {key: parameters[key] for key in PARAMETERS}
    values.update({f"levers.{name}": levers[name] for name in LEVERS})
    for key, value in (overrides or {}).items():
        if key not in values:
            raise ScenarioError(
                f"{where}: {key}: unknown key{suggest(key, values)}; allowed: a parameter key "
                f"such as sanctions.isolation_pull, or levers.<name> ({allowed_list(LEVERS)})"
            )
        if not isinstance(value, str) and np.ndim(value) == 1 and len(value) != members:
            raise ScenarioError(
                f"{where}: {key}: {len(value)} values for {members} members; allowed: one "
                f"value, or one per member"
            )
        values[key] = value
    resolved: dict[str, float | np.ndarray] = {}
    for key, value in values.items():
        array = np.asarray(value, dtype=object if value is None else None)
        if key.startswith("levers."):
            resolved[key] = _lever_value(LEVERS[key.removeprefix("levers.")], array, where, key)
            continue
        spec = PARAMETERS[key]
        resolved[key] = _number(value, spec.low, spec.high, where, key)
    return resolved


def _lever_value(lever, array: np.ndarray, where: str, key: str):
    from scenarios.errors import ScenarioError, allowed_list

    if lever.kind == "choice":
        flat = [str(v) for v in np.ravel(array)]
        bad = [v for v in flat if v not in lever.choices]
        if bad:
            raise ScenarioError(
                f"{where}: {key}: {bad[0]!r} not allowed; allowed: {allowed_list(lever.choices)}"
            )
        return flat[0] if array.ndim == 0 else np.array(flat)
    if lever.kind == "bool":
        if not all(isinstance(v, bool | np.bool_) for v in np.ravel(array)):
            raise ScenarioError(f"{where}: {key}: expected true or false")
        return bool(array) if array.ndim == 0 else array.astype(bool)
    if lever.kind == "quarter":
        flat = [np.nan if v is None or v == "none" else v for v in np.ravel(array)]
        try:
            numbers = np.array(flat, dtype=float)
        except (TypeError, ValueError):
            numbers = np.array([0.5])
        if not np.all(np.isnan(numbers) | (numbers == np.round(numbers))):
            raise ScenarioError(f"{where}: {key}: expected a quarter index or None")
        return float(numbers[0]) if array.ndim == 0 else numbers
    return _number(array, lever.low, lever.high, where, key)


def _number(value, low: float, high: float, where: str, key: str) -> float | np.ndarray:
    from scenarios.errors import ScenarioError

    try:
        numbers = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ScenarioError(f"{where}: {key}: {value!r} is not a number") from None
    if not (np.isfinite(numbers).all() and (low <= numbers).all() and (numbers <= high).all()):
        raise ScenarioError(f"{where}: {key}: {value!r} out of range; allowed: {low} to {high}")
    return float(numbers) if numbers.ndim == 0 else numbers


def default_params(members: int = 1) -> dict[str, float | np.ndarray]:
    """Model parameters at every registry default (no scenario needed)."""
    from scenarios.parameters import LEVERS, PARAMETERS

    return resolve_params(
        {key: spec.default for key, spec in PARAMETERS.items()},
        {name: lever.default for name, lever in LEVERS.items()},
        members=members,
    )


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
