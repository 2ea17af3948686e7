"""Deprecated: a forwarding module for old imports, until the next release.

The registry lives in :mod:`scenarios.registry`.
"""

from scenarios._moved import forward

__getattr__, __dir__ = forward(
    __name__,
    "scenarios.registry",
    {
        "EVENT_KINDS": "scenarios.registry.events",
        "EventKindSpec": "scenarios.registry.specs",
        "LEVERS": "scenarios.registry.levers",
        "LeverSpec": "scenarios.registry.specs",
        "PARAMETERS": "scenarios.registry.parameters",
        "PARAMETER_SECTIONS": "scenarios.registry.parameters",
        "ParameterSpec": "scenarios.registry.specs",
        "parameter_table": "scenarios.registry.tables",
    },
)
