"""Optional dependencies: imported on demand, with a one-line install hint when missing.

The package's extras (``analysis``, ``report``, ``distributed``, ...) are never imported
at import time; a function that needs one asks :func:`require`, which names what needs
the package and the ``pip install`` line that brings it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from scenarios._meta import DISTRIBUTION
from scenarios.errors import ScenariosError


def install_hint(extra: str) -> str:
    """The command that installs an extra, e.g. ``pip install "alignment-scenarios[report]"``."""
    return f'pip install "{DISTRIBUTION}[{extra}]"'


def require(module: str, purpose: str, extra: str) -> ModuleType:
    """Import an optional module, or raise a one-line error saying how to install it.

    Parameters
    ----------
    module : str
        Dotted module name, e.g. ``"SALib.sample.morris"``.
    purpose : str
        What needs it, e.g. ``"Morris screening"``; the message reads ``"<purpose> needs
        the optional package <package>: <install hint>"``.
    extra : str
        The extra that provides it.

    Returns
    -------
    types.ModuleType

    Raises
    ------
    ScenariosError
        When the module, or a package it needs, is not installed.
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        missing = (error.name or module).split(".", 1)[0]
        raise ScenariosError(
            f"{purpose} needs the optional package {missing}: {install_hint(extra)}"
        ) from None
