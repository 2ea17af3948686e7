"""The optional ``analysis`` extra: its packages are imported on demand, never at import.

A missing package raises a :class:`~scenarios.errors.ScenariosError` whose one line
says what needs it and :data:`INSTALL_HINT`.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from types import ModuleType

from scenarios.errors import ScenariosError

INSTALL_HINT = 'pip install "alignment-scenarios[analysis]"'
"""What to run when an analysis package is missing."""

_DISTRIBUTIONS = {"SALib": "SALib", "prim": "prim"}
"""Packages whose versions go into an analysis's provenance, by distribution name."""


def require(module: str, purpose: str) -> ModuleType:
    """Import an optional module, or say in one line how to install it.

    Parameters
    ----------
    module : str
        Dotted module name, e.g. ``"SALib.sample.morris"``.
    purpose : str
        What needs it, e.g. ``"Morris screening"``: the error reads ``"<purpose> needs
        the optional package <package>: <INSTALL_HINT>"``.

    Returns
    -------
    types.ModuleType

    Raises
    ------
    ScenariosError
        When the module cannot be imported.
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        package = module.split(".", 1)[0]
        raise ScenariosError(
            f"{purpose} needs the optional package {package}: {INSTALL_HINT}"
        ) from None


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
