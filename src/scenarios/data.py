"""Deprecated: a forwarding module for old imports, until the next release.

The fact base lives in :mod:`scenarios.facts`; data_dir in :mod:`scenarios._meta`.
"""

from scenarios._moved import forward

__getattr__, __dir__ = forward(
    __name__,
    "scenarios.facts",
    {
        "ARMS_UNITS": "scenarios.facts",
        "Column": "scenarios.facts",
        "ESTIMATED": "scenarios.facts",
        "ESTIMATED_FIGURES": "scenarios.facts",
        "FIGURES": "scenarios.facts",
        "FactBase": "scenarios.facts",
        "MISSING": "scenarios.facts",
        "NON_UN_STATES": "scenarios.facts",
        "OBSERVED": "scenarios.facts",
        "PRECISIONS": "scenarios.facts",
        "SCHEMA": "scenarios.facts",
        "Table": "scenarios.facts",
        "WORLD": "scenarios.facts",
        "data_dir": "scenarios._meta",
        "load_facts": "scenarios.facts",
    },
)
