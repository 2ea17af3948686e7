"""Load and check the sourced fact tables in ``data/``.

The fact base is a folder of UTF-8 CSV files (one fact per row, a source and a
confidence label on every row or figure; see ``data/README.md``)::

    countries.csv  groups.csv  states.csv  treaties.csv  treaty_parties.csv
    sanctions.csv  arms_flows.csv  events.csv

:func:`load_facts` reads them, checks them against the declarative :data:`SCHEMA`
and returns a frozen :class:`FactBase` of typed pandas frames. Any violation raises
:class:`~scenarios.errors.DataError` with one line naming the file, the line in the
file (the header is line 1), the column and what is allowed, e.g.::

    data/states.csv: line 4, column 'iso3': unknown iso3 code 'RUSS' (did you mean RUS?); ...

Files are parsed with the :mod:`csv` module in strict mode, which reports the exact
line of a quoting or field-count error (pandas' parser pads short rows silently),
and are then held as pandas frames of strings, so blanks stay empty strings and
"NA" stays "NA" until each column is given its declared type.

Taiwan (``TWN``) is a state in the model but not a UN member: it is the one code
outside ``countries.csv`` accepted wherever a state code is expected
(:data:`NON_UN_STATES`). The pseudo-code ``WORLD`` (:data:`WORLD`) may appear only as
the supplier or recipient of an aggregate row in ``arms_flows.csv``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType

import pandas as pd

import scenarios
from scenarios.errors import DataError, allowed_list, suggest
from scenarios.parameters import EVENT_KINDS

NON_UN_STATES: Mapping[str, str] = MappingProxyType({"TWN": "Taiwan"})
"""States in ``states.csv`` that are not UN members, and so not in ``countries.csv``."""

WORLD = "WORLD"
"""Pseudo-code for 'all suppliers' or 'all recipients' in aggregate ``arms_flows.csv`` rows."""

OBSERVED = ("verified", "medium", "unverified")
"""Confidence labels of a figure or fact that has a value."""

MISSING = ("no_data", "not_found")
"""Confidence labels of a figure left blank (no figure published / none found)."""

ESTIMATED = ("estimated",)
"""Confidence label of a documented estimate that fills a gap."""

PRECISIONS = ("day", "month", "year")
"""How precisely a date is known; a month-precise date is written as the 1st of the month."""

FIGURES = ("gdp_usd_bn_2023", "milex_usd_bn_2023", "population_m_2023", "nuclear_warheads_2024")
"""Figures in ``states.csv`` that each carry ``_source`` and ``_confidence`` columns."""

ESTIMATED_FIGURES = ("gdp_usd_bn_2023", "milex_usd_bn_2023")
"""Figures whose gaps are filled in ``<figure>_estimate`` columns (with method, confidence)."""

ARMS_UNITS = (
    "aircraft",
    "barrels",
    "containers",
    "drones",
    "drones_per_year",
    "missiles",
    "percent_of_recipient_imports",
    "percent_of_supplier_exports",
    "percent_of_world_exports",
    "percent_of_world_imports",
    "personnel",
    "rounds",
    "systems",
    "usd_bn",
)
"""Units allowed in ``arms_flows.csv``."""

_ID = re.compile(r"[a-z0-9][a-z0-9_]*")
_ISO3 = re.compile(r"[A-Z]{3}")
_GROUP = re.compile(r"[A-Z][A-Z0-9_]*")
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
_INTEGER = re.compile(r"-?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Column:
    """One column of a fact table.

    Attributes
    ----------
    name : str
        Header name.
    kind : str
        ``text``, ``id``, ``iso3`` (a code in ``countries.csv``), ``state`` (an iso3
        code or TWN), ``group_code``, ``actor`` (a state or group code), ``flow_actor``
        (an actor or WORLD), ``actors`` (``;``-separated actors), ``choice``, ``float``,
        ``int``, ``bool``, ``date`` (``YYYY-MM-DD``), ``treaty`` (a ``treaty_id``) or
        ``record`` (an id in ``treaties``, ``sanctions`` or ``arms_flows``).
    required : bool
        Whether a blank cell is an error.
    allowed : tuple of str
        Allowed values of a ``choice`` column.
    low, high : float or None
        Inclusive bounds of a numeric column.
    precision : str
        For a ``date`` column, the column holding its precision (day/month/year).
    """

    name: str
    kind: str
    required: bool = True
    allowed: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    precision: str = ""


@dataclass(frozen=True)
class Table:
    """A fact table: its file stem, columns and key columns."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _text(name: str, required: bool = True) -> Column:
    return Column(name, "text", required)


