"""Facts about the installed distribution, for modules that must not import the package face."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _distribution_version

DISTRIBUTION = "alignment-scenarios"
"""Name of the distribution on the package index (``pip install alignment-scenarios``)."""


def version() -> str:
    """Installed version of alignment-scenarios; ``"0.0.0"`` when run from a source tree."""
    try:
        return _distribution_version(DISTRIBUTION)
    except PackageNotFoundError:
        return "0.0.0"
