"""alignment-scenarios: an agent-based model of alignment shifts after the 2024 Russia-DPRK pact.

The public face: every name here is re-exported from the module that owns it, and is
imported when first used (PEP 562), so that ``import scenarios`` (and with it the
command line, ``python -m scenarios``) starts in milliseconds and Ctrl-C while the
heavy libraries load is handled by the command line like any other Ctrl-C.
"""

import importlib

from scenarios._meta import data_dir, version

_OWNERS = {
    "ScenariosError": "scenarios.errors",
    "compare": "scenarios.experiments.compare",
    "design_table": "scenarios.experiments.design",
    "factorial": "scenarios.experiments.design",
    "run_ensemble": "scenarios.experiments.run",
    "sweep": "scenarios.experiments.run",
    "latin_hypercube": "scenarios.experiments.sampling",
    "load": "scenarios.experiments.store",
    "save": "scenarios.experiments.store",
    "FactBase": "scenarios.facts",
    "load_facts": "scenarios.facts",
    "METRICS": "scenarios.metrics",
    "posterior": "scenarios.calibration.posterior",
    "Results": "scenarios.model",
    "simulate": "scenarios.model",
    "LEVERS": "scenarios.registry",
    "PARAMETERS": "scenarios.registry.parameters",
    "Event": "scenarios.scenario",
    "Scenario": "scenarios.scenario",
    "list_scenarios": "scenarios.scenario",
    "load_scenario": "scenarios.scenario",
}
"""Each re-exported name and the module it comes from."""

__all__ = [
    "LEVERS",
    "METRICS",
    "PARAMETERS",
    "Event",
    "FactBase",
    "Results",
    "Scenario",
    "ScenariosError",
    "__version__",
    "compare",
    "data_dir",
    "design_table",
    "factorial",
    "latin_hypercube",
    "list_scenarios",
    "load",
    "load_facts",
    "load_scenario",
    "plot",
    "posterior",
    "run_ensemble",
    "save",
    "simulate",
    "sweep",
]


def __getattr__(name: str):
    if name == "plot":  # the plotting package (matplotlib), as a module
        return importlib.import_module("scenarios.plot")
    if name == "__version__":
        return version()
    if name not in _OWNERS:
        raise AttributeError(f"module 'scenarios' has no attribute {name!r}")
    value = getattr(importlib.import_module(_OWNERS[name]), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return __all__
