"""Mechanism switches: a run with some mechanisms switched off from a quarter on.

A switched-off mechanism's step does not run: the state variables it would change keep
the values they have (the transfers, which the engine zeroes at the start of every
quarter, stay zero), while scheduled events, lever changes and the other mechanisms act as
usual. Mechanism attribution (:mod:`scenarios.experiments.attribution`) runs every
coalition of mechanisms this way.

Noise. Only the alignment step draws from the member streams. When it is switched off,
:func:`advance` still draws the same numbers and discards them, so a member's stream is
at the same position in every quarter whatever is switched off: member ``m`` of a run
with a mechanism off and member ``m`` of the full run see the same shocks in every quarter
where both draw, and stay paired. (With the switch lasting to the end of the run no later
draw is used, so skipping the draws would give the same numbers today; drawing keeps the
pairing true by construction, at the cost of one draw a quarter.)

With nothing switched off, :func:`advance` is the engine's loop over
:data:`~scenarios.mechanisms.STEPS`, so the results are bit-identical to a run without
switches (``tests/test_switches.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scenarios.errors import ScenarioError, allowed_list, show, suggest
from scenarios.mechanisms import STEPS, alignment
from scenarios.quarters import format_quarter, parse_quarter
from scenarios.state import World, WorldState

MECHANISMS: tuple[str, ...] = tuple(name for name, _ in STEPS)
"""The mechanisms that can be switched off, in the order of a quarter."""

_DRAWS = {"alignment": alignment.noise_shape}
"""Mechanism -> shape of the noise it draws each quarter (a function of the world). A
mechanism that draws noise must be listed here, or switching it off would shift the
streams of the mechanisms after it."""


@dataclass(frozen=True)
class Switches:
    """Mechanisms switched off from a quarter on, to the end of the run.

    Build it with :meth:`off`; ``Switches()`` switches nothing off.

    Attributes
    ----------
    mechanisms : frozenset of str
        Names from :data:`MECHANISMS`.
    start : int
        Quarter index from which they are off (its step included).
    """

    mechanisms: frozenset[str] = frozenset()
    start: int = 0

    @classmethod
    def off(cls, mechanisms: Iterable[str], start: int | str) -> Switches:
        """Switch ``mechanisms`` off from quarter ``start`` on.

        Parameters
        ----------
        mechanisms : iterable of str
            Names from :data:`MECHANISMS` (any order; empty switches nothing off).
        start : int or str
            A quarter index or label (``"2024Q2"``).

        Returns
        -------
        Switches

        Raises
        ------
        ScenarioError
            For an unknown mechanism or a bad quarter.
        """
        names = [mechanisms] if isinstance(mechanisms, str) else list(mechanisms)
        for name in names:
            if name not in MECHANISMS:
                raise ScenarioError(
                    f"switches: mechanism {show(name)}: unknown{suggest(str(name), MECHANISMS)}"
                    f"; allowed: {allowed_list(MECHANISMS)}"
                )
        if isinstance(start, str):
            try:
                start = parse_quarter(start)
            except ValueError:
                raise ScenarioError(
                    f"switches: start: {show(start)} not allowed; allowed: a quarter like 2024Q2"
                ) from None
        if isinstance(start, bool) or not isinstance(start, int):
            raise ScenarioError(
                f"switches: start: {show(start)} not allowed; allowed: a quarter index or label"
            )
        return cls(frozenset(names), start)

    def off_in(self, quarter: int) -> frozenset[str]:
        """The mechanisms switched off in ``quarter`` (a quarter index)."""
        return self.mechanisms if quarter >= self.start else frozenset()

    def __str__(self) -> str:
        if not self.mechanisms:
            return "no mechanism switched off"
        names = ", ".join(name for name in MECHANISMS if name in self.mechanisms)
        return f"{names} switched off from {format_quarter(self.start)}"


NOTHING_OFF = Switches()
"""Every mechanism on: the model as it is."""


def advance(
    state: WorldState, world: World, params, noise, off: frozenset[str] = frozenset()
) -> WorldState:
    """Apply one quarter's mechanisms in :data:`~scenarios.mechanisms.STEPS` order.

    Parameters
    ----------
    state, world, params
        As for every mechanism step.
    noise : MemberStreams or None
        The members' noise (anything with ``normal``).
    off : frozenset of str
        Mechanisms whose step is skipped; a skipped step that draws noise still draws it
        (and discards it), so the streams stay in step with a run where it is on.

    Returns
    -------
    WorldState
    """
    for name, step in STEPS:
        if name not in off:
            state = step(state, world, params, noise)
        elif name in _DRAWS and noise is not None:
            noise.normal(_DRAWS[name](world))
    return state
