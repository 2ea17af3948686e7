"""Deprecated: a forwarding module for old imports, until the next release.

The figures of experiments live in :mod:`scenarios.plot.experiments`.
"""

from scenarios._moved import forward

__getattr__, __dir__ = forward(
    __name__,
    "scenarios.plot.experiments",
    {
        "decimal_year": "scenarios.quarters",
        "fan_chart": "scenarios.plot.experiments",
        "prim_tradeoff": "scenarios.plot.experiments",
        "sensitivity_ranking": "scenarios.plot.experiments",
    },
)
