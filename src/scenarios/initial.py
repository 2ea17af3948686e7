"""Moved: the initial state now lives in :mod:`scenarios.model.initial` (derivation),
:mod:`scenarios.model.from_facts` (coding the facts) and :mod:`scenarios.model.synthetic`;
this module re-exports them."""

from scenarios.model.from_facts import (
    ALIGNMENT_GROUPS,
    COUNCIL,
    PARTIAL_ALLIANCE,
    RESTRAINT,
    SCOPE_INTENSITY,
    build,
)
from scenarios.model.initial import (
    EARTH_RADIUS_KM,
    InitialFacts,
    assemble,
    great_circle,
    initialise,
    settle,
    technology,
)
from scenarios.model.synthetic import synthetic
from scenarios.registry.levers import PACT_PARTIES

__all__ = [
    "ALIGNMENT_GROUPS",
    "COUNCIL",
    "EARTH_RADIUS_KM",
    "PACT_PARTIES",
    "PARTIAL_ALLIANCE",
    "RESTRAINT",
    "SCOPE_INTENSITY",
    "InitialFacts",
    "assemble",
    "build",
    "great_circle",
    "initialise",
    "settle",
    "synthetic",
    "technology",
]
