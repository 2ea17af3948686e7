"""The ``report`` extra: Jupyter's nbformat, nbclient, nbconvert and ipykernel.

They are not core dependencies, so the modules of :mod:`scenarios.report` import them only
when a function needs them, through :func:`require`, which says in one line how to install
them when they are missing.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from scenarios.errors import ScenariosError

INSTALL_HINT = 'pip install "alignment-scenarios[report]"'
"""What to run when a package of the report extra is missing."""


def require(module: str, purpose: str) -> ModuleType:
    """Import a module of the report extra, or raise a one-line error saying how to install it.

    Parameters
    ----------
    module : str
        E.g. ``"nbformat"`` or ``"nbconvert.filters"``.
    purpose : str
        What needs it, e.g. ``"reading a notebook"``; starts the error message.

    Returns
    -------
    types.ModuleType

    Raises
    ------
    ScenariosError
        If the module (or a package it needs) is not installed.
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        missing = error.name or module.split(".", 1)[0]
        raise ScenariosError(
            f"{purpose} needs the optional package {missing}: {INSTALL_HINT}"
        ) from None
