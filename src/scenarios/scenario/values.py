"""How scenario values are recognised, shown in messages and written as TOML.

One place decides what counts as a number or an integer (a bool is neither), how a
value is named in an error (``an integer (5)``) and how a lever's value is written.
"""

from __future__ import annotations

import json
import numbers
from typing import Any

import numpy as np

from scenarios.quarters import format_quarter, parse_quarter
from scenarios.registry import LeverSpec


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


def number(value: float) -> str:
    """A bound or default written shortly (``0.5``, ``1e-05``)."""
    return f"{value:g}"


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
