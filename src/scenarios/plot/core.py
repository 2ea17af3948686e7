"""Former home of the plots of one run; the names now live in the modules of :mod:`scenarios.plot`.

Kept so that ``from scenarios.plot.core import ...`` keeps working: :mod:`scenarios.plot.style`
(palette, units, titles, names, captions, decimal years), :mod:`scenarios.plot.runs` (time
series), :mod:`scenarios.plot.network` (the network and blocs), :mod:`scenarios.plot.flows`
(arms and sanctions) and :mod:`scenarios.plot.overview`.
"""

from scenarios.plot.flows import bite_leakage, transfers_to
from scenarios.plot.network import alignment_heatmap, bloc_membership, signed_network
from scenarios.plot.overview import overview
from scenarios.plot.runs import cohesion, compare_metric, metric_series, spending, state_series
from scenarios.plot.style import (
    AFFINITY_CMAP,
    BAND,
    BLOC_COLOURS,
    BLOC_ORDER,
    FRIENDLY,
    GREY,
    HOSTILE,
    METRIC_TITLES,
    NO_BLOC,
    OKABE_ITO,
    PALETTE,
    STATE_UNITS,
    caption,
    colours,
    country_name,
    country_names,
    decimal_year,
    pair_label,
    source_text,
)

__all__ = [
    "AFFINITY_CMAP",
    "BAND",
    "BLOC_COLOURS",
    "BLOC_ORDER",
    "FRIENDLY",
    "GREY",
    "HOSTILE",
    "METRIC_TITLES",
    "NO_BLOC",
    "OKABE_ITO",
    "PALETTE",
    "STATE_UNITS",
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
    "metric_series",
    "overview",
    "pair_label",
    "signed_network",
    "source_text",
    "spending",
    "state_series",
    "transfers_to",
]
