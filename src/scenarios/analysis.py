"""Deprecated: a forwarding module for old imports, until the next release.

Sensitivity analysis and scenario discovery live in :mod:`scenarios.experiments`.
"""

from scenarios._moved import forward

__getattr__, __dir__ = forward(
    __name__,
    "scenarios.experiments",
    {
        "Discovery": "scenarios.experiments.discovery",
        "INSTALL_HINT": "scenarios.experiments.extras",
        "MORRIS_COLUMNS": "scenarios.experiments.sensitivity",
        "SOBOL_COLUMNS": "scenarios.experiments.sensitivity",
        "discover": "scenarios.experiments.discovery",
        "morris_design": "scenarios.experiments.sensitivity",
        "morris_indices": "scenarios.experiments.sensitivity",
        "sobol_design": "scenarios.experiments.sensitivity",
        "sobol_indices": "scenarios.experiments.sensitivity",
        "versions": "scenarios.experiments.extras",
    },
)
