"""The Axelrod-Bennett energy of a two-bloc split, and its exact minimum by enumeration.

Conventions used throughout :mod:`scenarios.blocs`
--------------------------------------------------
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
The input rules are checked here (:func:`check_inputs`, :func:`check_sides`), once per call
of a public function.

Energy
------
``E(X) = sum_{i<j} s_i s_j p_ij d_ij(X)`` with ``d_ij = 1`` when *i* and *j* are on opposite
sides. Separating friends (``p > 0``) costs energy, separating enemies earns it, so the
configuration nature "prefers" is the one of lowest energy. Axelrod & Bennett sum over
ordered pairs (``sum_i sum_j``), which is exactly twice this value; the minimisers agree.
Units: size^2 x propensity.

With spins ``sigma = +1`` (bloc A) / ``-1`` (bloc B) and ``W = s s^T * p`` (zero diagonal),
``E = (sum(W) - sigma^T W sigma) / 4``, and moving state *i* to the other side changes the
energy by ``dE_i = sigma_i (W sigma)_i``. The searches (here and in
:mod:`scenarios.blocs.search`) are built on these two identities.
"""

from __future__ import annotations

import numpy as np

#: Float64 elements per temporary array in the chunked searches (16 MB), so that a search
#: never holds more than a few hundred MB whatever N (<= 26) and the number of members.
CHUNK = 1 << 21
#: Exact enumeration beyond this N would take minutes per network.
EXACT_MAX_N = 26


def check_inputs(propensity, sizes) -> tuple[np.ndarray, np.ndarray, bool]:
    """Check a propensity and sizes as every public function of the package does.

    Returns
    -------
    propensity : ndarray, shape (M, N, N)
        With a zero diagonal.
    sizes : ndarray, shape (M, N)
    batched : bool
        False when ``propensity`` had no member axis.

    Raises
    ------
    ValueError
        For a bad shape, a non-finite value, a size <= 0 or an asymmetric propensity.
    """
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


def check_sides(sides, shape: tuple[int, int]) -> np.ndarray:
    """Bool sides (M, N) from sides of shape (N,) or ``shape``, given as bool or 0/1."""
    x = np.asarray(sides)
    if x.ndim == 1:
        x = np.broadcast_to(x, shape)
    if x.shape != shape:
        raise ValueError(f"sides: shape {x.shape} does not match (M, N) = {shape}")
    if x.dtype != bool and not np.isin(x, (0, 1)).all():
        raise ValueError("sides: values other than 0/1 (False/True) not allowed")
    return x.astype(bool)


def unbatch(batched: bool, *arrays):
    """Drop the member axis of each array again when the inputs had none."""
    out = tuple(a if batched else a[0] for a in arrays)
    return out if len(out) > 1 else out[0]


def size_weights(p: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Size-weighted propensity ``W = s_i s_j p_ij`` (M, N, N)."""
    return s[:, :, None] * s[:, None, :] * p


def split_energy(w: np.ndarray, sides: np.ndarray) -> np.ndarray:
    """Energy (M,) of bool sides (M, N) under size-weighted propensity ``w`` (M, N, N)."""
    apart = sides[:, :, None] != sides[:, None, :]
    return 0.5 * np.where(apart, w, 0.0).sum(axis=(-2, -1))


def spins(n_bits: int, start: int, stop: int) -> np.ndarray:
    """Spins (stop - start, n_bits) of configuration codes start..stop-1 (bit b -> column b)."""
    codes = np.arange(start, stop, dtype=np.int64)[:, None]
    bits = (codes >> np.arange(n_bits, dtype=np.int64)) & 1
    return 1.0 - 2.0 * bits


def exact_sides(w: np.ndarray, *, anchor: int = 0) -> np.ndarray:
    """Sides (M, N) of the global minimum under ``w`` (M, N, N); see :func:`exact_minimum`."""
    m, n = w.shape[:2]
    if n > EXACT_MAX_N:
        raise ValueError(f"exact_minimum: N = {n} not allowed; exact search handles N <= 26")
    if not 0 <= anchor < n:
        raise ValueError(f"anchor: {anchor} not allowed; expected 0..{n - 1}")
    free = [i for i in range(n) if i != anchor]
    k = min(len(free), (len(free) + 1) // 2, 12)
    low, high = free[:k], free[k:]
    order = np.array([*low, anchor, *high])
    w = w[:, order][:, :, order]  # low states first, then the anchor, then the high states
    w_ll, w_lh, w_hh = w[:, :k, :k], w[:, :k, k:], w[:, k:, k:]
    sig_low = spins(k, 0, 1 << k)  # (2^k, k)
    q_low = np.einsum("ck,mkj,cj->mc", sig_low, w_ll, sig_low)  # (M, 2^k)
    n_high = 1 << len(high)
    h_chunk = min(n_high, max(1, CHUNK >> k))
    m_chunk = max(1, CHUNK // (h_chunk << k))
    best_score = np.full(m, -np.inf)
    best_code = np.zeros(m, dtype=np.int64)
    for start in range(0, n_high, h_chunk):
        stop = min(n_high, start + h_chunk)
        sig_high = np.concatenate([np.ones((stop - start, 1)), spins(len(high), start, stop)], 1)
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
    p, s, batched = check_inputs(propensity, sizes)
    return unbatch(batched, split_energy(size_weights(p, s), check_sides(sides, s.shape)))


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
    p, s, batched = check_inputs(propensity, sizes)
    w = size_weights(p, s)
    sides = exact_sides(w, anchor=anchor)
    return unbatch(batched, sides, split_energy(w, sides))
