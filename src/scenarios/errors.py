"""User-facing errors.

Every error a user can cause by bad input derives from :class:`ScenariosError`, whose
message is one line naming the file, the key (or row and column) and what is allowed.
The CLI prints that line and exits with code 2; no traceback reaches the user.
"""

from __future__ import annotations

import datetime as dt
import difflib
import numbers
from collections.abc import Iterable

import numpy as np


class ScenariosError(Exception):
    """Base class for every error caused by bad user input."""


class DataError(ScenariosError):
    """A fact table in ``data/`` is missing, malformed or inconsistent."""


class ScenarioError(ScenariosError):
    """A scenario file is malformed or violates the scenario schema."""


class ResultsError(ScenariosError):
    """A saved results file is corrupted or does not match what was asked for."""


def suggest(value: str, allowed: Iterable[str], limit: int = 3) -> str:
    """Return a ``" (did you mean X, Y?)"`` hint, or ``""`` when nothing is close."""
    close = difflib.get_close_matches(str(value), sorted(set(allowed)), n=limit, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def allowed_list(allowed: Iterable[str], limit: int = 12) -> str:
    """Format allowed values compactly for an error message."""
    values = sorted(set(allowed))
    shown = ", ".join(values[:limit])
    return shown + (f", ... ({len(values)} in all)" if len(values) > limit else "")


def show(value: object) -> str:
    """A value as written in an error message: floats in full, long text cut to 40."""
    if isinstance(value, float | np.floating):
        return repr(float(value))
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def describe(value: object) -> str:
    """Name the TOML type of a value and show it, e.g. ``an integer (5)``."""
    if isinstance(value, bool | np.bool_):
        kind = "a boolean"
    elif isinstance(value, numbers.Integral):
        kind = "an integer"
    elif isinstance(value, numbers.Real):
        kind = "a number"
    elif isinstance(value, str):
        kind = "a string"
    elif isinstance(value, list):
        return "an array"
    elif isinstance(value, dict):
        return "a table"
    elif isinstance(value, dt.datetime | dt.date):
        kind = "a date"
    elif isinstance(value, dt.time):
        kind = "a time"
    elif value is None:
        return "nothing"
    else:
        kind = f"a {type(value).__name__}"
    return f"{kind} ({show(value)})"
