"""The model's state: numpy arrays over ensemble members and states.

Every per-state array has shape ``(M, N)`` and every relation array ``(M, N, N)``,
where ``M`` is the number of ensemble members in the batch and ``N`` the number of
states (agents). Nothing in here loops over agents.

Randomness comes only from :class:`MemberStreams`: one ``numpy.random.Generator`` per
member, spawned from a single seed, so that member ``m`` draws the same numbers
whether it runs alone or inside a batch of any size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from functools import cached_property

import numpy as np


@dataclass(frozen=True)
class World:
    """What does not change during a run and is shared by every member.

    Attributes
    ----------
    codes : tuple of str
        ISO 3166-1 alpha-3 codes, in array order (length N).
    names : tuple of str
        Country names, in array order.
    proximity : ndarray, shape (N, N)
        Geographic proximity in [0, 1]: 1 for neighbours, falling with distance.
    population : ndarray, shape (N,)
        Population, millions.
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]
    proximity: np.ndarray
    population: np.ndarray

    @property
    def size(self) -> int:
        return len(self.codes)

    def index(self, code: str) -> int:
        """Array position of an iso3 code (``ValueError`` when absent)."""
        return self.codes.index(code)


@dataclass(frozen=True)
class WorldState:
    """Per-member dynamic state. Arrays are never modified in place.

    Attributes
    ----------
    quarter : int
        Quarter index (``year * 4 + quarter - 1``) this state describes.
    affinity : ndarray, shape (M, N, N)
        Signed alignment in [-1, 1], symmetric, zero diagonal.
    alliance : ndarray, shape (M, N, N)
        Treaty strength in [0, 1], symmetric; 1 = mutual-defence clause.
    war : ndarray, shape (M, N, N)
        War intensity in [0, 1], symmetric; 0 = at peace.
    sanctions : ndarray, shape (M, N, N)
        Sanctions intensity in [0, 1], ``sanctions[m, sender, target]``.
    gdp : ndarray, shape (M, N)
        Gross domestic product, US$ bn per year.
    milex : ndarray, shape (M, N)
        Military expenditure, US$ bn per year.
    capability : ndarray, shape (M, N)
        Share of world material capability, sums to 1 over states.
    warheads : ndarray, shape (M, N)
        Nuclear warheads.
    tech : ndarray, shape (M, N)
        Military-technology level in [0, 1].
    stockpile : ndarray, shape (M, N)
        Munitions stock of belligerents, in quarters of wartime consumption.
    threat : ndarray, shape (M, N)
        Threat each state perceives (dimensionless, >= 0).
    restraint : ndarray, shape (M, N)
        Nuclear restraint in [0, 1] (openness to arms control; for non-nuclear states
        the inverse of nuclear hedging).
    bite : ndarray, shape (M, N)
        Sanctions bite felt by each target this quarter, after black knights.
    leakage : ndarray, shape (M, N)
        Bite lost to black knights this quarter.
    transfers : ndarray, shape (M, N, N)
        Arms delivered this quarter, ``transfers[m, supplier, recipient]``, in quarters
        of the recipient's wartime munitions gap.
    """

    quarter: int
    affinity: np.ndarray
    alliance: np.ndarray
    war: np.ndarray
    sanctions: np.ndarray
    gdp: np.ndarray
    milex: np.ndarray
    capability: np.ndarray
    warheads: np.ndarray
    tech: np.ndarray
    stockpile: np.ndarray
    threat: np.ndarray
    restraint: np.ndarray
    bite: np.ndarray
    leakage: np.ndarray
    transfers: np.ndarray

    @property
    def members(self) -> int:
        return self.gdp.shape[0]

    @property
    def size(self) -> int:
        return self.gdp.shape[1]

    @cached_property
    def at_war(self) -> np.ndarray:
        """War intensity of each state, ``max_j war[m, i, j]``, shape (M, N); read-only.

        Computed once and handed on by :meth:`evolve` while ``war`` stays the same (only
        scheduled events change it), since three mechanisms need it every quarter.
        """
        at_war = self.war.max(axis=1)  # war is symmetric; the axis-1 max is faster
        at_war.flags.writeable = False
        return at_war

    def evolve(self, **changes: np.ndarray | int) -> WorldState:
        """Return a copy with some arrays replaced (the original is untouched)."""
        evolved = replace(self, **changes)
        if "war" not in changes and "at_war" in self.__dict__:
            evolved.__dict__["at_war"] = self.at_war
        return evolved

    def select(self, members: slice | Sequence[int] | np.ndarray) -> WorldState:
        """Return the state of a subset of members (views, not copies)."""
        arrays = {
            f.name: getattr(self, f.name)[members] for f in fields(self) if f.name != "quarter"
        }
        return WorldState(quarter=self.quarter, **arrays)


class MemberStreams:
    """One independent random stream per ensemble member.

    Member ``m`` of ``seed`` always gets the stream of
    ``numpy.random.SeedSequence(seed).spawn(m + 1)[m]``, whatever batch it runs in.

    Parameters
    ----------
    seed : int
        The one seed a run derives all randomness from.
    members : sequence of int
        Global member indices in this batch, in batch order.
    """

    def __init__(self, seed: int, members: Sequence[int]):
        self.seed = int(seed)
        self.members = tuple(int(m) for m in members)
        self._generators = [
            np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(m,)))
            for m in self.members
        ]

    def __len__(self) -> int:
        return len(self._generators)

    def normal(self, shape: tuple[int, ...]) -> np.ndarray:
        """Standard normal draws of shape ``(M, *shape)``, one block per member."""
        out = np.empty((len(self._generators), *shape))
        for generator, block in zip(self._generators, out, strict=True):
            generator.standard_normal(out=block)
        return out

    def uniform(self, shape: tuple[int, ...]) -> np.ndarray:
        """Uniform [0, 1) draws of shape ``(M, *shape)``, one block per member."""
        out = np.empty((len(self._generators), *shape))
        for generator, block in zip(self._generators, out, strict=True):
            generator.random(out=block)
        return out
