"""Blocs by landscape theory (Axelrod & Bennett 1993) and signed-network measures.

- :mod:`~scenarios.blocs.energy`: conventions and input checks, the energy of a split and
  its exact minimum by enumeration;
- :mod:`~scenarios.blocs.search`: the heuristic search (spectral start, single-flip
  descent, random restarts), the choice between it and the enumeration, local minima;
- :mod:`~scenarios.blocs.measures`: alignment margins, bloc labels, the bipolarity index,
  the balanced-triad fraction, eigenvector factions;
- :mod:`~scenarios.blocs.landscape`: :class:`Landscape`, one checked batch of networks
  the engine asks for its blocs.

This module only re-exports.
"""

from scenarios.blocs.energy import exact_minimum, landscape_energy
from scenarios.blocs.landscape import Landscape
from scenarios.blocs.measures import (
    NONALIGNED_THRESHOLD,
    alignment_margin,
    balanced_triad_fraction,
    bipolarity_index,
    bloc_labels,
    eigenvector_split,
)
from scenarios.blocs.search import (
    DEFAULT_RESTARTS,
    EXACT_LIMIT,
    LocalMinima,
    heuristic_minimum,
    is_local_minimum,
    local_minima,
    minimise_energy,
)

__all__ = [
    "DEFAULT_RESTARTS",
    "EXACT_LIMIT",
    "NONALIGNED_THRESHOLD",
    "Landscape",
    "LocalMinima",
    "alignment_margin",
    "balanced_triad_fraction",
    "bipolarity_index",
    "bloc_labels",
    "eigenvector_split",
    "exact_minimum",
    "heuristic_minimum",
    "is_local_minimum",
    "landscape_energy",
    "local_minima",
    "minimise_energy",
]
