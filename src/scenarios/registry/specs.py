"""What a model parameter, a scenario lever and a scheduled-event kind are.

Each spec owns its allowed values: :meth:`ParameterSpec.check`,
:meth:`LeverSpec.check` and :meth:`EventKindSpec.check` validate one value and return
it normalised, and each spec's ``allowed`` says in words what it accepts. Scenario
files, overrides, designs and the engine all ask the spec, so a range is written once.
Every check raises one :class:`~scenarios.errors.ScenarioError` whose one-line message
reads ``{where}: {key}: ...; allowed: ...``.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

from scenarios.errors import ScenarioError, describe, show, suggest
from scenarios.quarters import SPAN, check_quarter, parse_quarter


def _is_real(value: Any) -> bool:
    """A number that is not a bool and not NaN (infinities fail the range checks)."""
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool | np.bool_)
        and not math.isnan(value)
    )


def _is_integer(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)


def _check_number(
    value: Any, low: float, high: float, allowed: str, where: str, key: str, integer: bool = False
) -> float | int:
    """A number within [low, high] (a whole one if ``integer``), or the one-line error."""
    if not _is_real(value) or (integer and not _is_integer(value)):
        raise ScenarioError(f"{where}: {key}: expected {allowed}, got {describe(value)}")
    if not low <= value <= high:
        raise ScenarioError(f"{where}: {key}: {show(value)} is out of range; allowed: {allowed}")
    return int(value) if integer else float(value)


@dataclass(frozen=True)
class ParameterSpec:
    """A numeric model parameter.

    Attributes
    ----------
    key : str
        ``"section.name"`` path used in scenario files.
    default : float
        Value used when a scenario does not set it.
    unit : str
        Unit of the value (``"1/quarter"``, ``"share of GDP"``, ...).
    low, high : float
        Inclusive allowed range.
    description : str
        One sentence: what the parameter does.
    calibration : str
        The figure and source it is calibrated to, or ``"assumed"``.
    integer : bool
        Whether only whole numbers are allowed.
    run_wide : bool
        Whether the engine takes one value for a whole run (it shapes something every
        member shares, such as the geography), so a batch cannot vary it by member.
    """

    key: str
    default: float
    unit: str
    low: float
    high: float
    description: str
    calibration: str = "assumed"
    integer: bool = False
    run_wide: bool = False

    @property
    def section(self) -> str:
        """The mechanism the parameter belongs to (the part of the key before the dot)."""
        return self.key.split(".", 1)[0]

    @property
    def allowed(self) -> str:
        """The allowed values in words, e.g. ``a number from 0 to 1 (share)``."""
        kind = "an integer" if self.integer else "a number"
        return f"{kind} from {self.low:g} to {self.high:g} ({self.unit})"

    def check(self, value: Any, where: str, key: str | None = None) -> float | int:
        """Validate one value; return it as a float (an int for integer parameters).

        Parameters
        ----------
        value : Any
            The value to check.
        where : str
            The file or call the value comes from, for the message.
        key : str, optional
            The key as the user wrote it (default :attr:`key`).

        Raises
        ------
        ScenarioError
            When the value is not a number (a whole one if :attr:`integer`) or is out of
            range.
        """
        key = self.key if key is None else key
        return _check_number(value, self.low, self.high, self.allowed, where, key, self.integer)


@dataclass(frozen=True)
class LeverSpec:
    """A policy lever a scenario can set.

    Attributes
    ----------
    key : str
        Name of the lever in a scenario's ``[levers]`` table.
    kind : str
        ``"float"`` (``low``..``high``), ``"bool"``, ``"choice"`` (one of ``choices``) or
        ``"quarter"`` (a quarter, or none).
    default : float, bool or str
        Value used when a scenario does not set it (``"none"`` for no quarter).
    description : str
        One sentence: what the lever does.
    low, high : float, optional
        Inclusive range of a float lever.
    choices : tuple of str
        The choices of a choice lever.
    unit : str
        Unit of a float lever.
    coding : tuple of float
        The number the model uses for each choice, in the order of ``choices``.
    acts_on : tuple of str
        The states the lever acts on (iso3 codes); empty when it acts on every state.
    """

    key: str
    kind: str
    default: float | bool | str
    description: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    unit: str = ""
    coding: tuple[float, ...] = ()
    acts_on: tuple[str, ...] = ()

    @property
    def allowed(self) -> str:
        """The allowed values in words, as error messages give them."""
        if self.kind == "float":
            unit = f" ({self.unit})" if self.unit else ""
            return f"a number from {self.low:g} to {self.high:g}{unit}"
        if self.kind == "bool":
            return "true or false"
        if self.kind == "choice":
            return "one of " + ", ".join(f'"{choice}"' for choice in self.choices)
        return f'a quarter like "2025Q2" ({SPAN}), or "none"'

    def check(self, value: Any, where: str, key: str | None = None) -> Any:
        """Validate one value; return it normalised.

        A float lever gives a float, a bool lever a bool, a choice lever the choice (a
        str) and a quarter lever a quarter index (int) or None. A quarter lever takes
        ``"YYYYQn"``, ``"none"``, a quarter index or None (NaN counts as none), so that
        checking a normalised value again returns it unchanged.

        Parameters
        ----------
        value : Any
            The value to check.
        where : str
            The file or call the value comes from, for the message.
        key : str, optional
            The key as the user wrote it (default ``levers.<key>``).

        Raises
        ------
        ScenarioError
            When the value is of the wrong type or not allowed.
        """
        key = f"levers.{self.key}" if key is None else key
        if self.kind == "float":
            return _check_number(value, self.low, self.high, self.allowed, where, key)
        if self.kind == "bool":
            if not isinstance(value, bool | np.bool_):
                raise ScenarioError(
                    f"{where}: {key}: expected {self.allowed}, got {describe(value)}"
                )
            return bool(value)
        if self.kind == "choice":
            if not isinstance(value, str) or value not in self.choices:
                hint = suggest(value, self.choices) if isinstance(value, str) else ""
                raise ScenarioError(
                    f"{where}: {key}: {describe(value)} is not allowed{hint}; "
                    f"allowed: {self.allowed}"
                )
            return str(value)
        if value is None or (isinstance(value, float | np.floating) and math.isnan(value)):
            return None
        if value == "none":
            return None
        try:
            if _is_real(value) and math.isfinite(value) and value == round(value):
                return check_quarter(int(value))  # a quarter index, as sweeps pass it
            return parse_quarter(value)
        except ValueError:
            raise ScenarioError(
                f"{where}: {key}: expected {self.allowed}, got {describe(value)}"
            ) from None

    def number(self, choice: str) -> float:
        """The number the model uses for one choice of a choice lever."""
        return self.coding[self.choices.index(choice)]


@dataclass(frozen=True)
class EventKindSpec:
    """A kind of scheduled event.

    Attributes
    ----------
    name : str
        The ``kind`` string used in scenario files and ``data/events.csv``.
    description : str
        What the event does in the model.
    actors : str
        What the ``actors`` list means, e.g. ``"[sender, target]"``.
    min_actors, max_actors : int
        Allowed length of the ``actors`` list.
    default_magnitude : float
        Magnitude used when an event does not give one.
    low, high : float
        Allowed magnitude range.
    """

    name: str
    description: str
    actors: str
    min_actors: int
    max_actors: int
    default_magnitude: float
    low: float
    high: float

    @property
    def allowed(self) -> str:
        """The allowed magnitudes in words."""
        return f"a number from {self.low:g} to {self.high:g} for {self.name}"

    def check(self, value: Any, where: str, key: str) -> float:
        """Validate one magnitude; return it as a float.

        Raises
        ------
        ScenarioError
            When the magnitude is not a number or is out of range.
        """
        return _check_number(value, self.low, self.high, self.allowed, where, key)
