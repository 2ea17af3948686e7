"""The declared shape of the fact tables: every table's columns, kinds, bounds and keys.

:data:`SCHEMA` lists the tables in load order; the confidence labels, precisions,
figures and units that columns may hold are declared beside it, so that one place
says what a well-formed fact table looks like.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

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
