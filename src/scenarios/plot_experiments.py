"""Former home of the experiment plots; they now live in :mod:`scenarios.plot.experiments`."""

from scenarios.plot.experiments import fan_chart, prim_tradeoff, sensitivity_ranking
from scenarios.plot.style import decimal_year

__all__ = ["decimal_year", "fan_chart", "prim_tradeoff", "sensitivity_ranking"]
