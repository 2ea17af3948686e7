"""Experiments: ensembles and sweeps, many members, many parameter sets, one seed.

An experiment is described, sampled, run and analysed in separate steps, each in its
own module:

1. *describe* (:mod:`~scenarios.experiments.design`): which keys vary and over what
   range. Keys are parameter keys (``"sanctions.isolation_pull"``) or
   ``"levers.<name>"`` (``"levers.sanctions_intensity"``), every range checked against
   the registry in :mod:`scenarios.registry`;
2. *sample*: a :class:`Design`, one row per point, from :func:`factorial`,
   :func:`design_table`, :func:`latin_hypercube` (:mod:`~scenarios.experiments.sampling`)
   or the Morris and Sobol designs of :mod:`~scenarios.experiments.sensitivity`;
3. *run* (:mod:`~scenarios.experiments.run`): :func:`run_ensemble` (one scenario, many
   members) or :func:`sweep` (every design point, ``members_per_point`` members each),
   in chunks on any engine (:mod:`~scenarios.experiments.evaluate`);
4. *analyse*: the tidy tables of :class:`EnsembleResult` and :class:`SweepResult`
   (:mod:`~scenarios.experiments.results`, :mod:`~scenarios.experiments.tables`),
   :mod:`~scenarios.experiments.sensitivity` and :mod:`~scenarios.experiments.discovery`.

Two branches are compared member by member by :func:`compare`, and a difference between
them is split by mechanism (exact Shapley shares, with the built-in share) by
:func:`attribute` (:mod:`~scenarios.experiments.attribution`); :func:`claims_table` judges
the article's claims that way (:mod:`~scenarios.experiments.claims`).

Results are kept in folders by :func:`save` and :func:`load`
(:mod:`~scenarios.experiments.store`).

Streams and reproducibility
    Everything derives from the one ``seed``. Ensemble member ``m`` draws from the stream
    of :class:`~scenarios.state.MemberStreams` with global member index ``m``, i.e.
    ``numpy.random.SeedSequence(seed, spawn_key=(m,))``. In a sweep, member ``m`` of
    design point ``p`` is global member ``p * members_per_point + m``: every member of the
    sweep has its own stream, and adding points to the end of a design leaves the earlier
    points' numbers unchanged. Because the engine gives each member the same numbers
    whatever batch it runs in, results are bit-identical across engines and chunk sizes.
"""

from scenarios.experiments.attribution import Attribution, attribute, attributions
from scenarios.experiments.claims import CLAIMS, claims_markdown, claims_table
from scenarios.experiments.compare import compare
from scenarios.experiments.comparison import Comparison
from scenarios.experiments.design import Design, design_keys, design_table, even_levels, factorial
from scenarios.experiments.discovery import Discovery, discover
from scenarios.experiments.evaluate import DASK_WORKER_CONFIG, DEFAULT_CHUNK_SIZE
from scenarios.experiments.outcomes import OUTCOMES, Outcome
from scenarios.experiments.records import Layout
from scenarios.experiments.results import EnsembleResult, SweepResult
from scenarios.experiments.run import run_ensemble, sweep
from scenarios.experiments.sampling import latin_hypercube, sampled_design
from scenarios.experiments.sensitivity import (
    morris_design,
    morris_indices,
    sobol_design,
    sobol_indices,
)
from scenarios.experiments.store import load, save
from scenarios.experiments.tables import QUANTILES, STATISTICS

__all__ = [
    "CLAIMS",
    "DASK_WORKER_CONFIG",
    "DEFAULT_CHUNK_SIZE",
    "OUTCOMES",
    "QUANTILES",
    "STATISTICS",
    "Attribution",
    "Comparison",
    "Design",
    "Discovery",
    "EnsembleResult",
    "Layout",
    "Outcome",
    "SweepResult",
    "attribute",
    "attributions",
    "claims_markdown",
    "claims_table",
    "compare",
    "design_keys",
    "design_table",
    "discover",
    "even_levels",
    "factorial",
    "latin_hypercube",
    "load",
    "morris_design",
    "morris_indices",
    "run_ensemble",
    "sampled_design",
    "save",
    "sobol_design",
    "sobol_indices",
    "sweep",
]
