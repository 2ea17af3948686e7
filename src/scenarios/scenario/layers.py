"""A scenario as a chain of files: ``extends``, merging, data events, resolving.

:func:`load_scenario` reads a file and its parents (each one a layer checked on its
own by :mod:`scenarios.scenario.checks`), merges them root first, adds the modelled
rows of ``data/events.csv`` when asked, and checks what only the merged scenario
can tell (a missing world key, an event outside the horizon or the actor set).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scenarios.errors import DataError, ScenarioError, allowed_list, describe, show, suggest
from scenarios.facts import FactBase, load_facts
from scenarios.quarters import format_quarter, quarter_of_date
from scenarios.registry import EVENT_KINDS, LEVERS
from scenarios.registry.parameters import PARAMETERS
from scenarios.scenario.checks import (
    EVENTS_FILE,
    MAX_HORIZON,
    STATES_FILE,
    PendingEvent,
    check_data_events,
    check_description,
    check_events,
    check_keys,
    check_levers,
    check_parameters,
    check_table,
    check_world,
)
from scenarios.scenario.files import (
    NAME,
    locate,
    parent_candidates,
    read_document,
    scenario_names,
)
from scenarios.scenario.schedule import PendingChange, check_lever_changes, resolve_lever_changes
from scenarios.scenario.spec import Event, FrozenMap, Scenario
from scenarios.scenario.values import lever_default

_TOP_KEYS = (
    "name",
    "description",
    "extends",
    "world",
    "data_events",
    "parameters",
    "levers",
    "events",
    "lever_changes",
)


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
    path = locate(name_or_path, directory)
    facts = load_facts()
    layers = _read_chain(path, facts)
    return _resolve(layers, facts)


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
    events: list[PendingEvent] = field(default_factory=list)
    lever_changes: list[PendingChange] = field(default_factory=list)


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
        parent = _parent(layer, current)
        if parent.resolve() in seen:
            cycle = [p.stem for p in seen[seen.index(parent.resolve()) :]] + [parent.stem]
            raise ScenarioError(
                f"{layer.where}: extends: {layer.extends!r} makes a cycle "
                f"({' -> '.join(cycle)}); allowed: a chain of parents that ends in a "
                "scenario without extends"
            )
        current = parent


def _parent(layer: _Layer, child: Path) -> Path:
    """The file the child's ``extends`` names (see :func:`parent_candidates`)."""
    candidates = parent_candidates(str(layer.extends), child)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    local = [name for name in scenario_names(child.parent) if name != child.stem]
    shipped = scenario_names(candidates[-1].parent)
    allowed = f"another scenario in the same folder ({allowed_list(local) or 'none found'})"
    if len(candidates) > 1:
        allowed += " or a shipped one (scenarios list names them)"
    raise ScenarioError(
        f"{layer.where}: extends: no scenario {show(layer.extends)} in {child.parent}"
        f"{' or among the shipped scenarios' if len(candidates) > 1 else ''}"
        f"{suggest(str(layer.extends), local + shipped)}; allowed: the name of {allowed}"
    )


def _read_layer(path: Path, where: str, facts: FactBase) -> _Layer:
    document = read_document(path, where)
    check_keys(document, _TOP_KEYS, where, "")
    description = check_description(document, where)
    name = document.get("name", path.stem)
    if name != path.stem:
        raise ScenarioError(
            f"{where}: name: {show(name)} differs from the file name; allowed: "
            f"{path.stem!r} (or leave name out)"
        )
    extends = document.get("extends")
    if extends is not None and (not isinstance(extends, str) or not NAME.fullmatch(extends)):
        raise ScenarioError(
            f"{where}: extends: expected the name of a scenario in the same folder or a "
            f"shipped one (letters, digits, _ and -, no .toml), got {describe(extends)}"
        )
    layer = _Layer(path, where, name, description, extends)
    layer.world = check_world(check_table(document, "world", where), where, facts)
    layer.data_events = check_data_events(check_table(document, "data_events", where), where, facts)
    layer.parameters = check_parameters(check_table(document, "parameters", where), where)
    layer.levers = check_levers(check_table(document, "levers", where), where)
    layer.events = check_events(document.get("events", []), where, facts)
    layer.lever_changes = check_lever_changes(document.get("lever_changes", []), where)
    return layer


def _resolve(layers: list[_Layer], facts: FactBase) -> Scenario:
    leaf = layers[-1]
    world: dict[str, Any] = {"include_data_events": False}
    data_magnitudes: dict[str, tuple[str, str, float]] = {}
    parameters = {
        key: int(spec.default) if spec.integer else float(spec.default)
        for key, spec in PARAMETERS.items()
    }
    levers = {name: lever_default(lever) for name, lever in LEVERS.items()}
    pending: list[PendingEvent] = []
    for layer in layers:
        world.update(layer.world)
        parameters.update(layer.parameters)
        levers.update(layer.levers)
        data_magnitudes.update(
            {event_id: (layer.where, key, m) for event_id, (key, m) in layer.data_events.items()}
        )
        pending.extend(layer.events)
    for key, meaning in (
        ("actors", f'"all" or an array of iso3 codes from {STATES_FILE}'),
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
    changes = [layer.lever_changes for layer in layers]
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
        lever_changes=resolve_lever_changes(changes, levers, start, horizon, span),
        parents=tuple(layer.path for layer in reversed(layers[:-1])),
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
        note = f"{row.event_id} ({EVENTS_FILE}): {row.description}"
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
                    f"{EVENTS_FILE}: event {row.event_id}, model_actors: expands to "
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
