"""The ``report`` extra: Jupyter's nbformat, nbclient, nbconvert and ipykernel.

They are not core dependencies, so the modules of :mod:`scenarios.report` import them only
when a function needs them, through :func:`require`, which says in one line how to install
them when they are missing.
"""

from __future__ import annotations

from types import ModuleType

from scenarios import extras

INSTALL_HINT = extras.install_hint("report")
"""What to run when a package of the report extra is missing."""


def require(module: str, purpose: str) -> ModuleType:
    """Import a module of the ``report`` extra (see :func:`scenarios.extras.require`)."""
    return extras.require(module, purpose, "report")
