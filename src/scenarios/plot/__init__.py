"""Plotting for model results: every function draws on a given ``ax`` and returns it.

``from scenarios import plot`` then, for example::

    fig, ax = plt.subplots()
    plot.cohesion(run, [("RUS", "PRK"), ("USA", "JPN")], ax)
    plot.caption(fig, plot.source_text(run))

Modules: :mod:`scenarios.plot.core` (one run or a few runs),
:mod:`scenarios.plot.ensembles` (probabilities and shares across ensembles and scenarios) and
:mod:`scenarios.plot.validation` (the validation checks). The conventions (palette,
country names, units, bands, captions) are described there.
"""

from scenarios.plot import ensembles, validation
from scenarios.plot.core import (
    AFFINITY_CMAP,
    BLOC_COLOURS,
    GREY,
    OKABE_ITO,
    PALETTE,
    alignment_heatmap,
    bite_leakage,
    bloc_membership,
    caption,
    cohesion,
    colours,
    compare_metric,
    country_name,
    country_names,
    decimal_year,
    metric_series,
    overview,
    pair_label,
    signed_network,
    source_text,
    spending,
    state_series,
    transfers_to,
)

__all__ = [
    "AFFINITY_CMAP",
    "BLOC_COLOURS",
    "GREY",
    "OKABE_ITO",
    "PALETTE",
    "alignment_heatmap",
    "bite_leakage",
    "bloc_membership",
    "caption",
    "cohesion",
    "colours",
    "compare_metric",
    "country_name",
    "country_names",
    "decimal_year",
    "ensembles",
    "metric_series",
    "overview",
    "pair_label",
    "signed_network",
    "source_text",
    "spending",
    "state_series",
    "transfers_to",
    "validation",
]
