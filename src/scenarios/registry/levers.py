"""The policy levers a scenario can set, with the states each acts on and its coding.

This is the one home of every lever's meaning: its allowed values (the
:class:`~scenarios.registry.specs.LeverSpec`), the states it names (China and its
partners, the patron, the interdicted route, the pact's parties, the ceasefire pair) and,
for a choice lever, the number each choice stands for in the model. The mechanisms, the
initial state and the event schedule read these names from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from scenarios.registry.specs import LeverSpec

CHINA = "CHN"
"""The state the ``china_stance`` lever acts on."""

CHINA_PARTNERS = ("RUS", "PRK")
"""The states China's stance is about."""

CHINA_STANCES: Mapping[str, float] = MappingProxyType(
    {"distancing": -1.0, "cautious": 0.0, "supportive": 1.0}
)
"""Numeric value of each ``china_stance`` choice (steps of ``sanctions.china_tilt``)."""

CEASEFIRE_PAIR = ("RUS", "UKR")
"""The two states whose war the ``ceasefire`` lever stops."""

INTERDICTED = ("PRK", "RUS")
"""Supplier and recipient of the shipments the ``interdiction`` lever cuts."""

PATRON = "USA"
"""The patron whose extended-deterrence credibility the ``us_commitment`` lever sets."""

PACT_PARTIES = frozenset({"RUS", "PRK"})
"""Parties of the treaty the ``pact`` lever removes."""

_LEVERS = (
    LeverSpec(
        "sanctions_intensity",
        "float",
        1.0,
        "Multiplier on the intensity of every active sanctions regime.",
        0.0,
        2.0,
        unit="x current",
    ),
    LeverSpec(
        "secondary_sanctions",
        "float",
        0.0,
        "Penalty on sanctions busting: share of a buster's exposure put at risk.",
        0.0,
        1.0,
        unit="share",
    ),
    LeverSpec(
        "china_stance",
        "choice",
        "cautious",
        "China's posture towards Russia and the DPRK.",
        choices=tuple(CHINA_STANCES),
        coding=tuple(CHINA_STANCES.values()),
        acts_on=(CHINA, *CHINA_PARTNERS),
    ),
    LeverSpec(
        "ceasefire",
        "quarter",
        "none",
        "Quarter in which the Russia-Ukraine war stops.",
        acts_on=CEASEFIRE_PAIR,
    ),
    LeverSpec(
        "interdiction",
        "float",
        0.0,
        "Share of DPRK-Russia arms shipments intercepted.",
        0.0,
        1.0,
        unit="share",
        acts_on=INTERDICTED,
    ),
    LeverSpec(
        "us_commitment",
        "float",
        1.0,
        "Credibility of US extended deterrence (1 = today's commitments).",
        0.0,
        1.0,
        unit="share",
        acts_on=(PATRON,),
    ),
    LeverSpec(
        "pact",
        "bool",
        True,
        "Whether Russia-DPRK treaty events act from the branch on (false: no 2024 treaty).",
        acts_on=tuple(sorted(PACT_PARTIES)),
    ),
)

LEVERS: Mapping[str, LeverSpec] = MappingProxyType({lever.key: lever for lever in _LEVERS})
"""All scenario levers, keyed by name."""

SCHEDULABLE = (
    "sanctions_intensity",
    "secondary_sanctions",
    "china_stance",
    "interdiction",
    "us_commitment",
)
"""Levers a scenario may change during a run (its ``[[lever_changes]]``).

The model reads these every quarter, except ``sanctions_intensity``, whose change
rescales the sanctions in force by new / old (:mod:`scenarios.model.lever_changes`).
Not ``pact``, which decides whether the pact parties' treaty events act from the branch on
(the 2024 treaty is in the trunk, so it can be dropped only by a branch at 2024Q2 or
earlier), nor ``ceasefire``, which is already a quarter. Every lever, these included,
holds its registry default on the trunk and takes the scenario's value at the branch."""
