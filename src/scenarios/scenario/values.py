"""How scenario values are recognised, shown in messages and written as TOML.

One place decides what counts as a number or an integer (a bool is neither), how a
value is named in an error (``an integer (5)``) and how a lever's value is written.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import numbers
from typing import Any

import numpy as np

from scenarios.errors import MAX_SHOWN, shorten
from scenarios.parameters import LeverSpec
from scenarios.quarters import format_quarter, parse_quarter

_LOG10_2 = math.log10(2)


def is_real(value: Any) -> bool:
    """Whether a value is a real number that is not a bool and not NaN."""
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool | np.bool_)
        and not math.isnan(value)
    )


def is_integer(value: Any) -> bool:
    """Whether a value is an integer that is not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)


def lever_default(lever: LeverSpec) -> Any:
    """A lever's default as a scenario holds it (a quarter lever: an index or None)."""
    if lever.kind == "quarter":
        return None if lever.default == "none" else parse_quarter(str(lever.default))
    return lever.default


def lever_text(lever: LeverSpec, value: Any) -> Any:
    """A lever value as a scenario file writes it (a quarter lever: ``2025Q2`` or none)."""
    if lever.kind == "quarter":
        return "none" if value is None else format_quarter(value)
    return value


def lever_allowed(lever: LeverSpec) -> str:
    """What a lever allows, as error messages and TOML comments say it."""
    if lever.kind == "float":
        unit = f" ({lever.unit})" if lever.unit else ""
        return f"a number from {number(lever.low)} to {number(lever.high)}{unit}"
    if lever.kind == "bool":
        return "true or false"
    if lever.kind == "choice":
        return "one of " + ", ".join(f'"{choice}"' for choice in lever.choices)
    return 'a quarter like "2025Q2", or "none"'


def number(value: float) -> str:
    """A bound or default written shortly (``0.5``, ``1e-05``)."""
    return f"{value:g}"


def show(value: Any) -> str:
    """A value as quoted in an error: its repr, cut to :data:`~scenarios.errors.MAX_SHOWN`."""
    if isinstance(value, float | np.floating):
        return repr(float(value))
    if is_integer(value) and abs(int(value)).bit_length() > 64:
        # Python refuses to write integers of more than 4300 digits; say how big it is
        return f"{'-' if value < 0 else ''}about 1e{int(abs(int(value)).bit_length() * _LOG10_2)}"
    if isinstance(value, str):
        value = value[: MAX_SHOWN + 1]  # repr of the part shown only, however long the text
    return shorten(repr(value))


def described(value: Any) -> str:
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


def toml_value(value: Any) -> str:
    """A value written as TOML (strings escaped as JSON, which TOML accepts)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as a TOML value")
