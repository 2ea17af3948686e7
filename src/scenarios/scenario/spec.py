"""What a resolved scenario is: :class:`Scenario`, its :class:`Event` and FrozenMap."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from scenarios.errors import ScenarioError, allowed_list, shorten, show, suggest
from scenarios.quarters import format_quarter, quarter_range
from scenarios.registry import LEVERS
from scenarios.registry.parameters import PARAMETER_SECTIONS, PARAMETERS
from scenarios.scenario.checks import EVENTS_FILE, unknown
from scenarios.scenario.schedule import LeverChange
from scenarios.scenario.values import (
    is_integer,
    lever_default,
    lever_text,
    number,
    toml_value,
)


class FrozenMap(Mapping[str, Any]):
    """A read-only, hashable, picklable mapping (scenarios travel to worker processes)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_data", dict(data))

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("FrozenMap is read-only")

    def __getstate__(self) -> dict[str, Any]:
        return self._data

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "_data", dict(state))

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


@dataclass(frozen=True)
class Event:
    """A scheduled event.

    Attributes
    ----------
    kind : str
        A key of :data:`~scenarios.registry.EVENT_KINDS`.
    quarter : int
        Quarter index in which the event happens (see :mod:`scenarios.quarters`).
    actors : tuple of str
        Iso3 codes, in the order the kind's ``actors`` describes (e.g. sender, target).
    magnitude : float
        Size of the event, within the kind's range.
    note : str
        Why the event is there; for events taken from ``data/events.csv`` the event id
        and description.
    """

    kind: str
    quarter: int
    actors: tuple[str, ...]
    magnitude: float
    note: str = ""


