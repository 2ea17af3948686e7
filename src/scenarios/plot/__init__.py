"""Plotting for model results: every function draws on a given ``ax`` and returns it.

``from scenarios import plot`` then, for example::

    fig, ax = plt.subplots()
    plot.cohesion(run, [("RUS", "PRK"), ("USA", "JPN")], ax)
    plot.caption(fig, plot.source_text(run))

Modules: :mod:`~scenarios.plot.style` (the conventions: one palette, a fixed colour per
scenario and per key state, units, titles, names in words, captions, time axis),
:mod:`~scenarios.plot.tables` (reading the tidy tables), :mod:`~scenarios.plot.lines`
(lines that hide nothing: members drawn where they split into two outcomes, no line under
another), :mod:`~scenarios.plot.runs` (time series of one run or a few),
:mod:`~scenarios.plot.branches` (the trunk and a scenario's branch on a time axis),
:mod:`~scenarios.plot.network` (the network and blocs), :mod:`~scenarios.plot.flows` (arms
and sanctions), :mod:`~scenarios.plot.overview` (one run at a glance),
:mod:`~scenarios.plot.ensembles` with :mod:`~scenarios.plot.summaries` (probabilities and
shares across ensembles and scenarios), :mod:`~scenarios.plot.experiments` (fan charts,
sensitivity, PRIM), :mod:`~scenarios.plot.validation` (the validation checks) and
:mod:`~scenarios.plot.calibration` (prior against posterior, the trunk against the record).
"""

from scenarios.plot import calibration, ensembles, validation
from scenarios.plot.branches import mark_branch
from scenarios.plot.experiments import fan_chart, prim_tradeoff, sensitivity_ranking
from scenarios.plot.flows import bite_leakage, transfers_to
from scenarios.plot.network import alignment_heatmap, bloc_membership, signed_network
from scenarios.plot.overview import overview, save_overview
from scenarios.plot.runs import (
    cohesion,
    compare_metric,
    compare_state,
    metric_series,
    spending,
    state_series,
)
from scenarios.plot.style import (
    AFFINITY_CMAP,
    BLOC_COLOURS,
    GREY,
    OKABE_ITO,
    PALETTE,
    SCENARIO_COLOURS,
    STATE_COLOURS,
    caption,
    colours,
    country_name,
    country_names,
    pair_label,
    scenario_colours,
    scenario_label,
    source_text,
)
from scenarios.quarters import decimal_year

__all__ = [
    "AFFINITY_CMAP",
    "BLOC_COLOURS",
    "GREY",
    "OKABE_ITO",
    "PALETTE",
    "SCENARIO_COLOURS",
    "STATE_COLOURS",
    "alignment_heatmap",
    "bite_leakage",
    "bloc_membership",
    "calibration",
    "caption",
    "cohesion",
    "colours",
    "compare_metric",
    "compare_state",
    "country_name",
    "country_names",
    "decimal_year",
    "ensembles",
    "fan_chart",
    "mark_branch",
    "metric_series",
    "overview",
    "pair_label",
    "prim_tradeoff",
    "save_overview",
    "scenario_colours",
    "scenario_label",
    "sensitivity_ranking",
    "signed_network",
    "source_text",
    "spending",
    "state_series",
    "transfers_to",
    "validation",
]
