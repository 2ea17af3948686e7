"""The declared shape of the fact tables: every table's columns, kinds, bounds and keys.

:data:`SCHEMA` lists the tables in load order. The core tables (countries, groups,
states, treaties, sanctions, arms flows, events) are declared here with the figures
and units their columns may hold; the yearly panel and the context tables come from
:mod:`~scenarios.facts.schema_context`, and the parts every table is built from
(:class:`~scenarios.facts.columns.Column`, the confidence labels) from
:mod:`~scenarios.facts.columns`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from scenarios.facts.columns import (
    Column,
    Table,
    _confidence,
    _figure,
    _precision,
    _text,
)
from scenarios.facts.schema_context import (
    ARMS_CAPACITY,
    ECONOMY,
    MILITARY_PRESENCE,
    RIVALRIES,
    SANCTIONS_EVASION,
)
from scenarios.registry.events import EVENT_KINDS

NON_UN_STATES: Mapping[str, str] = MappingProxyType({"TWN": "Taiwan"})
"""States in ``states.csv`` that are not UN members, and so not in ``countries.csv``."""

WORLD = "WORLD"
"""Pseudo-code for 'all suppliers' or 'all recipients' in aggregate ``arms_flows.csv`` rows."""

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
            ECONOMY,
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
            SANCTIONS_EVASION,
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
            ARMS_CAPACITY,
            RIVALRIES,
            MILITARY_PRESENCE,
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
