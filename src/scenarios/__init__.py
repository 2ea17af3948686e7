"""alignment-scenarios: an agent-based model of alignment shifts after the 2024 Russia-DPRK pact."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("alignment-scenarios")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"
