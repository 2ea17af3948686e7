"""The observed record 2021-2025 in ``data/observed/``: :func:`load_observed`.

The record is what calibration fits the model to and tests it against: tidy CSV files,
one observation per row, all with the columns of :data:`OBSERVED_TABLE`::

    spending.csv  growth.csv  deliveries.csv  trade.csv  sanctions_adopted.csv  launches.csv

A row names a ``quantity`` of :data:`QUANTITIES`, a ``state`` (an iso3 code) or a pair
(``"PRK-RUS"``: supplier and recipient, or the two partners of a trade total), a
``period`` (a year ``"2023"`` or a quarter ``"2023Q2"``), the ``value`` in ``unit``, whether
it is a point figure or a ``lower``/``upper`` bound, whether it is a documented estimate
(then ``note`` gives the method), its ``source`` and a ``confidence`` of ``high``,
``medium`` or ``low``. The dated alignment events are not copied here: they are
``load_facts().events`` (``data/events.csv``).

Each observation falls in one set of the fit/test split of ``docs/calibration.md``
(:data:`SPLIT`, by the year of its period). Votes in the UN General Assembly are held out
of the record altogether: no quantity may name them.

Bad input raises :class:`~scenarios.errors.DataError` with one line naming the file, the
line (the header is line 1), the column and what is allowed.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from scenarios._meta import data_dir
from scenarios.errors import DataError, allowed_list
from scenarios.facts.cells import check_choice, check_number, read_table
from scenarios.facts.columns import Column, Table
from scenarios.facts.load import load_facts
from scenarios.facts.schema import NON_UN_STATES

FILES = (
    "spending.csv",
    "growth.csv",
    "deliveries.csv",
    "trade.csv",
    "sanctions_adopted.csv",
    "launches.csv",
)
"""The files of the record, in the order they are read."""

CONFIDENCE = ("high", "medium", "low")
"""Confidence labels: ``high`` seen in the named source (``verified`` in ``data/``),
``medium`` one secondary source or a figure inferred from context, ``low`` a recalled or
projected figure kept as a placeholder."""

BOUNDS = ("point", "lower", "upper")
"""How a value bounds the quantity: the figure itself, at least it, or at most it."""

YEARS = (2021, 2025)
"""First and last year of the record."""

SPLIT = MappingProxyType(
    {
        "initial": (YEARS[0], 2021),
        "fit": (2022, 2023),
        "test": (2024, YEARS[1]),
    }
)
"""The fit/test split (``docs/calibration.md``, section 1): set -> (first, last) year,
inclusive. ``initial`` is the trunk's start state, never a calibration target."""

QUANTITIES = MappingProxyType(
    {
        "milex_usd_bn": ("state", ("USD bn",)),
        "defence_budget": ("state", ("JPY tn", "KRW tn")),
        "gdp_growth_pct": ("state", ("% a year",)),
        "containers_shipped_cumulative": ("pair", ("containers",)),
        "shells_delivered_cumulative": ("pair", ("rounds",)),
        "shells_delivered": ("pair", ("rounds",)),
        "ballistic_missiles_delivered": ("pair", ("missiles",)),
        "ballistic_missiles_fired_cumulative": ("pair", ("missiles",)),
        "drones_launched_cumulative": ("pair", ("drones",)),
        "troops_deployed": ("pair", ("personnel",)),
        "trade_usd_bn": ("pair", ("USD bn",)),
        "exports_usd_bn": ("pair", ("USD bn",)),
        "sanctions_regimes_adopted": ("state", ("regimes",)),
        "ballistic_missiles_launched": ("state", ("missiles",)),
        "launch_events": ("state", ("launches",)),
        "missile_tests": ("state", ("missiles",)),
    }
)
"""Quantity -> (what ``state`` holds: ``state`` or ``pair``, the units it may be in).
Meanings are in the data card (``data/README.md``)."""

