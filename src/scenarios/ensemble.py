"""Deprecated: a forwarding module for old imports, until the next release.

Ensembles, sweeps and their files live in :mod:`scenarios.experiments`.
"""

from scenarios._moved import forward

__getattr__, __dir__ = forward(
    __name__,
    "scenarios.experiments",
    {
        "DASK_WORKER_CONFIG": "scenarios.experiments.evaluate",
        "DEFAULT_CHUNK_SIZE": "scenarios.experiments.evaluate",
        "Design": "scenarios.experiments.design",
        "EnsembleResult": "scenarios.experiments.results",
        "FORMAT_VERSION": "scenarios.experiments.files",
        "IN_FLIGHT_PER_WORKER": "scenarios.experiments.evaluate",
        "Layout": "scenarios.experiments.records",
        "MANIFEST": "scenarios.experiments.files",
        "QUANTILES": "scenarios.experiments.tables",
        "STATISTICS": "scenarios.experiments.tables",
        "SweepResult": "scenarios.experiments.results",
        "_sha256": "scenarios.experiments.files",
        "design_keys": "scenarios.experiments.design",
        "design_table": "scenarios.experiments.design",
        "even_levels": "scenarios.experiments.design",
        "factorial": "scenarios.experiments.design",
        "latin_hypercube": "scenarios.experiments.sampling",
        "load": "scenarios.experiments.store",
        "run_ensemble": "scenarios.experiments.run",
        "sampled_design": "scenarios.experiments.sampling",
        "save": "scenarios.experiments.store",
        "sweep": "scenarios.experiments.run",
    },
)
