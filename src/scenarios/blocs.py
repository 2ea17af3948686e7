"""Blocs by landscape theory (Axelrod & Bennett 1993) and signed-network metrics.

Conventions used throughout
---------------------------
propensity / affinity : ndarray, shape (N, N) or (M, N, N)
    Symmetric; ``p[i, j] > 0`` means *i* and *j* should be together (friends),
    ``p[i, j] < 0`` that they should be apart (enemies). The diagonal is ignored.
sizes : ndarray, shape (N,) or (M, N)
    Positive actor sizes (capability shares in the model); only ratios matter.
sides : bool ndarray, shape (N,) or (M, N)
    A two-coalition configuration: ``False`` = bloc A, ``True`` = bloc B. All states on one
    side is a valid configuration (everyone together).
labels : int ndarray, shape (N,) or (M, N)
    ``0`` = bloc A, ``1`` = bloc B, ``-1`` = non-aligned.

A leading member axis ``M`` is optional everywhere; outputs drop it when the inputs had none.

Energy
------
``E(X) = sum_{i<j} s_i s_j p_ij d_ij(X)`` with ``d_ij = 1`` when *i* and *j* are on opposite
sides. Separating friends (``p > 0``) costs energy, separating enemies earns it, so the
configuration nature "prefers" is the one of lowest energy. Axelrod & Bennett sum over
ordered pairs (``sum_i sum_j``), which is exactly twice this value; the minimisers agree.
Units: size^2 x propensity.

With spins ``sigma = +1`` (bloc A) / ``-1`` (bloc B) and ``W = s s^T * p`` (zero diagonal),
``E = (sum(W) - sigma^T W sigma) / 4``, and moving state *i* to the other side changes the
energy by ``dE_i = sigma_i (W sigma)_i``. Everything below is built on these two identities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

#: Largest N solved by exact enumeration when ``method="auto"``.
EXACT_LIMIT = 20
#: Random restarts of the heuristic, on top of the spectral and the all-together starts.
DEFAULT_RESTARTS = 32
#: Default non-aligned threshold, in affinity units (see :func:`alignment_margin`). Assumed.
NONALIGNED_THRESHOLD = 0.1

# Float64 elements per temporary array in the chunked searches (16 MB), so that a search
# never holds more than a few hundred MB whatever N (<= 26) and the number of members.
_CHUNK = 1 << 21
# Exact enumeration beyond this N would take minutes per network.
_EXACT_MAX_N = 26
# Flips must lower the energy by more than this fraction of sum|W| to count: rounding
# noise must neither stop a descent early nor make it cycle.
_RELATIVE_TOL = 1e-12


def _batched(propensity, sizes) -> tuple[np.ndarray, np.ndarray, bool]:
    """Validate inputs; return (propensity (M,N,N) with zero diagonal, sizes (M,N), batched)."""
    p = np.asarray(propensity, dtype=float)
    s = np.asarray(sizes, dtype=float)
    if p.ndim not in (2, 3) or p.shape[-1] != p.shape[-2]:
        raise ValueError(f"propensity: shape {p.shape} not allowed; expected (N, N) or (M, N, N)")
    batched = p.ndim == 3
    p = p if batched else p[None]
    if s.ndim == 1 and s.shape == p.shape[-1:]:
        s = np.broadcast_to(s, p.shape[:2])
    if s.shape != p.shape[:2]:
        raise ValueError(f"sizes: shape {s.shape} does not match propensity {p.shape[-3:]}")
    if not (np.all(np.isfinite(p)) and np.all(np.isfinite(s))):
        raise ValueError("propensity/sizes: NaN or inf not allowed; expected finite values")
    if np.any(s <= 0):
        raise ValueError("sizes: values <= 0 not allowed; expected positive sizes")
    if not np.allclose(p, p.swapaxes(-1, -2), rtol=1e-9, atol=1e-12):
        raise ValueError("propensity: matrix not symmetric; expected p[i, j] == p[j, i]")
    n = p.shape[-1]
    p = np.where(np.eye(n, dtype=bool), 0.0, p)
    return p, s, batched


def _weights(p: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Size-weighted propensity ``W = s_i s_j p_ij`` (M, N, N)."""
    return s[:, :, None] * s[:, None, :] * p


