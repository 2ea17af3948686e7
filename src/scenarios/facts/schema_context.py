"""The yearly panel and the context tables.

The tables are ``economy``, ``sanctions_evasion``, ``arms_capacity``, ``rivalries`` and
``military_presence``. Each table is declared with the values its columns may hold;
:data:`~scenarios.facts.schema.SCHEMA` places them in load order among the core tables.
"""

from __future__ import annotations

from scenarios.facts.columns import (
    ESTIMATED,
    MISSING,
    OBSERVED,
    Column,
    Table,
    _confidence,
    _dated,
    _text,
)

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

CONSENT = ("yes", "no")
"""Whether the host government invited or agreed to a ``military_presence.csv`` row's forces
(``no``: against its will, as US forces in Syria before December 2024)."""

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


ECONOMY = Table(
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
)
"""Every state's GDP growth, GDP and military expenditure, year by year."""

SANCTIONS_EVASION = Table(
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
)
"""Senders that break (or disown) a sanctions regime they nominally support."""

ARMS_CAPACITY = Table(
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
)
"""A state's production, capacity, targets or deliveries of a weapon or dual-use product."""

RIVALRIES = Table(
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
)
"""Strategic rivalries between two states."""

MILITARY_PRESENCE = Table(
    "military_presence",
    (
        Column("presence_id", "id"),
        Column("guest", "state"),
        Column("host", "state"),
        Column("kind", "choice", allowed=PRESENCE_KINDS),
        Column("host_consent", "choice", allowed=CONSENT),
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
)
"""Bases, deployments and interventions of one state's forces in another state."""
