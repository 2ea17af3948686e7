"""alignment-scenarios: an agent-based model of alignment shifts after the 2024 Russia-DPRK pact."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("alignment-scenarios")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

from scenarios.data import FactBase, load_facts
from scenarios.errors import ScenariosError
from scenarios.scenario import Event, Scenario, list_scenarios, load_scenario

__all__ = [
    "Event",
    "FactBase",
    "Scenario",
    "ScenariosError",
    "__version__",
    "list_scenarios",
    "load_facts",
    "load_scenario",
]
