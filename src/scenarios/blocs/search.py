"""The heuristic search for low-energy splits, and the local minima of a landscape.

Beyond the exact limit, the lowest-energy split is searched from several starts (any given
ones, the spectral start, everyone together, random restarts), each run down to a local
minimum by single flips (Axelrod & Bennett's myopic dynamic). :func:`minimise_energy`
chooses between this search and the exact enumeration of :mod:`scenarios.blocs.energy`;
:func:`local_minima` lists every local minimum of one small landscape with its basin.
Conventions and the energy identities are those of :mod:`scenarios.blocs.energy`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scenarios.blocs.energy import (
    CHUNK,
    check_inputs,
    check_sides,
    exact_sides,
    landscape_energy,
    size_weights,
    spins,
    split_energy,
    unbatch,
)

#: Largest N solved by exact enumeration when ``method="auto"``.
EXACT_LIMIT = 20
#: Random restarts of the heuristic, on top of the spectral and the all-together starts.
DEFAULT_RESTARTS = 32

# Flips must lower the energy by more than this fraction of sum|W| to count: rounding
# noise must neither stop a descent early nor make it cycle.
_RELATIVE_TOL = 1e-12


def minimum_sides(
    w: np.ndarray,
    *,
    method: str = "auto",
    exact_limit: int = EXACT_LIMIT,
    rng=None,
    restarts: int = DEFAULT_RESTARTS,
    anchor: int = 0,
    starts=None,
    spectral: bool = True,
) -> np.ndarray:
    """Sides (M, N) of the lowest energy found under ``w`` (M, N, N).

    The one place that chooses between the exact enumeration and the heuristic; arguments
    as in :func:`minimise_energy`.
    """
    if method not in ("auto", "exact", "heuristic"):
        raise ValueError(f"method: {method!r} not allowed; expected auto, exact or heuristic")
    if method == "exact" or (method == "auto" and w.shape[-1] <= exact_limit):
        return exact_sides(w, anchor=anchor)
    return heuristic_sides(
        w, rng=rng, restarts=restarts, anchor=anchor, starts=starts, spectral=spectral
    )


def heuristic_sides(
    w: np.ndarray,
    *,
    rng=None,
    restarts: int = DEFAULT_RESTARTS,
    anchor: int = 0,
    starts=None,
    spectral: bool = True,
) -> np.ndarray:
    """Sides (M, N) of the best local minimum under ``w`` (M, N, N).

    Arguments as in :func:`heuristic_minimum`.
    """
    m, n = w.shape[:2]
    if not 0 <= anchor < n:
        raise ValueError(f"anchor: {anchor} not allowed; expected 0..{n - 1}")
    if restarts < 0 or (restarts > 0 and rng is None):
        raise ValueError("restarts: random restarts need rng (a numpy.random.Generator)")
    pool = []
    if starts is not None:
        given = np.asarray(starts, dtype=bool)
        given = given[None, None] if given.ndim == 1 else given
        given = given[:, None] if given.ndim == 2 else given
        if given.ndim != 3 or given.shape[-1] != n or given.shape[0] not in (1, m):
            raise ValueError(f"starts: shape {np.shape(starts)} not allowed; expected (M, K, N)")
        pool.append(np.where(np.broadcast_to(given, (m, *given.shape[1:])), -1.0, 1.0))
    if spectral:
        leading = np.linalg.eigh(w)[1][:, :, -1]
        pool.append(np.where(leading >= 0, 1.0, -1.0)[:, None, :])
    pool.append(np.ones((m, 1, n)))
    if restarts:
        pool.append(_random_starts(rng, m, restarts, n))
    sigma = np.concatenate(pool, axis=1)
    member_chunk = max(1, CHUNK // (sigma.shape[1] * n))
    for m0 in range(0, m, member_chunk):
        mm = slice(m0, m0 + member_chunk)
        sigma[mm] = _descend(w[mm], sigma[mm])
    best = _scores(w, sigma).argmax(axis=1)
    sigma = sigma[np.arange(m), best]
    return sigma != sigma[:, anchor : anchor + 1]


def _descend(w: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Steepest single-flip descent of spins sigma (M, R, N) under weights w; returns the ends.

    Each round every unconverged row flips the state whose move lowers the energy most
    (Axelrod & Bennett's myopic dynamic with the most frustrated actor moving first); a row
    stops when no flip lowers the energy by more than the tolerance.

    The rows still descending are kept packed (and a finished row written out once), so
    that a round touches only them, without gathering and scattering every round.
    """
    m, r, n = sigma.shape
    field = (sigma @ w).reshape(m * r, n)
    spin = sigma.reshape(m * r, n).copy()
    member = np.repeat(np.arange(m), r)
    tol = _RELATIVE_TOL * np.abs(w).sum(axis=(-2, -1))[member]
    rows = np.arange(m * r)  # the rows of spin, field, member and tol, in the output
    ends = np.empty_like(spin)
    while rows.size:
        gain = spin * field
        i = gain.argmin(axis=1)
        packed = np.arange(rows.size)
        moving = gain[packed, i] < -tol
        if not moving.all():
            ends[rows[~moving]] = spin[~moving]
            rows, spin, field, member, tol, i = (
                x[moving] for x in (rows, spin, field, member, tol, i)
            )
            packed = packed[: rows.size]
        old = spin[packed, i]
        spin[packed, i] = -old
        field -= 2.0 * old[:, None] * w[member, i]
    return ends.reshape(m, r, n)


