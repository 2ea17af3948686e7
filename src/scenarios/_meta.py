"""Facts about the installed package, for modules that must not import the package face."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _distribution_version


def version() -> str:
    """The installed version of ``alignment-scenarios``; ``"0.0.0"`` in a bare source tree."""
    try:
        return _distribution_version("alignment-scenarios")
    except PackageNotFoundError:
        return "0.0.0"
