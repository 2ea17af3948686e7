"""Forwarding for modules that moved, so that old imports keep working for one release.

A moved module keeps only a PEP 562 ``__getattr__`` made here: reading a name from it
imports the name's new home, warns once per access with a :class:`DeprecationWarning`
that says where to import it from now, and returns it::

    __getattr__, __dir__ = forward(__name__, "scenarios.facts")
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any

REMOVED_IN = "0.3"
"""The release in which the forwarding modules go away."""


def forward(
    old: str, new: str, elsewhere: Mapping[str, str] | None = None
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Build the ``__getattr__`` and ``__dir__`` of a module that moved.

    Parameters
    ----------
    old : str
        The moved module's dotted name (its ``__name__``).
    new : str
        The module that now offers its names.
    elsewhere : Mapping[str, str], optional
        Names that live in another module than ``new``: name -> that module.

    Returns
    -------
    tuple of callables
        ``(__getattr__, __dir__)`` for the old module's namespace.
    """
    homes = dict(elsewhere or {})

    def __getattr__(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(f"module {old!r} has no attribute {name!r}")
        home = homes.get(name, new)
        try:
            value = getattr(importlib.import_module(home), name)
        except AttributeError:
            raise AttributeError(f"module {old!r} has no attribute {name!r}") from None
        warnings.warn(
            f"{old} is deprecated and goes away in {REMOVED_IN}: import {name} from {home}",
            DeprecationWarning,
            stacklevel=2,
        )
        return value

    def __dir__() -> list[str]:
        names = set(homes)
        for home in {new, *homes.values()}:
            names.update(getattr(importlib.import_module(home), "__all__", ()))
        return sorted(names)

    return __getattr__, __dir__
