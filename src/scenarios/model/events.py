"""What scheduled events do: one effect per event kind, and the schedule of a run.

:data:`EFFECTS` maps every kind of :data:`~scenarios.registry.events.EVENT_KINDS` to the
function that applies it; the engine applies a quarter's events with
:func:`apply_events`, and the facts-coded initial state replays the wars before the start
with the same effects. :func:`schedule` compiles a run's events once: array positions,
the members each event applies to (the ``pact`` lever drops the pact's treaty), and the
``ceasefire`` lever's own event. The engine compiles a scenario's trunk (the events before
its branch) with the trunk's levers, every one at its default, and the rest with the
scenario's, so a lever never reaches back before the branch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from scenarios.errors import ScenarioError
from scenarios.mechanisms.kernels import Params
from scenarios.quarters import format_quarter
from scenarios.registry.levers import CEASEFIRE_PAIR, INTERDICTED, PACT_PARTIES
from scenarios.state import World, WorldState

EVENT_FIELDS = ("affinity", "alliance", "war", "sanctions", "transfers", "tech")
"""The state arrays events may change (copied once per quarter with events)."""


@dataclass(frozen=True)
class Compiled:
    """One scheduled event, ready to apply.

    Attributes
    ----------
    kind : str
        A key of :data:`EFFECTS`.
    positions : tuple of int
        Array positions of the actors.
    magnitude : float
        The event's magnitude.
    mask : ndarray of bool, shape (M,), or None
        Members the event applies to; None for all.
    """

    kind: str
    positions: tuple[int, ...]
    magnitude: float
    mask: np.ndarray | None


@dataclass(frozen=True)
class Scope:
    """What an effect may read besides the arrays: its members and their parameters.

    Attributes
    ----------
    who : ndarray of int
        Positions of the members the event applies to.
    members : int
        Members in the batch (M).
    params : Mapping or None
        Resolved parameters (None where no effect needs them).
    route : tuple of int
        Positions of the route the ``interdiction`` lever cuts (-1 for an absent state).
    """

    who: np.ndarray
    members: int
    params: Params | None = None
    route: tuple[int, ...] = ()

    def value(self, key: str) -> np.ndarray:
        """A parameter's value for each of the event's members, (len(who),)."""
        values = np.asarray(self.params[key], dtype=float)
        return np.broadcast_to(values, (self.members,))[self.who]


Effect = Callable[[dict[str, np.ndarray], tuple[int, ...], float, Scope], None]
"""``effect(arrays, positions, magnitude, scope)``: changes ``arrays`` in place."""


def _war_start(arrays, p, size, scope):
    war = arrays["war"]
    war[scope.who, p[0], p[1]] = war[scope.who, p[1], p[0]] = size
    # An attack is a rupture, not a drift: the pair's affinity falls at once to the
    # hostility the war implies structurally (w_W x intensity), where it is not lower
    # already; the decay towards the baseline would otherwise take years to register it.
    # (Wars replayed before the start act on the war array alone: the initial affinity is
    # the structural baseline, which holds the war already.)
    if "affinity" in arrays:
        a = arrays["affinity"]
        floor = -size * scope.value("alignment.war_affinity")
        a[scope.who, p[0], p[1]] = a[scope.who, p[1], p[0]] = np.minimum(
            a[scope.who, p[0], p[1]], floor
        )


def _ceasefire(arrays, p, size, scope):
    war = arrays["war"]
    new = war[scope.who, p[0], p[1]] * (1.0 - size)
    war[scope.who, p[0], p[1]] = war[scope.who, p[1], p[0]] = new


def _sanctions(arrays, p, size, scope):
    s = arrays["sanctions"]
    imposed = np.minimum(size * scope.value("levers.sanctions_intensity"), 1.0)
    s[scope.who, p[0], p[1]] = np.maximum(s[scope.who, p[0], p[1]], imposed)


def _sanctions_lift(arrays, p, size, scope):
    arrays["sanctions"][scope.who, p[0], p[1]] *= 1.0 - size


def _treaty(arrays, p, size, scope):
    block = np.ix_(scope.who, p, p)
    off = ~np.eye(len(p), dtype=bool)
    arrays["alliance"][block] = np.where(off, np.maximum(arrays["alliance"][block], size), 0)
    shift = (size * scope.value("alignment.treaty_nudge"))[:, None, None] * off
    arrays["affinity"][block] = np.clip(arrays["affinity"][block] + shift, -1.0, 1.0)


def _alignment_end(arrays, p, size, scope):
    # The magnitude is what the pair's remaining instruments justify (the trunk computes
    # it from the dated facts), so an end never lowers a tie another instrument holds.
    bound = arrays["alliance"]
    lowered = np.minimum(bound[scope.who, p[0], p[1]], size)
    bound[scope.who, p[0], p[1]] = bound[scope.who, p[1], p[0]] = lowered


def _arms_shipment(arrays, p, size, scope):
    kept = 1.0 - scope.value("levers.interdiction") if p == scope.route else 1.0
    arrays["transfers"][scope.who, p[0], p[1]] += size * kept


def _troop_deployment(arrays, p, size, scope):
    # Troops relieve the recipient's gap as a shipment would, but fly in: no interdiction.
    arrays["transfers"][scope.who, p[0], p[1]] += size
    a = arrays["affinity"]
    shift = min(size, 1.0) * scope.value("alignment.treaty_nudge")
    a[scope.who, p[0], p[1]] = a[scope.who, p[1], p[0]] = np.clip(
        a[scope.who, p[0], p[1]] + shift, -1.0, 1.0
    )


def _alignment_shock(arrays, p, size, scope):
    a = arrays["affinity"]
    who = scope.who
    a[who, p[0], p[1]] = a[who, p[1], p[0]] = np.clip(a[who, p[0], p[1]] + size, -1, 1)


def _missile_test(arrays, p, size, scope):
    tech = arrays["tech"]
    tech[scope.who, p[0]] += size * (1.0 - tech[scope.who, p[0]])


EFFECTS: Mapping[str, Effect] = MappingProxyType(
    {
        "war_start": _war_start,
        "ceasefire": _ceasefire,
        "sanctions": _sanctions,
        "sanctions_lift": _sanctions_lift,
        "treaty": _treaty,
        "alignment_end": _alignment_end,
        "arms_shipment": _arms_shipment,
        "troop_deployment": _troop_deployment,
        "alignment_shock": _alignment_shock,
        "missile_test": _missile_test,
    }
)
"""Event kind -> its effect (see ``docs/model.md`` for each kind)."""


def apply_effect(
    kind: str, arrays: dict[str, np.ndarray], positions: tuple[int, ...], size: float, scope: Scope
) -> None:
    """Apply one event's effect to ``arrays`` (changed in place).

    Raises
    ------
    ScenarioError
        For a kind without an effect.
    """
    effect = EFFECTS.get(kind)
    if effect is None:
        raise ScenarioError(f"event kind {kind!r} has no effect in the model")
    effect(arrays, positions, size, scope)


def schedule(events, world: World, params: Params, members: int) -> dict[int, list[Compiled]]:
    """Events by quarter, with array positions, plus the ceasefire lever's event.

    An event naming a state absent from the world is dropped; the pact's treaty applies
    only to members whose ``pact`` lever is on.
    """
    compiled: dict[int, list[Compiled]] = {}
    pact = np.broadcast_to(np.asarray(params["levers.pact"], dtype=bool), (members,))
    for event in events:
        codes = [code for code in event.actors if code in world.codes]
        if len(codes) < len(event.actors):
            continue
        mask = None
        if event.kind == "treaty" and frozenset(codes) == PACT_PARTIES:
            mask = pact.copy()
        positions = tuple(world.index(c) for c in codes)
        entry = Compiled(event.kind, positions, float(event.magnitude), mask)
        compiled.setdefault(int(event.quarter), []).append(entry)
    ceasefire = np.broadcast_to(np.asarray(params["levers.ceasefire"], dtype=float), (members,))
    if all(code in world.codes for code in CEASEFIRE_PAIR):
        pair = tuple(world.index(code) for code in CEASEFIRE_PAIR)
        for quarter in np.unique(ceasefire[np.isfinite(ceasefire)]):
            mask = ceasefire == quarter
            compiled.setdefault(int(quarter), []).append(Compiled("ceasefire", pair, 1.0, mask))
    return compiled


def apply_events(
    state: WorldState, world: World, params: Params, events: Sequence[Compiled]
) -> WorldState:
    """Apply one quarter's scheduled events (see ``docs/model.md`` for each kind)."""
    if not events:
        return state
    arrays = {name: getattr(state, name).copy() for name in EVENT_FIELDS}
    everyone = np.arange(state.members)
    route = tuple(world.index(c) if c in world.codes else -1 for c in INTERDICTED)
    for event in events:
        who = everyone if event.mask is None else np.flatnonzero(event.mask)
        scope = Scope(who, state.members, params, route)
        apply_effect(event.kind, arrays, event.positions, event.magnitude, scope)
    return state.evolve(**arrays)


