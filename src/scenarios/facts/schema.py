"""The declared shape of the fact tables: every table's columns, kinds, bounds and keys.

:data:`SCHEMA` lists the tables in load order; the confidence labels, precisions,
figures and units that columns may hold are declared beside it, so that one place
says what a well-formed fact table looks like.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from scenarios.registry.events import EVENT_KINDS

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

YEARS = (2020, 2025)
"""First and last year of ``economy.csv``: every state has every quantity for every year."""

QUANTITIES = ("gdp_growth_pct", "gdp_usd_bn", "milex_usd_bn")
"""Quantities of ``economy.csv``: real GDP growth (% a year), GDP and military
expenditure (current US$ bn)."""

LEVEL_QUANTITIES = ("gdp_usd_bn", "milex_usd_bn")
"""Quantities that are levels (never negative; gaps filled by documented estimates)."""

BASES = ("budget", "outturn", "preliminary", "projection")
"""What an ``economy.csv`` figure is: a national budget allocation, the outturn of a
completed year, a first (preliminary) estimate, or a projection for a year not yet over
(the IMF's figures for 2025)."""

ESTIMATE_RULES = ("carry", "burden", "constant")
"""Estimate rules of ``economy.csv`` (the first word of ``estimate_method``): ``carry``
copies the nearest year with an observed figure of the same state and quantity;
``burden`` multiplies the year's GDP (or its estimate) by the median burden stated in
``states.csv``; ``constant`` holds the ``states.csv`` estimate for 2023."""

RIVALRY_TYPES = ("ideological", "interventionary", "positional", "spatial")
"""Rivalry types of Thompson and Dreyer (2012), ``;``-separated in ``rivalries.csv``."""

PRESENCE_KINDS = ("base", "combat_deployment", "deployment", "intervention")
"""Kinds of ``military_presence.csv`` rows: a standing base, troops fighting in the
host's war, a stationed or rotational force, or an intervention in a conflict."""

PRODUCTS = (
    "ammunition",
    "artillery_shells",
    "ballistic_missiles",
    "cruise_and_ballistic_missiles",
    "decoy_drones",
    "dual_use_goods",
    "one_way_attack_drones",
)
"""Products of ``arms_capacity.csv``."""

MEASURES = ("deliveries", "production", "production_capacity", "production_target")
"""What an ``arms_capacity.csv`` row measures."""

CAPACITY_UNITS = (
    "drones",
    "drones_per_month",
    "drones_per_year",
    "missiles_per_month",
    "percent_of_factory_capacity",
    "percent_of_recipient_imports",
    "rounds",
    "rounds_per_month",
    "rounds_per_year",
    "tonnes",
)
"""Units allowed in ``arms_capacity.csv``."""

CONDUCTS = (
    "arms_trade",
    "blocks_monitoring",
    "coal_and_other_imports",
    "non_recognition",
    "refined_oil_above_cap",
    "ship_to_ship_transfers",
)
"""Conduct recorded in ``sanctions_evasion.csv``: what a sender did that breaks (or
disowns) the regime it nominally supports."""


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
                "economy",
                (
                    Column("iso3", "state"),
                    Column("year", "int", low=YEARS[0], high=YEARS[1]),
                    Column("quantity", "choice", allowed=QUANTITIES),
                    Column("value", "float", required=False, low=-100),
                    Column("basis", "choice", required=False, allowed=BASES),
                    _text("source"),
                    _confidence("confidence", OBSERVED + MISSING),
                    Column("estimate", "float", required=False, low=0),
                    _text("estimate_method", required=False),
                    Column("estimate_confidence", "choice", required=False, allowed=ESTIMATED),
                    _text("notes", required=False),
                ),
                ("iso3", "year", "quantity"),
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
                "sanctions_evasion",
                (
                    Column("evasion_id", "id"),
                    Column("regime_id", "regime"),
                    Column("state", "state"),
                    Column("conduct", "choice", allowed=CONDUCTS),
                    Column("start_year", "int", low=1900, high=2100),
                    Column("end_year", "int", required=False, low=1900, high=2100),
                    _text("evidence"),
                    _text("source"),
                    _confidence(),
                    _text("notes", required=False),
                ),
                ("evasion_id",),
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
                "arms_capacity",
                (
                    Column("capacity_id", "id"),
                    Column("producer", "state"),
                    Column("recipient", "state", required=False),
                    Column("product", "choice", allowed=PRODUCTS),
                    Column("measure", "choice", allowed=MEASURES),
                    *_dated("period_start"),
                    *_dated("period_end"),
                    Column("value_low", "float", required=False, low=0),
                    Column("value_high", "float", required=False, low=0),
                    Column("unit", "choice", allowed=CAPACITY_UNITS),
                    _text("estimate_by"),
                    _text("source"),
                    _confidence(),
                    _text("notes", required=False),
                ),
                ("capacity_id",),
            ),
            Table(
                "rivalries",
                (
                    Column("rivalry_id", "id"),
                    Column("side_a", "state"),
                    Column("side_b", "state"),
                    Column("start_year", "int", low=1800, high=2100),
                    Column("end_year", "int", required=False, low=1800, high=2100),
                    Column("types", "choices", allowed=RIVALRY_TYPES),
                    Column("coding", "choice", allowed=("thompson_dreyer", "update")),
                    _text("source"),
                    _confidence(),
                    _text("notes", required=False),
                ),
                ("rivalry_id",),
            ),
            Table(
                "military_presence",
                (
                    Column("presence_id", "id"),
                    Column("guest", "state"),
                    Column("host", "state"),
                    Column("kind", "choice", allowed=PRESENCE_KINDS),
                    _text("site"),
                    *_dated("start"),
                    *_dated("end", required=False),
                    Column("personnel_low", "int", required=False, low=0),
                    Column("personnel_high", "int", required=False, low=0),
                    _text("source"),
                    _confidence(),
                    _text("notes", required=False),
                ),
                ("presence_id",),
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
