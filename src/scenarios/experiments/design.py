"""Designs: which keys a sweep varies, over what, and the checked points to run.

A key is a parameter key (``"sanctions.isolation_pull"``) or ``"levers.<name>"``; what
it allows comes from the registry (:mod:`scenarios.registry`) through :func:`axis`,
and every value of a design passes :func:`check_value` before anything runs.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from scenarios.errors import ScenarioError, allowed_list, suggest
from scenarios.memory import MAX_MEMBERS
from scenarios.registry import LEVERS, LeverSpec, ParameterSpec
from scenarios.registry.parameters import PARAMETERS

# -- keys, ranges and values ----------------------------------------------------------------


@dataclass(frozen=True)
class Axis:
    """One design key and the registry spec that says what it allows.

    The spec owns the range, the choices and the wording of every error; a design cell
    only needs turning into the plain value a scenario file would hold first
    (:func:`check_value`).
    """

    key: str
    spec: ParameterSpec | LeverSpec

    @property
    def kind(self) -> str:
        """``"float"``, ``"integer"``, ``"quarter"``, ``"bool"`` or ``"choice"``."""
        if isinstance(self.spec, ParameterSpec):
            return "integer" if self.spec.integer else "float"
        return self.spec.kind

    @property
    def low(self) -> float | None:
        """Lower bound of a numeric key."""
        return None if self.spec.low is None else float(self.spec.low)

    @property
    def high(self) -> float | None:
        """Upper bound of a numeric key."""
        return None if self.spec.high is None else float(self.spec.high)

    @property
    def choices(self) -> tuple[str, ...]:
        """The choices of a choice lever (empty otherwise)."""
        return getattr(self.spec, "choices", ())

    @property
    def allowed(self) -> str:
        """What the key allows, in the spec's words."""
        return self.spec.allowed

    @property
    def numeric(self) -> bool:
        """Whether the key takes a range (numbers and quarters) rather than levels."""
        return self.kind in ("float", "integer", "quarter")

    @property
    def levels(self) -> tuple[Any, ...]:
        """Every level of a bool or choice lever, in the registry's order."""
        return (False, True) if self.kind == "bool" else self.choices


def design_keys() -> tuple[str, ...]:
    """Every key a design may vary: the parameter keys, then ``levers.<name>``."""
    return (*PARAMETERS, *(f"levers.{name}" for name in LEVERS))


def axis(key: Any, source: str) -> Axis:
    """What ``key`` allows, from the registry; an unknown key raises ScenarioError."""
    if isinstance(key, str) and key in PARAMETERS:
        return Axis(key, PARAMETERS[key])
    name = key.removeprefix("levers.") if isinstance(key, str) else ""
    if isinstance(key, str) and key.startswith("levers.") and name in LEVERS:
        return Axis(key, LEVERS[name])
    raise ScenarioError(
        f"{source}: {key}: unknown key{suggest(str(key), design_keys())}; allowed: a parameter "
        f"key such as sanctions.isolation_pull, or levers.<name> ({allowed_list(LEVERS)})"
    )