def _confidence(name: str = "confidence", allowed: tuple[str, ...] = OBSERVED) -> Column:
    return Column(name, "choice", allowed=allowed)


def _figure(name: str, kind: str, estimated: bool) -> tuple[Column, ...]:
    columns = (
        Column(name, kind, required=False, low=0),
        _text(f"{name}_source"),
        _confidence(f"{name}_confidence", OBSERVED + MISSING),
    )
    if estimated:
        columns += (
            Column(f"{name}_estimate", "float", required=False, low=0),
            _text(f"{name}_estimate_method", required=False),
            Column(f"{name}_estimate_confidence", "choice", required=False, allowed=ESTIMATED),
        )
    return columns


def _precision(name: str, required: bool = True) -> Column:
    return Column(name, "choice", required, allowed=PRECISIONS)


SCHEMA: Mapping[str, Table] = MappingProxyType(
    {
        table.name: table
        for table in (
            Table(
                "countries",
                (Column("iso3", "iso3"), _text("name"), _text("source"), _confidence()),
                ("iso3",),
            ),
            Table(
                "groups",
                (
                    Column("group_code", "group_code"),
                    _text("group_name"),
                    Column("iso3", "state"),
                    _text("notes", required=False),
                    _text("source"),
                    _confidence(),
                ),
                ("group_code", "iso3"),
            ),
            Table(
                "states",
                (
                    Column("iso3", "state"),
                    _text("name"),
                    Column("un_member", "bool"),
                    _text("un_member_source"),
                    _confidence("un_member_confidence"),
                    *_figure("gdp_usd_bn_2023", "float", estimated=True),
                    *_figure("milex_usd_bn_2023", "float", estimated=True),
                    *_figure("population_m_2023", "float", estimated=False),
                    *_figure("nuclear_warheads_2024", "int", estimated=False),
                    _text("capital"),
                    Column("capital_lat", "float", low=-90, high=90),
                    Column("capital_lon", "float", low=-180, high=180),
                    _text("capital_source"),
                    _confidence("capital_confidence"),
                    _text("notes", required=False),
                ),
                ("iso3",),
            ),
            Table(
                "treaties",
                (
                    Column("treaty_id", "id"),
                    _text("name"),
                    Column(
                        "instrument",
                        "choice",
                        allowed=(
                            "domestic_law",
                            "executive_agreement",
                            "partnership",
                            "political_declaration",
                            "treaty",
                        ),
                    ),
                    Column("date_signed", "date", precision="date_signed_precision"),
                    _precision("date_signed_precision"),
                    Column("entry_into_force", "date", precision="entry_into_force_precision"),
                    _precision("entry_into_force_precision"),
                    _confidence("entry_into_force_confidence"),
                    Column("in_force", "bool"),
                    Column("mutual_defence", "choice", allowed=("ambiguous", "no", "yes")),
                    _text("key_article", required=False),
                    _text("notes", required=False),
                    _text("source"),
                    _confidence(),
                ),
                ("treaty_id",),
            ),
            Table(
                "treaty_parties",
                (Column("treaty_id", "treaty"), Column("party", "actor")),
                ("treaty_id", "party"),
            ),
            Table(
                "sanctions",
                (
                    Column("regime_id", "id"),
                    Column("sender", "actor"),
                    Column("target", "state"),
                    Column("start_year", "int", low=1900, high=2100),
                    Column("end_year", "int", required=False, low=1900, high=2100),
                    Column(
                        "scope",
                        "choice",
                        allowed=(
                            "arms_embargo",
                            "comprehensive",
                            "monitoring",
                            "sectoral",
                            "targeted",
                        ),
                    ),
                    _text("instrument"),
                    Column(
                        "status",
                        "choice",
                        allowed=("active", "largely_lifted", "lifted", "not_adopted"),
                    ),
                    _text("notes", required=False),
                    _text("source"),
                    _confidence(),
                ),
                ("regime_id",),
            ),
            Table(
                "arms_flows",
                (
                    Column("flow_id", "id"),
                    Column("supplier", "flow_actor"),
                    Column("recipient", "flow_actor"),
                    Column(
                        "period_start",
                        "date",
                        required=False,
                        precision="period_start_precision",
                    ),
                    _precision("period_start_precision", required=False),
                    Column("period_end", "date", precision="period_end_precision"),
                    _precision("period_end_precision"),
                    _text("item"),
                    Column("volume_low", "float", required=False, low=0),
                    Column("volume_high", "float", required=False, low=0),
                    Column("unit", "choice", required=False, allowed=ARMS_UNITS),
                    _text("estimate_by"),
                    _text("source"),
                    _confidence(),
                    _text("notes", required=False),
                ),
                ("flow_id",),
            ),
            Table(
                "events",
                (
                    Column("event_id", "id"),
                    Column("date", "date", precision="date_precision"),
                    _precision("date_precision"),
                    Column("actors", "actors"),
                    _text("description"),
                    Column(
                        "category",
                        "choice",
                        allowed=(
                            "alignment",
                            "arms_transfer",
                            "conflict",
                            "deterrence",
                            "sanctions",
                            "treaty",
                            "troop_deployment",
                        ),
                    ),
                    Column("model_kind", "choice", required=False, allowed=tuple(EVENT_KINDS)),
                    Column("model_actors", "actors", required=False),
                    _text("model_note"),
                    Column("related_id", "record", required=False),
                    _text("source"),
                    _confidence(),
                ),
                ("event_id",),
            ),
        )
    }
)
"""Every fact table, in load order (later tables refer to codes and ids in earlier ones)."""


