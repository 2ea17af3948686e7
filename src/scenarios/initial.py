"""Deprecated: a forwarding module for old imports, until the next release.

The initial state lives in :mod:`scenarios.model` (initial, from_facts, synthetic).
"""

from scenarios._moved import forward

__getattr__, __dir__ = forward(
    __name__,
    "scenarios.model.initial",
    {
        "ALIGNMENT_GROUPS": "scenarios.model.from_facts",
        "COUNCIL": "scenarios.model.from_facts",
        "EARTH_RADIUS_KM": "scenarios.model.initial",
        "InitialFacts": "scenarios.model.initial",
        "PACT_PARTIES": "scenarios.registry.levers",
        "PARTIAL_ALLIANCE": "scenarios.model.from_facts",
        "RESTRAINT": "scenarios.model.from_facts",
        "SCOPE_INTENSITY": "scenarios.model.from_facts",
        "assemble": "scenarios.model.initial",
        "build": "scenarios.model.from_facts",
        "great_circle": "scenarios.model.initial",
        "initialise": "scenarios.model.initial",
        "settle": "scenarios.model.initial",
        "synthetic": "scenarios.model.synthetic",
        "technology": "scenarios.model.initial",
    },
)