UNIT_RANGES = MappingProxyType(
    {
        "USD bn": (0.0, 2000.0),
        "JPY tn": (1.0, 20.0),
        "KRW tn": (10.0, 150.0),
        "% a year": (-40.0, 40.0),
        "containers": (1.0, 100_000.0),
        "rounds": (1_000.0, 50_000_000.0),
        "missiles": (1.0, 1_000.0),
        "drones": (1.0, 100_000.0),
        "personnel": (1.0, 200_000.0),
        "regimes": (0.0, 50.0),
        "launches": (1.0, 200.0),
    }
)
"""Unit -> (lowest, highest) plausible value, inclusive: a value outside is a typo or a
unit slip (millions for billions), not a fact. Wide on purpose: Ukraine's 2022 growth was
-28.8 %, and one year's DPRK shipments ran to millions of rounds."""

HELD_OUT = re.compile(r"unga|general_assembly|assembly_vote|un_vote", re.IGNORECASE)
"""Quantity names that would bring UN General Assembly votes into the record."""

OBSERVED_TABLE = Table(
    "observed",
    (
        Column("quantity", "choice", allowed=tuple(QUANTITIES)),
        Column("state", "text"),
        Column("period", "text"),
        Column("value", "float"),
        Column("unit", "text"),
        Column("bound", "choice", allowed=BOUNDS),
        Column("estimate", "bool"),
        Column("source", "text"),
        Column("confidence", "choice", allowed=CONFIDENCE),
        Column("note", "text", required=False),
    ),
    ("quantity", "state", "period", "source"),
)
"""The columns every file of the record has, and the key of an observation."""

_STATE = re.compile(r"[A-Z]{3}")
_PAIR = re.compile(r"([A-Z]{3})-([A-Z]{3})")
_PERIOD = re.compile(r"([0-9]{4})(?:Q([1-4]))?")


def observed_dir() -> Path:
    """``data/observed/`` (installed or source tree)."""
    return data_dir() / "observed"


def load_observed(directory: str | Path | None = None) -> pd.DataFrame:
    """Read and check the observed record.

    Parameters
    ----------
    directory : str or pathlib.Path, optional
        Folder holding the files of :data:`FILES`; default :func:`observed_dir`.

    Returns
    -------
    pandas.DataFrame
        One row per observation: the file columns (``value`` float, ``estimate`` bool,
        the rest text), then ``file`` and ``line`` (where the row is), ``year`` (int),
        ``quarter`` (nullable Int64, <NA> for an annual figure) and ``split``
        (``initial``, ``fit`` or ``test``, by :data:`SPLIT`).

    Raises
    ------
    DataError
        A missing or malformed file, or a row that breaks a rule, with one line naming
        the file, line and column: an unknown quantity (a UN General Assembly quantity
        is refused as held out), a state or pair that is not a known code, a period
        that is not ``YYYY`` or ``YYYYQn`` within :data:`YEARS`, a unit the quantity
        does not use, a value outside its unit's :data:`UNIT_RANGES`, a blank source,
        an unknown confidence or bound, an estimate without a note giving its method,
        or a key (quantity, state, period, source) seen twice.
    """
    folder = Path(directory if directory is not None else observed_dir())
    if not folder.is_dir():
        raise DataError(f"{folder}: observed-record folder not found")
    facts = load_facts()
    codes = frozenset(facts.countries["iso3"]) | frozenset(NON_UN_STATES)
    frames = []
    seen: dict[tuple[str, ...], str] = {}
    for name in FILES:
        path = folder / name
        if not path.is_file():
            raise DataError(f"{path}: file not found (the record needs {', '.join(FILES)})")
        frame, lines = read_table(path, path.read_bytes(), OBSERVED_TABLE)
        years, quarters = [], []
        for line, row in zip(lines, frame.to_dict("records"), strict=True):
            where = f"{path}: line {line}"
            year, quarter = _check_row(where, row, codes)
            key = tuple(row[column] for column in OBSERVED_TABLE.key)
            if key in seen:
                raise DataError(
                    f"{where}: the observation ({', '.join(key[:3])}, same source) repeats "
                    f"{seen[key]}; keep one row per quantity, state, period and source"
                )
            seen[key] = f"{name} line {line}"
            years.append(year)
            quarters.append(quarter)
        frame = frame.assign(
            value=frame["value"].astype(float),
            estimate=frame["estimate"] == "true",
            file=name,
            line=lines,
            year=years,
            quarter=pd.array(quarters, dtype="Int64"),
        )
        frames.append(frame)
    record = pd.concat(frames, ignore_index=True)
    record["split"] = [split_of(year) for year in record["year"]]
    return record


