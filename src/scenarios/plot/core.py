"""Deprecated: a forwarding module for old imports, until the next release.

The plot functions live in the modules of :mod:`scenarios.plot`.
"""

from scenarios._moved import forward

__getattr__, __dir__ = forward(
    __name__,
    "scenarios.plot",
    {
        "AFFINITY_CMAP": "scenarios.plot.style",
        "BAND": "scenarios.plot.style",
        "BLOC_COLOURS": "scenarios.plot.style",
        "BLOC_ORDER": "scenarios.plot.style",
        "FRIENDLY": "scenarios.plot.style",
        "GREY": "scenarios.plot.style",
        "HOSTILE": "scenarios.plot.style",
        "METRIC_TITLES": "scenarios.metrics",
        "NO_BLOC": "scenarios.plot.style",
        "OKABE_ITO": "scenarios.plot.style",
        "PALETTE": "scenarios.plot.style",
        "STATE_UNITS": "scenarios.plot.style",
        "alignment_heatmap": "scenarios.plot.network",
        "bite_leakage": "scenarios.plot.flows",
        "bloc_membership": "scenarios.plot.network",
        "caption": "scenarios.plot.style",
        "cohesion": "scenarios.plot.runs",
        "colours": "scenarios.plot.style",
        "compare_metric": "scenarios.plot.runs",
        "country_name": "scenarios.plot.style",
        "country_names": "scenarios.plot.style",
        "decimal_year": "scenarios.quarters",
        "metric_series": "scenarios.plot.runs",
        "overview": "scenarios.plot.overview",
        "pair_label": "scenarios.plot.style",
        "signed_network": "scenarios.plot.network",
        "source_text": "scenarios.plot.style",
        "spending": "scenarios.plot.runs",
        "state_series": "scenarios.plot.runs",
        "transfers_to": "scenarios.plot.flows",
    },
)