def data_dir() -> Path:
    """Return the project's data folder.

    Returns
    -------
    pathlib.Path
        ``scenarios/_data`` inside an installed wheel (where the build copies
        ``data/``), otherwise the repository's top-level ``data/`` folder.
    """
    package = Path(scenarios.__file__).resolve().parent
    installed = package / "_data"
    return installed if installed.is_dir() else package.parents[1] / "data"


@dataclass(frozen=True, eq=False)
class FactBase:
    """The checked fact tables, as pandas frames.

    Treat the frames as read-only: :func:`load_facts` hands out fresh copy-on-write
    copies on every call, so changing one never alters what later calls return.

    Attributes
    ----------
    directory : pathlib.Path
        Folder the tables were read from.
    states : pandas.DataFrame
        One row per state in the model (``iso3``, ``name``, ``un_member``, the figures
        ``gdp_usd_bn_2023``, ``milex_usd_bn_2023``, ``population_m_2023`` (floats, NaN
        where unknown), ``nuclear_warheads_2024`` (int), each with ``_source`` and
        ``_confidence``; ``*_estimate`` columns for gaps; ``capital``, ``capital_lat``,
        ``capital_lon`` in degrees; ``notes``).
    countries : pandas.DataFrame
        All 193 UN member states (``iso3``, ``name``, ``source``, ``confidence``).
    groups : pandas.DataFrame
        Group memberships (``group_code``, ``group_name``, ``iso3``, ``notes``, ...).
    treaties : pandas.DataFrame
        Alliances and alignment instruments; dates are datetime64, ``in_force`` bool,
        ``mutual_defence`` one of yes/no/ambiguous.
    treaty_parties : pandas.DataFrame
        ``treaty_id``, ``party`` (iso3 or group code, as in the file) and ``iso3``:
        one row per member state, a group party expanded to all its members.
    sanctions : pandas.DataFrame
        Regimes (``regime_id``, ``sender`` iso3 or group code, ``target``,
        ``start_year`` int, ``end_year`` nullable Int64, ``scope``, ``status``, ...).
    arms_flows : pandas.DataFrame
        Supplier-to-recipient flows with ``volume_low``/``volume_high`` (floats) in
        ``unit``; ``WORLD`` marks aggregate rows.
    events : pandas.DataFrame
        Dated events (``date`` datetime64 with ``date_precision``, ``actors``,
        ``model_kind`` an :data:`~scenarios.parameters.EVENT_KINDS` name or ``""``,
        ``model_actors`` ``"A;B"`` in the order that kind's ``actors`` describes).
    """

    directory: Path
    states: pd.DataFrame
    countries: pd.DataFrame
    groups: pd.DataFrame
    treaties: pd.DataFrame
    treaty_parties: pd.DataFrame
    sanctions: pd.DataFrame
    arms_flows: pd.DataFrame
    events: pd.DataFrame
    _members: Mapping[str, tuple[str, ...]] = field(init=False, repr=False)
    _known_states: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        members = self.groups.groupby("group_code", sort=True)["iso3"].agg(tuple)
        object.__setattr__(self, "_members", MappingProxyType(members.to_dict()))
        known = frozenset(self.countries["iso3"]) | frozenset(NON_UN_STATES)
        object.__setattr__(self, "_known_states", known)

    @property
    def codes(self) -> tuple[str, ...]:
        """Iso3 codes of the states in ``states.csv``, in file order."""
        return tuple(self.states["iso3"])

    @property
    def group_codes(self) -> tuple[str, ...]:
        """Group codes defined in ``groups.csv``, sorted."""
        return tuple(self._members)

    def expand(self, code: str, universe: Iterable[str] | None = None) -> tuple[str, ...]:
        """Map an actor code onto states.

        Parameters
        ----------
        code : str
            An iso3 code (``countries.csv`` or TWN) or a group code.
        universe : iterable of str, optional
            The states to map onto, default :attr:`codes`; pass
            ``facts.countries["iso3"]`` for a world of all UN members.

        Returns
        -------
        tuple of str
            A group's members that are in the universe, in universe order; an iso3
            code itself if it is in the universe, else an empty tuple.

        Raises
        ------
        DataError
            If the code is neither a known iso3 code nor a group code.
        """
        states = self.codes if universe is None else tuple(universe)
        if code in self._members:
            members = set(self._members[code])
            return tuple(state for state in states if state in members)
        if code in self._known_states:
            return (code,) if code in states else ()
        known = self._known_states | set(self._members)
        raise DataError(
            f"unknown actor code {code!r}{suggest(code, known)}; use an iso3 code from "
            f"countries.csv, TWN or a group code ({allowed_list(self._members)})"
        )

    def figure(self, name: str) -> pd.Series:
        """Return a state figure with documented estimates filling its gaps.

        Parameters
        ----------
        name : str
            One of :data:`FIGURES`.

        Returns
        -------
        pandas.Series
            Float values indexed by iso3 (in :attr:`codes` order): the observed
            figure where there is one, else ``<name>_estimate`` where that exists,
            else NaN. Check ``states[f"{name}_confidence"]`` for which is which.
        """
        if name not in FIGURES:
            raise DataError(
                f"unknown state figure {name!r}{suggest(name, FIGURES)}; "
                f"allowed: {allowed_list(FIGURES)}"
            )
        values = self.states[name].astype(float)
        if name in ESTIMATED_FIGURES:
            values = values.fillna(self.states[f"{name}_estimate"])
        return pd.Series(values.to_numpy(), index=pd.Index(self.codes, name="iso3"), name=name)


