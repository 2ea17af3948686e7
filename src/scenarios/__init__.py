"""alignment-scenarios: an agent-based model of alignment shifts after the 2024 Russia-DPRK pact."""

from scenarios._meta import data_dir, version

__version__ = version()

from scenarios.errors import ScenariosError
from scenarios.experiments.design import design_table, factorial
from scenarios.experiments.run import run_ensemble, sweep
from scenarios.experiments.sampling import latin_hypercube
from scenarios.experiments.store import load, save
from scenarios.facts import FactBase, load_facts
from scenarios.metrics import METRICS
from scenarios.model import Results, simulate
from scenarios.registry import LEVERS
from scenarios.registry.parameters import PARAMETERS
from scenarios.scenario import Event, Scenario, list_scenarios, load_scenario

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
    "data_dir",
    "design_table",
    "factorial",
    "latin_hypercube",
    "list_scenarios",
    "load",
    "load_facts",
    "load_scenario",
    "plot",
    "run_ensemble",
    "save",
    "simulate",
    "sweep",
]


def __getattr__(name: str):
    # matplotlib is slow to import: load the plotting API only when it is first used
    if name == "plot":
        import importlib

        return importlib.import_module("scenarios.plot")
    raise AttributeError(f"module 'scenarios' has no attribute {name!r}")
