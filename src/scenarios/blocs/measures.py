"""Signed-network measures: alignment margins, bloc labels, bipolarity, triads, factions.

Conventions (propensity or affinity, sizes, sides, labels, the optional member axis) are
those of :mod:`scenarios.blocs.energy`. The measures that need a split take it as given or
search it with :func:`~scenarios.blocs.search.minimise_energy`.
"""

from __future__ import annotations

import numpy as np

from scenarios.blocs.energy import check_inputs, check_sides, size_weights, unbatch
from scenarios.blocs.search import minimise_energy

#: Default non-aligned threshold, in affinity units (see :func:`alignment_margin`). Assumed.
NONALIGNED_THRESHOLD = 0.1


def margins_of(p: np.ndarray, s: np.ndarray, sides: np.ndarray) -> np.ndarray:
    """Alignment margins (M, N) of bool sides (M, N); see :func:`alignment_margin`."""
    sigma = np.where(sides, -1.0, 1.0)
    pull = np.einsum("mij,mj->mi", p, s * sigma) * sigma
    return pull / (s.sum(axis=1, keepdims=True) - s)


def labels_of(
    p: np.ndarray,
    s: np.ndarray,
    sides: np.ndarray,
    *,
    threshold: float = NONALIGNED_THRESHOLD,
    anchor: int = 0,
) -> np.ndarray:
    """Bloc labels (M, N) int8 of bool sides (M, N); see :func:`bloc_labels`."""
    x = sides != sides[:, anchor : anchor + 1]  # orient: the anchor's bloc is A
    margin = margins_of(p, s, x)
    return np.where(margin < threshold, -1, x.astype(np.int8)).astype(np.int8)


def bipolarity_of(w: np.ndarray, s: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Cold-War index (M,) of labels (M, N) in {-1, 0, 1}.

    ``w`` (M, N, N) is the size-weighted propensity; see :func:`bipolarity_index`.
    """
    lab = labels
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
    p, s, batched = check_inputs(affinity, sizes)
    return unbatch(batched, margins_of(p, s, check_sides(sides, s.shape)))


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
        A split already computed (e.g. by :func:`~scenarios.blocs.search.minimise_energy`);
        searched when omitted.
    threshold : float
        Non-aligned threshold in affinity units (default 0.1, assumed).
    anchor : int
        State that defines bloc A (default the first).
    **search
        Passed to :func:`~scenarios.blocs.search.minimise_energy` (``method``, ``rng``,
        ``restarts``, ...).

    Returns
    -------
    int8 ndarray, shape (N,) or (M, N)
    """
    if sides is None:
        sides, _ = minimise_energy(affinity, sizes, anchor=anchor, **search)
    p, s, batched = check_inputs(affinity, sizes)
    x = check_sides(np.asarray(sides, dtype=bool), s.shape)
    return unbatch(batched, labels_of(p, s, x, threshold=threshold, anchor=anchor))


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
        :func:`~scenarios.blocs.search.minimise_energy`).

    Returns
    -------
    ndarray, shape () or (M,)
    """
    p, s, batched = check_inputs(affinity, sizes)
    if labels is None:
        labels, _ = minimise_energy(p, s, **search)
    lab = np.asarray(labels)
    lab = np.broadcast_to(lab.astype(np.int8) if lab.dtype == bool else lab, s.shape)
    if not np.isin(lab, (-1, 0, 1)).all():
        raise ValueError("labels: values other than 0, 1, -1 (or booleans) not allowed")
    return unbatch(batched, bipolarity_of(size_weights(p, s), s, lab))


def _square(affinity) -> np.ndarray:
    """Affinity as floats (N, N) or (M, N, N), with a zero diagonal."""
    a = np.asarray(affinity, dtype=float)
    if a.ndim not in (2, 3) or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"affinity: shape {a.shape} not allowed; expected (N, N) or (M, N, N)")
    return np.where(np.eye(a.shape[-1], dtype=bool), 0.0, a)


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
    a = _square(affinity)
    x = a if weighted else np.sign(a)
    xt = x.swapaxes(-1, -2)
    signed = ((x @ x) * xt).sum(axis=(-2, -1))
    ax = np.abs(x)
    total = ((ax @ ax) * ax.swapaxes(-1, -2)).sum(axis=(-2, -1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, 0.5 * (1.0 + signed / total), np.nan)


def eigenvector_split(affinity, *, anchor: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two factions by the sign pattern of the leading eigenvector ``v1`` of the affinity.

    Marvel, Kleinberg, Kleinberg & Strogatz (2011): under ``dX/dt = X^2`` a generic
    symmetric network ends in the factions this pattern gives; it is also the relaxed
    maximiser of ``sigma^T X sigma``. A state with ``v1_i < 0`` is on the side opposite
    to a state with ``v1_i >= 0``.

    Parameters
    ----------
    affinity : array_like, shape (N, N) or (M, N, N)
        Symmetric (only the lower triangle is read); the diagonal is ignored.
    anchor : int
        State reported on side False.

    Returns
    -------
    sides : bool ndarray, shape (N,) or (M, N)
    lambda1 : ndarray, shape () or (M,)
        The largest eigenvalue.
    """
    a = _square(affinity)
    n = a.shape[-1]
    if not 0 <= anchor < n:
        raise ValueError(f"anchor: {anchor} not allowed; expected 0..{n - 1}")
    values, vectors = np.linalg.eigh(a)
    sides = vectors[..., -1] < 0
    return sides != sides[..., anchor : anchor + 1], values[..., -1]