_CACHE: dict[tuple[Path, str], FactBase] = {}
_CACHE_SIZE = 8


def load_facts(directory: str | Path | None = None) -> FactBase:
    """Read and check the fact tables.

    Parameters
    ----------
    directory : str or pathlib.Path, optional
        Folder holding the CSV files; default :func:`data_dir`.

    Returns
    -------
    FactBase
        Typed frames. Results are cached per resolved folder and file contents, so
        repeated calls are cheap and an edited file is re-read; each call returns
        fresh copy-on-write copies of the frames.

    Raises
    ------
    DataError
        A missing, empty, non-UTF-8 or malformed file, or any schema violation, with
        one line naming the file, line and column.
    """
    folder = Path(directory if directory is not None else data_dir()).resolve()
    if not folder.is_dir():
        raise DataError(f"{folder}: data folder not found")
    contents = {}
    for table in SCHEMA.values():
        path = folder / table.file
        if not path.is_file():
            raise DataError(
                f"{path}: file not found (the fact base needs "
                f"{', '.join(t.file for t in SCHEMA.values())})"
            )
        contents[table.name] = path.read_bytes()
    digest = hashlib.sha256(b"\0".join(contents[name] for name in SCHEMA)).hexdigest()
    key = (folder, digest)
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]
        _CACHE[key] = _Loader(folder, contents).run()
    facts = _CACHE[key]
    return replace(facts, **{name: getattr(facts, name).copy(deep=False) for name in SCHEMA})


