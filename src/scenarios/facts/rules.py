"""The rules of the fact tables: every cell, key and cross-table check, in load order.

:class:`FactChecker` checks the tables in :data:`~scenarios.facts.schema.SCHEMA`
order, building the sets that later tables refer to (state codes, groups, record
ids). A table's own rules are its ``rules_<table>`` method; those of the yearly panel
and the context tables are inherited from
:class:`~scenarios.facts.rules_context.ContextRules`. Every violation raises
:class:`~scenarios.errors.DataError` naming the file, the line and the column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from scenarios.errors import DataError, allowed_list, suggest
from scenarios.facts.cells import CELL_CHECKS, check_choice, check_number, read_table, typed
from scenarios.facts.columns import MISSING, OBSERVED, Column, Table
from scenarios.facts.rules_context import ContextRules
from scenarios.facts.schema import ESTIMATED_FIGURES, FIGURES, NON_UN_STATES, SCHEMA, WORLD
from scenarios.registry.events import EVENT_KINDS

_GROUP = re.compile(r"[A-Z][A-Z0-9_]*")

RECORD_TABLES = (
    ("treaties", "treaty_id"),
    ("sanctions", "regime_id"),
    ("sanctions_evasion", "evasion_id"),
    ("arms_flows", "flow_id"),
    ("arms_capacity", "capacity_id"),
    ("rivalries", "rivalry_id"),
    ("military_presence", "presence_id"),
)
"""Tables whose ids are unique across the fact base, so that ``events.related_id``
can point at any of them."""


class FactChecker(ContextRules):
    """Checks the tables in :data:`SCHEMA` order, building the sets later tables need.

    Parameters
    ----------
    folder : pathlib.Path
        Folder the files were read from (named in every error).
    contents : Mapping[str, bytes]
        Each table's file contents, by table name.
    """

    def __init__(self, folder: Path, contents: Mapping[str, bytes]) -> None:
        self.folder = folder
        self.contents = contents
        self.frames: dict[str, pd.DataFrame] = {}
        self.lines: dict[str, list[int]] = {}
        self.states: set[str] = set()
        self.groups: dict[str, tuple[str, ...]] = {}
        self.records: dict[str, str] = {}

    def run(self) -> dict[str, pd.DataFrame]:
        """Check every table; return the typed frames by table name.

        ``treaty_parties`` gains an ``iso3`` column, a group party expanded to one row
        per member state.
        """
        for table in SCHEMA.values():
            self.check_table(table)
        self.check_treaties_have_parties()
        frames = {name: typed(SCHEMA[name], frame) for name, frame in self.frames.items()}
        frames["treaty_parties"] = self.expand_parties(frames["treaty_parties"])
        return frames

    def path(self, table: Table) -> Path:
        return self.folder / table.file

    def fail(self, table: Table, row: int, column: str, problem: str) -> DataError:
        line = self.lines[table.name][row]
        return DataError(f"{self.path(table)}: line {line}, column '{column}': {problem}")

    def check_table(self, table: Table) -> None:
        frame, lines = read_table(self.path(table), self.contents[table.name], table)
        self.frames[table.name] = frame
        self.lines[table.name] = lines
        for column in table.columns:
            check = self.cell_check(column)
            for row, value in enumerate(frame[column.name]):
                if value == "":
                    if column.required:
                        raise self.fail(table, row, column.name, "is empty; a value is required")
                    continue
                if value != value.strip():
                    raise self.fail(
                        table, row, column.name, f"{value!r} has leading or trailing spaces"
                    )
                problem = check(value)
                if problem:
                    raise self.fail(table, row, column.name, problem)
        self.check_keys(table, frame)
        rules = getattr(self, f"rules_{table.name}", None)
        if rules is not None:
            rules(table, frame)

    def check_keys(self, table: Table, frame: pd.DataFrame) -> None:
        first: dict[tuple[str, ...], int] = {}
        for row, key in enumerate(frame[list(table.key)].itertuples(index=False, name=None)):
            if key in first:
                shown = ", ".join(f"{c}={v!r}" for c, v in zip(table.key, key, strict=True))
                raise self.fail(
                    table,
                    row,
                    table.key[-1],
                    f"duplicate key ({shown}); first on line {self.lines[table.name][first[key]]}",
                )
            first[key] = row

    # -- cell checks -------------------------------------------------------------------------

    def cell_check(self, column: Column) -> Callable[[str], str]:
        kind = column.kind
        if kind in CELL_CHECKS:
            return CELL_CHECKS[kind]
        if kind == "choice":
            return lambda value: check_choice(value, column.allowed)
        if kind in ("float", "int"):
            return lambda value: check_number(value, column)
        if kind == "group_code":
            return self.check_group_code
        if kind in ("state", "actor", "flow_actor"):
            return lambda value: self.check_code(value, kind)
        if kind == "actors":
            return self.check_actor_list
        if kind == "treaty":
            treaties = set(self.frames["treaties"]["treaty_id"])
            return lambda value: (
                ""
                if value in treaties
                else f"unknown treaty {value!r}{suggest(value, treaties)}; "
                "use a treaty_id from treaties.csv"
            )
        if kind == "regime":
            regimes = set(self.frames["sanctions"]["regime_id"])
            return lambda value: (
                ""
                if value in regimes
                else f"unknown regime {value!r}{suggest(value, regimes)}; "
                "use a regime_id from sanctions.csv"
            )
        if kind == "choices":
            return lambda value: self.check_choices(value, column.allowed)
        if kind == "record":
            files = ", ".join(f"{table}.csv" for table, _ in RECORD_TABLES)
            return lambda value: (
                ""
                if value in self.records
                else f"unknown id {value!r}{suggest(value, self.records)}; use an id from {files}"
            )
        raise ValueError(f"column {column.name!r} has unknown kind {kind!r}")

    def check_group_code(self, value: str) -> str:
        if not _GROUP.fullmatch(value):
            return f"{value!r} is not a group code (capital letters, digits and underscores)"
        if value in self.states or value == WORLD:
            return f"group code {value!r} clashes with a state code; choose another"
        return ""

    def check_code(self, value: str, kind: str) -> str:
        if value in self.states:
            return ""
        if kind == "state":
            return (
                f"unknown iso3 code {value!r}{suggest(value, self.states)}; "
                "use an iso3 code from countries.csv, or TWN"
            )
        if value in self.groups or (kind == "flow_actor" and value == WORLD):
            return ""
        extra = {WORLD} if kind == "flow_actor" else set()
        return (
            f"unknown code {value!r}{suggest(value, self.states | set(self.groups) | extra)}; "
            f"use an iso3 code from countries.csv, TWN or a group code "
            f"({allowed_list(self.groups)}){' or WORLD' if extra else ''}"
        )

    @staticmethod
    def check_choices(value: str, allowed: tuple[str, ...]) -> str:
        parts = value.split(";")
        if len(set(parts)) != len(parts):
            return f"{value!r} lists a value twice"
        for part in parts:
            problem = check_choice(part, allowed)
            if problem:
                return problem
        return ""

    def check_actor_list(self, value: str) -> str:
        codes = value.split(";")
        if len(set(codes)) != len(codes):
            return f"{value!r} lists a code twice"
        for code in codes:
            problem = self.check_code(code, "actor")
            if problem:
                return problem
        return ""

    # -- table rules -------------------------------------------------------------------------

    def rules_countries(self, table: Table, frame: pd.DataFrame) -> None:
        self.states = set(frame["iso3"]) | set(NON_UN_STATES)

    def rules_groups(self, table: Table, frame: pd.DataFrame) -> None:
        names: dict[str, str] = {}
        for row, (code, name) in enumerate(
            zip(frame["group_code"], frame["group_name"], strict=True)
        ):
            if names.setdefault(code, name) != name:
                raise self.fail(
                    table, row, "group_name", f"group {code!r} is already named {names[code]!r}"
                )
        self.groups = frame.groupby("group_code")["iso3"].agg(tuple).to_dict()

    def rules_states(self, table: Table, frame: pd.DataFrame) -> None:
        members = set(self.frames["countries"]["iso3"])
        for row, (code, flag) in enumerate(zip(frame["iso3"], frame["un_member"], strict=True)):
            if (flag == "true") != (code in members):
                where = "is" if code in members else "is not"
                raise self.fail(
                    table,
                    row,
                    "un_member",
                    f"{flag} contradicts countries.csv, where {code} {where} listed",
                )
        for name in FIGURES:
            for row, value in enumerate(frame[name]):
                label = frame.at[row, f"{name}_confidence"]
                allowed = OBSERVED if value else MISSING
                if label not in allowed:
                    state = "has a value" if value else "is blank"
                    raise self.fail(
                        table,
                        row,
                        f"{name}_confidence",
                        f"{label!r} is not allowed when {name} {state}; "
                        f"allowed: {allowed_list(allowed)}",
                    )
        for name in ESTIMATED_FIGURES:
            self.rules_estimate(table, frame, name)

    def rules_estimate(self, table: Table, frame: pd.DataFrame, name: str) -> None:
        estimate = f"{name}_estimate"
        for row, value in enumerate(frame[estimate]):
            method = frame.at[row, f"{estimate}_method"]
            label = frame.at[row, f"{estimate}_confidence"]
            if value and frame.at[row, name]:
                raise self.fail(
                    table,
                    row,
                    estimate,
                    f"an estimate is given although {name} has a value; estimates only fill gaps",
                )
            if bool(value) != bool(method):
                column, problem = (
                    (f"{estimate}_method", "is empty; an estimate needs its method")
                    if value
                    else (estimate, "is empty although a method is given")
                )
                raise self.fail(table, row, column, problem)
            if bool(value) != bool(label):
                raise self.fail(
                    table,
                    row,
                    f"{estimate}_confidence",
                    "must be 'estimated' when an estimate is given"
                    if value
                    else "must be empty when no estimate is given",
                )

    def rules_treaties(self, table: Table, frame: pd.DataFrame) -> None:
        self.check_precisions(table, frame)
        self.add_records(table, frame, "treaty_id")

    def rules_sanctions(self, table: Table, frame: pd.DataFrame) -> None:
        for row in range(len(frame)):
            start, end = frame.at[row, "start_year"], frame.at[row, "end_year"]
            status = frame.at[row, "status"]
            if end and int(end) < int(start):
                raise self.fail(table, row, "end_year", f"{end} is before start_year {start}")
            ended = status in ("lifted", "largely_lifted")
            if ended != bool(end):
                raise self.fail(
                    table,
                    row,
                    "end_year",
                    f"is required when status is {status!r}"
                    if ended
                    else f"must be empty when status is {status!r} (only lifted regimes end)",
                )
            if frame.at[row, "sender"] == frame.at[row, "target"]:
                raise self.fail(table, row, "target", "is the same as the sender")
        self.add_records(table, frame, "regime_id")

    def rules_arms_flows(self, table: Table, frame: pd.DataFrame) -> None:
        self.check_precisions(table, frame)
        for row in range(len(frame)):
            supplier, recipient = frame.at[row, "supplier"], frame.at[row, "recipient"]
            if supplier == recipient:
                raise self.fail(table, row, "recipient", "is the same as the supplier")
            start, end = frame.at[row, "period_start"], frame.at[row, "period_end"]
            if start and start > end:
                raise self.fail(table, row, "period_end", f"{end} is before period_start {start}")
            low, high = frame.at[row, "volume_low"], frame.at[row, "volume_high"]
            if low and high and float(low) > float(high):
                raise self.fail(table, row, "volume_high", f"{high} is below volume_low {low}")
            unit = frame.at[row, "unit"]
            if bool(low or high) != bool(unit):
                raise self.fail(
                    table,
                    row,
                    "unit",
                    "is empty; a volume needs its unit"
                    if unit == ""
                    else "must be empty when no volume is given",
                )
        self.add_records(table, frame, "flow_id")

    def rules_events(self, table: Table, frame: pd.DataFrame) -> None:
        self.check_precisions(table, frame)
        for row in range(len(frame)):
            kind, actors = frame.at[row, "model_kind"], frame.at[row, "model_actors"]
            if not kind:
                if actors:
                    raise self.fail(
                        table, row, "model_actors", "must be empty when model_kind is empty"
                    )
                continue
            spec = EVENT_KINDS[kind]
            count = len(actors.split(";")) if actors else 0
            if not spec.min_actors <= count <= spec.max_actors:
                wanted = (
                    str(spec.min_actors)
                    if spec.min_actors == spec.max_actors
                    else f"{spec.min_actors} to {spec.max_actors}"
                )
                raise self.fail(
                    table,
                    row,
                    "model_actors",
                    f"{kind} takes {wanted} actors {spec.actors}, got {count}",
                )

    def check_precisions(self, table: Table, frame: pd.DataFrame) -> None:
        for column in table.columns:
            if not column.precision:
                continue
            for row, value in enumerate(frame[column.name]):
                precision = frame.at[row, column.precision]
                if bool(value) != bool(precision):
                    raise self.fail(
                        table, row, column.precision, f"must be given exactly when {column.name} is"
                    )
                if (precision == "month" and not value.endswith("-01")) or (
                    precision == "year" and not value.endswith("-01-01")
                ):
                    raise self.fail(
                        table,
                        row,
                        column.name,
                        f"{value!r} does not match precision {precision!r} (write a date known "
                        "to the month as its first day, to the year as 1 January)",
                    )

    def add_records(self, table: Table, frame: pd.DataFrame, column: str) -> None:
        for row, value in enumerate(frame[column]):
            if value in self.records:
                raise self.fail(
                    table, row, column, f"id {value!r} is already used in {self.records[value]}"
                )
            self.records[value] = table.file

    def check_treaties_have_parties(self) -> None:
        table = SCHEMA["treaties"]
        parties = self.frames["treaty_parties"].groupby("treaty_id")["party"].agg(tuple)
        for row, treaty in enumerate(self.frames["treaties"]["treaty_id"]):
            listed = parties.get(treaty, ())
            if len(listed) < 2 and not any(party in self.groups for party in listed):
                raise self.fail(
                    table,
                    row,
                    "treaty_id",
                    f"treaty {treaty!r} needs at least two parties (or a group) "
                    "in treaty_parties.csv",
                )

    def expand_parties(self, frame: pd.DataFrame) -> pd.DataFrame:
        members = frame["party"].map(lambda party: self.groups.get(party, (party,)))
        expanded = frame.assign(iso3=members).explode("iso3", ignore_index=True)
        return expanded.astype({"iso3": "str"})
