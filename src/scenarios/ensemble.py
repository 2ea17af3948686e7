"""Ensembles, sweeps and their persistence: moved to :mod:`scenarios.experiments`.

This module re-exports the names that code, tests, notebooks and benchmarks import
from it; new code imports from :mod:`scenarios.experiments` and its modules.
"""

from scenarios.experiments.design import (
    Design,
    design_keys,
    design_table,
    even_levels,
    factorial,
)
from scenarios.experiments.evaluate import (
    DASK_WORKER_CONFIG,
    DEFAULT_CHUNK_SIZE,
    IN_FLIGHT_PER_WORKER,
    RUN_WIDE,
)
from scenarios.experiments.files import FORMAT_VERSION, MANIFEST, _sha256
from scenarios.experiments.records import Layout
from scenarios.experiments.results import EnsembleResult, SweepResult
from scenarios.experiments.run import run_ensemble, sweep
from scenarios.experiments.sampling import latin_hypercube, sampled_design
from scenarios.experiments.store import load, save
from scenarios.experiments.tables import QUANTILES, STATISTICS

__all__ = [
    "DASK_WORKER_CONFIG",
    "DEFAULT_CHUNK_SIZE",
    "FORMAT_VERSION",
    "IN_FLIGHT_PER_WORKER",
    "MANIFEST",
    "QUANTILES",
    "RUN_WIDE",
    "STATISTICS",
    "Design",
    "EnsembleResult",
    "Layout",
    "SweepResult",
    "_sha256",
    "design_keys",
    "design_table",
    "even_levels",
    "factorial",
    "latin_hypercube",
    "load",
    "run_ensemble",
    "sampled_design",
    "save",
    "sweep",
]
