"""User-facing errors.

Every error a user can cause by bad input derives from :class:`ScenariosError`, whose
message is one line naming the file, the key (or row and column) and what is allowed.
The CLI prints that line and exits with code 2; no traceback reaches the user.

User text quoted in a message (a key, a name, a value) goes through :func:`shorten`, so
that a 10 MB key or a key holding a carriage return or an ANSI escape cannot flood or
rewrite the terminal; the CLI passes the whole line through :func:`printable` again
when it prints it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import numbers
import sys
from collections.abc import Iterable


class ScenariosError(Exception):
    """Base class for every error caused by bad user input."""


class DataError(ScenariosError):
    """A fact table in ``data/`` is missing, malformed or inconsistent."""


class ScenarioError(ScenariosError):
    """A scenario file is malformed or violates the scenario schema."""


class ResultsError(ScenariosError):
    """A saved results file is corrupted or does not match what was asked for."""


MAX_SHOWN = 40
"""Longest piece of user text, in characters, that a message quotes."""

_LOG10_2 = math.log10(2)


def printable(text: str) -> str:
    r"""Write every unprintable character of ``text`` as a Python escape.

    Line breaks, tabs, ANSI escapes, bidirectional overrides and lone surrogates (from
    undecodable file names) become ``\r``, ``\x1b``, ``\u202e`` and so on; every
    printable character, non-ASCII letters included, stays as it is.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def shorten(text: object, limit: int = MAX_SHOWN) -> str:
    """User text as a message quotes it: :func:`printable`, cut to ``limit`` characters.

    Text that is cut ends in ``...``; ``limit`` counts the escapes as written.
    """
    text = text if isinstance(text, str) else str(text)
    shown = printable(text[: limit + 1])
    return shown if len(shown) <= limit and len(text) <= limit else shown[: limit - 3] + "..."


def suggest(value: str, allowed: Iterable[str], limit: int = 3) -> str:
    """Return a ``" (did you mean X, Y?)"`` hint, or ``""`` when nothing is close."""
    if len(str(value)) > 4 * MAX_SHOWN:
        return ""  # nothing allowed is that long; and difflib's cost grows with the length
    close = difflib.get_close_matches(str(value), sorted(set(allowed)), n=limit, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def allowed_list(allowed: Iterable[str], limit: int = 12) -> str:
    """Format allowed values compactly for an error message."""
    values = sorted(set(allowed))
    shown = ", ".join(values[:limit])
    return shown + (f", ... ({len(values)} in all)" if len(values) > limit else "")


def show(value: object) -> str:
    """A value as written in an error message.

    Floats in full, anything else as its repr cut to :data:`MAX_SHOWN` characters (an
    integer too long to write, by its size).
    """
    if isinstance(value, float) or _numpy_scalar(value, "floating"):
        return repr(float(value))
    if isinstance(value, numbers.Integral) and abs(int(value)).bit_length() > 64:
        # Python refuses to write integers of more than 4300 digits
        return f"{'-' if value < 0 else ''}about 1e{int(abs(int(value)).bit_length() * _LOG10_2)}"
    if isinstance(value, str):
        value = value[: MAX_SHOWN + 1]  # the repr of what is shown only, however long the text
    return shorten(repr(value))


def describe(value: object) -> str:
    """Name the TOML type of a value and show it, e.g. ``an integer (5)``."""
    if isinstance(value, bool) or _numpy_scalar(value, "bool_"):
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


def _numpy_scalar(value: object, kind: str) -> bool:
    """Whether ``value`` is a numpy scalar of ``kind``, without importing numpy here.

    This module stays light for the command line, and an unimported numpy made no values.
    """
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, getattr(numpy, kind))
