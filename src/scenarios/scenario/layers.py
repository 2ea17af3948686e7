"""A scenario as a chain of files: ``extends``, merging, the trunk, resolving.

:func:`load_scenario` reads a file and its parents (each one a layer checked on its
own by :mod:`scenarios.scenario.checks`), merges them root first, adds the trunk's
replayed record up to the branch (:mod:`scenarios.scenario.trunk`), and checks what only
the merged scenario can tell (a missing world key, a branch outside the record, an event
or lever change before the branch or after the horizon, an actor outside the set).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scenarios.errors import ScenarioError, allowed_list, describe, show, suggest
from scenarios.facts import FactBase, load_facts
from scenarios.quarters import format_quarter
from scenarios.registry import LEVERS
from scenarios.registry.levers import PACT_PARTIES
from scenarios.registry.parameters import PARAMETERS
from scenarios.scenario.checks import (
    EVENTS_FILE,
    MAX_HORIZON,
    STATES_FILE,
    TRUNK_FILE,
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
from scenarios.scenario.trunk import end_of_record, record_quarters, trunk_events, trunk_file
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
    trunk = path.resolve() == trunk_file().resolve()
    world = check_table(document, "world", where)
    layer.world = check_world(world, where, facts, trunk=trunk)
    table = check_table(document, "data_events", where)
    layer.data_events = check_data_events(table, where, facts, trunk=trunk)
    layer.parameters = check_parameters(check_table(document, "parameters", where), where)
    layer.levers = check_levers(check_table(document, "levers", where), where)
    layer.events = check_events(document.get("events", []), where, facts)
    layer.lever_changes = check_lever_changes(document.get("lever_changes", []), where)
    return layer


def _trunk(facts: FactBase) -> tuple[int, dict[str, float]]:
    """The trunk's start and the magnitudes of the record's events, checked."""
    path = trunk_file()
    layer = _read_layer(path, str(path), facts)
    if "start" not in layer.world:
        raise ScenarioError(
            f"{layer.where}: world.start: missing; required: the trunk's start, a quarter "
            'like "2021Q4"'
        )
    start, end = layer.world["start"], end_of_record(facts)
    quarters = record_quarters(facts)
    for event_id, (key, _) in layer.data_events.items():
        if not start <= quarters[event_id] < end:
            raise ScenarioError(
                f"{layer.where}: {key}: the event falls in {format_quarter(quarters[event_id])}, "
                f"before the trunk's start; allowed: events dated {format_quarter(start)} to "
                f"{format_quarter(end - 1)}"
            )
    return start, {event_id: m for event_id, (_, m) in layer.data_events.items()}


def _resolve(layers: list[_Layer], facts: FactBase) -> Scenario:
    leaf = layers[-1]
    start, magnitudes = _trunk(facts)
    world: dict[str, Any] = {}
    origin: dict[str, str] = {}
    parameters = {
        key: int(spec.default) if spec.integer else float(spec.default)
        for key, spec in PARAMETERS.items()
    }
    levers = {name: lever_default(lever) for name, lever in LEVERS.items()}
    pending: list[PendingEvent] = []
    for layer in layers:
        world.update(layer.world)
        origin.update({f"world.{key}": layer.where for key in layer.world})
        origin.update({f"levers.{key}": layer.where for key in layer.levers})
        parameters.update(layer.parameters)
        levers.update(layer.levers)
        pending.extend(layer.events)
    for key, meaning in (
        ("actors", f'"all" or an array of iso3 codes from {STATES_FILE}'),
        ("horizon_quarters", f"an integer from 0 to {MAX_HORIZON}"),
    ):
        if key not in world:
            raise ScenarioError(
                f"{leaf.where}: world.{key}: missing (in this file and its parents); "
                f"required: {meaning}"
            )
    chosen = world["actors"]
    actors = facts.codes if chosen == "all" else tuple(c for c in facts.codes if c in chosen)
    branch, horizon = _branch(world, origin, leaf, start, facts), world["horizon_quarters"]
    span = (
        f"{format_quarter(branch)} to {format_quarter(branch + horizon - 1)} (world.branch "
        "plus world.horizon_quarters)"
        if horizon
        else "none (world.horizon_quarters = 0: the trunk alone)"
    )
    events = trunk_events(facts, actors, start, branch, magnitudes)
    for event in pending:
        if not branch <= event.quarter < branch + horizon:
            where = "before the branch" if event.quarter < branch else "after the horizon"
            raise ScenarioError(
                f"{event.where}: {event.key}.date: {format_quarter(event.quarter)} is {where}; "
                f"allowed: {span}"
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
    ceasefire = levers["ceasefire"]
    if ceasefire is not None and ceasefire < branch:
        raise ScenarioError(
            f"{origin['levers.ceasefire']}: levers.ceasefire: {format_quarter(ceasefire)} is "
            f'before the branch ({format_quarter(branch)}); allowed: "none" or a quarter from '
            "world.branch on (levers act only from the branch)"
        )
    pact = [e for e in events if e.quarter < branch and _is_pact(e)]
    if not levers["pact"] and pact:
        raise ScenarioError(
            f"{origin['levers.pact']}: levers.pact: false has no effect after the treaty, "
            f"which is in the trunk ({format_quarter(pact[0].quarter)}); allowed: true, or "
            f"false with world.branch = {format_quarter(pact[0].quarter)} or earlier"
        )
    changes = [layer.lever_changes for layer in layers]
    return Scenario(
        name=leaf.name,
        description=leaf.description,
        path=leaf.path,
        extends=leaf.extends,
        actors=tuple(actors),
        start=start,
        horizon=branch - start + horizon,
        branch=branch,
        parameters=FrozenMap(parameters),
        levers=FrozenMap(levers),
        events=tuple(events),
        lever_changes=resolve_lever_changes(changes, levers, branch, horizon, span),
        parents=tuple(layer.path for layer in reversed(layers[:-1])),
    )


def _is_pact(event: Event) -> bool:
    return event.kind == "treaty" and frozenset(event.actors) == PACT_PARTIES


def _branch(
    world: dict[str, Any], origin: dict[str, str], leaf: _Layer, start: int, facts: FactBase
) -> int:
    """The branch quarter: ``world.branch`` or the end of the record, checked against both."""
    end = end_of_record(facts)
    branch = world.get("branch", end)
    if not start <= branch <= end:
        where = "before the trunk's start" if branch < start else "after the end of the record"
        raise ScenarioError(
            f"{origin.get('world.branch', leaf.where)}: world.branch: {format_quarter(branch)} "
            f"is {where}; allowed: {format_quarter(start)} (the start, {TRUNK_FILE}) to "
            f"{format_quarter(end)} (the end of the record, {EVENTS_FILE})"
        )
    return branch