def _settled(w: np.ndarray, sigma: np.ndarray, tol) -> np.ndarray:
    """Whether no single flip of spins sigma (M, R, N) lowers the energy by more than tol."""
    return ((sigma @ w) * sigma >= -tol).all(axis=-1)


def _scores(w: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """``sigma^T W sigma`` for spins (M, R, N) -> (M, R)."""
    return np.einsum("mrn,mrn->mr", sigma @ w, sigma)


def _random_starts(rng, m: int, r: int, n: int) -> np.ndarray:
    if isinstance(rng, np.random.Generator):
        bits = rng.random((m, r, n)) < 0.5
    elif isinstance(rng, Sequence) and len(rng) == m:
        draws = np.empty((m, r, n))
        for g, out in zip(rng, draws, strict=True):
            g.random(out=out)
        bits = draws < 0.5
    else:
        raise ValueError(
            "rng: expected a numpy.random.Generator or a sequence of one Generator per member"
        )
    return np.where(bits, -1.0, 1.0)


def heuristic_minimum(
    propensity,
    sizes,
    *,
    rng=None,
    restarts: int = DEFAULT_RESTARTS,
    anchor: int = 0,
    starts=None,
    spectral: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Low-energy configuration by spectral start, local search and random restarts.

    Starts, in order: any ``starts`` given, the sign pattern of the leading eigenvector of
    ``W = s s^T * p`` (the relaxed maximiser of ``sigma^T W sigma``), everyone together, and
    ``restarts`` uniformly random configurations. Each start descends by single flips to a
    local minimum; the lowest is returned (ties: the earliest start, so a warm start such as
    the previous step's split wins ties and labels do not flicker).

    Parameters
    ----------
    propensity, sizes
        As in :func:`~scenarios.blocs.energy.landscape_energy`.
    rng : numpy.random.Generator or sequence of Generator, optional
        Source of the random starts. A sequence with one generator per member makes each
        member's answer independent of the batch it runs in. Needed when ``restarts > 0``.
    restarts : int
        Number of random starts.
    anchor : int
        State reported in bloc A.
    starts : array_like of bool, shape (N,), (M, N) or (M, K, N), optional
        Extra starting configurations (e.g. the previous step's split).
    spectral : bool
        Include the spectral start (one eigendecomposition per member, the main cost
        for small N; warm-started callers may skip it).

    Returns
    -------
    sides, energy
        As in :func:`~scenarios.blocs.energy.exact_minimum` (a local minimum; exact only
        with high probability).
    """
    p, s, batched = check_inputs(propensity, sizes)
    w = size_weights(p, s)
    sides = heuristic_sides(
        w, rng=rng, restarts=restarts, anchor=anchor, starts=starts, spectral=spectral
    )
    return unbatch(batched, sides, split_energy(w, sides))


def minimise_energy(
    propensity,
    sizes,
    *,
    method: str = "auto",
    exact_limit: int = EXACT_LIMIT,
    rng=None,
    restarts: int = DEFAULT_RESTARTS,
    anchor: int = 0,
    starts=None,
    spectral: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Minimum-energy two-bloc split: exact up to ``exact_limit`` states, heuristic beyond.

    Parameters
    ----------
    propensity, sizes
        As in :func:`~scenarios.blocs.energy.landscape_energy`.
    method : {"auto", "exact", "heuristic"}
    exact_limit : int
        Largest N solved exactly under ``"auto"``.
    rng, restarts, starts, spectral
        Passed to :func:`heuristic_minimum` when it is used.
    anchor : int
        State reported in bloc A.

    Returns
    -------
    sides : bool ndarray, shape (N,) or (M, N)
    energy : ndarray, shape () or (M,)
    """
    p, s, batched = check_inputs(propensity, sizes)
    w = size_weights(p, s)
    sides = minimum_sides(
        w,
        method=method,
        exact_limit=exact_limit,
        rng=rng,
        restarts=restarts,
        anchor=anchor,
        starts=starts,
        spectral=spectral,
    )
    return unbatch(batched, sides, split_energy(w, sides))


def is_local_minimum(propensity, sizes, sides) -> np.ndarray:
    """Whether no single state can lower the energy by moving to the other bloc.

    A move counts when it lowers the energy by more than a relative tolerance of 1e-12 of
    ``sum |W|`` (so that rounding noise does not count), as in the searches.

    Parameters
    ----------
    propensity, sizes
        As in :func:`~scenarios.blocs.energy.landscape_energy`.
    sides : array_like of bool or 0/1, shape (N,) or (M, N)

    Returns
    -------
    bool ndarray, shape () or (M,)
    """
    p, s, batched = check_inputs(propensity, sizes)
    w = size_weights(p, s)
    sigma = np.where(check_sides(sides, s.shape), -1.0, 1.0)[:, None, :]
    tol = _RELATIVE_TOL * np.abs(w).sum(axis=(-2, -1))
    return unbatch(batched, _settled(w, sigma, tol[:, None, None])[:, 0])


@dataclass(frozen=True)
class LocalMinima:
    """The local minima of one energy landscape, lowest energy first.

    Attributes
    ----------
    sides : bool ndarray, shape (K, N)
        Each minimum, with the anchor state in bloc A.
    energy : ndarray, shape (K,)
    basin : int ndarray, shape (K,)
        Configurations (of the ``2**(N-1)`` up to mirroring) whose steepest single-flip
        descent ends in this minimum; sums to ``2**(N-1)``.
    """

    sides: np.ndarray
    energy: np.ndarray
    basin: np.ndarray


def local_minima(propensity, sizes, *, anchor: int = 0) -> LocalMinima:
    """Every configuration that no single flip improves, with its basin of attraction.

    Parameters
    ----------
    propensity : array_like, shape (N, N)
        One network (no member axis); N <= 22.
    sizes : array_like, shape (N,)
    anchor : int
        State kept in bloc A.

    Returns
    -------
    LocalMinima
        A configuration counts as a local minimum when no flip lowers its energy by more
        than a relative tolerance of 1e-12 (so exact plateaus list every member).
    """
    p, s, batched = check_inputs(propensity, sizes)
    n = s.shape[1]
    if batched or n > 22:
        raise ValueError("local_minima: expected one network, propensity (N, N) with N <= 22")
    if not 0 <= anchor < n:
        raise ValueError(f"anchor: {anchor} not allowed; expected 0..{n - 1}")
    w = size_weights(p, s)
    free = np.array([i for i in range(n) if i != anchor], dtype=np.intp)
    tol = _RELATIVE_TOL * np.abs(w).sum()
    total = 1 << (n - 1)
    chunk = max(1, CHUNK // n)
    minima, ends = [], []
    weights = 1 << np.arange(n - 1, dtype=np.int64)
    for start in range(0, total, chunk):
        sigma = np.ones((1, min(chunk, total - start), n))
        sigma[0][:, free] = spins(n - 1, start, start + sigma.shape[1])
        stable = _settled(w, sigma, tol)[0]
        minima.append(np.arange(start, start + sigma.shape[1])[stable])
        sigma = _descend(w, sigma)
        oriented = sigma[0] != sigma[0][:, anchor : anchor + 1]
        ends.append(oriented[:, free].astype(np.int64) @ weights)
    codes = np.concatenate(minima)
    reached, counts = np.unique(np.concatenate(ends), return_counts=True)
    basin = np.zeros(codes.size, dtype=np.int64)
    basin[np.searchsorted(codes, reached)] = counts
    sides = np.zeros((codes.size, n), dtype=bool)
    sides[:, free] = ((codes[:, None] >> np.arange(n - 1)) & 1).astype(bool)
    k = codes.size
    energy = landscape_energy(np.broadcast_to(p, (k, n, n)), np.broadcast_to(s, (k, n)), sides)
    order = np.lexsort((codes, energy))
    return LocalMinima(sides=sides[order], energy=energy[order], basin=basin[order])
