"""Sensitivity analysis and scenario discovery: moved to :mod:`scenarios.experiments`.

This module re-exports the names that code, tests, notebooks and benchmarks import
from it; new code imports from :mod:`scenarios.experiments.sensitivity`,
:mod:`scenarios.experiments.discovery` and :mod:`scenarios.experiments.extras`.
"""

from scenarios.experiments.discovery import Discovery, discover
from scenarios.experiments.extras import INSTALL_HINT, versions
from scenarios.experiments.sensitivity import (
    MORRIS_COLUMNS,
    SOBOL_COLUMNS,
    morris_design,
    morris_indices,
    sobol_design,
    sobol_indices,
)

__all__ = [
    "INSTALL_HINT",
    "MORRIS_COLUMNS",
    "SOBOL_COLUMNS",
    "Discovery",
    "discover",
    "morris_design",
    "morris_indices",
    "sobol_design",
    "sobol_indices",
    "versions",
]
