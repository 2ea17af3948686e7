"""The optional ``analysis`` extra: its packages are imported on demand, never at import.

A missing package raises a :class:`~scenarios.errors.ScenariosError` whose one line
says what needs it and :data:`INSTALL_HINT`.
"""

from __future__ import annotations

import importlib.metadata
from types import ModuleType

from scenarios import extras

INSTALL_HINT = extras.install_hint("analysis")
"""What to run when an analysis package is missing."""

_DISTRIBUTIONS = {"SALib": "SALib", "prim": "prim"}
"""Packages whose versions go into an analysis's provenance, by distribution name."""


def require(module: str, purpose: str) -> ModuleType:
    """Import a module of the ``analysis`` extra (see :func:`scenarios.extras.require`)."""
    return extras.require(module, purpose, "analysis")


def versions() -> dict[str, str | None]:
    """Installed versions of the analysis packages (None when missing).

    SALib has no ``__version__``; the versions come from the installed distributions.
    """
    found: dict[str, str | None] = {}
    for name, distribution in _DISTRIBUTIONS.items():
        try:
            found[name] = importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found