@dataclass(frozen=True)
class Scenario:
    """A validated, fully resolved scenario; build it with :func:`~scenarios.load_scenario`.

    Attributes
    ----------
    name : str
        Scenario name (the file name without ``.toml``).
    description : str
        One line saying what the scenario asks.
    path : pathlib.Path or None
        File it was read from.
    extends : str or None
        Name of the parent scenario, if any.
    actors : tuple of str
        Iso3 codes of the states in the run, in ``data/states.csv`` order.
    start : int
        First quarter of the run: the trunk's start (quarter index), the same for every
        scenario.
    horizon : int
        Number of quarters simulated, from ``start``: the trunk up to the branch plus the
        file's ``world.horizon_quarters`` after it.
    branch : int
        Quarter in which the scenario leaves the trunk (``world.branch``, default the end
        of the record): observed events dated before it are replayed, and the levers,
        lever changes and the scenario's own events act from it on.
    parameters : Mapping[str, float]
        Every key of :data:`~scenarios.registry.parameters.PARAMETERS`, defaults filled in
        (an ``int`` for integer parameters).
    levers : Mapping[str, object]
        Every key of :data:`~scenarios.registry.LEVERS`, defaults filled in, in force from
        the branch (before it every lever holds its registry default); float
        levers are floats, bool levers bools, choice levers strings and quarter levers
        an int quarter index or ``None``.
    events : tuple of Event
        Scheduled events sorted by quarter: the trunk's (the observed record, dated before
        the branch) then the scenario's own (from the branch on; the parent file's before
        the child's).
    lever_changes : tuple of LeverChange
        Levers taking new values after the branch, sorted by quarter
        (:mod:`scenarios.scenario.schedule`); ``levers`` holds the values from the branch.
    parents : tuple of pathlib.Path
        The files of its parents, nearest first: which file each ``extends`` named
        (one beside the child, or a shipped scenario).
    """

    name: str
    description: str
    path: Path | None
    extends: str | None
    actors: tuple[str, ...]
    start: int
    horizon: int
    branch: int
    parameters: Mapping[str, float]
    levers: Mapping[str, Any]
    events: tuple[Event, ...]
    lever_changes: tuple[LeverChange, ...] = ()
    parents: tuple[Path, ...] = ()

    @property
    def end(self) -> int:
        """First quarter after the run (``start + horizon``)."""
        return self.start + self.horizon

    @property
    def trunk_events(self) -> tuple[Event, ...]:
        """The replayed record: events dated before the branch."""
        return tuple(event for event in self.events if event.quarter < self.branch)

    @property
    def own_events(self) -> tuple[Event, ...]:
        """The scenario's own events: from the branch on."""
        return tuple(event for event in self.events if event.quarter >= self.branch)

    @property
    def quarters(self) -> range:
        """Every simulated quarter index, in order."""
        return quarter_range(self.start, self.horizon)

    def with_values(self, values: Mapping[str, Any]) -> Scenario:
        """Return a re-validated copy with some parameters or levers changed.

        Parameters
        ----------
        values : Mapping[str, object]
            Keys are parameter keys (``"sanctions.isolation_pull"``) or
            ``"levers.<name>"``. Values are checked exactly as in a scenario file;
            numpy scalars are accepted, and a quarter lever also takes an int quarter
            index or ``None``.

        Returns
        -------
        Scenario
            A new scenario; this one is unchanged.

        Raises
        ------
        ScenarioError
            For an unknown key or a value of the wrong type or out of range.
        """
        where = f"{self.path or self.name} (with_values)"
        parameters = dict(self.parameters)
        levers = dict(self.levers)
        for key, value in values.items():
            if not isinstance(key, str):
                raise ScenarioError(f"{where}: {show(key)}: keys must be strings")
            if key.startswith("levers."):
                lever = key.removeprefix("levers.")
                if lever not in LEVERS:
                    raise unknown(where, "levers.", lever, LEVERS, "lever")
                if LEVERS[lever].kind == "quarter" and (value is None or is_integer(value)):
                    levers[lever] = None if value is None else int(value)
                else:
                    levers[lever] = LEVERS[lever].check(value, where, key)
                quarter = levers[lever] if LEVERS[lever].kind == "quarter" else None
                if quarter is not None and quarter < self.branch:
                    raise ScenarioError(
                        f"{where}: {key}: {format_quarter(quarter)} is before the branch "
                        f'({format_quarter(self.branch)}); allowed: "none" or a quarter from '
                        "the branch on (levers act only from the branch)"
                    )
            elif key in PARAMETERS:
                parameters[key] = PARAMETERS[key].check(value, where, key)
            else:
                keys = [*PARAMETERS, *(f"levers.{name}" for name in LEVERS)]
                raise ScenarioError(
                    f"{where}: {shorten(key)}: unknown key{suggest(key, keys)}; allowed: a "
                    f"parameter key such as sanctions.isolation_pull, or levers.<name> "
                    f"({allowed_list(LEVERS)})"
                )
        return replace(self, parameters=FrozenMap(parameters), levers=FrozenMap(levers))

    def to_dict(self) -> dict[str, Any]:
        """The fully resolved scenario as plain TOML-like data.

        The result is self-contained: ``extends`` is resolved, every parameter and
        lever is listed, and ``events`` lists the scenario's own events (the trunk's
        replayed record is implied by ``world.branch``); ``lever_changes`` appears when
        there are any. Written as TOML to a file named ``<name>.toml`` it loads back to
        the same actors, quarters, parameters, levers, events and lever changes.
        """
        sections: dict[str, dict[str, Any]] = {s: {} for s in PARAMETER_SECTIONS}
        for key, value in self.parameters.items():
            section, name = key.split(".", 1)
            sections[section][name] = value
        levers = {name: lever_text(LEVERS[name], value) for name, value in self.levers.items()}
        events = []
        for event in self.own_events:
            entry: dict[str, Any] = {
                "kind": event.kind,
                "date": format_quarter(event.quarter),
                "actors": list(event.actors),
                "magnitude": event.magnitude,
            }
            if event.note:
                entry["note"] = event.note
            events.append(entry)
        resolved = {
            "name": self.name,
            "description": self.description,
            "world": {
                "actors": list(self.actors),
                "branch": format_quarter(self.branch),
                "horizon_quarters": self.end - self.branch,
            },
            "parameters": sections,
            "levers": levers,
            "events": events,
        }
        if self.lever_changes:
            resolved["lever_changes"] = [change.to_dict() for change in self.lever_changes]
        return resolved

    def to_toml(self) -> str:
        """:meth:`to_dict` as TOML text, with units, ranges and defaults as comments."""
        lines = [f"# scenario {self.name}: fully resolved"]
        if self.path is not None:
            lines[0] += f" from {self.path}"
        if self.extends:
            source = f" ({self.parents[0]})" if self.parents else ""
            lines.append(f"# extends {self.extends}{source}; inherited values are written out")
        lines.append(
            f"# follows the trunk ({EVENTS_FILE} replayed from {format_quarter(self.start)}) "
            f"up to the branch, {format_quarter(self.branch)}"
        )
        data = self.to_dict()
        lines += [
            f"name = {toml_value(data['name'])}",
            f"description = {toml_value(data['description'])}",
        ]
        if not data["events"]:
            lines.append("events = []  # no scheduled events of its own")
        lines += ["", "[world]"]
        lines += [f"{key} = {toml_value(value)}" for key, value in data["world"].items()]
        for section, values in data["parameters"].items():
            lines += ["", f"[parameters.{section}]"]
            for name, value in values.items():
                spec = PARAMETERS[f"{section}.{name}"]
                comment = f"{spec.unit}, {number(spec.low)} to {number(spec.high)}"
                if value != spec.default:
                    comment += f"; default {number(spec.default)}"
                lines.append(f"{name} = {toml_value(value)}  # {comment}")
        lines += ["", "[levers]"]
        for name, value in data["levers"].items():
            lever = LEVERS[name]
            comment = lever.allowed
            default = lever_text(lever, lever_default(lever))
            if value != default:
                comment += f"; default {toml_value(default)}"
            lines.append(f"{name} = {toml_value(value)}  # {comment}")
        for event in data["events"]:
            lines += ["", "[[events]]"]
            lines += [f"{key} = {toml_value(value)}" for key, value in event.items()]
        for change in data.get("lever_changes", []):
            lines += ["", "[[lever_changes]]"]
            lines += [f"{key} = {toml_value(value)}" for key, value in change.items()]
        return "\n".join(lines) + "\n"
