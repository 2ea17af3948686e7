"""What a fact table is made of: :class:`Column`, :class:`Table` and the shared column builders.

The confidence labels and date precisions that columns of every table may hold are
declared here too, so that :mod:`~scenarios.facts.schema` and
:mod:`~scenarios.facts.schema_context` build their tables from the same parts.
"""

from __future__ import annotations

from dataclasses import dataclass

OBSERVED = ("verified", "medium", "unverified")
"""Confidence labels of a figure or fact that has a value."""

MISSING = ("no_data", "not_found")
"""Confidence labels of a figure left blank (no figure published / none found)."""

ESTIMATED = ("estimated",)
"""Confidence label of a documented estimate that fills a gap."""

PRECISIONS = ("day", "month", "year")
"""How precisely a date is known; a month-precise date is written as the 1st of the month."""


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
        ``int``, ``bool``, ``date`` (``YYYY-MM-DD``), ``treaty`` (a ``treaty_id``),
        ``regime`` (a ``regime_id``), ``choices`` (``;``-separated values of
        ``allowed``) or ``record`` (an id of any table that defines ids).
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


def _dated(name: str, required: bool = True) -> tuple[Column, ...]:
    return (
        Column(name, "date", required, precision=f"{name}_precision"),
        _precision(f"{name}_precision", required),
    )
