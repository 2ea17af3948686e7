"""Strict reading of one fact file and the checks of single cells.

A file is parsed with the :mod:`csv` module in strict mode, which reports the exact
line of a quoting or field-count error (pandas' parser pads short rows silently), and
is then held as a frame of strings, so blanks stay empty strings and "NA" stays "NA"
until :func:`typed` gives each column its declared type. The cell checks here need no
other table; those that do (codes, ids) are in :mod:`scenarios.facts.rules`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from scenarios.errors import DataError, allowed_list, suggest
from scenarios.facts.columns import Column, Table

MAX_DIGITS = 15
"""Most digits a number may have before its decimal point: such a figure is exact as a
float and fits an int64, and no fact is that large."""

# Digits are ASCII only: ``\d`` would also take full-width and other Unicode digits.
_ID = re.compile(r"[a-z0-9][a-z0-9_]*")
_ISO3 = re.compile(r"[A-Z]{3}")
_DECIMAL = re.compile(rf"-?[0-9]{{1,{MAX_DIGITS}}}(\.[0-9]+)?")
_INTEGER = re.compile(rf"-?[0-9]{{1,{MAX_DIGITS}}}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def read_table(path: Path, raw: bytes, table: Table) -> tuple[pd.DataFrame, list[int]]:
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


def check_choice(value: str, allowed: tuple[str, ...]) -> str:
    """The problem with a value not among ``allowed``, else ``""``."""
    if value in allowed:
        return ""
    return f"{value!r} is not allowed{suggest(value, allowed)}; allowed: {allowed_list(allowed)}"


def check_number(value: str, column: Column) -> str:
    """The problem with a number malformed or out of the column's range, else ``""``."""
    digits = f"ASCII digits, at most {MAX_DIGITS} before any decimal point"
    pattern, what = (
        (_INTEGER, f"a whole number ({digits})")
        if column.kind == "int"
        else (
            _DECIMAL,
            f"a number (write a plain decimal such as 12.5, no thousands separators; {digits})",
        )
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


CELL_CHECKS: Mapping[str, Callable[[str], str]] = MappingProxyType(
    {
        "text": lambda value: "",
        "id": _matches(_ID, "a valid id (use lowercase letters, digits and underscores)"),
        "iso3": _matches(_ISO3, "an iso3 code (three capital letters)"),
        "bool": _matches(re.compile("true|false"), "a boolean; allowed: false, true"),
        "date": _check_date,
    }
)
"""Checks of column kinds that need no other table."""


def typed(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
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
