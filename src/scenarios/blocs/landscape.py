"""The landscape of a batch of networks, checked once and asked for its blocs.

:class:`Landscape` is what the engine holds at each bloc record: one object for the search,
the labels and the bipolarity index together. Its methods are the array-level steps behind
the public functions of :mod:`scenarios.blocs.energy`, :mod:`scenarios.blocs.search` and
:mod:`scenarios.blocs.measures`, which own the rules.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from scenarios.blocs.energy import check_inputs, exact_sides, size_weights, split_energy
from scenarios.blocs.measures import NONALIGNED_THRESHOLD, bipolarity_of, labels_of, margins_of
from scenarios.blocs.search import DEFAULT_RESTARTS, EXACT_LIMIT, heuristic_sides, minimum_sides


class Landscape:
    """A batch of M networks, checked once and shared by the searches and indices.

    Holds the propensity with a zero diagonal, the sizes, and (computed when first
    needed) the size-weighted propensity ``W``. :meth:`checked` builds one from inputs
    checked as every public function of the package checks them. A caller that upholds
    the input rules itself builds one with :meth:`trusted`, which skips the checks: the
    engine does, once per bloc record, for the search, the labels and the bipolarity index
    together (the checks would otherwise run on every call and cost about as much as a
    warm-started search).

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
        p, s, batched = check_inputs(propensity, sizes)
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
        return size_weights(self.propensity, self.sizes)

    def energy(self, sides: np.ndarray) -> np.ndarray:
        """Energy (M,) of bool sides (M, N); see :func:`~scenarios.blocs.landscape_energy`."""
        return split_energy(self.weights, sides)

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
        """Sides (M, N) of the lowest energy found.

        Arguments as in :func:`~scenarios.blocs.minimise_energy`.
        """
        return minimum_sides(
            self.weights,
            method=method,
            exact_limit=exact_limit,
            rng=rng,
            restarts=restarts,
            anchor=anchor,
            starts=starts,
            spectral=spectral,
        )

    def exact(self, *, anchor: int = 0) -> np.ndarray:
        """Sides (M, N) of the global minimum; see :func:`~scenarios.blocs.exact_minimum`."""
        return exact_sides(self.weights, anchor=anchor)

    def heuristic(
        self,
        *,
        rng=None,
        restarts: int = DEFAULT_RESTARTS,
        anchor: int = 0,
        starts=None,
        spectral: bool = True,
    ) -> np.ndarray:
        """Sides (M, N) of the best local minimum.

        Arguments as in :func:`~scenarios.blocs.heuristic_minimum`.
        """
        return heuristic_sides(
            self.weights,
            rng=rng,
            restarts=restarts,
            anchor=anchor,
            starts=starts,
            spectral=spectral,
        )

    def margin(self, sides: np.ndarray) -> np.ndarray:
        """Alignment margins (M, N) of bool sides (M, N).

        See :func:`~scenarios.blocs.alignment_margin`.
        """
        return margins_of(self.propensity, self.sizes, sides)

    def labels(
        self, sides: np.ndarray, *, threshold: float = NONALIGNED_THRESHOLD, anchor: int = 0
    ) -> np.ndarray:
        """Bloc labels (M, N) int8 of bool sides (M, N).

        See :func:`~scenarios.blocs.bloc_labels`.
        """
        return labels_of(self.propensity, self.sizes, sides, threshold=threshold, anchor=anchor)

    def bipolarity(self, labels: np.ndarray) -> np.ndarray:
        """Cold-War index (M,) of labels (M, N) in {-1, 0, 1}.

        See :func:`~scenarios.blocs.bipolarity_index`.
        """
        return bipolarity_of(self.weights, self.sizes, labels)