def schedule_branch(
    events, world: World, params: Params, branch: int | None, later: Params, members: int
) -> dict[int, list[Compiled]]:
    """A scenario's compiled events: the trunk's with its levers, the branch's with its own.

    Events dated before ``branch`` are compiled with ``params`` (the trunk's, every lever
    at its default), the others and the ceasefire lever's event with ``later`` (the
    scenario's); without a branch, every event with ``params``.

    Raises
    ------
    ScenarioError
        For a ceasefire quarter (from a lever override) before the branch, or ``pact``
        off after a treaty of the pact's parties in the trunk (it would do nothing).
    """
    if branch is None:
        return schedule(events, world, params, members)
    compiled = schedule([e for e in events if e.quarter < branch], world, params, members)
    after = schedule([e for e in events if e.quarter >= branch], world, later, members)
    if any(quarter < branch for quarter in after):
        raise ScenarioError(
            f"params_override: levers.ceasefire: a quarter before the branch "
            f"({format_quarter(branch)}); allowed: none or a quarter from the branch on"
        )
    pact = [e for e in events if e.quarter < branch and frozenset(e.actors) == PACT_PARTIES]
    if any(e.kind == "treaty" for e in pact) and not np.all(later["levers.pact"]):
        raise ScenarioError(
            "params_override: levers.pact: false has no effect after the treaty, which is in "
            f"the trunk; allowed: true, or false in a scenario branching at "
            f"{format_quarter(min(e.quarter for e in pact if e.kind == 'treaty'))} or earlier"
        )
    for quarter, entries in after.items():
        compiled.setdefault(quarter, []).extend(entries)
    return compiled
