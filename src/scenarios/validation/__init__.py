"""Validation checks: classic results the model should reproduce, each as a tidy table.

One submodule per check; each public function returns a :class:`pandas.DataFrame`. To add a
check, add its module and one import line below.
"""

from scenarios.validation.landscape import (
    Landscape1936,
    coded_pairs,
    landscape_check,
    landscape_local_minima,
    landscape_prediction,
    landscape_sensitivity,
    landscape_summary,
    load_landscape_1936,
    propensity_matrix,
)

__all__ = [
    "Landscape1936",
    "coded_pairs",
    "landscape_check",
    "landscape_local_minima",
    "landscape_prediction",
    "landscape_sensitivity",
    "landscape_summary",
    "load_landscape_1936",
    "propensity_matrix",
]
