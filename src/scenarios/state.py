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
from dataclasses import dataclass, field, fields, replace
from functools import cached_property

import numpy as np


def _meta(unit: str, table: str | None = None) -> dict[str, str | None]:
    """Field metadata: the unit of the values and the ``Results`` table recording them.

    The table is ``"states"`` or ``"relations"`` (one column each in field order), or None
    if the field is not recorded.
    """
    return {"unit": unit, "table": table}


@dataclass(frozen=True)
class World:
    """What does not change during a run: the states, their geography and anchors.

    Everything is shared by every member except ``threat0`` and ``world_burden0``, which
    are per member.

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
    shared_groups : ndarray, shape (N, N)
        Number of alignment groups (EU, G7, E3) both states belong to; zero diagonal.
    arms_ties : ndarray, shape (N, N)
        1 for pairs with an arms-trade relationship in the data, else 0; symmetric.
    rivalry : ndarray, shape (N, N)
        1 for pairs in an active strategic rivalry at the start (``rivalries.csv``),
        else 0; symmetric, in [0, 1], zero diagonal.
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
    arms_capacity : ndarray, shape (N,)
        Munitions each state can export per quarter when at peace, in quarters of a
        belligerent's wartime munitions gap (:mod:`scenarios.model.capacity`).
    world_burden0 : ndarray, shape (M,)
        The world's military burden (total spending / total GDP) in each member's initial
        state: the fixed reference against which a rival's spending is a threat.
    """

    codes: tuple[str, ...] = field(metadata=_meta("iso3 code"))
    names: tuple[str, ...] = field(metadata=_meta("name"))
    proximity: np.ndarray = field(metadata=_meta("proximity in [0, 1]"))
    population: np.ndarray = field(metadata=_meta("millions"))
    shared_groups: np.ndarray = field(metadata=_meta("shared groups"))
    arms_ties: np.ndarray = field(metadata=_meta("0 or 1"))
    rivalry: np.ndarray = field(metadata=_meta("rivalry in [0, 1]"))
    burden0: np.ndarray = field(metadata=_meta("share of GDP"))
    restraint_base: np.ndarray = field(metadata=_meta("restraint in [0, 1]"))
    nuclear: np.ndarray = field(metadata=_meta("bool"))
    threat0: np.ndarray = field(metadata=_meta("threat index"))
    arms_capacity: np.ndarray = field(metadata=_meta("quarters of a munitions gap per quarter"))
    world_burden0: np.ndarray = field(metadata=_meta("share of GDP"))

    @property
    def size(self) -> int:
        """The number of states, N."""
        return len(self.codes)

    def index(self, code: str) -> int:
        """Array position of an iso3 code (``ValueError`` when absent)."""
        return self.codes.index(code)

    def position(self, code: str) -> int | None:
        """Array position of ``code``, or None when the state is not in this world."""
        return self.codes.index(code) if code in self.codes else None

    def select(self, members: slice | Sequence[int] | np.ndarray) -> World:
        """The same world for a subset of members (the per-member fields sliced)."""
        return replace(
            self, threat0=self.threat0[members], world_burden0=self.world_burden0[members]
        )


ModelWorld = World
"""Former name of :class:`World` (when the model's anchors lived in a subclass)."""


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
    revenue : ndarray, shape (M, N)
        Arms revenue paid to each supplier this quarter, US$ bn per year (the quarter's
        payment at an annual rate): a flow that counts in this quarter's output
        ``gdp + revenue``, never in the GDP level.
    """

    quarter: int = field(metadata=_meta("quarter index"))
    affinity: np.ndarray = field(metadata=_meta("affinity in [-1, 1]", "relations"))
    alliance: np.ndarray = field(metadata=_meta("treaty strength in [0, 1]", "relations"))
    war: np.ndarray = field(metadata=_meta("war intensity in [0, 1]", "relations"))
    sanctions: np.ndarray = field(metadata=_meta("sanctions intensity in [0, 1]", "relations"))
    gdp: np.ndarray = field(metadata=_meta("US$ bn per year", "states"))
    milex: np.ndarray = field(metadata=_meta("US$ bn per year", "states"))
    capability: np.ndarray = field(metadata=_meta("share of world capability", "states"))
    warheads: np.ndarray = field(metadata=_meta("warheads", "states"))
    tech: np.ndarray = field(metadata=_meta("technology level in [0, 1]", "states"))
    stockpile: np.ndarray = field(metadata=_meta("quarters of wartime consumption", "states"))
    threat: np.ndarray = field(metadata=_meta("threat index", "states"))
    restraint: np.ndarray = field(metadata=_meta("restraint in [0, 1]", "states"))
    bite: np.ndarray = field(metadata=_meta("share of outside economy", "states"))
    leakage: np.ndarray = field(metadata=_meta("share of outside economy", "states"))
    transfers: np.ndarray = field(
        metadata=_meta("quarters of the recipient's munitions gap", "relations")
    )
    revenue: np.ndarray = field(metadata=_meta("US$ bn per year", "states"))

    @property
    def members(self) -> int:
        """The number of ensemble members, ``M``."""
        return self.gdp.shape[0]

    @property
    def size(self) -> int:
        """The number of states, ``N``."""
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
        if not changes.keys() <= _STATE_FIELDS:
            return replace(self, **changes)  # raises the usual error for an unknown field
        # A shallow copy of the instance dictionary, not dataclasses.replace, which runs
        # __init__ over every field (about 5 microseconds against 1): the engine evolves
        # the state six times a quarter. The cached at_war goes with war.
        evolved = object.__new__(type(self))
        values = evolved.__dict__
        values.update(self.__dict__)
        values.update(changes)
        if "war" in changes:
            values.pop("at_war", None)
        return evolved

    def select(self, members: slice | Sequence[int] | np.ndarray) -> WorldState:
        """Return the state of a subset of members (views, not copies)."""
        arrays = {
            f.name: getattr(self, f.name)[members] for f in fields(self) if f.name != "quarter"
        }
        return WorldState(quarter=self.quarter, **arrays)


_STATE_FIELDS = frozenset(f.name for f in fields(WorldState))


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


def recorded(table: str) -> tuple[str, ...]:
    """The :class:`WorldState` fields a ``Results`` table records, in field order.

    Parameters
    ----------
    table : str
        ``"states"`` (per-state arrays) or ``"relations"`` (pair arrays).
    """
    return tuple(f.name for f in fields(WorldState) if f.metadata.get("table") == table)


UNITS = {f.name: f.metadata["unit"] for f in fields(WorldState)}
"""Unit of every :class:`WorldState` field, by name."""