def _as_sides(sides, shape: tuple[int, int]) -> np.ndarray:
    x = np.asarray(sides)
    if x.ndim == 1:
        x = np.broadcast_to(x, shape)
    if x.shape != shape:
        raise ValueError(f"sides: shape {x.shape} does not match (M, N) = {shape}")
    if x.dtype != bool and not np.isin(x, (0, 1)).all():
        raise ValueError("sides: values other than 0/1 (False/True) not allowed")
    return x.astype(bool)


def _unbatch(batched: bool, *arrays):
    out = tuple(a if batched else a[0] for a in arrays)
    return out if len(out) > 1 else out[0]


class Landscape:
    """A batch of M networks, checked once and shared by the searches and indices.

    Holds the propensity with a zero diagonal, the sizes, and (computed when first
    needed) the size-weighted propensity ``W``. The public functions of this module build
    one from checked inputs (:meth:`checked`) and drop the member axis again when their
    input had none. A caller that upholds the input rules itself builds one with
    :meth:`trusted`, which skips the checks: the engine does, once per bloc record, for
    the search, the labels and the bipolarity index together (the checks would otherwise
    run on every call and cost about as much as a warm-started search).

    Attributes
    ----------
    propensity : ndarray, shape (M, N, N)
        Symmetric, zero diagonal.
    sizes : ndarray, shape (M, N)
        Positive.
    """

    def __init__(self, propensity: np.ndarray, sizes: np.ndarray):
        self.propensity, self.sizes = propensity, sizes

    @classmethod
    def checked(cls, propensity, sizes) -> tuple[Landscape, bool]:
        """Check inputs as every public function does; also say whether they were batched.

        Parameters
        ----------
        propensity : array_like, shape (N, N) or (M, N, N)
            Symmetric, finite.
        sizes : array_like, shape (N,) or (M, N)
            Positive, finite.

        Returns
        -------
        landscape : Landscape
        batched : bool
            False when ``propensity`` had no member axis.

        Raises
        ------
        ValueError
            For a bad shape, a non-finite value, a size <= 0 or an asymmetric propensity.
        """
        p, s, batched = _batched(propensity, sizes)
        return cls(p, s), batched

    @classmethod
    def trusted(cls, propensity: np.ndarray, sizes: np.ndarray) -> Landscape:
        """Skip the checks: the caller guarantees what :meth:`checked` would verify.

        Parameters
        ----------
        propensity : ndarray, shape (M, N, N)
            Finite and exactly symmetric (the diagonal is set to zero here).
        sizes : ndarray, shape (M, N)
            Finite and positive.
        """
        p = np.asarray(propensity, dtype=float)
        p = np.where(np.eye(p.shape[-1], dtype=bool), 0.0, p)
        return cls(p, np.asarray(sizes, dtype=float))

    @cached_property
    def weights(self) -> np.ndarray:
        """Size-weighted propensity ``W = s_i s_j p_ij``, (M, N, N)."""
        return _weights(self.propensity, self.sizes)

    def energy(self, sides: np.ndarray) -> np.ndarray:
        """Energy (M,) of bool sides (M, N); see :func:`landscape_energy`."""
        apart = sides[:, :, None] != sides[:, None, :]
        return 0.5 * np.where(apart, self.weights, 0.0).sum(axis=(-2, -1))

    def minimise(
        self,
        *,
        method: str = "auto",
        exact_limit: int = EXACT_LIMIT,
        rng=None,
        restarts: int = DEFAULT_RESTARTS,
        anchor: int = 0,
        starts=None,
        spectral: bool = True,
    ) -> np.ndarray:
        """Sides (M, N) of the lowest energy found; arguments as in :func:`minimise_energy`."""
        if method not in ("auto", "exact", "heuristic"):
            raise ValueError(f"method: {method!r} not allowed; expected auto, exact or heuristic")
        if method == "exact" or (method == "auto" and self.sizes.shape[1] <= exact_limit):
            return self.exact(anchor=anchor)
        return self.heuristic(
            rng=rng, restarts=restarts, anchor=anchor, starts=starts, spectral=spectral
        )

    def exact(self, *, anchor: int = 0) -> np.ndarray:
        """Sides (M, N) of the global minimum; see :func:`exact_minimum`."""
        m, n = self.sizes.shape
        if n > _EXACT_MAX_N:
            raise ValueError(f"exact_minimum: N = {n} not allowed; exact search handles N <= 26")
        if not 0 <= anchor < n:
            raise ValueError(f"anchor: {anchor} not allowed; expected 0..{n - 1}")
        w = self.weights
        free = [i for i in range(n) if i != anchor]
        k = min(len(free), (len(free) + 1) // 2, 12)
        low, high = free[:k], free[k:]
        order = np.array([*low, anchor, *high])
        w = w[:, order][:, :, order]  # low states first, then the anchor, then the high states
        w_ll, w_lh, w_hh = w[:, :k, :k], w[:, :k, k:], w[:, k:, k:]
        sig_low = _spins(k, 0, 1 << k)  # (2^k, k)
        q_low = np.einsum("ck,mkj,cj->mc", sig_low, w_ll, sig_low)  # (M, 2^k)
        n_high = 1 << len(high)
        h_chunk = min(n_high, max(1, _CHUNK >> k))
        m_chunk = max(1, _CHUNK // (h_chunk << k))
        best_score = np.full(m, -np.inf)
        best_code = np.zeros(m, dtype=np.int64)
        for start in range(0, n_high, h_chunk):
            stop = min(n_high, start + h_chunk)
            sig_high = np.concatenate(
                [np.ones((stop - start, 1)), _spins(len(high), start, stop)], 1
            )
            for m0 in range(0, m, m_chunk):
                mm = slice(m0, m0 + m_chunk)
                q_high = np.einsum("hk,mkj,hj->mh", sig_high, w_hh[mm], sig_high)
                field = sig_high @ w_lh[mm].swapaxes(-1, -2)  # (m, H, k)
                score = 2.0 * (field @ sig_low.T)  # (m, H, 2^k)
                score += q_high[:, :, None]
                score += q_low[mm, None, :]
                flat = score.reshape(score.shape[0], -1)
                arg = flat.argmax(axis=1)
                top = flat[np.arange(flat.shape[0]), arg]
                better = top > best_score[mm]
                best_score[mm] = np.where(better, top, best_score[mm])
                code = ((start + arg // (1 << k)) << k) | (arg % (1 << k))
                best_code[mm] = np.where(better, code, best_code[mm])
        sides = np.zeros((m, n), dtype=bool)
        bits = (best_code[:, None] >> np.arange(n - 1)) & 1
        sides[:, np.array(free, dtype=np.intp)] = bits.astype(bool)
        return sides

    def heuristic(
        self,
        *,
        rng=None,
        restarts: int = DEFAULT_RESTARTS,
        anchor: int = 0,
        starts=None,
        spectral: bool = True,
    ) -> np.ndarray:
        """Sides (M, N) of the best local minimum; see :func:`heuristic_minimum`."""
        m, n = self.sizes.shape
        if not 0 <= anchor < n:
            raise ValueError(f"anchor: {anchor} not allowed; expected 0..{n - 1}")
        if restarts < 0 or (restarts > 0 and rng is None):
            raise ValueError("restarts: random restarts need rng (a numpy.random.Generator)")
        w = self.weights
        pool = []
        if starts is not None:
            given = np.asarray(starts, dtype=bool)
            given = given[None, None] if given.ndim == 1 else given
            given = given[:, None] if given.ndim == 2 else given
            if given.ndim != 3 or given.shape[-1] != n or given.shape[0] not in (1, m):
                raise ValueError(
                    f"starts: shape {np.shape(starts)} not allowed; expected (M, K, N)"
                )
            pool.append(np.where(np.broadcast_to(given, (m, *given.shape[1:])), -1.0, 1.0))
        if spectral:
            leading = np.linalg.eigh(w)[1][:, :, -1]
            pool.append(np.where(leading >= 0, 1.0, -1.0)[:, None, :])
        pool.append(np.ones((m, 1, n)))
        if restarts:
            pool.append(_random_starts(rng, m, restarts, n))
        sigma = np.concatenate(pool, axis=1)
        member_chunk = max(1, _CHUNK // (sigma.shape[1] * n))
        for m0 in range(0, m, member_chunk):
            mm = slice(m0, m0 + member_chunk)
            sigma[mm] = _descend(w[mm], sigma[mm])
        best = _scores(w, sigma).argmax(axis=1)
        sigma = sigma[np.arange(m), best]
        return sigma != sigma[:, anchor : anchor + 1]

    def margin(self, sides: np.ndarray) -> np.ndarray:
        """Alignment margins (M, N) of bool sides (M, N); see :func:`alignment_margin`."""
        a, s = self.propensity, self.sizes
        sigma = np.where(sides, -1.0, 1.0)
        pull = np.einsum("mij,mj->mi", a, s * sigma) * sigma
        return pull / (s.sum(axis=1, keepdims=True) - s)

    def labels(
        self, sides: np.ndarray, *, threshold: float = NONALIGNED_THRESHOLD, anchor: int = 0
    ) -> np.ndarray:
        """Bloc labels (M, N) int8 of bool sides (M, N); see :func:`bloc_labels`."""
        x = sides != sides[:, anchor : anchor + 1]  # orient: the anchor's bloc is A
        margin = self.margin(x)
        return np.where(margin < threshold, -1, x.astype(np.int8)).astype(np.int8)

    def bipolarity(self, labels: np.ndarray) -> np.ndarray:
        """Cold-War index (M,) of labels (M, N) in {-1, 0, 1}; see :func:`bipolarity_index`."""
        lab, s, w = labels, self.sizes, self.weights
        aligned = lab >= 0
        both = aligned[:, :, None] & aligned[:, None, :]
        same = both & (lab[:, :, None] == lab[:, None, :])
        across = both & ~same
        magnitude = np.abs(w)

        def mean_sign(mask, sign):
            num = np.where(mask, sign * w, 0.0).sum(axis=(-2, -1))
            den = np.where(mask, magnitude, 0.0).sum(axis=(-2, -1))
            with np.errstate(invalid="ignore", divide="ignore"):
                return np.where(den > 0, np.clip(num / den, 0.0, None), 0.0)

        size_a = np.where(lab == 0, s, 0.0).sum(axis=1)
        size_b = np.where(lab == 1, s, 0.0).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            total = size_a + size_b
            balance = np.where(total > 0, 4 * size_a * size_b / total**2, 0)
        return mean_sign(same, 1.0) * mean_sign(across, -1.0) * balance


def landscape_energy(propensity, sizes, sides) -> np.ndarray:
    """Axelrod-Bennett energy of a two-bloc configuration.

    Parameters
    ----------
    propensity : array_like, shape (N, N) or (M, N, N)
        Symmetric pairwise propensity; positive = should be together.
    sizes : array_like, shape (N,) or (M, N)
        Positive sizes.
    sides : array_like of bool or 0/1, shape (N,) or (M, N)
        Side of each state.

    Returns
    -------
    ndarray, shape () or (M,)
        ``sum_{i<j} s_i s_j p_ij [sides_i != sides_j]``. Mirroring every side leaves it unchanged.
    """
    landscape, batched = Landscape.checked(propensity, sizes)
    return _unbatch(batched, landscape.energy(_as_sides(sides, landscape.sizes.shape)))


def _spins(n_bits: int, start: int, stop: int) -> np.ndarray:
    """Spins (stop - start, n_bits) of configuration codes start..stop-1 (bit b -> column b)."""
    codes = np.arange(start, stop, dtype=np.int64)[:, None]
    bits = (codes >> np.arange(n_bits, dtype=np.int64)) & 1
    return 1.0 - 2.0 * bits


def exact_minimum(propensity, sizes, *, anchor: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Global energy minimum by enumerating all ``2**(N-1)`` splits (anchor kept in bloc A).

    The free states are split into a low group (``k`` states, all ``2**k`` spin patterns held
    in memory) and a high group enumerated in chunks. For every pair (low, high) the score
    ``sigma^T W sigma`` is ``Q_low + Q_high + 2 sigma_low^T W_lh sigma_high``: one matrix
    product per chunk instead of an ``N x N`` quadratic form per configuration.

    Parameters
    ----------
    propensity, sizes
        As in :func:`landscape_energy`; N <= 26.
    anchor : int
        State fixed in bloc A (removes the mirror symmetry).

    Returns
    -------
    sides : bool ndarray, shape (N,) or (M, N)
        Minimum-energy configuration, ``sides[anchor] == False``. Ties (scores equal to
        the last bit) go to the configuration enumerated first: the one whose free states,
        read as a binary number with the first state as the lowest bit, is smallest.
    energy : ndarray, shape () or (M,)
    """
    landscape, batched = Landscape.checked(propensity, sizes)
    sides = landscape.exact(anchor=anchor)
    return _unbatch(batched, sides, landscape.energy(sides))


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
    spins = sigma.reshape(m * r, n).copy()
    member = np.repeat(np.arange(m), r)
    tol = _RELATIVE_TOL * np.abs(w).sum(axis=(-2, -1))[member]
    rows = np.arange(m * r)  # the rows of spins, field, member and tol, in the output
    ends = np.empty_like(spins)
    while rows.size:
        gain = spins * field
        i = gain.argmin(axis=1)
        packed = np.arange(rows.size)
        moving = gain[packed, i] < -tol
        if not moving.all():
            ends[rows[~moving]] = spins[~moving]
            rows, spins, field, member, tol, i = (
                x[moving] for x in (rows, spins, field, member, tol, i)
            )
            packed = packed[: rows.size]
        old = spins[packed, i]
        spins[packed, i] = -old
        field -= 2.0 * old[:, None] * w[member, i]
    return ends.reshape(m, r, n)


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
        As in :func:`landscape_energy`.
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
        As in :func:`exact_minimum` (a local minimum; exact only with high probability).
    """
    landscape, batched = Landscape.checked(propensity, sizes)
    sides = landscape.heuristic(
        rng=rng, restarts=restarts, anchor=anchor, starts=starts, spectral=spectral
    )
    return _unbatch(batched, sides, landscape.energy(sides))


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
        As in :func:`landscape_energy`.
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
    n = np.shape(propensity)[-1]
    if method not in ("auto", "exact", "heuristic"):
        raise ValueError(f"method: {method!r} not allowed; expected auto, exact or heuristic")
    if method == "exact" or (method == "auto" and n <= exact_limit):
        return exact_minimum(propensity, sizes, anchor=anchor)
    return heuristic_minimum(
        propensity,
        sizes,
        rng=rng,
        restarts=restarts,
        anchor=anchor,
        starts=starts,
        spectral=spectral,
    )


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
    p, s, batched = _batched(propensity, sizes)
    n = s.shape[1]
    if batched or n > 22:
        raise ValueError("local_minima: expected one network, propensity (N, N) with N <= 22")
    if not 0 <= anchor < n:
        raise ValueError(f"anchor: {anchor} not allowed; expected 0..{n - 1}")
    w = _weights(p, s)
    free = np.array([i for i in range(n) if i != anchor], dtype=np.intp)
    tol = _RELATIVE_TOL * np.abs(w).sum()
    total = 1 << (n - 1)
    chunk = max(1, _CHUNK // n)
    minima, ends = [], []
    weights = 1 << np.arange(n - 1, dtype=np.int64)
    for start in range(0, total, chunk):
        sigma = np.ones((1, min(chunk, total - start), n))
        sigma[0][:, free] = _spins(n - 1, start, start + sigma.shape[1])
        stable = ((sigma @ w) * sigma >= -tol).all(axis=-1)[0]
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


def alignment_margin(affinity, sizes, sides) -> np.ndarray:
    """How much more each state is tied to its own bloc than to the other.

    ``margin_i = sum_{j != i} s_j a_ij (+1 same bloc, -1 other bloc) / sum_{j != i} s_j``:
    the size-weighted mean affinity of *i* towards its own bloc minus that towards the other
    bloc, in affinity units (in [-1, 1] when affinity is). At any local energy minimum every
    margin is >= 0 (else moving *i* would lower the energy); a margin near 0 means *i* is
    cross-pressured (tied to both blocs alike) or hardly tied to anyone.

    Returns
    -------
    ndarray, shape (N,) or (M, N)
    """
    landscape, batched = Landscape.checked(affinity, sizes)
    return _unbatch(batched, landscape.margin(_as_sides(sides, landscape.sizes.shape)))


def bloc_labels(
    affinity,
    sizes,
    *,
    sides=None,
    threshold: float = NONALIGNED_THRESHOLD,
    anchor: int = 0,
    **search,
) -> np.ndarray:
    """Bloc of each state: 0 = bloc A (the anchor's), 1 = bloc B, -1 = non-aligned.

    A state is non-aligned when its :func:`alignment_margin` is below ``threshold``: its
    capability-weighted ties to its own bloc exceed those to the other bloc by less than
    ``threshold`` affinity units.

    Parameters
    ----------
    affinity : array_like, shape (N, N) or (M, N, N)
        Signed affinity (the propensity of landscape theory).
    sizes : array_like, shape (N,) or (M, N)
        Capabilities.
    sides : array_like of bool, optional
        A split already computed (e.g. by :func:`minimise_energy`); searched when omitted.
    threshold : float
        Non-aligned threshold in affinity units (default 0.1, assumed).
    anchor : int
        State that defines bloc A (default the first).
    **search
        Passed to :func:`minimise_energy` (``method``, ``rng``, ``restarts``, ...).

    Returns
    -------
    int8 ndarray, shape (N,) or (M, N)
    """
    if sides is None:
        sides, _ = minimise_energy(affinity, sizes, anchor=anchor, **search)
    landscape, batched = Landscape.checked(affinity, sizes)
    x = _as_sides(np.asarray(sides, dtype=bool), landscape.sizes.shape)
    return _unbatch(batched, landscape.labels(x, threshold=threshold, anchor=anchor))


def balanced_triad_fraction(affinity, *, weighted: bool = False) -> np.ndarray:
    """Share of balanced triads (Heider: the product of the three signs is positive).

    Counted from traces: with ``X = sign(a)`` (zero diagonal), ``tr(X^3) / 6`` is the number
    of balanced minus imbalanced triads and ``tr(|X|^3) / 6`` the number of triads whose
    three ties are all non-zero, so the fraction is ``(1 + tr(X^3) / tr(|X|^3)) / 2``.
    Triads containing a zero tie are left out.

    Parameters
    ----------
    affinity : array_like, shape (N, N) or (M, N, N)
    weighted : bool
        If True, use ``X = a`` itself: each triad counts with weight ``|a_ij a_jk a_ki|``,
        so triads of strong ties matter more.

    Returns
    -------
    ndarray, shape () or (M,)
        In [0, 1]; NaN when there is no triad of non-zero ties.
    """
    a = np.asarray(affinity, dtype=float)
    if a.ndim not in (2, 3) or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"affinity: shape {a.shape} not allowed; expected (N, N) or (M, N, N)")
    x = a if weighted else np.sign(a)
    x = np.where(np.eye(a.shape[-1], dtype=bool), 0.0, x)
    xt = x.swapaxes(-1, -2)
    signed = ((x @ x) * xt).sum(axis=(-2, -1))
    ax = np.abs(x)
    total = ((ax @ ax) * ax.swapaxes(-1, -2)).sum(axis=(-2, -1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, 0.5 * (1.0 + signed / total), np.nan)


def bipolarity_index(affinity, sizes, labels=None, **search) -> np.ndarray:
    """Cold-War index in [0, 1]: cohesive camps x mutual hostility x two comparable poles.

    ``index = cohesion * hostility * balance``, where, with pair weights ``s_i s_j``:

    - cohesion = weighted sum of affinity within blocs / weighted sum of |affinity| within
      blocs (the mean sign of ties inside the camps), floored at 0;
    - hostility = minus weighted sum of affinity across blocs / weighted sum of |affinity|
      across blocs (the mean sign of ties between camps, enemies counting +), floored at 0;
    - balance = ``4 S_A S_B / (S_A + S_B)^2`` with S the blocs' total sizes: 1 when the two
      camps carry equal capability, 0 when there is only one camp (Waltz's bipolarity is
      about two poles of comparable weight).

    A perfect two-camp network of equal halves scores 1. An all-friendly network has one
    camp (0), a world united against one small pariah scores near 0 through ``balance``,
    and a random network scores low because its best split satisfies ties only slightly
    more often than chance inside and across the camps (both factors are O(1/sqrt(N))).
    A factor with no ties to measure (e.g. no cross-bloc pair) counts as 0.

    Parameters
    ----------
    affinity : array_like, shape (N, N) or (M, N, N)
    sizes : array_like, shape (N,) or (M, N)
    labels : array_like, optional
        Bloc labels (0, 1; -1 = non-aligned, left out of both camps) or boolean sides.
        When omitted, the minimum-energy split is used (``**search`` goes to
        :func:`minimise_energy`).

    Returns
    -------
    ndarray, shape () or (M,)
    """
    landscape, batched = Landscape.checked(affinity, sizes)
    if labels is None:
        labels, _ = minimise_energy(landscape.propensity, landscape.sizes, **search)
    lab = np.asarray(labels)
    lab = np.broadcast_to(lab.astype(np.int8) if lab.dtype == bool else lab, landscape.sizes.shape)
    if not np.isin(lab, (-1, 0, 1)).all():
        raise ValueError("labels: values other than 0, 1, -1 (or booleans) not allowed")
    return _unbatch(batched, landscape.bipolarity(lab))
