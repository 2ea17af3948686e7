"""Facts about the installed package itself (a leaf: imports nothing from the package)."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _distribution_version


@cache
def version() -> str:
    """The installed version of alignment-scenarios, ``"0.0.0"`` in an uninstalled tree."""
    try:
        return _distribution_version("alignment-scenarios")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0.0.0"