class _Loader:
    """Checks the tables in :data:`SCHEMA` order, building the sets later tables need."""

    def __init__(self, folder: Path, contents: Mapping[str, bytes]) -> None:
        self.folder = folder
        self.contents = contents
        self.frames: dict[str, pd.DataFrame] = {}
        self.lines: dict[str, list[int]] = {}
        self.states: set[str] = set()
        self.groups: dict[str, tuple[str, ...]] = {}
        self.records: dict[str, str] = {}

    def run(self) -> FactBase:
        for table in SCHEMA.values():
            self.check_table(table)
        self.check_treaties_have_parties()
        frames = {name: _typed(SCHEMA[name], frame) for name, frame in self.frames.items()}
        frames["treaty_parties"] = self.expand_parties(frames["treaty_parties"])
        return FactBase(directory=self.folder, **frames)

    def path(self, table: Table) -> Path:
        return self.folder / table.file

    def fail(self, table: Table, row: int, column: str, problem: str) -> DataError:
        line = self.lines[table.name][row]
        return DataError(f"{self.path(table)}: line {line}, column '{column}': {problem}")

    def check_table(self, table: Table) -> None:
        frame, lines = _parse(self.path(table), self.contents[table.name], table)
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
        if kind in _CELL_CHECKS:
            return _CELL_CHECKS[kind]
        if kind == "choice":
            return lambda value: _check_choice(value, column.allowed)
        if kind in ("float", "int"):
            return lambda value: _check_number(value, column)
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
        if kind == "record":
            return lambda value: (
                ""
                if value in self.records
                else f"unknown id {value!r}{suggest(value, self.records)}; use a treaty_id, "
                "regime_id or flow_id from treaties.csv, sanctions.csv or arms_flows.csv"
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


def _parse(path: Path, raw: bytes, table: Table) -> tuple[pd.DataFrame, list[int]]:
    """Decode and split one CSV file; return its frame of strings and each row's line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(
            f"{path}: line {line}: not valid UTF-8 (byte 0x{raw[error.start]:02x}); "
            "save the file as UTF-8"
        ) from None
    if not text.strip():
        raise DataError(
            f"{path}: file is empty; expected a header naming the columns "
            f"{', '.join(table.column_names)}"
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    lines: list[int] = []
    end = 0
    try:
        for record in reader:
            records.append(record)
            lines.append(end + 1)
            end = reader.line_num
    except csv.Error as error:
        raise DataError(
            f"{path}: line {end + 1}: malformed CSV ({error}); check the quotes on this line"
        ) from None
    header, rows, lines = records[0], records[1:], lines[1:]
    _check_header(path, header, table)
    for record, line in zip(rows, lines, strict=True):
        if not record:
            raise DataError(f"{path}: line {line}: blank line; remove it")
        if len(record) != len(header):
            raise DataError(
                f"{path}: line {line}: {len(record)} fields but the header has {len(header)}; "
                "check for a stray comma or a missing pair of quotes"
            )
    if not rows:
        raise DataError(f"{path}: no data rows below the header")
    frame = pd.DataFrame(rows, columns=header, dtype="str")[list(table.column_names)]
    return frame, lines


def _check_header(path: Path, header: list[str], table: Table) -> None:
    expected = table.column_names
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise DataError(f"{path}: line 1: column '{name}' appears twice")
        seen.add(name)
        if name not in expected:
            raise DataError(
                f"{path}: line 1: unknown column '{name}'{suggest(name, expected)}; "
                f"allowed: {allowed_list(expected)}"
            )
    for name in expected:
        if name not in seen:
            raise DataError(f"{path}: line 1: missing column '{name}'")


def _matches(pattern: re.Pattern[str], what: str) -> Callable[[str], str]:
    return lambda value: "" if pattern.fullmatch(value) else f"{value!r} is not {what}"


def _check_choice(value: str, allowed: tuple[str, ...]) -> str:
    if value in allowed:
        return ""
    return f"{value!r} is not allowed{suggest(value, allowed)}; allowed: {allowed_list(allowed)}"


def _check_number(value: str, column: Column) -> str:
    pattern, what = (
        (_INTEGER, "a whole number")
        if column.kind == "int"
        else (_DECIMAL, "a number (write a plain decimal such as 12.5, no thousands separators)")
    )
    if not pattern.fullmatch(value):
        return f"{value!r} is not {what}"
    number = float(value)
    if column.low is not None and number < column.low:
        return f"{value} is below the minimum {column.low:g}"
    if column.high is not None and number > column.high:
        return f"{value} is above the maximum {column.high:g}"
    return ""


def _check_date(value: str) -> str:
    problem = f"{value!r} is not a valid date (write YYYY-MM-DD)"
    if not _DATE.fullmatch(value):
        return problem
    try:
        date.fromisoformat(value)
    except ValueError:
        return problem
    return ""


_CELL_CHECKS: Mapping[str, Callable[[str], str]] = MappingProxyType(
    {
        "text": lambda value: "",
        "id": _matches(_ID, "a valid id (use lowercase letters, digits and underscores)"),
        "iso3": _matches(_ISO3, "an iso3 code (three capital letters)"),
        "bool": _matches(re.compile("true|false"), "a boolean; allowed: false, true"),
        "date": _check_date,
    }
)
"""Checks of column kinds that need no other table."""


def _typed(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Give each column its declared dtype; blanks become NaN/NaT/<NA> in typed columns."""
    columns = {}
    for column in table.columns:
        values = frame[column.name]
        blank = values == ""
        if column.kind == "float":
            columns[column.name] = pd.to_numeric(values.mask(blank)).astype("float64")
        elif column.kind == "int":
            numbers = pd.to_numeric(values.mask(blank)).astype("Int64")
            columns[column.name] = numbers if not column.required else numbers.astype("int64")
        elif column.kind == "bool":
            columns[column.name] = values == "true"
        elif column.kind == "date":
            columns[column.name] = pd.to_datetime(values.mask(blank), format="%Y-%m-%d")
        else:
            columns[column.name] = values
    return pd.DataFrame(columns)
