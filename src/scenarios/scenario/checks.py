"""The rules of one scenario file: key, type and range checks of each table.

Every check raises one :class:`~scenarios.errors.ScenarioError` naming the file
(``where``), the key path and what is allowed. Checks that need the whole chain of
files (the horizon, the actor set of the resolved scenario) are in
:mod:`scenarios.scenario.layers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scenarios.errors import ScenarioError, allowed_list, describe, shorten, show, suggest
from scenarios.facts import FactBase
from scenarios.quarters import SPAN, parse_quarter, parse_when
from scenarios.registry import EVENT_KINDS, LEVERS, EventKindSpec
from scenarios.registry.parameters import PARAMETER_SECTIONS, PARAMETERS
from scenarios.scenario.values import is_integer

MAX_HORIZON = 200
"""Longest allowed run after the branch, in quarters (50 years)."""

MAX_DESCRIPTION = 160
"""Longest allowed description, in characters, so that ``scenarios list`` stays readable."""

STATES_FILE = "data/states.csv"
"""The fact file of the states a scenario may name, as messages cite it."""

EVENTS_FILE = "data/events.csv"
"""The fact file of observed events, as messages and notes cite it."""

TRUNK_FILE = "data/scenarios/replay_2022.toml"
"""The file of the trunk (its start and the record's magnitudes), as messages cite it."""

_WORLD_KEYS = ("actors", "branch", "horizon_quarters")
_TRUNK_WORLD_KEYS = ("actors", "branch", "horizon_quarters", "start")
_RETIRED = {
    "start": f"set once by the trunk ({TRUNK_FILE}), not by a scenario",
    "include_data_events": "the observed record is always replayed up to the branch",
}
_EVENT_KEYS = ("kind", "date", "actors", "magnitude", "note")


@dataclass
class PendingEvent:
    """An ``[[events]]`` entry checked on its own, waiting for the merged horizon and actors."""

    where: str
    key: str
    kind: EventKindSpec
    quarter: int
    actors: tuple[str, ...]
    magnitude: float
    note: str


def check_description(document: Mapping[str, Any], where: str) -> str:
    """Return a file's one-line description, stripped."""
    if "description" not in document:
        raise ScenarioError(
            f"{where}: description: missing; required: one line saying what the scenario asks"
        )
    text = document["description"]
    if not isinstance(text, str):
        raise ScenarioError(
            f"{where}: description: expected a one-line string, got {describe(text)}"
        )
    allowed = f"allowed: one line of 1 to {MAX_DESCRIPTION} characters"
    if not text.strip():
        raise ScenarioError(f"{where}: description: is empty; {allowed}")
    if len(text.strip().splitlines()) > 1:
        lines = len(text.strip().splitlines())
        raise ScenarioError(f"{where}: description: spans {lines} lines; {allowed}")
    if len(text.strip()) > MAX_DESCRIPTION:
        raise ScenarioError(f"{where}: description: has {len(text.strip())} characters; {allowed}")
    return text.strip()


def check_table(document: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    """Return ``document[key]`` (empty if absent), which must be a TOML table."""
    value = document.get(key, {})
    if not isinstance(value, dict):
        raise ScenarioError(f"{where}: {key}: expected a table [{key}], got {describe(value)}")
    return value


def check_world(
    table: Mapping[str, Any], where: str, facts: FactBase, *, trunk: bool = False
) -> dict[str, Any]:
    """Check a ``[world]`` table; return the keys it sets, converted.

    Only the trunk's file (``trunk``) may set ``start``; a scenario sets ``branch``.
    """
    for key, why in _RETIRED.items():
        if key in table and not (trunk and key == "start"):
            raise ScenarioError(
                f'{where}: world.{key}: {why}; allowed: world.branch = "2024Q2" (the quarter '
                f"the scenario leaves the trunk; default the end of the record), "
                f"{allowed_list(_WORLD_KEYS)}"
            )
    check_keys(table, _TRUNK_WORLD_KEYS if trunk else _WORLD_KEYS, where, "world.")
    world: dict[str, Any] = {}
    if "actors" in table:
        world["actors"] = _check_actor_set(table["actors"], where, facts)
    for key in ("start", "branch"):
        if key in table:
            world[key] = _check_quarter(table[key], where, f"world.{key}")
    if "horizon_quarters" in table:
        value = table["horizon_quarters"]
        if not is_integer(value) or not 0 <= value <= MAX_HORIZON:
            raise ScenarioError(
                f"{where}: world.horizon_quarters: expected an integer from 0 to "
                f"{MAX_HORIZON} (quarters after the branch), got {describe(value)}"
            )
        world["horizon_quarters"] = int(value)
    return world


def _check_quarter(value: Any, where: str, key: str) -> int:
    try:
        return parse_quarter(value)
    except ValueError:
        raise ScenarioError(
            f'{where}: {key}: expected a quarter string like "2024Q3" ({SPAN}), '
            f"got {describe(value)}"
        ) from None


def _check_actor_set(value: Any, where: str, facts: FactBase) -> tuple[str, ...] | str:
    if value == "all":
        return "all"
    if not isinstance(value, list):
        raise ScenarioError(
            f'{where}: world.actors: expected "all" or an array of iso3 codes from '
            f"{STATES_FILE}, got {describe(value)}"
        )
    codes = _check_codes(value, where, "world.actors", facts)
    if len(codes) < 2:
        raise ScenarioError(
            f"{where}: world.actors: needs at least 2 states, got {len(codes)}; allowed: "
            f'"all" or an array of 2 or more iso3 codes from {STATES_FILE}'
        )
    return codes


def _check_codes(values: list[Any], where: str, key: str, facts: FactBase) -> tuple[str, ...]:
    codes: list[str] = []
    for index, code in enumerate(values):
        item = f"{key}[{index}]"
        if not isinstance(code, str):
            raise ScenarioError(
                f"{where}: {item}: expected an iso3 code string, got {describe(code)}"
            )
        if code not in facts.codes:
            raise ScenarioError(f"{where}: {item}: {_unknown_code(code, facts)}")
        if code in codes:
            raise ScenarioError(
                f"{where}: {item}: {show(code)} is listed twice; allowed: each state once"
            )
        codes.append(code)
    return tuple(codes)


def _unknown_code(code: str, facts: FactBase) -> str:
    if code in facts.group_codes:
        members = facts.expand(code)
        return (
            f"{show(code)} is a group, not a state; allowed: iso3 codes of states in "
            f"{STATES_FILE} (list its members, e.g. {allowed_list(members, limit=8)})"
        )
    return (
        f"{show(code)} is not a state in {STATES_FILE}{suggest(code.upper(), facts.codes)}; "
        f"allowed: iso3 codes listed there ({allowed_list(facts.codes, limit=6)})"
    )


def check_data_events(
    table: Mapping[str, Any], where: str, facts: FactBase, *, trunk: bool = False
) -> dict[str, tuple[str, float]]:
    """Check ``[data_events]``: map each event id to its key path and magnitude.

    Only the trunk's file may size the record's events, so that every scenario replays
    the same trunk.
    """
    modelled = facts.events[facts.events["model_kind"] != ""]
    kinds = dict(zip(modelled["event_id"], modelled["model_kind"], strict=True))
    checked: dict[str, tuple[str, float]] = {}
    for event_id, value in table.items():
        key = f"data_events.{shorten(event_id)}"
        if event_id not in kinds:
            raise ScenarioError(
                f"{where}: {key}: no event {show(event_id)} with a model_kind in "
                f"{EVENTS_FILE}{suggest(event_id, kinds)}; allowed: an event_id of a "
                "modelled event"
            )
        spec = EVENT_KINDS[kinds[event_id]]
        checked[event_id] = (key, spec.check(value, where, key))
    if table and not trunk:
        raise ScenarioError(
            f"{where}: data_events: the observed record's magnitudes are set once, in the "
            f"trunk ({TRUNK_FILE}); allowed: only there (a scenario adds [[events]] from its "
            "branch on)"
        )
    return checked


def check_parameters(table: Mapping[str, Any], where: str) -> dict[str, float]:
    """Check ``[parameters.*]`` tables; return the values by parameter key."""
    checked: dict[str, float] = {}
    for section, values in table.items():
        if section not in PARAMETER_SECTIONS:
            raise unknown(where, "parameters.", section, PARAMETER_SECTIONS, "section")
        if not isinstance(values, dict):
            raise ScenarioError(
                f"{where}: parameters.{section}: expected a table [parameters.{section}], "
                f"got {describe(values)}"
            )
        names = [key.split(".", 1)[1] for key in PARAMETERS if key.startswith(f"{section}.")]
        for name, value in values.items():
            path = f"parameters.{section}.{name}"
            if name not in names:
                raise unknown(where, f"parameters.{section}.", name, names, "parameter")
            key = f"{section}.{name}"
            checked[key] = PARAMETERS[key].check(value, where, path)
    return checked


def check_levers(table: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Check a ``[levers]`` table; return the values by lever name."""
    checked = {}
    for name, value in table.items():
        if name not in LEVERS:
            raise unknown(where, "levers.", name, LEVERS, "lever")
        checked[name] = LEVERS[name].check(value, where, f"levers.{name}")
    return checked


def check_events(value: Any, where: str, facts: FactBase) -> list[PendingEvent]:
    """Check the ``[[events]]`` array, each entry on its own."""
    if not isinstance(value, list):
        raise ScenarioError(f"{where}: events: expected [[events]] tables, got {describe(value)}")
    return [_check_event(entry, where, f"events[{i}]", facts) for i, entry in enumerate(value)]


def _check_event(entry: Any, where: str, key: str, facts: FactBase) -> PendingEvent:
    if not isinstance(entry, dict):
        raise ScenarioError(
            f"{where}: {key}: expected a table with kind, date and actors, got {describe(entry)}"
        )
    check_keys(entry, _EVENT_KEYS, where, f"{key}.")
    for required, meaning in (
        ("kind", f"one of {allowed_list(EVENT_KINDS)}"),
        ("date", 'a quarter like "2025Q1" or a date like 2025-02-24'),
        ("actors", "an array of iso3 codes"),
    ):
        if required not in entry:
            raise ScenarioError(f"{where}: {key}.{required}: missing; required: {meaning}")
    kind = entry["kind"]
    if not isinstance(kind, str) or kind not in EVENT_KINDS:
        hint = suggest(kind, EVENT_KINDS) if isinstance(kind, str) else ""
        raise ScenarioError(
            f"{where}: {key}.kind: {describe(kind)} is not an event kind{hint}; "
            f"allowed: {allowed_list(EVENT_KINDS)}"
        )
    spec = EVENT_KINDS[kind]
    try:
        quarter = parse_when(entry["date"])
    except ValueError:
        raise ScenarioError(
            f'{where}: {key}.date: expected a quarter like "2025Q1" or a date like '
            f"2025-02-24 ({SPAN}), got {describe(entry['date'])}"
        ) from None
    actors = entry["actors"]
    count = (
        str(spec.min_actors)
        if spec.min_actors == spec.max_actors
        else f"{spec.min_actors} to {spec.max_actors}"
    )
    if not isinstance(actors, list) or not spec.min_actors <= len(actors) <= spec.max_actors:
        got = f"{len(actors)} actors" if isinstance(actors, list) else describe(actors)
        raise ScenarioError(
            f"{where}: {key}.actors: a {kind} event takes {count} iso3 codes {spec.actors}, "
            f"got {got}"
        )
    codes = _check_codes(actors, where, f"{key}.actors", facts)
    magnitude = spec.default_magnitude
    if "magnitude" in entry:
        magnitude = spec.check(entry["magnitude"], where, f"{key}.magnitude")
    note = entry.get("note", "")
    if not isinstance(note, str):
        raise ScenarioError(f"{where}: {key}.note: expected a string, got {describe(note)}")
    return PendingEvent(where, key, spec, quarter, codes, magnitude, note)


def check_keys(table: Mapping[str, Any], allowed: tuple[str, ...], where: str, prefix: str) -> None:
    """Reject any key of ``table`` not in ``allowed`` (``prefix`` starts the key path)."""
    for key in table:
        if key not in allowed:
            raise ScenarioError(
                f"{where}: {prefix}{shorten(key)}: unknown key{suggest(key, allowed)}; allowed: "
                f"{allowed_list(allowed)}"
            )


def unknown(where: str, prefix: str, name: str, allowed: Any, what: str) -> ScenarioError:
    """The error for an unknown name (its key path is ``prefix + name``), with a suggestion."""
    return ScenarioError(
        f"{where}: {prefix}{shorten(name)}: unknown {what}{suggest(name, allowed)}; "
        f"allowed: {allowed_list(allowed)}"
    )
