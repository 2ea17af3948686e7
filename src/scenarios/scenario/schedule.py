"""Scheduled lever changes: a lever taking a new value from a given quarter on.

A scenario file lists them as ``[[lever_changes]]`` tables::

    [[lever_changes]]
    lever = "sanctions_intensity"  # one of scenarios.registry.levers.SCHEDULABLE
    date = "2026Q1"                # a quarter, "2026-02-24" or the TOML date 2026-02-24
    value = 0.5                    # checked by the lever's spec, as under [levers]
    note = "why"                   # optional

``[levers]`` gives each lever's value from the branch (``world.branch``; before it every
lever holds its registry default, so the trunk is the same for every scenario); a change
replaces it from its quarter on, until a later change of the same lever, and may not be
dated before the branch. A change acts in the step of its quarter,
before that quarter's events, so (as for events) the record of ``date`` is the same as
without the change and the record of the next quarter shows it. A child file's changes
are added to its parent's; a child's change of the same lever in the same quarter
replaces the parent's.

Changes are their own table rather than an event kind: they name no actors and no
magnitude, and ``data/events.csv`` (facts) could never hold one. The model applies them
in :mod:`scenarios.model.lever_changes`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scenarios.errors import ScenarioError, allowed_list, describe, suggest
from scenarios.quarters import format_quarter, parse_when
from scenarios.registry import LEVERS
from scenarios.registry.levers import SCHEDULABLE
from scenarios.scenario.checks import check_keys

_KEYS = ("lever", "date", "value", "note")

RESCALED = "sanctions_intensity"
"""The lever whose change rescales what is in force, so that it cannot rise from 0."""


@dataclass(frozen=True)
class LeverChange:
    """A lever taking a new value from a quarter on.

    Attributes
    ----------
    lever : str
        A name in :data:`~scenarios.registry.levers.SCHEDULABLE`.
    quarter : int
        Quarter index from which the lever takes ``value``.
    value : float or str
        The value, normalised by the lever's spec (a choice lever's choice as a str).
    note : str
        Why the change is there.
    """

    lever: str
    quarter: int
    value: Any
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The change as a ``[[lever_changes]]`` table writes it."""
        entry = {"lever": self.lever, "date": format_quarter(self.quarter), "value": self.value}
        return entry | ({"note": self.note} if self.note else {})


@dataclass(frozen=True)
class PendingChange:
    """A change checked on its own, waiting for the merged horizon and starting levers."""

    where: str
    key: str
    change: LeverChange


def check_lever_changes(value: Any, where: str) -> list[PendingChange]:
    """Check one file's ``[[lever_changes]]`` array, each entry on its own."""
    if not isinstance(value, list):
        raise ScenarioError(
            f"{where}: lever_changes: expected [[lever_changes]] tables, got {describe(value)}"
        )
    checked: list[PendingChange] = []
    seen: dict[tuple[str, int], str] = {}
    for index, entry in enumerate(value):
        pending = _check_change(entry, where, f"lever_changes[{index}]")
        slot = (pending.change.lever, pending.change.quarter)
        if slot in seen:
            raise ScenarioError(
                f"{where}: {pending.key}: {slot[0]} already changes in "
                f"{format_quarter(slot[1])} ({seen[slot]}); allowed: one change of a lever "
                "per quarter"
            )
        seen[slot] = pending.key
        checked.append(pending)
    return checked


def _check_change(entry: Any, where: str, key: str) -> PendingChange:
    if not isinstance(entry, dict):
        raise ScenarioError(
            f"{where}: {key}: expected a table with lever, date and value, got {describe(entry)}"
        )
    check_keys(entry, _KEYS, where, f"{key}.")
    for required, meaning in (
        ("lever", f"one of {', '.join(SCHEDULABLE)}"),
        ("date", 'a quarter like "2026Q1" or a date like 2026-02-24'),
        ("value", "the lever's value from that quarter on"),
    ):
        if required not in entry:
            raise ScenarioError(f"{where}: {key}.{required}: missing; required: {meaning}")
    name = entry["lever"]
    if not isinstance(name, str) or name not in LEVERS:
        hint = suggest(name, LEVERS) if isinstance(name, str) else ""
        raise ScenarioError(
            f"{where}: {key}.lever: unknown lever{hint}; allowed: {allowed_list(LEVERS)}"
        )
    if name not in SCHEDULABLE:
        raise ScenarioError(
            f"{where}: {key}.lever: {name!r} cannot change during a run (pact: add a treaty "
            "event instead; ceasefire: set its quarter under [levers]); allowed: "
            f"{', '.join(SCHEDULABLE)}"
        )
    try:
        quarter = parse_when(entry["date"])
    except ValueError:
        raise ScenarioError(
            f'{where}: {key}.date: expected a quarter like "2026Q1" or a date like '
            f"2026-02-24, got {describe(entry['date'])}"
        ) from None
    value = LEVERS[name].check(entry["value"], where, f"{key}.value")
    note = entry.get("note", "")
    if not isinstance(note, str):
        raise ScenarioError(f"{where}: {key}.note: expected a string, got {describe(note)}")
    return PendingChange(where, key, LeverChange(name, quarter, value, note))


def resolve_lever_changes(
    layers: Sequence[Sequence[PendingChange]],
    levers: Mapping[str, Any],
    start: int,
    horizon: int,
    span: str,
) -> tuple[LeverChange, ...]:
    """Merge the layers' changes (root first) and check them against the resolved run.

    Parameters
    ----------
    layers : sequence of sequences of PendingChange
        Each file's changes, root ancestor first.
    levers : Mapping
        The resolved ``[levers]``: each lever's value from the branch.
    start, horizon : int
        The branch quarter and the number of quarters after it.
    span : str
        The allowed quarters in words, for the message.

    Returns
    -------
    tuple of LeverChange
        Sorted by quarter.

    Raises
    ------
    ScenarioError
        For a change before the branch or after the horizon, or ``sanctions_intensity``
        rising from 0 (a
        change rescales the sanctions in force, and at 0 none is left to rescale).
    """
    merged: dict[tuple[str, int], PendingChange] = {}
    for layer in layers:
        for pending in layer:
            merged[pending.change.lever, pending.change.quarter] = pending
    ordered = sorted(merged.values(), key=lambda pending: pending.change.quarter)
    in_force = levers[RESCALED]
    for pending in ordered:
        change = pending.change
        if not start <= change.quarter < start + horizon:
            where = "before the branch" if change.quarter < start else "after the horizon"
            raise ScenarioError(
                f"{pending.where}: {pending.key}.date: {format_quarter(change.quarter)} is "
                f"{where}; allowed: {span}"
            )
        if change.lever == RESCALED:
            if in_force == 0 and change.value > 0:
                raise ScenarioError(
                    f"{pending.where}: {pending.key}.value: {RESCALED} rises from 0 in "
                    f"{format_quarter(change.quarter)}, but a change rescales the sanctions "
                    "in force and none are; allowed: a rise from a value above 0"
                )
            in_force = change.value
    return tuple(pending.change for pending in ordered)