def split_of(year: int) -> str:
    """The set of :data:`SPLIT` that a year of the record belongs to."""
    for name, (first, last) in SPLIT.items():
        if first <= year <= last:
            return name
    raise DataError(f"year {year} is outside the record's {YEARS[0]}-{YEARS[1]}")


def _check_row(where: str, row: dict[str, str], codes: frozenset[str]) -> tuple[int, int | None]:
    """Check one row's cells; return the year and quarter (None if annual) of its period."""
    for column in OBSERVED_TABLE.columns:
        value = row[column.name]
        if value == "":
            if column.required:
                raise DataError(f"{where}, column '{column.name}': blank; a value is required")
            continue
        problem = ""
        if column.name == "quantity" and HELD_OUT.search(value):
            problem = (
                f"{value!r} is held out: UN General Assembly votes are reserved as an "
                "independent out-of-sample check and may not appear in the record"
            )
        elif column.kind == "choice":
            problem = check_choice(value, column.allowed)
        elif column.kind == "bool":
            problem = "" if value in ("true", "false") else f"{value!r} is not true or false"
        elif column.kind == "float":
            problem = check_number(value, column)
        if problem:
            raise DataError(f"{where}, column '{column.name}': {problem}")
    kind, units = QUANTITIES[row["quantity"]]
    _check_state(where, row["state"], kind, codes)
    if row["unit"] not in units:
        raise DataError(
            f"{where}, column 'unit': {row['unit']!r} is not a unit of {row['quantity']}; "
            f"allowed: {allowed_list(units)}"
        )
    low, high = UNIT_RANGES[row["unit"]]
    if not low <= float(row["value"]) <= high:
        raise DataError(
            f"{where}, column 'value': {row['value']} {row['unit']} is outside the plausible "
            f"range {low:g} to {high:g}; check the unit"
        )
    if row["estimate"] == "true" and not row["note"].strip():
        raise DataError(
            f"{where}, column 'note': an estimate needs its method in the note "
            "(e.g. 'midpoint of the reported range 4.3-11')"
        )
    return _period(where, row["period"])


def _check_state(where: str, value: str, kind: str, codes: frozenset[str]) -> None:
    pattern, form = (_STATE, "an iso3 code") if kind == "state" else (_PAIR, "a pair 'AAA-BBB'")
    match = pattern.fullmatch(value)
    if match is None:
        raise DataError(f"{where}, column 'state': {value!r} is not {form}")
    parts = match.groups() if kind == "pair" else (value,)
    for code in parts:
        if code not in codes:
            raise DataError(
                f"{where}, column 'state': unknown code {code!r}; use an iso3 code from "
                "countries.csv or TWN"
            )
    if kind == "pair" and parts[0] == parts[1]:
        raise DataError(f"{where}, column 'state': a pair needs two different states")


def _period(where: str, value: str) -> tuple[int, int | None]:
    match = _PERIOD.fullmatch(value)
    if match is None:
        raise DataError(
            f"{where}, column 'period': {value!r} is not a year (2023) or a quarter (2023Q2)"
        )
    year = int(match.group(1))
    if not YEARS[0] <= year <= YEARS[1]:
        raise DataError(
            f"{where}, column 'period': {value} is outside the record's {YEARS[0]}-{YEARS[1]}"
        )
    return year, int(match.group(2)) if match.group(2) else None
