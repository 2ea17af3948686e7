"""Scenario files: parse, validate and resolve ``data/scenarios/*.toml``.

A scenario holds the assumptions of a run (facts live in ``data/*.csv``): which
states take part, when the run starts and how long it lasts, the model parameters,
the policy levers and the scheduled events. The file format::

    description = "One line saying what this scenario asks."   # required
    name = "baseline"           # optional; must equal the file name without .toml
    extends = "baseline"        # optional; another file in the same folder

    [world]
    actors = "all"              # or ["USA", "CHN", ...]: iso3 codes from data/states.csv
    start = "2024Q3"
    horizon_quarters = 40       # 1..200
    include_data_events = false # true: data/events.csv rows with a model_kind join the run

    [data_events]               # only with include_data_events: magnitude per event_id
    camp_david_2023 = 0.5

    [parameters.sanctions]      # any key of scenarios.parameters.PARAMETERS
    isolation_pull = 0.03

    [levers]                    # any key of scenarios.parameters.LEVERS
    china_stance = "supportive"

    [[events]]                  # any number; kind from scenarios.parameters.EVENT_KINDS
    kind = "sanctions"
    date = "2025Q1"             # a quarter, "2025-02-24" or the TOML date 2025-02-24
    actors = ["USA", "CHN"]
    magnitude = 0.3             # optional: the kind's default
    note = "why"                # optional

A child file (``extends``) states only what differs: its tables are merged into the
parent's key by key, and its ``[[events]]`` are appended to the parent's. Every file
needs its own ``description``.

Every problem raises one :class:`~scenarios.errors.ScenarioError` whose one-line
message names the file, the key path (``events[2].actors[1]``: indices count from 0
within that file's own list) and what is allowed. Files are only ever read as TOML
data; nothing in them is executed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import numbers
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scenarios.data import FactBase, data_dir, load_facts
from scenarios.errors import DataError, ScenarioError, allowed_list, suggest
from scenarios.parameters import (
    EVENT_KINDS,
    LEVERS,
    PARAMETER_SECTIONS,
    PARAMETERS,
    EventKindSpec,
    LeverSpec,
    ParameterSpec,
)
from scenarios.quarters import (
    format_quarter,
    parse_quarter,
    parse_when,
    quarter_of_date,
    quarter_range,
)

MAX_HORIZON = 200
"""Longest allowed run, in quarters (50 years)."""

MAX_DESCRIPTION = 160
"""Longest allowed description, in characters, so that ``scenarios list`` stays readable."""

_TOP_KEYS = (
    "name",
    "description",
    "extends",
    "world",
    "data_events",
    "parameters",
    "levers",
    "events",
)
_WORLD_KEYS = ("actors", "start", "horizon_quarters", "include_data_events")
_EVENT_KEYS = ("kind", "date", "actors", "magnitude", "note")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_TOML_POSITION = re.compile(
    r"^(?P<message>.*?) \("
    r"(?:at line (?P<line>\d+), column (?P<column>\d+)|(?P<end>at end of document))\)$"
)
_STATES_FILE = "data/states.csv"
_EVENTS_FILE = "data/events.csv"


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
        A key of :data:`~scenarios.parameters.EVENT_KINDS`.
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
    """A validated, fully resolved scenario. Build it with :func:`load_scenario`.

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
        First quarter of the run (quarter index).
    horizon : int
        Number of quarters simulated.
    parameters : Mapping[str, float]
        Every key of :data:`~scenarios.parameters.PARAMETERS`, defaults filled in
        (an ``int`` for integer parameters).
    levers : Mapping[str, object]
        Every key of :data:`~scenarios.parameters.LEVERS`, defaults filled in; float
        levers are floats, bool levers bools, choice levers strings and quarter levers
        an int quarter index or ``None``.
    events : tuple of Event
        Scheduled events sorted by quarter (stable: events from ``data/events.csv``
        first, then the parent file's, then the child's).
    include_data_events : bool
        Whether ``data/events.csv`` contributed events.
    """

    name: str
    description: str
    path: Path | None
    extends: str | None
    actors: tuple[str, ...]
    start: int
    horizon: int
    parameters: Mapping[str, float]
    levers: Mapping[str, Any]
    events: tuple[Event, ...]
    include_data_events: bool = False

    @property
    def end(self) -> int:
        """First quarter after the run (``start + horizon``)."""
        return self.start + self.horizon

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
                raise ScenarioError(f"{where}: {key!r}: keys must be strings")
            if key.startswith("levers."):
                lever = key.removeprefix("levers.")
                if lever not in LEVERS:
                    raise _unknown(where, key, lever, LEVERS, "lever")
                if LEVERS[lever].kind == "quarter" and (value is None or _is_integer(value)):
                    levers[lever] = None if value is None else int(value)
                else:
                    levers[lever] = _check_lever(LEVERS[lever], value, where, key)
            elif key in PARAMETERS:
                parameters[key] = _check_parameter(PARAMETERS[key], value, where, key)
            else:
                keys = [*PARAMETERS, *(f"levers.{name}" for name in LEVERS)]
                raise ScenarioError(
                    f"{where}: {key}: unknown key{suggest(key, keys)}; allowed: a parameter "
                    f"key such as sanctions.isolation_pull, or levers.<name> "
                    f"({allowed_list(LEVERS)})"
                )
        return replace(self, parameters=FrozenMap(parameters), levers=FrozenMap(levers))

    def to_dict(self) -> dict[str, Any]:
        """The fully resolved scenario as plain TOML-like data.

        The result is self-contained: ``extends`` is resolved, every parameter and
        lever is listed, and events from ``data/events.csv`` appear under ``events``
        (so ``include_data_events`` is ``False``). Written as TOML to a file named
        ``<name>.toml`` it loads back to the same actors, quarters, parameters, levers
        and events.
        """
        sections: dict[str, dict[str, Any]] = {s: {} for s in PARAMETER_SECTIONS}
        for key, value in self.parameters.items():
            section, name = key.split(".", 1)
            sections[section][name] = value
        levers = {name: _lever_text(LEVERS[name], value) for name, value in self.levers.items()}
        events = []
        for event in self.events:
            entry: dict[str, Any] = {
                "kind": event.kind,
                "date": format_quarter(event.quarter),
                "actors": list(event.actors),
                "magnitude": event.magnitude,
            }
            if event.note:
                entry["note"] = event.note
            events.append(entry)
        return {
            "name": self.name,
            "description": self.description,
            "world": {
                "actors": list(self.actors),
                "start": format_quarter(self.start),
                "horizon_quarters": self.horizon,
                "include_data_events": False,
            },
            "parameters": sections,
            "levers": levers,
            "events": events,
        }

    def to_toml(self) -> str:
        """:meth:`to_dict` as TOML text, with units, ranges and defaults as comments."""
        lines = [f"# scenario {self.name}: fully resolved"]
        if self.path is not None:
            lines[0] += f" from {self.path}"
        if self.extends:
            lines.append(f"# extends {self.extends}; inherited values are written out")
        if self.include_data_events:
            lines.append(f"# events from {_EVENTS_FILE} are listed under [[events]]")
        data = self.to_dict()
        lines += [
            f"name = {_toml_value(data['name'])}",
            f"description = {_toml_value(data['description'])}",
        ]
        if not data["events"]:
            lines.append("events = []  # no scheduled events")
        lines += ["", "[world]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in data["world"].items()]
        for section, values in data["parameters"].items():
            lines += ["", f"[parameters.{section}]"]
            for name, value in values.items():
                spec = PARAMETERS[f"{section}.{name}"]
                comment = f"{spec.unit}, {_number(spec.low)} to {_number(spec.high)}"
                if value != spec.default:
                    comment += f"; default {_number(spec.default)}"
                lines.append(f"{name} = {_toml_value(value)}  # {comment}")
        lines += ["", "[levers]"]
        for name, value in data["levers"].items():
            lever = LEVERS[name]
            comment = _lever_allowed(lever)
            default = _lever_text(lever, _lever_default(lever))
            if value != default:
                comment += f"; default {_toml_value(default)}"
            lines.append(f"{name} = {_toml_value(value)}  # {comment}")
        for event in data["events"]:
            lines += ["", "[[events]]"]
            lines += [f"{key} = {_toml_value(value)}" for key, value in event.items()]
        return "\n".join(lines) + "\n"


def list_scenarios(directory: str | Path | None = None) -> pd.DataFrame:
    """List the scenario files in a folder.

    Only each file's ``description`` is read (use :func:`load_scenario` or
    ``scenarios validate`` to check a file fully).

    Parameters
    ----------
    directory : str or pathlib.Path, optional
        Folder of ``*.toml`` files; default ``data/scenarios``.

    Returns
    -------
    pandas.DataFrame
        Columns ``name`` and ``description``, one row per file, sorted by name.

    Raises
    ------
    ScenarioError
        If the folder is missing, or a file is not valid TOML or lacks a description.
    """
    folder = _scenario_dir(directory)
    rows = []
    for path in sorted(folder.glob("*.toml")):
        document = _read_document(path, str(path))
        rows.append({"name": path.stem, "description": _check_description(document, str(path))})
    return pd.DataFrame(rows, columns=["name", "description"])


def load_scenario(name_or_path: str | Path, *, directory: str | Path | None = None) -> Scenario:
    """Read, validate and resolve a scenario.

    Parameters
    ----------
    name_or_path : str or pathlib.Path
        A scenario name (looked up as ``<directory>/<name>.toml``) or the path of a
        ``.toml`` file (anything that is a :class:`~pathlib.Path`, ends in ``.toml``
        or contains a path separator).
    directory : str or pathlib.Path, optional
        Folder that names are looked up in; default ``data/scenarios``.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        For any problem in the file or its parents, with one line naming the file,
        the key path and what is allowed.
    DataError
        If the fact base itself is broken.
    """
    path = _locate(name_or_path, directory)
    facts = load_facts()
    layers = _read_chain(path, facts)
    return _resolve(layers, facts)


# -- locating and reading files -----------------------------------------------------------


def _scenario_dir(directory: str | Path | None) -> Path:
    folder = Path(directory) if directory is not None else data_dir() / "scenarios"
    if not folder.is_dir():
        raise ScenarioError(f"{folder}: scenario folder not found")
    return folder


def _locate(name_or_path: str | Path, directory: str | Path | None) -> Path:
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or text.endswith(".toml") or "/" in text or "\\" in text:
        path = Path(name_or_path)
        if path.is_dir():
            raise ScenarioError(f"{path}: is a folder; expected a scenario .toml file")
        if not path.is_file():
            raise ScenarioError(f"{path}: no such scenario file")
        return path
    folder = _scenario_dir(directory)
    path = folder / f"{text}.toml"
    if not _NAME.fullmatch(text) or not path.is_file():
        names = [p.stem for p in folder.glob("*.toml")]
        raise ScenarioError(
            f"no scenario named {text!r} in {folder}{suggest(text, names)}; "
            f"allowed: {allowed_list(names) or 'none found'}, or the path of a .toml file"
        )
    return path


def _read_document(path: Path, where: str) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ScenarioError(f"{where}: cannot read the file ({error.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ScenarioError(
            f"{where}: line {line}: not UTF-8 text (byte 0x{raw[error.start]:02x}); "
            "allowed: UTF-8 encoded TOML (re-save the file as UTF-8)"
        ) from None
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"{where}: {_toml_problem(str(error))}") from None


def _toml_problem(message: str) -> str:
    match = _TOML_POSITION.match(message)
    if match is None:
        return f"not valid TOML: {message}"
    where = "end of file" if match["end"] else f"line {match['line']}, column {match['column']}"
    problem = match["message"]
    hint = ""
    if problem in ("Invalid value", "Expected newline or end of document after a statement"):
        hint = (
            '; allowed values are quoted strings ("2024Q3"), numbers, true/false, dates '
            "and [arrays]"
        )
    return f"{where}: not valid TOML: {problem[:1].lower()}{problem[1:]}{hint}"


# -- one file -----------------------------------------------------------------------------


@dataclass
class _PendingEvent:
    where: str
    key: str
    kind: EventKindSpec
    quarter: int
    actors: tuple[str, ...]
    magnitude: float
    note: str


@dataclass
class _Layer:
    path: Path
    where: str
    name: str
    description: str
    extends: str | None
    world: dict[str, Any] = field(default_factory=dict)
    data_events: dict[str, tuple[str, float]] = field(default_factory=dict)
    parameters: dict[str, float] = field(default_factory=dict)
    levers: dict[str, Any] = field(default_factory=dict)
    events: list[_PendingEvent] = field(default_factory=list)


def _read_chain(path: Path, facts: FactBase) -> list[_Layer]:
    """Layers from the root ancestor down to ``path``."""
    chain: list[_Layer] = []
    seen: list[Path] = []
    current = path
    while True:
        layer = _read_layer(current, str(current), facts)
        chain.insert(0, layer)
        seen.append(current.resolve())
        if layer.extends is None:
            return chain
        parent = current.parent / f"{layer.extends}.toml"
        if not parent.is_file():
            names = [p.stem for p in current.parent.glob("*.toml") if p.resolve() != seen[-1]]
            raise ScenarioError(
                f"{layer.where}: extends: no scenario {layer.extends!r} in "
                f"{current.parent}{suggest(layer.extends, names)}; allowed: the name of "
                f"another scenario in the same folder ({allowed_list(names) or 'none found'})"
            )
        if parent.resolve() in seen:
            cycle = [p.stem for p in seen[seen.index(parent.resolve()) :]] + [parent.stem]
            raise ScenarioError(
                f"{layer.where}: extends: {layer.extends!r} makes a cycle "
                f"({' -> '.join(cycle)}); allowed: a chain of parents that ends in a "
                "scenario without extends"
            )
        current = parent


def _read_layer(path: Path, where: str, facts: FactBase) -> _Layer:
    document = _read_document(path, where)
    _check_keys(document, _TOP_KEYS, where, "")
    description = _check_description(document, where)
    name = document.get("name", path.stem)
    if name != path.stem:
        raise ScenarioError(
            f"{where}: name: {_show(name)} differs from the file name; allowed: "
            f"{path.stem!r} (or leave name out)"
        )
    extends = document.get("extends")
    if extends is not None and (not isinstance(extends, str) or not _NAME.fullmatch(extends)):
        raise ScenarioError(
            f"{where}: extends: expected the name of a scenario in the same folder "
            f"(letters, digits, _ and -, no .toml), got {_described(extends)}"
        )
    layer = _Layer(path, where, name, description, extends)
    layer.world = _check_world(_table(document, "world", where), where, facts)
    layer.data_events = _check_data_events(_table(document, "data_events", where), where, facts)
    layer.parameters = _check_parameters(_table(document, "parameters", where), where)
    layer.levers = _check_levers(_table(document, "levers", where), where)
    layer.events = _check_events(document.get("events", []), where, facts)
    return layer


def _check_description(document: Mapping[str, Any], where: str) -> str:
    if "description" not in document:
        raise ScenarioError(
            f"{where}: description: missing; required: one line saying what the scenario asks"
        )
    text = document["description"]
    if not isinstance(text, str):
        raise ScenarioError(
            f"{where}: description: expected a one-line string, got {_described(text)}"
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


def _table(document: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = document.get(key, {})
    if not isinstance(value, dict):
        raise ScenarioError(f"{where}: {key}: expected a table [{key}], got {_described(value)}")
    return value


def _check_world(table: Mapping[str, Any], where: str, facts: FactBase) -> dict[str, Any]:
    _check_keys(table, _WORLD_KEYS, where, "world.")
    world: dict[str, Any] = {}
    if "actors" in table:
        world["actors"] = _check_actor_set(table["actors"], where, facts)
    if "start" in table:
        value = table["start"]
        try:
            world["start"] = parse_quarter(value)
        except ValueError:
            raise ScenarioError(
                f'{where}: world.start: expected a quarter string like "2024Q3", got '
                f"{_described(value)}"
            ) from None
    if "horizon_quarters" in table:
        value = table["horizon_quarters"]
        if not _is_integer(value) or not 1 <= value <= MAX_HORIZON:
            raise ScenarioError(
                f"{where}: world.horizon_quarters: expected an integer from 1 to "
                f"{MAX_HORIZON} (quarters), got {_described(value)}"
            )
        world["horizon_quarters"] = int(value)
    if "include_data_events" in table:
        value = table["include_data_events"]
        if not isinstance(value, bool):
            raise ScenarioError(
                f"{where}: world.include_data_events: expected true or false, got "
                f"{_described(value)}"
            )
        world["include_data_events"] = value
    return world


def _check_actor_set(value: Any, where: str, facts: FactBase) -> tuple[str, ...] | str:
    if value == "all":
        return "all"
    if not isinstance(value, list):
        raise ScenarioError(
            f'{where}: world.actors: expected "all" or an array of iso3 codes from '
            f"{_STATES_FILE}, got {_described(value)}"
        )
    codes = _check_codes(value, where, "world.actors", facts)
    if len(codes) < 2:
        raise ScenarioError(
            f"{where}: world.actors: needs at least 2 states, got {len(codes)}; allowed: "
            f'"all" or an array of 2 or more iso3 codes from {_STATES_FILE}'
        )
    return codes


def _check_codes(values: list[Any], where: str, key: str, facts: FactBase) -> tuple[str, ...]:
    codes: list[str] = []
    for index, code in enumerate(values):
        item = f"{key}[{index}]"
        if not isinstance(code, str):
            raise ScenarioError(
                f"{where}: {item}: expected an iso3 code string, got {_described(code)}"
            )
        if code not in facts.codes:
            raise ScenarioError(f"{where}: {item}: {_unknown_code(code, facts)}")
        if code in codes:
            raise ScenarioError(
                f"{where}: {item}: {code!r} is listed twice; allowed: each state once"
            )
        codes.append(code)
    return tuple(codes)


def _unknown_code(code: str, facts: FactBase) -> str:
    if code in facts.group_codes:
        members = facts.expand(code)
        return (
            f"{code!r} is a group, not a state; allowed: iso3 codes of states in "
            f"{_STATES_FILE} (list its members, e.g. {allowed_list(members, limit=8)})"
        )
    return (
        f"{code!r} is not a state in {_STATES_FILE}{suggest(code.upper(), facts.codes)}; "
        f"allowed: iso3 codes listed there ({allowed_list(facts.codes, limit=6)})"
    )


def _check_data_events(
    table: Mapping[str, Any], where: str, facts: FactBase
) -> dict[str, tuple[str, float]]:
    modelled = facts.events[facts.events["model_kind"] != ""]
    kinds = dict(zip(modelled["event_id"], modelled["model_kind"], strict=True))
    checked: dict[str, tuple[str, float]] = {}
    for event_id, value in table.items():
        key = f"data_events.{event_id}"
        if event_id not in kinds:
            raise ScenarioError(
                f"{where}: {key}: no event {event_id!r} with a model_kind in "
                f"{_EVENTS_FILE}{suggest(event_id, kinds)}; allowed: an event_id of a "
                "modelled event"
            )
        spec = EVENT_KINDS[kinds[event_id]]
        checked[event_id] = (key, _check_magnitude(spec, value, where, key))
    return checked


def _check_parameters(table: Mapping[str, Any], where: str) -> dict[str, float]:
    checked: dict[str, float] = {}
    for section, values in table.items():
        if section not in PARAMETER_SECTIONS:
            raise _unknown(where, f"parameters.{section}", section, PARAMETER_SECTIONS, "section")
        if not isinstance(values, dict):
            raise ScenarioError(
                f"{where}: parameters.{section}: expected a table [parameters.{section}], "
                f"got {_described(values)}"
            )
        names = [key.split(".", 1)[1] for key in PARAMETERS if key.startswith(f"{section}.")]
        for name, value in values.items():
            path = f"parameters.{section}.{name}"
            if name not in names:
                raise _unknown(where, path, name, names, "parameter")
            key = f"{section}.{name}"
            checked[key] = _check_parameter(PARAMETERS[key], value, where, path)
    return checked


def _check_parameter(spec: ParameterSpec, value: Any, where: str, key: str) -> float:
    kind = "an integer" if spec.integer else "a number"
    allowed = f"{kind} from {_number(spec.low)} to {_number(spec.high)} ({spec.unit})"
    if not _is_real(value) or (spec.integer and not _is_integer(value)):
        raise ScenarioError(f"{where}: {key}: expected {allowed}, got {_described(value)}")
    if not spec.low <= value <= spec.high:
        raise ScenarioError(f"{where}: {key}: {_show(value)} is out of range; allowed: {allowed}")
    return int(value) if spec.integer else float(value)


def _check_levers(table: Mapping[str, Any], where: str) -> dict[str, Any]:
    checked = {}
    for name, value in table.items():
        if name not in LEVERS:
            raise _unknown(where, f"levers.{name}", name, LEVERS, "lever")
        checked[name] = _check_lever(LEVERS[name], value, where, f"levers.{name}")
    return checked


def _check_lever(lever: LeverSpec, value: Any, where: str, key: str) -> Any:
    allowed = _lever_allowed(lever)
    if lever.kind == "float":
        if not _is_real(value):
            raise ScenarioError(f"{where}: {key}: expected {allowed}, got {_described(value)}")
        if not lever.low <= value <= lever.high:
            raise ScenarioError(
                f"{where}: {key}: {_show(value)} is out of range; allowed: {allowed}"
            )
        return float(value)
    if lever.kind == "bool":
        if not isinstance(value, bool | np.bool_):
            raise ScenarioError(f"{where}: {key}: expected {allowed}, got {_described(value)}")
        return bool(value)
    if lever.kind == "choice":
        if not isinstance(value, str) or value not in lever.choices:
            hint = suggest(value, lever.choices) if isinstance(value, str) else ""
            raise ScenarioError(
                f"{where}: {key}: {_described(value)} is not allowed{hint}; allowed: {allowed}"
            )
        return str(value)
    if value == "none":
        return None
    try:
        return parse_quarter(value)
    except ValueError:
        raise ScenarioError(
            f"{where}: {key}: expected {allowed}, got {_described(value)}"
        ) from None


def _check_events(value: Any, where: str, facts: FactBase) -> list[_PendingEvent]:
    if not isinstance(value, list):
        raise ScenarioError(f"{where}: events: expected [[events]] tables, got {_described(value)}")
    return [_check_event(entry, where, f"events[{i}]", facts) for i, entry in enumerate(value)]


def _check_event(entry: Any, where: str, key: str, facts: FactBase) -> _PendingEvent:
    if not isinstance(entry, dict):
        raise ScenarioError(
            f"{where}: {key}: expected a table with kind, date and actors, got {_described(entry)}"
        )
    _check_keys(entry, _EVENT_KEYS, where, f"{key}.")
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
            f"{where}: {key}.kind: {_described(kind)} is not an event kind{hint}; "
            f"allowed: {allowed_list(EVENT_KINDS)}"
        )
    spec = EVENT_KINDS[kind]
    try:
        quarter = parse_when(entry["date"])
    except ValueError:
        raise ScenarioError(
            f'{where}: {key}.date: expected a quarter like "2025Q1" or a date like '
            f"2025-02-24, got {_described(entry['date'])}"
        ) from None
    actors = entry["actors"]
    count = (
        str(spec.min_actors)
        if spec.min_actors == spec.max_actors
        else f"{spec.min_actors} to {spec.max_actors}"
    )
    if not isinstance(actors, list) or not spec.min_actors <= len(actors) <= spec.max_actors:
        got = f"{len(actors)} actors" if isinstance(actors, list) else _described(actors)
        raise ScenarioError(
            f"{where}: {key}.actors: a {kind} event takes {count} iso3 codes {spec.actors}, "
            f"got {got}"
        )
    codes = _check_codes(actors, where, f"{key}.actors", facts)
    magnitude = spec.default_magnitude
    if "magnitude" in entry:
        magnitude = _check_magnitude(spec, entry["magnitude"], where, f"{key}.magnitude")
    note = entry.get("note", "")
    if not isinstance(note, str):
        raise ScenarioError(f"{where}: {key}.note: expected a string, got {_described(note)}")
    return _PendingEvent(where, key, spec, quarter, codes, magnitude, note)


def _check_magnitude(spec: EventKindSpec, value: Any, where: str, key: str) -> float:
    allowed = f"a number from {_number(spec.low)} to {_number(spec.high)} for {spec.name}"
    if not _is_real(value):
        raise ScenarioError(f"{where}: {key}: expected {allowed}, got {_described(value)}")
    if not spec.low <= value <= spec.high:
        raise ScenarioError(f"{where}: {key}: {_show(value)} is out of range; allowed: {allowed}")
    return float(value)


def _check_keys(
    table: Mapping[str, Any], allowed: tuple[str, ...], where: str, prefix: str
) -> None:
    for key in table:
        if key not in allowed:
            raise ScenarioError(
                f"{where}: {prefix}{key}: unknown key{suggest(key, allowed)}; allowed: "
                f"{allowed_list(allowed)}"
            )


def _unknown(where: str, path: str, name: str, allowed: Any, what: str) -> ScenarioError:
    return ScenarioError(
        f"{where}: {path}: unknown {what}{suggest(name, allowed)}; allowed: {allowed_list(allowed)}"
    )


# -- resolving a chain of layers ----------------------------------------------------------


def _resolve(layers: list[_Layer], facts: FactBase) -> Scenario:
    leaf = layers[-1]
    world: dict[str, Any] = {"include_data_events": False}
    data_magnitudes: dict[str, tuple[str, str, float]] = {}
    parameters = {
        key: int(spec.default) if spec.integer else float(spec.default)
        for key, spec in PARAMETERS.items()
    }
    levers = {name: _lever_default(lever) for name, lever in LEVERS.items()}
    pending: list[_PendingEvent] = []
    for layer in layers:
        world.update(layer.world)
        parameters.update(layer.parameters)
        levers.update(layer.levers)
        data_magnitudes.update(
            {event_id: (layer.where, key, m) for event_id, (key, m) in layer.data_events.items()}
        )
        pending.extend(layer.events)
    for key, meaning in (
        ("actors", f'"all" or an array of iso3 codes from {_STATES_FILE}'),
        ("start", 'a quarter like "2024Q3"'),
        ("horizon_quarters", f"an integer from 1 to {MAX_HORIZON}"),
    ):
        if key not in world:
            raise ScenarioError(
                f"{leaf.where}: world.{key}: missing (in this file and its parents); "
                f"required: {meaning}"
            )
    chosen = world["actors"]
    actors = facts.codes if chosen == "all" else tuple(c for c in facts.codes if c in chosen)
    start, horizon = world["start"], world["horizon_quarters"]
    span = (
        f"{format_quarter(start)} to {format_quarter(start + horizon - 1)} (world.start "
        "plus world.horizon_quarters)"
    )
    events: list[Event] = []
    if world["include_data_events"]:
        events += _data_events(facts, actors, start, start + horizon, data_magnitudes, span)
    elif data_magnitudes:
        owner, key, _ = next(iter(data_magnitudes.values()))
        raise ScenarioError(
            f"{owner}: {key}: a data event magnitude has no effect here; allowed: only "
            "with world.include_data_events = true"
        )
    for event in pending:
        if not start <= event.quarter < start + horizon:
            raise ScenarioError(
                f"{event.where}: {event.key}.date: {format_quarter(event.quarter)} is outside "
                f"the horizon; allowed: {span}"
            )
        for index, code in enumerate(event.actors):
            if code not in actors:
                raise ScenarioError(
                    f"{event.where}: {event.key}.actors[{index}]: {code!r} is not among the "
                    f"scenario's actors; allowed: states in world.actors "
                    f"({allowed_list(actors, limit=6)})"
                )
        events.append(
            Event(event.kind.name, event.quarter, event.actors, event.magnitude, event.note)
        )
    events.sort(key=lambda event: event.quarter)
    return Scenario(
        name=leaf.name,
        description=leaf.description,
        path=leaf.path,
        extends=leaf.extends,
        actors=tuple(actors),
        start=start,
        horizon=horizon,
        parameters=FrozenMap(parameters),
        levers=FrozenMap(levers),
        events=tuple(events),
        include_data_events=world["include_data_events"],
    )


def _data_events(
    facts: FactBase,
    actors: tuple[str, ...],
    start: int,
    end: int,
    magnitudes: dict[str, tuple[str, str, float]],
    span: str,
) -> list[Event]:
    """Turn modelled rows of ``data/events.csv`` inside ``[start, end)`` into events.

    A group code is expanded to its members among ``actors``. For a kind with a fixed
    number of actors (a sanctions sender and target, say) every combination of members
    becomes its own event; for a kind with a variable number (a treaty) the expanded
    parties form one event. An event that names a state outside the scenario is dropped
    (Finland joining NATO means nothing in a world without Finland), as is one left
    with fewer parties than its kind needs.
    """
    frame = facts.events[facts.events["model_kind"] != ""]
    events = []
    quarters = {}
    for row in frame.itertuples(index=False):
        quarter = quarter_of_date(row.date)
        quarters[row.event_id] = quarter
        if not start <= quarter < end:
            continue
        spec = EVENT_KINDS[row.model_kind]
        magnitude = magnitudes.get(row.event_id, ("", "", spec.default_magnitude))[2]
        note = f"{row.event_id} ({_EVENTS_FILE}): {row.description}"
        codes = row.model_actors.split(";")
        if spec.min_actors == spec.max_actors:
            groups = [facts.expand(code, actors) for code in codes]
            combinations = [c for c in itertools.product(*groups) if len(set(c)) == len(c)]
        else:
            if any(code not in facts.group_codes and code not in actors for code in codes):
                continue
            parties = tuple(dict.fromkeys(m for code in codes for m in facts.expand(code, actors)))
            if len(parties) > spec.max_actors:
                raise DataError(
                    f"{_EVENTS_FILE}: event {row.event_id}, model_actors: expands to "
                    f"{len(parties)} states; a {spec.name} event takes at most {spec.max_actors}"
                )
            combinations = [parties] if len(parties) >= spec.min_actors else []
        events += [Event(spec.name, quarter, c, magnitude, note) for c in combinations]
    for event_id, (where, key, _) in magnitudes.items():
        if not start <= quarters[event_id] < end:
            raise ScenarioError(
                f"{where}: {key}: the event falls in {format_quarter(quarters[event_id])}, "
                f"outside the horizon; allowed: events dated {span}"
            )
    return events


# -- small helpers ------------------------------------------------------------------------


def _is_real(value: Any) -> bool:
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool | np.bool_)
        and not math.isnan(value)
    )


def _is_integer(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)


def _lever_default(lever: LeverSpec) -> Any:
    if lever.kind == "quarter":
        return None if lever.default == "none" else parse_quarter(str(lever.default))
    return lever.default


def _lever_text(lever: LeverSpec, value: Any) -> Any:
    if lever.kind == "quarter":
        return "none" if value is None else format_quarter(value)
    return value


def _lever_allowed(lever: LeverSpec) -> str:
    if lever.kind == "float":
        unit = f" ({lever.unit})" if lever.unit else ""
        return f"a number from {_number(lever.low)} to {_number(lever.high)}{unit}"
    if lever.kind == "bool":
        return "true or false"
    if lever.kind == "choice":
        return "one of " + ", ".join(f'"{choice}"' for choice in lever.choices)
    return 'a quarter like "2025Q2", or "none"'


def _number(value: float) -> str:
    return f"{value:g}"


def _show(value: Any) -> str:
    if isinstance(value, float | np.floating):
        return repr(float(value))
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _described(value: Any) -> str:
    """Name the TOML type of a value and show it, e.g. ``an integer (5)``."""
    if isinstance(value, bool | np.bool_):
        kind = "a boolean"
    elif isinstance(value, numbers.Integral):
        kind = "an integer"
    elif isinstance(value, numbers.Real):
        kind = "a number"
    elif isinstance(value, str):
        kind = "a string"
    elif isinstance(value, list):
        return "an array"
    elif isinstance(value, dict):
        return "a table"
    elif isinstance(value, dt.datetime | dt.date):
        kind = "a date"
    elif isinstance(value, dt.time):
        kind = "a time"
    elif value is None:
        return "nothing"
    else:
        kind = f"a {type(value).__name__}"
    return f"{kind} ({_show(value)})"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as a TOML value")