def show(value: Any) -> str:
    """A value as an error message quotes it: short, numbers in ``%g``."""
    if isinstance(value, float | np.floating):
        return f"{float(value):g}"
    text = repr(value.item() if isinstance(value, np.generic) else value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_value(axis: Axis, value: Any, source: str, where: str) -> Any:
    """One design cell of ``axis``, checked by its spec and normalised.

    Design cells come from numpy arrays and pandas tables, so they are first made the
    plain value a scenario file would hold: numpy scalars become Python ones, a whole
    float becomes an int for an integer parameter, and for a quarter lever a quarter
    index becomes its label and a missing cell (None, NaN) means ``"none"``.

    Returns
    -------
    float, int, bool, str or None
        What the spec's ``check`` returns (a quarter lever: an index, or None).
    """
    if isinstance(value, np.generic):
        value = value.item()
    if axis.kind == "integer" and isinstance(value, float) and value.is_integer():
        value = int(value)
    if axis.kind == "quarter":
        if value is None or (isinstance(value, float) and math.isnan(value)):
            value = "none"
        elif isinstance(value, numbers.Real) and not isinstance(value, bool):
            if not (math.isfinite(value) and value == round(value)):
                raise ScenarioError(
                    f"{source}: {where}: expected {axis.allowed}, got {show(value)}"
                )
            return int(value)
    return axis.spec.check(value, source, where)


def _check_bounds(axis: Axis, bounds: Any, source: str) -> tuple[Any, ...]:
    """A sampling range: ``(low, high)`` for numeric keys, a tuple of levels otherwise."""
    if axis.numeric:
        if isinstance(bounds, str) or not isinstance(bounds, Sequence) or len(bounds) != 2:
            raise ScenarioError(
                f"{source}: {axis.key}: expected a range (low, high), got {show(bounds)}; "
                f"allowed: {axis.allowed}"
            )
        low, high = (check_value(axis, value, source, axis.key) for value in bounds)
        if low is None or high is None or not low < high:
            text = ":".join(show(value) for value in bounds)
            raise ScenarioError(
                f"{source}: {axis.key}: range {text} is empty; allowed: low below high, "
                f"each {axis.allowed}"
            )
        return (low, high)
    levels = axis.levels if bounds is None else bounds
    return _check_levels(axis, levels, source)


def _check_levels(axis: Axis, levels: Any, source: str) -> tuple[Any, ...]:
    if isinstance(levels, str) or not isinstance(levels, Iterable):
        raise ScenarioError(
            f"{source}: {axis.key}: expected a list of levels, got {show(levels)}; "
            f"allowed: {axis.allowed}"
        )
    checked = tuple(
        check_value(axis, value, source, f"{axis.key}[{i}]") for i, value in enumerate(levels)
    )
    if not checked:
        raise ScenarioError(f"{source}: {axis.key}: no levels; allowed: {axis.allowed}")
    if len(set(checked)) < len(checked):
        raise ScenarioError(f"{source}: {axis.key}: levels repeat; allowed: distinct values")
    return checked


def _axes(keys: Mapping[str, Any], source: str) -> list[Axis]:
    """The axis of every key of a design's ranges or levels (at least one key)."""
    if not keys:
        raise ScenarioError(f"{source}: no keys to vary; allowed: {allowed_list(design_keys())}")
    return [axis(key, source) for key in keys]


def check_ranges(ranges: Mapping[str, Any], source: str) -> dict[Axis, tuple[Any, ...]]:
    """Each key's axis and its checked range (``(low, high)``) or levels (``None``: all)."""
    return {each: _check_bounds(each, ranges[each.key], source) for each in _axes(ranges, source)}


MAX_COUNT = MAX_MEMBERS
"""Largest count of points, members or members per chunk: as many as the model takes in
one batch (a larger design would not fit in memory before it started)."""


def check_count(value: Any, name: str, source: str) -> int:
    """A whole number from 1 to :data:`MAX_COUNT` (points, members, chunk size)."""
    if not _whole(value) or not 1 <= value <= MAX_COUNT:
        raise ScenarioError(
            f"{source}: {name}: expected a whole number from 1 to {MAX_COUNT:,}, got {show(value)}"
        )
    return int(value)


def check_seed(value: Any, source: str) -> int:
    """The one seed of an experiment: a whole number >= 0."""
    if not _whole(value) or value < 0:
        raise ScenarioError(f"{source}: seed: expected a whole number >= 0, got {show(value)}")
    return int(value)


def _whole(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


# -- designs --------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A table cell as a plain Python value (``pd.NA`` as None)."""
    if value is pd.NA:
        return None
    return value.item() if isinstance(value, np.generic) else value


@dataclass(frozen=True, eq=False)
class Design:
    """The points of a sweep: one row per design point, one column per key.

    Build one with :func:`factorial`, :func:`design_table`,
    :func:`~scenarios.experiments.sampling.latin_hypercube`,
    :func:`~scenarios.experiments.sensitivity.morris_design` or
    :func:`~scenarios.experiments.sensitivity.sobol_design`.

    Attributes
    ----------
    table : pandas.DataFrame
        Index ``point`` (0..P-1); one column per key (float, int, nullable-int quarter
        index, bool or str), every value checked against the registry.
    kind : str
        ``"factorial"``, ``"lhs"``, ``"table"``, ``"morris"`` or ``"sobol"``.
    ranges : Mapping[str, tuple]
        What was sampled: ``(low, high)`` per numeric key, the levels of the others.
        Empty for an explicit table.
    seed : int or None
        Seed of a sampled design.
    unit : numpy.ndarray or None
        Shape (P, K): the sample in the unit cube that the points were mapped from (for
        the sensitivity analyses, which work on it).
    options : Mapping[str, object]
        Sampler settings (e.g. Morris levels, Sobol base samples).
    """

    table: pd.DataFrame
    kind: str
    ranges: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    seed: int | None = None
    unit: np.ndarray | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys the design varies, in column order."""
        return tuple(self.table.columns)

    @property
    def points(self) -> int:
        """Number of design points."""
        return len(self.table)

    def values(self, point: int) -> dict[str, Any]:
        """The values of one point, ready for :meth:`Scenario.with_values`.

        Numbers come back as Python ``float``/``int``, a quarter lever as an int quarter
        index or ``None``.
        """
        # column by column: a row of mixed columns would turn integers into floats
        return {key: plain(self.table[key].iloc[int(point)]) for key in self.keys}

    def to_dict(self) -> dict[str, Any]:
        """Everything but the table and the unit sample, as JSON-ready data."""
        return {
            "kind": self.kind,
            "keys": list(self.keys),
            "points": self.points,
            "seed": self.seed,
            "ranges": {key: list(bounds) for key, bounds in self.ranges.items()},
            "options": dict(self.options),
        }


_DTYPES = {"float": "float64", "integer": "int64", "quarter": "Int64", "bool": "bool"}
"""Design column dtype by axis kind (quarters: nullable integers; choices: object)."""


def make_design(kind: str, columns: Mapping[Axis, Sequence[Any]], **details: Any) -> Design:
    """A :class:`Design` of checked values, one column per axis, typed by its kind.

    ``details`` are the other :class:`Design` fields (ranges, seed, unit, options).
    """
    frame = pd.DataFrame(
        {
            each.key: pd.Series(list(values), name=each.key, dtype=_DTYPES.get(each.kind, object))
            for each, values in columns.items()
        }
    )
    frame.index = pd.RangeIndex(len(frame), name="point")
    return Design(table=frame, kind=kind, **details)


def factorial(levels: Mapping[str, Any], *, source: str = "design") -> Design:
    """A full factorial design: every combination of the given levels.

    Parameters
    ----------
    levels : Mapping[str, sequence]
        Key -> distinct values to try. The first key varies slowest.
    source : str
        Names the design in error messages.

    Returns
    -------
    Design
        ``kind == "factorial"``, with the product of the level counts as points.

    Raises
    ------
    ScenarioError
        For an unknown key, a value outside the registry's range, repeated levels, or
        more than :data:`MAX_COUNT` points in all.
    """
    axes = _axes(levels, source)
    checked = {each: _check_levels(each, levels[each.key], source) for each in axes}
    check_count(math.prod(map(len, checked.values())), "points (the product of the levels)", source)
    rows = list(itertools.product(*checked.values()))
    columns = {each: [row[i] for row in rows] for i, each in enumerate(axes)}
    ranges = {each.key: values for each, values in checked.items()}
    return make_design("factorial", columns, ranges=ranges)


def design_table(frame: pd.DataFrame, *, source: str = "design table") -> Design:
    """An explicit design: one row per point, one column per key.

    Parameters
    ----------
    frame : pandas.DataFrame
        Column names are keys; the index is ignored. Quarter levers take ``"2025Q1"``,
        an int quarter index or ``"none"``/empty.
    source : str
        Names the table (e.g. its file) in error messages.

    Returns
    -------
    Design
        ``kind == "table"``.

    Raises
    ------
    ScenarioError
        For an unknown column, an empty table or a value outside the registry's range,
        naming the row (counted from 0) and the column.
    """
    if not isinstance(frame, pd.DataFrame) or frame.empty or not len(frame.columns):
        raise ScenarioError(
            f"{source}: expected a table with one row per point and one column per key"
        )
    columns = {}
    for key in frame.columns:
        each = axis(key, source)
        columns[each] = [
            check_value(each, value, source, f"row {row}, {key}")
            for row, value in enumerate(frame[key].tolist())
        ]
    return make_design("table", columns)


def even_levels(
    key: str, low: Any, high: Any, count: int, *, source: str = "design"
) -> tuple[Any, ...]:
    """``count`` evenly spaced levels from ``low`` to ``high``, checked, for a factorial.

    Integer keys and quarter levers get whole values (repeats after rounding dropped);
    quarters may be given as ``"2025Q1"``.

    Raises
    ------
    ScenarioError
        For an unknown or non-numeric key, a range outside the registry's, or
        ``count < 1``.
    """
    each = axis(key, source)
    count = check_count(count, "points", source)
    if not each.numeric:
        raise ScenarioError(f"{source}: {key}: takes levels, not a range; allowed: {each.allowed}")
    low, high = _check_bounds(each, (low, high), source)
    grid = np.linspace(low, high, count)
    if each.kind == "float":
        return tuple(float(v) for v in grid)
    return tuple(dict.fromkeys(int(v) for v in np.rint(grid)))
