"""Ensembles and sweeps: many members, many parameter sets, one seed.

An experiment is described, sampled, run and analysed in separate steps:

1. *describe*: which keys vary and over what range. Keys are scenario key paths, a
   parameter key (``"sanctions.isolation_pull"``) or ``"levers.<name>"``
   (``"levers.sanctions_intensity"``), and every range is checked against the registry
   in :mod:`scenarios.parameters`;
2. *sample*: a :class:`Design`, one row per design point, from :func:`factorial`,
   :func:`latin_hypercube`, :func:`design_table` or the sensitivity designs of
   :mod:`scenarios.analysis`;
3. *run*: :func:`run_ensemble` (one scenario, many members) or :func:`sweep` (every
   design point, ``members_per_point`` members each);
4. *analyse*: the tidy tables of :class:`EnsembleResult` and :class:`SweepResult`, and
   :mod:`scenarios.analysis`.

Streams and reproducibility
    Everything derives from the one ``seed``. Ensemble member ``m`` draws from the stream
    of :class:`~scenarios.state.MemberStreams` with global member index ``m``, i.e.
    ``numpy.random.SeedSequence(seed, spawn_key=(m,))``. In a sweep, member ``m`` of
    design point ``p`` is global member ``p * members_per_point + m``: every member of the
    sweep has its own stream, and adding points to the end of a design leaves the earlier
    points' numbers unchanged. Because the engine gives each member the same numbers
    whatever batch it runs in, results are bit-identical across engines and chunk sizes.

Engines
    ``engine=None`` runs chunks one after another in this process, each chunk one
    vectorised batch that the engine spreads over the cores itself. Any
    :class:`concurrent.futures.Executor` (a :class:`~concurrent.futures.ProcessPoolExecutor`,
    say) runs chunks as tasks, and so does a ``dask.distributed.Client`` (through
    ``client.get_executor()``; start its cluster with :data:`DASK_WORKER_CONFIG`); there
    each task runs the engine on one thread, since the executor's workers are the
    parallelism. Work is cut into chunks of ``chunk_size``
    members (a sweep's chunks hold whole design points); at most a few chunks per worker
    are in flight, so results never pile up in memory.

Persistence
    :func:`save` and :func:`load` keep a result in a folder: a ``manifest.json`` (kind,
    seed, design, package version, metrics, quarters, and a SHA-256 of every file), the
    scenario as TOML, the design, and the tables as Parquet (CSV when pyarrow is missing).
    A sweep given ``out=DIR`` streams one part file per chunk into that layout as it
    runs, so memory stays flat however many points there are.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import itertools
import json
import math
import numbers
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scenarios.errors import ResultsError, ScenarioError, ScenariosError, allowed_list, suggest
from scenarios.parameters import LEVERS, PARAMETERS
from scenarios.quarters import format_quarter, parse_quarter
from scenarios.scenario import Scenario, load_scenario

DEFAULT_CHUNK_SIZE = 512
"""Members per chunk when ``chunk_size`` is not given (in-process; executors get smaller
chunks so that every worker has two). In-process, the engine runs a chunk's members on
all cores itself, in blocks of ``scenarios.model.CHUNK``; on 2 cores, 250 to 500 members
per chunk ran about 6 % faster than one batch of 1,000, and 25 took 1.8 times as long
(``benchmarks/bench_experiments.py``)."""

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
"""Quantiles of the summary bands."""

STATISTICS = ("mean", "q05", "q25", "median", "q75", "q95")
"""Columns of every summary table, in order (the mean, then :data:`QUANTILES`)."""

FORMAT_VERSION = 1
"""Version of the saved-results layout; :func:`load` refuses newer ones."""

MANIFEST = "manifest.json"
"""Name of the manifest file in a results folder."""

IN_FLIGHT_PER_WORKER = 2
"""Chunks submitted ahead per worker of an executor: enough to keep workers busy, few
enough that finished chunks do not pile up in memory."""

DASK_WORKER_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
"""Dask configuration for the workers of a cluster that runs sweeps.

Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``; setting it stops
glibc from adapting its mmap threshold, so every temporary array of the engine (about a
megabyte) is mapped and unmapped afresh, and a worker runs the engine about 3.5 times
slower (measured: 3.7 s instead of 1.1 s for 250 baseline members). Start a cluster
under ``dask.config.set(DASK_WORKER_CONFIG)``, in a process that has not started one
before (the nanny also writes the variable into its own process's environment), or
start ``dask worker`` processes with that setting in their Dask configuration."""

RUN_WIDE = ("deterrence.distance_scale", "deterrence.reach_floor")
"""Keys the engine takes as one value per batch (:mod:`scenarios.initial` builds one
proximity matrix per run): a chunk whose points differ in them runs as several batches."""

_FORMAT_NAME = "alignment-scenarios results"

# Floats must read back bit for bit. pandas 3 parses them exactly by default (and
# deprecates the option); before 3 the default parser can miss the last digit.
_CSV_FLOATS = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}


# -- keys, ranges and values ----------------------------------------------------------------


@dataclass(frozen=True)
class _Axis:
    """What one design key allows: its kind, numeric bounds or choices, and how to say so."""

    key: str
    kind: str  # "float", "integer", "quarter", "bool" or "choice"
    low: float | None = None
    high: float | None = None
    choices: tuple[Any, ...] = ()
    allowed: str = ""

    @property
    def numeric(self) -> bool:
        return self.kind in ("float", "integer", "quarter")

    @property
    def levels(self) -> tuple[Any, ...]:
        return (False, True) if self.kind == "bool" else self.choices


def design_keys() -> tuple[str, ...]:
    """Every key a design may vary: the parameter keys, then ``levers.<name>``."""
    return (*PARAMETERS, *(f"levers.{name}" for name in LEVERS))


def _axis(key: Any, source: str) -> _Axis:
    if isinstance(key, str) and key in PARAMETERS:
        spec = PARAMETERS[key]
        kind = "integer" if spec.integer else "float"
        what = "an integer" if spec.integer else "a number"
        allowed = f"{what} from {spec.low:g} to {spec.high:g} ({spec.unit})"
        return _Axis(key, kind, float(spec.low), float(spec.high), allowed=allowed)
    name = key.removeprefix("levers.") if isinstance(key, str) else ""
    if isinstance(key, str) and key.startswith("levers.") and name in LEVERS:
        lever = LEVERS[name]
        if lever.kind == "float":
            unit = f" ({lever.unit})" if lever.unit else ""
            allowed = f"a number from {lever.low:g} to {lever.high:g}{unit}"
            return _Axis(key, "float", float(lever.low), float(lever.high), allowed=allowed)
        if lever.kind == "bool":
            return _Axis(key, "bool", allowed="true or false")
        if lever.kind == "choice":
            allowed = "one of " + ", ".join(f'"{choice}"' for choice in lever.choices)
            return _Axis(key, "choice", choices=tuple(lever.choices), allowed=allowed)
        return _Axis(key, "quarter", allowed='a quarter like "2025Q2" (or "none" in a table)')
    raise ScenarioError(
        f"{source}: {key}: unknown key{suggest(str(key), design_keys())}; allowed: a parameter "
        f"key such as sanctions.isolation_pull, or levers.<name> ({allowed_list(LEVERS)})"
    )


def _show(value: Any) -> str:
    if isinstance(value, float | np.floating):
        return f"{float(value):g}"
    text = repr(value.item() if isinstance(value, np.generic) else value)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def _check_value(axis: _Axis, value: Any, source: str, where: str) -> Any:
    """One value of ``axis``, normalised (float, int, quarter index or None, bool, str)."""
    if axis.kind in ("float", "integer"):
        if not _is_number(value) or not math.isfinite(value):
            raise ScenarioError(f"{source}: {where}: expected {axis.allowed}, got {_show(value)}")
        if axis.kind == "integer" and value != round(value):
            raise ScenarioError(f"{source}: {where}: expected {axis.allowed}, got {_show(value)}")
        if not axis.low <= value <= axis.high:
            raise ScenarioError(
                f"{source}: {where}: {_show(value)} is out of range; allowed: {axis.allowed}"
            )
        return int(value) if axis.kind == "integer" else float(value)
    if axis.kind == "quarter":
        if value is None or value == "none" or (_is_number(value) and math.isnan(value)):
            return None
        if _is_number(value) and math.isfinite(value) and value == round(value):
            return int(value)
        try:
            return parse_quarter(value)
        except ValueError:
            raise ScenarioError(
                f"{source}: {where}: expected {axis.allowed}, got {_show(value)}"
            ) from None
    if axis.kind == "bool":
        if not isinstance(value, bool | np.bool_):
            raise ScenarioError(f"{source}: {where}: expected {axis.allowed}, got {_show(value)}")
        return bool(value)
    if not isinstance(value, str) or value not in axis.choices:
        hint = suggest(value, axis.choices) if isinstance(value, str) else ""
        raise ScenarioError(
            f"{source}: {where}: {_show(value)} is not allowed{hint}; allowed: {axis.allowed}"
        )
    return str(value)


def _check_bounds(axis: _Axis, bounds: Any, source: str) -> tuple[Any, ...]:
    """A sampling range: ``(low, high)`` for numeric keys, a tuple of levels otherwise."""
    if axis.numeric:
        if isinstance(bounds, str) or not isinstance(bounds, Sequence) or len(bounds) != 2:
            raise ScenarioError(
                f"{source}: {axis.key}: expected a range (low, high), got {_show(bounds)}; "
                f"allowed: {axis.allowed}"
            )
        low, high = (_check_value(axis, value, source, axis.key) for value in bounds)
        if low is None or high is None or not low < high:
            text = ":".join(_show(value) for value in bounds)
            raise ScenarioError(
                f"{source}: {axis.key}: range {text} is empty; allowed: low below high, "
                f"each {axis.allowed}"
            )
        return (low, high)
    levels = axis.levels if bounds is None else bounds
    return _check_levels(axis, levels, source)


def _check_levels(axis: _Axis, levels: Any, source: str) -> tuple[Any, ...]:
    if isinstance(levels, str) or not isinstance(levels, Iterable):
        raise ScenarioError(
            f"{source}: {axis.key}: expected a list of levels, got {_show(levels)}; "
            f"allowed: {axis.allowed}"
        )
    checked = tuple(
        _check_value(axis, value, source, f"{axis.key}[{i}]") for i, value in enumerate(levels)
    )
    if not checked:
        raise ScenarioError(f"{source}: {axis.key}: no levels; allowed: {axis.allowed}")
    if len(set(checked)) < len(checked):
        raise ScenarioError(f"{source}: {axis.key}: levels repeat; allowed: distinct values")
    return checked


def _column(axis: _Axis, values: Sequence[Any]) -> pd.Series:
    """A design column with the dtype of its kind (quarters: nullable integers)."""
    dtypes = {"float": "float64", "integer": "int64", "quarter": "Int64", "bool": "bool"}
    return pd.Series(list(values), name=axis.key, dtype=dtypes.get(axis.kind, object))


def _from_unit(axis: _Axis, bounds: tuple[Any, ...], unit: np.ndarray) -> list[Any]:
    """Map points of [0, 1] onto a range: uniform for numbers, equal bins for levels.

    Integer keys and quarters take ``high - low + 1`` equally likely whole values, and
    ``k`` levels each take a bin of width ``1/k``, so every value is as likely under a
    uniform ``unit`` (1 itself, which Morris grids reach, falls in the top bin).
    """
    if axis.kind == "float":
        low, high = bounds
        return list(low + unit * (high - low))
    if axis.kind in ("integer", "quarter"):
        low, high = bounds
        whole = low + np.minimum(np.floor(unit * (high - low + 1)), high - low)
        return [int(value) for value in whole]
    index = np.minimum(np.floor(unit * len(bounds)), len(bounds) - 1).astype(int)
    return [bounds[i] for i in index]


# -- designs --------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Design:
    """The points of a sweep: one row per design point, one column per key.

    Build one with :func:`factorial`, :func:`latin_hypercube`, :func:`design_table`, or
    :func:`scenarios.analysis.morris_design` / :func:`scenarios.analysis.sobol_design`.

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
        return {key: _plain(self.table[key].iloc[int(point)]) for key in self.keys}

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


def _plain(value: Any) -> Any:
    if value is pd.NA:
        return None
    return value.item() if isinstance(value, np.generic) else value


def _design_frame(columns: Mapping[str, pd.Series]) -> pd.DataFrame:
    frame = pd.DataFrame(dict(columns))
    frame.index = pd.RangeIndex(len(frame), name="point")
    return frame


def sampled_design(
    kind: str,
    ranges: Mapping[str, Any],
    unit: np.ndarray,
    *,
    seed: int | None,
    options: Mapping[str, Any] | None = None,
    source: str = "design",
) -> Design:
    """Map a sample of the unit cube onto checked ranges.

    Used by :func:`latin_hypercube` and by the sensitivity designs of
    :mod:`scenarios.analysis`.

    Parameters
    ----------
    kind : str
        Name of the sampler.
    ranges : Mapping[str, object]
        Key -> ``(low, high)`` for numeric keys (floats, integers, quarters as
        ``"2025Q1"`` or quarter indices), or a sequence of levels (``None``: every level)
        for bool and choice levers, which are split into equally likely bins.
    unit : numpy.ndarray, shape (P, K)
        Points in [0, 1], one column per key in ``ranges`` order.
    seed : int or None
        Seed the sample came from (recorded with the design).
    options : Mapping, optional
        Sampler settings to record.
    source : str
        Names the design in error messages.

    Returns
    -------
    Design

    Raises
    ------
    ScenarioError
        For an unknown key or a range outside the registry's allowed range.
    """
    if not ranges:
        raise ScenarioError(f"{source}: no keys to vary; allowed: {allowed_list(design_keys())}")
    axes = [_axis(key, source) for key in ranges]
    bounds = {axis.key: _check_bounds(axis, ranges[axis.key], source) for axis in axes}
    unit = np.asarray(unit, dtype=float)
    columns = {
        axis.key: _column(axis, _from_unit(axis, bounds[axis.key], unit[:, i]))
        for i, axis in enumerate(axes)
    }
    return Design(
        table=_design_frame(columns),
        kind=kind,
        ranges=bounds,
        seed=seed,
        unit=unit,
        options=dict(options or {}),
    )


def latin_hypercube(
    ranges: Mapping[str, Any], points: int, seed: int, *, source: str = "design"
) -> Design:
    """A Latin hypercube design (:class:`scipy.stats.qmc.LatinHypercube`, seeded).

    Each key's range is cut into ``points`` equal strata and every stratum is sampled
    exactly once. The sample is ``LatinHypercube(d=len(ranges), rng=seed).random(points)``
    mapped onto the ranges (see :func:`sampled_design`).

    Parameters
    ----------
    ranges : Mapping[str, object]
        Key -> ``(low, high)`` (numeric keys) or levels (bool and choice levers).
    points : int
        Number of design points, >= 1.
    seed : int
        Seed of the sample.
    source : str
        Names the design in error messages.

    Returns
    -------
    Design
        ``kind == "lhs"``.

    Raises
    ------
    ScenarioError
        For an unknown key, a range outside the registry's range or ``points < 1``.
    ScenariosError
        When scipy is not installed.
    """
    points = _check_count(points, "points", source)
    try:
        from scipy.stats import qmc
    except ImportError:
        raise ScenariosError(
            'a Latin hypercube needs scipy: pip install "alignment-scenarios[analysis]"'
        ) from None
    if not ranges:
        raise ScenarioError(f"{source}: no keys to vary; allowed: {allowed_list(design_keys())}")
    unit = qmc.LatinHypercube(d=len(ranges), rng=int(seed)).random(points)
    return sampled_design("lhs", ranges, unit, seed=int(seed), source=source)


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
        For an unknown key, a value outside the registry's range or repeated levels.
    """
    if not levels:
        raise ScenarioError(f"{source}: no keys to vary; allowed: {allowed_list(design_keys())}")
    axes = [_axis(key, source) for key in levels]
    checked = {axis.key: _check_levels(axis, levels[axis.key], source) for axis in axes}
    rows = list(itertools.product(*checked.values()))
    columns = {axis.key: _column(axis, [row[i] for row in rows]) for i, axis in enumerate(axes)}
    return Design(table=_design_frame(columns), kind="factorial", ranges=checked)


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
        axis = _axis(key, source)
        values = [
            _check_value(axis, value, source, f"row {row}, {key}")
            for row, value in enumerate(frame[key].tolist())
        ]
        columns[key] = _column(axis, values)
    return Design(table=_design_frame(columns), kind="table")


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
    axis = _axis(key, source)
    count = _check_count(count, "points", source)
    if not axis.numeric:
        raise ScenarioError(f"{source}: {key}: takes levels, not a range; allowed: {axis.allowed}")
    low, high = _check_bounds(axis, (low, high), source)
    grid = np.linspace(low, high, count)
    if axis.kind == "float":
        return tuple(float(v) for v in grid)
    return tuple(dict.fromkeys(int(v) for v in np.rint(grid)))


def _check_count(value: Any, name: str, source: str) -> int:
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
        raise ScenarioError(f"{source}: {name}: expected a whole number >= 1, got {_show(value)}")
    return int(value)


# -- running chunks ---------------------------------------------------------------------------


def _check_seed(seed: Any, source: str) -> int:
    if not isinstance(seed, numbers.Integral) or isinstance(seed, bool) or seed < 0:
        raise ScenarioError(f"{source}: seed: expected a whole number >= 0, got {_show(seed)}")
    return int(seed)


@dataclass(frozen=True, eq=False)
class Layout:
    """Which quarters and metrics a run records.

    Bloc metrics (bipolarity) are recorded only at bloc records, so not every
    (quarter, metric) cell holds a value; tidy tables list only the recorded cells.

    Attributes
    ----------
    quarters : tuple of str
        Quarter labels (``"2024Q3"``), in order.
    metrics : tuple of str
        Metric names, in the engine's order.
    recorded : numpy.ndarray of bool, shape (quarters, metrics)
        Which cells hold a value.
    """

    quarters: tuple[str, ...]
    metrics: tuple[str, ...]
    recorded: np.ndarray

    def cells(self) -> tuple[np.ndarray, np.ndarray]:
        """Quarter and metric positions of the recorded cells, quarter by quarter."""
        return np.nonzero(self.recorded)

    def same_as(self, other: Layout) -> bool:
        return (
            self.quarters == other.quarters
            and self.metrics == other.metrics
            and np.array_equal(self.recorded, other.recorded)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "quarters": list(self.quarters),
            "metrics": {
                name: [q for q, on in zip(self.quarters, self.recorded[:, k], strict=True) if on]
                for k, name in enumerate(self.metrics)
            },
        }

    @classmethod
    def from_dict(cls, data: Any, where: Path) -> Layout:
        """Read :meth:`to_dict` back; a malformed entry raises ResultsError naming ``where``."""
        quarters = data.get("quarters") if isinstance(data, dict) else None
        metrics = data.get("metrics") if isinstance(data, dict) else None
        if not (
            isinstance(quarters, list)
            and all(isinstance(q, str) for q in quarters)
            and isinstance(metrics, dict)
            and all(isinstance(v, list) and set(v) <= set(quarters) for v in metrics.values())
        ):
            raise ResultsError(f"{where}: layout: expected quarters and metrics -> quarters")
        recorded = np.array([[q in metrics[name] for name in metrics] for q in quarters])
        return cls(tuple(quarters), tuple(metrics), recorded.reshape(len(quarters), len(metrics)))


# -- running chunks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Task:
    """One chunk: a contiguous run of global members, and their parameter overrides."""

    scenario: Scenario
    seed: int
    first_member: int
    members: int
    overrides: Mapping[str, np.ndarray]
    """Key -> one value per member of the chunk."""
    threads: int | None = None
    """Engine threads: None (all cores) in-process; 1 in an executor's worker, which is
    itself one of the executor's parallel slots."""


@dataclass(frozen=True)
class _Block:
    """The metrics of one chunk as an array (compact to send back from a worker)."""

    layout: Layout
    values: np.ndarray  # (members, quarters, metrics), NaN where not recorded


def _run_task(task: _Task) -> _Block:
    """Simulate one chunk. Module-level so that worker processes (spawned ones too) find it.

    Members whose :data:`RUN_WIDE` values differ run as separate batches; since each
    member's numbers do not depend on its batch, the result is the same.
    """
    from scenarios.model import simulate

    edges = [0, task.members]
    for key in RUN_WIDE:
        if key in task.overrides:
            values = task.overrides[key]
            edges += list(np.flatnonzero(values[1:] != values[:-1]) + 1)
    edges = sorted(set(edges))
    blocks = []
    for start, stop in itertools.pairwise(edges):
        overrides = {key: _collapse(values[start:stop]) for key, values in task.overrides.items()}
        results = simulate(
            task.scenario,
            seed=task.seed,
            members=stop - start,
            first_member=task.first_member + start,
            params_override=overrides or None,
            record=("metrics",),
            threads=task.threads,
        )
        blocks.append(_block(results.metrics, task.first_member + start, stop - start))
    layout, values = _join(blocks)
    return _Block(layout, values)


def _collapse(values: np.ndarray) -> Any:
    """One value when every member shares it (the engine needs some keys run-wide)."""
    if len(pd.unique(values)) > 1:
        return values
    first = _plain(values[0])
    return None if isinstance(first, float) and math.isnan(first) else first


def _block(metrics: pd.DataFrame, first_member: int, members: int) -> _Block:
    """Turn the engine's tidy (member, quarter, metric, value) table into an array."""
    quarter = pd.Categorical(metrics["quarter"])
    metric = pd.Categorical(metrics["metric"])
    shape = (len(quarter.categories), len(metric.categories))
    values = np.full((members, *shape), np.nan)
    recorded = np.zeros(shape, dtype=bool)
    member = metrics["member"].to_numpy() - first_member
    values[member, quarter.codes, metric.codes] = metrics["value"].to_numpy(dtype=float)
    recorded[quarter.codes, metric.codes] = True
    layout = Layout(
        tuple(str(q) for q in quarter.categories),
        tuple(str(m) for m in metric.categories),
        recorded,
    )
    return _Block(layout, values)


def _executor(engine: Any) -> tuple[concurrent.futures.Executor | None, int]:
    """The executor behind ``engine`` and how many chunks it runs at once."""
    if engine is None:
        return None, 1
    if isinstance(engine, concurrent.futures.Executor):
        return engine, getattr(engine, "_max_workers", None) or os.cpu_count() or 1
    if hasattr(engine, "get_executor") and hasattr(engine, "scheduler_info"):
        workers = engine.scheduler_info().get("workers", {})
        threads = sum(int(w.get("nthreads", 1)) for w in workers.values()) or 1
        # pure=False: every chunk is distinct work, so Dask need not hash the arguments
        return engine.get_executor(pure=False), threads
    raise ScenariosError(
        f"engine: expected None (in-process), a concurrent.futures.Executor or a "
        f"dask.distributed Client, got {type(engine).__name__}"
    )


def _chunk_size(chunk_size: Any, total: int, workers: int, source: str) -> int:
    """Members per chunk: as asked, else the default, cut so every worker gets two chunks."""
    if chunk_size is not None:
        return _check_count(chunk_size, "chunk_size", source)
    if workers == 1:
        return DEFAULT_CHUNK_SIZE
    return max(1, min(DEFAULT_CHUNK_SIZE, math.ceil(total / (IN_FLIGHT_PER_WORKER * workers))))


def _execute(
    tasks: Sequence[_Task],
    executor: concurrent.futures.Executor | None,
    workers: int,
    progress: bool | None,
    description: str,
) -> Iterator[tuple[int, _Block]]:
    """Run every task; yield ``(task index, block)`` as each finishes (in any order)."""
    in_flight = IN_FLIGHT_PER_WORKER * workers
    total = sum(task.members for task in tasks)
    with _progress_bar(progress, total, description) as bar:
        if executor is None:
            for index, task in enumerate(tasks):
                block = _run_task(task)
                bar.update(task.members)
                yield index, block
            return
        queue = iter(enumerate(tasks))
        pending: dict[concurrent.futures.Future, int] = {}
        try:
            for index, task in itertools.islice(queue, in_flight):
                pending[executor.submit(_run_task, task)] = index
            while pending:
                done, _ = concurrent.futures.wait(
                    pending, return_when=concurrent.futures.FIRST_COMPLETED
                )
                for future in done:
                    index = pending.pop(future)
                    block = future.result()
                    for next_index, task in itertools.islice(queue, 1):
                        pending[executor.submit(_run_task, task)] = next_index
                    bar.update(tasks[index].members)
                    yield index, block
        finally:
            for future in pending:
                future.cancel()


class _NoBar:
    """Stands in for a progress bar that is off."""

    def update(self, n: int) -> None:
        """Show nothing."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _progress_bar(progress: bool | None, total: int, description: str) -> Any:
    """A tqdm bar on the process's own stderr, or a stand-in that shows nothing.

    ``None`` shows a bar only when stderr is a terminal, so nothing reaches a notebook
    (a kernel's stderr is not a terminal) or a log. The bar writes to
    ``sys.__stderr__``, never to a replaced ``sys.stderr``, so even ``progress=True``
    in a notebook stays out of its stored outputs.
    """
    stream = sys.__stderr__
    if progress is None:
        progress = bool(stream is not None and sys.stderr is stream and stream.isatty())
    if not progress or stream is None:
        return _NoBar()
    try:
        from tqdm import tqdm
    except ImportError:
        raise ScenariosError("progress=True needs tqdm: pip install tqdm") from None
    return tqdm(total=total, desc=description, unit="member", file=stream, leave=False)


def _chunk_bounds(total: int, size: int) -> list[tuple[int, int]]:
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def _join(blocks: Sequence[_Block]) -> tuple[Layout, np.ndarray]:
    """Concatenate chunk blocks (in member order) after checking they agree."""
    layout = blocks[0].layout
    for block in blocks[1:]:
        if not block.layout.same_as(layout):
            raise ScenariosError("chunks recorded different quarters or metrics")
    return layout, np.concatenate([block.values for block in blocks], axis=0)


# -- tidy tables ------------------------------------------------------------------------------


def _tidy(values: np.ndarray, layout: Layout, ids: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """Long table of the recorded cells of ``values`` (rows, quarters, metrics)."""
    quarter, metric = layout.cells()
    rows, cells = values.shape[0], len(quarter)
    columns: dict[str, Any] = {name: np.repeat(ids[name], cells) for name in ids}
    columns |= _cell_columns(layout, rows)
    columns["value"] = values[:, quarter, metric].reshape(-1)
    return pd.DataFrame(columns)


def _cell_columns(layout: Layout, rows: int) -> dict[str, pd.Categorical]:
    quarter, metric = layout.cells()
    return {
        "quarter": pd.Categorical.from_codes(
            np.tile(quarter, rows), categories=list(layout.quarters), ordered=True
        ),
        "metric": pd.Categorical.from_codes(
            np.tile(metric, rows), categories=list(layout.metrics), ordered=True
        ),
    }


def _summary(values: np.ndarray, layout: Layout, ids: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """Statistics over the members axis of ``values`` (rows, members, quarters, metrics)."""
    quarter, metric = layout.cells()
    cells = values[:, :, quarter, metric]  # (rows, members, cells)
    stats = [cells.mean(axis=1), *np.quantile(cells, QUANTILES, axis=1)]
    rows = values.shape[0]
    columns: dict[str, Any] = {name: np.repeat(ids[name], len(quarter)) for name in ids}
    columns |= _cell_columns(layout, rows)
    columns |= {name: stat.reshape(-1) for name, stat in zip(STATISTICS, stats, strict=True)}
    return pd.DataFrame(columns)


def _sweep_metrics(values: np.ndarray, first_point: int, layout: Layout) -> pd.DataFrame:
    points, per_point = values.shape[:2]
    ids = {
        "point": np.repeat(np.arange(first_point, first_point + points), per_point),
        "member": np.tile(np.arange(per_point), points),
    }
    return _tidy(values.reshape(points * per_point, *values.shape[2:]), layout, ids)


def _sweep_summary(values: np.ndarray, first_point: int, layout: Layout) -> pd.DataFrame:
    ids = {"point": np.arange(first_point, first_point + values.shape[0])}
    return _summary(values, layout, ids)


# -- ensembles --------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class EnsembleResult:
    """Members of one scenario from one seed.

    Attributes
    ----------
    scenario : Scenario
    seed : int
    members : int
        Members 0..members-1 (global indices: member ``m`` drew from stream ``m``).
    layout : Layout
        The recorded quarters and metrics.
    values : numpy.ndarray, shape (members, quarters, metrics)
        Every member's metrics; NaN in cells the engine does not record.
    """

    scenario: Scenario
    seed: int
    members: int
    layout: Layout
    values: np.ndarray

    @property
    def quarters(self) -> tuple[str, ...]:
        return self.layout.quarters

    @property
    def metric_names(self) -> tuple[str, ...]:
        return self.layout.metrics

    @cached_property
    def metrics(self) -> pd.DataFrame:
        """Member-level results: columns member, quarter, metric, value."""
        return _tidy(self.values, self.layout, {"member": np.arange(self.members)})

    @cached_property
    def summary(self) -> pd.DataFrame:
        """Per quarter and metric: mean, q05, q25, median, q75, q95 over the members."""
        return _summary(self.values[None], self.layout, {})

    def member_run(self, member: int) -> Any:
        """Re-run one member in full (states, relations, blocs), bit-identical.

        Parameters
        ----------
        member : int
            Member index, 0..members-1.

        Returns
        -------
        scenarios.model.Results
            The engine's results for that member alone.
        """
        from scenarios.model import simulate

        if not 0 <= member < self.members:
            raise ScenariosError(f"member {member}: out of range; allowed: 0 to {self.members - 1}")
        return simulate(self.scenario, seed=self.seed, members=1, first_member=int(member))


def _scenario(scenario: Scenario | str | Path) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def run_ensemble(
    scenario: Scenario | str | Path,
    members: int,
    seed: int,
    *,
    engine: Any = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
) -> EnsembleResult:
    """Run ``members`` members of a scenario and summarise them per quarter.

    Parameters
    ----------
    scenario : Scenario, str or pathlib.Path
        A scenario, or a name or file for :func:`~scenarios.scenario.load_scenario`.
    members : int
        Number of members (global indices 0..members-1).
    seed : int
        The one seed (>= 0); member ``m`` draws from ``SeedSequence(seed, spawn_key=(m,))``.
    engine : None, concurrent.futures.Executor or dask.distributed.Client
        Where chunks run (default: in this process).
    chunk_size : int, optional
        Members per chunk; does not change results. Default :data:`DEFAULT_CHUNK_SIZE`,
        or fewer so that each worker of an executor gets at least two chunks.
    progress : bool, optional
        Show a progress bar on stderr; default: only when stderr is a terminal.

    Returns
    -------
    EnsembleResult
        ``.summary`` (quantile bands per quarter and metric), ``.metrics`` (member
        level) and ``.member_run(m)`` (one member in full).
    """
    scenario = _scenario(scenario)
    seed = _check_seed(seed, "run_ensemble")
    members = _check_count(members, "members", "run_ensemble")
    executor, workers = _executor(engine)
    size = _chunk_size(chunk_size, members, workers, "run_ensemble")
    threads = None if executor is None else 1
    tasks = [
        _Task(scenario, seed, start, stop - start, {}, threads)
        for start, stop in _chunk_bounds(members, size)
    ]
    blocks: list[Any] = [None] * len(tasks)
    runs = _execute(tasks, executor, workers, progress, f"ensemble {scenario.name}")
    for index, block in runs:
        blocks[index] = block
    layout, values = _join(blocks)
    return EnsembleResult(scenario, seed, members, layout, values)


# -- sweeps ---------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SweepResult:
    """Every design point of a sweep, ``members_per_point`` members each.

    Held in memory, or (after ``sweep(..., out=DIR)`` or :func:`load`) in a results
    folder whose tables are read when first asked for.

    Attributes
    ----------
    scenario : Scenario
        The scenario every point modifies.
    design : Design
    members_per_point : int
    seed : int
    layout : Layout
        The recorded quarters and metrics.
    values : numpy.ndarray or None
        Shape (points, members_per_point, quarters, metrics) when held in memory.
    path : pathlib.Path or None
        The results folder when the tables live on disk.
    """

    scenario: Scenario
    design: Design
    members_per_point: int
    seed: int
    layout: Layout
    values: np.ndarray | None = None
    path: Path | None = None

    @property
    def points(self) -> int:
        return self.design.points

    @property
    def quarters(self) -> tuple[str, ...]:
        return self.layout.quarters

    @property
    def metric_names(self) -> tuple[str, ...]:
        return self.layout.metrics

    def member_index(self, point: int, member: int) -> int:
        """Global member index (hence stream) of member ``member`` of point ``point``."""
        return int(point) * self.members_per_point + int(member)

    @cached_property
    def metrics(self) -> pd.DataFrame:
        """Member-level results: columns point, member, quarter, metric, value.

        ``member`` counts within a point (0..members_per_point-1).
        """
        if self.values is None:
            rows = self.points * self.members_per_point * int(self.layout.recorded.sum())
            return _read_parts(self.path, "metrics", self.layout, rows)
        return _sweep_metrics(self.values, 0, self.layout)

    @cached_property
    def summary(self) -> pd.DataFrame:
        """Per point, quarter and metric: mean, q05, q25, median, q75, q95 over members."""
        if self.values is None:
            rows = self.points * int(self.layout.recorded.sum())
            return _read_parts(self.path, "summary", self.layout, rows)
        return _sweep_summary(self.values, 0, self.layout)

    def outcomes(self, outcomes: str | Sequence[str], *, statistic: str = "mean") -> pd.DataFrame:
        """One row per design point: the design's values and the chosen outcomes.

        Parameters
        ----------
        outcomes : str or sequence of str
            ``"metric"`` (its value at the last record) or ``"metric@2034Q3"``.
        statistic : str
            Which summary over a point's members, one of :data:`STATISTICS`.

        Returns
        -------
        pandas.DataFrame
            Index ``point``; the design columns, then one column per outcome, named as
            given.

        Raises
        ------
        ScenariosError
            For an unknown metric, statistic or unrecorded quarter.
        """
        names = [outcomes] if isinstance(outcomes, str) else list(outcomes)
        if statistic not in STATISTICS:
            raise ScenariosError(
                f"statistic {statistic!r}: unknown{suggest(statistic, STATISTICS)}; allowed: "
                f"{', '.join(STATISTICS)}"
            )
        cells = [self.parse_outcome(name) for name in names]
        if self.values is None and "summary" not in self.__dict__:
            summary = _read_parts(self.path, "summary", self.layout, select=_cells(cells))
        else:
            summary = self.summary
        frame = self.design.table.copy()
        for name, (metric, quarter) in zip(names, cells, strict=True):
            rows = summary[(summary["metric"] == metric) & (summary["quarter"] == quarter)]
            frame[name] = rows.set_index("point")[statistic].reindex(frame.index)
        return frame

    def parse_outcome(self, outcome: str) -> tuple[str, str]:
        """Split ``"metric@2034Q3"`` into a metric and a recorded quarter (default: the last)."""
        metric, _, quarter = outcome.partition("@")
        if metric not in self.metric_names:
            raise ScenariosError(
                f"outcome {outcome!r}: unknown metric{suggest(metric, self.metric_names)}; "
                f"allowed: {allowed_list(self.metric_names, limit=20)}"
            )
        k = self.metric_names.index(metric)
        recorded = [
            q for q, on in zip(self.quarters, self.layout.recorded[:, k], strict=True) if on
        ]
        quarter = quarter or recorded[-1]
        if quarter not in recorded:
            shown = recorded if len(recorded) <= 12 else [*recorded[:3], "...", recorded[-1]]
            raise ScenariosError(
                f"outcome {outcome!r}: {metric} is not recorded in {quarter}; allowed: "
                f"{', '.join(shown)}"
            )
        return metric, quarter


def _cells(cells: Sequence[tuple[str, str]]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """A filter keeping the summary rows of the given (metric, quarter) cells."""

    def select(frame: pd.DataFrame) -> pd.DataFrame:
        keep = np.zeros(len(frame), dtype=bool)
        for metric, quarter in cells:
            keep |= ((frame["metric"] == metric) & (frame["quarter"] == quarter)).to_numpy()
        return frame[keep]

    return select


def _overrides(design: Design, first_point: int, stop_point: int, per_point: int) -> dict:
    """Each key's value for every member of points ``first_point..stop_point-1``."""
    overrides = {}
    for key in design.keys:
        column = design.table[key].iloc[first_point:stop_point]
        if column.dtype == "Int64":
            # the engine reads a quarter lever as a float quarter index, NaN for none
            values = column.to_numpy(dtype=float, na_value=np.nan)
        elif column.dtype == object:
            values = column.to_numpy(dtype=object)
        else:
            values = column.to_numpy()
        overrides[key] = np.repeat(values, per_point)
    return overrides


def sweep(
    scenario: Scenario | str | Path,
    design: Design | pd.DataFrame,
    members_per_point: int,
    seed: int,
    *,
    engine: Any = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    out: str | Path | None = None,
    format: str | None = None,
) -> SweepResult:
    """Run every point of a design, ``members_per_point`` members each.

    Parameters
    ----------
    scenario : Scenario, str or pathlib.Path
        The scenario each point modifies (keys not in the design keep its values).
    design : Design or pandas.DataFrame
        The points; a DataFrame is checked with :func:`design_table`.
    members_per_point : int
        Members per point. Member ``m`` of point ``p`` is global member
        ``p * members_per_point + m`` and draws from ``SeedSequence(seed,
        spawn_key=(p * members_per_point + m,))``.
    seed : int
        The one seed (>= 0).
    engine : None, concurrent.futures.Executor or dask.distributed.Client
        Where chunks run (default: in this process).
    chunk_size : int, optional
        Members per chunk, rounded down to whole points (at least one point); does not
        change results. Default :data:`DEFAULT_CHUNK_SIZE`, or fewer so that each worker
        of an executor gets at least two chunks.
    progress : bool, optional
        Show a progress bar on stderr; default: only when stderr is a terminal.
    out : str or pathlib.Path, optional
        Stream the results into this folder (one part file per chunk) instead of
        holding them in memory. The folder appears complete or not at all; an existing
        results folder there is replaced.
    format : {"parquet", "csv"}, optional
        File format with ``out`` (default Parquet when pyarrow is installed, else CSV).

    Returns
    -------
    SweepResult

    Raises
    ------
    ScenarioError
        For a bad count or seed, or a design value the engine rejects.
    ResultsError
        When ``out`` cannot be written.
    """
    scenario = _scenario(scenario)
    if isinstance(design, pd.DataFrame):
        design = design_table(design)
    if not isinstance(design, Design):
        raise ScenariosError(
            f"design: expected a Design or a pandas DataFrame, got {type(design).__name__}"
        )
    seed = _check_seed(seed, "sweep")
    per_point = _check_count(members_per_point, "members_per_point", "sweep")
    executor, workers = _executor(engine)
    size = _chunk_size(chunk_size, design.points * per_point, workers, "sweep")
    spans = _chunk_bounds(design.points, max(1, size // per_point))
    tasks = [
        _Task(
            scenario,
            seed,
            start * per_point,
            (stop - start) * per_point,
            _overrides(design, start, stop, per_point),
            None if executor is None else 1,
        )
        for start, stop in spans
    ]
    runs = _execute(tasks, executor, workers, progress, f"sweep {scenario.name}")
    if out is None:
        blocks: list[Any] = [None] * len(tasks)
        for index, block in runs:
            blocks[index] = block
        layout, values = _join(blocks)
        values = values.reshape(design.points, per_point, *values.shape[1:])
        return SweepResult(scenario, design, per_point, seed, layout, values)
    layout = None
    with _ResultsWriter(Path(out), _storage(format)) as writer:
        for index, block in runs:
            if layout is not None and not block.layout.same_as(layout):
                raise ScenariosError("chunks recorded different quarters or metrics")
            layout = block.layout
            start, stop = spans[index]
            values = block.values.reshape(stop - start, per_point, *block.values.shape[1:])
            writer.write_table(f"metrics/part-{index:05d}", _sweep_metrics(values, start, layout))
            writer.write_table(f"summary/part-{index:05d}", _sweep_summary(values, start, layout))
        writer.write_common(SweepResult(scenario, design, per_point, seed, layout))
    return SweepResult(scenario, design, per_point, seed, layout, path=Path(out))


# -- persistence --------------------------------------------------------------------------


def _storage(format: str | None) -> str:
    """The file format: ``parquet`` (needs pyarrow) or ``csv``."""
    if format is None:
        return "parquet" if _has_pyarrow() else "csv"
    if format not in ("parquet", "csv"):
        raise ResultsError(f"format {format!r}: unknown; allowed: parquet, csv")
    if format == "parquet" and not _has_pyarrow():
        raise ResultsError("format 'parquet' needs pyarrow: pip install pyarrow (or use csv)")
    return format


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _ResultsWriter:
    """Write a results folder into a temporary sibling; rename it into place at the end.

    On any error (or Ctrl-C) the temporary folder is removed and the target is left as
    it was. An existing target is replaced only when it is a results folder (it holds a
    manifest) or empty, so a mistyped path cannot delete unrelated files.
    """

    def __init__(self, target: Path, storage: str):
        self.target = target
        self.storage = storage
        self.files: dict[str, dict[str, Any]] = {}
        if target.exists() and not (
            target.is_dir() and ((target / MANIFEST).is_file() or not any(target.iterdir()))
        ):
            raise ResultsError(
                f"{target}: exists and is not a results folder (no {MANIFEST}); allowed: a "
                "new path, an empty folder or earlier results to replace"
            )
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        except OSError as error:
            raise ResultsError(f"{target}: cannot write here ({error.strerror})") from None

    def __enter__(self) -> _ResultsWriter:
        return self

    def __exit__(self, kind: type | None, *exc: object) -> None:
        if kind is not None:
            shutil.rmtree(self.temp, ignore_errors=True)
            return
        old = None
        if self.target.exists():
            old = self.target.with_name(f"{self.temp.name}.old")
            os.replace(self.target, old)
        os.replace(self.temp, self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def write_table(self, stem: str, frame: pd.DataFrame) -> None:
        name = f"{stem}.{self.storage}"
        path = self.temp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.storage == "parquet":
            frame.to_parquet(path, index=False)
        else:
            frame.to_csv(path, index=False)
        self.files[name] = {"rows": len(frame), "sha256": _sha256(path)}

    def write_common(self, result: EnsembleResult | SweepResult) -> None:
        """The scenario, the design and (last, so that it marks a complete folder) the manifest."""
        import scenarios

        scenario_file = f"{result.scenario.name}.toml"
        (self.temp / scenario_file).write_text(result.scenario.to_toml(), encoding="utf-8")
        self.files[scenario_file] = {"sha256": _sha256(self.temp / scenario_file)}
        manifest: dict[str, Any] = {
            "format": _FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "kind": "ensemble" if isinstance(result, EnsembleResult) else "sweep",
            "package_version": scenarios.__version__,
            "storage": self.storage,
            "scenario": scenario_file,
            "seed": result.seed,
            "layout": result.layout.to_dict(),
        }
        if isinstance(result, EnsembleResult):
            manifest["members"] = result.members
        else:
            design = result.design
            table = design.table.reset_index()
            for key in design.keys:
                if design.table[key].dtype == "Int64":
                    # CSV has no nullable integers: quarter labels and "none" read back exactly
                    table[key] = [
                        "none" if q is pd.NA else format_quarter(q) for q in design.table[key]
                    ]
            self.write_table("design", table)
            if design.unit is not None:
                self.write_table("design_unit", pd.DataFrame(design.unit, columns=design.keys))
            manifest["members_per_point"] = result.members_per_point
            manifest["design"] = design.to_dict()
        manifest["files"] = dict(sorted(self.files.items()))
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        (self.temp / MANIFEST).write_text(text, encoding="utf-8")


def save(
    result: EnsembleResult | SweepResult, path: str | Path, *, format: str | None = None
) -> Path:
    """Save an ensemble or sweep result in a folder, atomically.

    The folder holds ``manifest.json`` (kind, seed, members, design, recorded quarters
    and metrics, package version, and the SHA-256 and row count of every file),
    ``<scenario>.toml`` (the fully resolved scenario), for sweeps ``design`` and
    ``design_unit``, and the tables ``metrics/part-*`` and ``summary/part-*``.

    Parameters
    ----------
    result : EnsembleResult or SweepResult
    path : str or pathlib.Path
        The folder. An existing results folder there is replaced; any other existing
        path is refused.
    format : {"parquet", "csv"}, optional
        Default Parquet when pyarrow is installed, else CSV.

    Returns
    -------
    pathlib.Path
        The folder.

    Raises
    ------
    ResultsError
        When the folder cannot be written.
    """
    target = Path(path)
    if not isinstance(result, EnsembleResult | SweepResult):
        raise ResultsError(
            f"{target}: can only save an EnsembleResult or a SweepResult, "
            f"got {type(result).__name__}"
        )
    storage = _storage(format)
    if isinstance(result, SweepResult) and result.path is not None:
        if result.path.resolve() == target.resolve():
            return target
        if _read_manifest(result.path)["storage"] == storage:
            # a streamed sweep may not fit in memory: copy its files as they are
            with _ResultsWriter(target, storage) as writer:
                shutil.copytree(result.path, writer.temp, dirs_exist_ok=True)
            return target
    with _ResultsWriter(target, storage) as writer:
        writer.write_table("metrics/part-00000", result.metrics)
        writer.write_table("summary/part-00000", result.summary)
        writer.write_common(result)
    return target


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise ResultsError(f"{folder}: no saved results here ({MANIFEST} is missing)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ResultsError(f"{path}: not valid JSON ({error}); the file is corrupted") from None
    if not isinstance(manifest, dict) or manifest.get("format") != _FORMAT_NAME:
        raise ResultsError(f"{path}: not an alignment-scenarios results manifest")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ResultsError(
            f"{path}: format_version {version!r} is newer than this package reads "
            f"(up to {FORMAT_VERSION}); upgrade alignment-scenarios"
        )
    required: dict[str, type] = {
        "storage": str,
        "scenario": str,
        "seed": int,
        "layout": dict,
        "files": dict,
    }
    kind = manifest.get("kind")
    if kind == "sweep":
        required |= {"members_per_point": int, "design": dict}
    elif kind == "ensemble":
        required |= {"members": int}
    else:
        raise ResultsError(f"{path}: kind {kind!r} is unknown; allowed: ensemble, sweep")
    for key, type_ in required.items():
        if not isinstance(manifest.get(key), type_):
            raise ResultsError(f"{path}: {key}: missing or not a {type_.__name__}")
    if manifest["storage"] not in ("parquet", "csv"):
        raise ResultsError(f"{path}: storage {manifest['storage']!r}; allowed: parquet, csv")
    return manifest


def _check_file(folder: Path, name: str, entry: Any) -> Path:
    path = folder / name
    if not isinstance(entry, dict) or not path.is_file():
        raise ResultsError(f"{path}: missing; {folder / MANIFEST} lists it")
    if _sha256(path) != entry.get("sha256"):
        raise ResultsError(
            f"{path}: contents do not match the checksum in {folder / MANIFEST}; the file is "
            "corrupted or from another run"
        )
    return path


def _read_table(folder: Path, name: str, manifest: Mapping[str, Any]) -> pd.DataFrame:
    """Read one listed table, checking its checksum and row count."""
    path = _check_file(folder, name, manifest["files"].get(name))
    if name.endswith(".parquet") and not _has_pyarrow():
        raise ResultsError(f"{path}: reading Parquet needs pyarrow: pip install pyarrow")
    try:
        if name.endswith(".parquet"):
            frame = pd.read_parquet(path)
        else:
            frame = pd.read_csv(path, **_CSV_FLOATS)
    except Exception as error:  # whatever the reader raises, the file is unusable
        raise ResultsError(f"{path}: cannot be read ({type(error).__name__})") from None
    rows = manifest["files"][name].get("rows")
    if rows is not None and len(frame) != rows:
        raise ResultsError(f"{path}: {len(frame)} rows; {folder / MANIFEST} says {rows}")
    return frame


def _part_names(manifest: Mapping[str, Any], table: str) -> list[str]:
    """A table's part files in chunk order (the number in ``part-N``, not the text)."""
    names = [name for name in manifest["files"] if name.startswith(f"{table}/part-")]
    return sorted(names, key=lambda name: int(name.split("-")[-1].split(".")[0]))


def _read_parts(
    folder: Path,
    table: str,
    layout: Layout,
    rows: int | None = None,
    select: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Read a table's part files in order, restoring dtypes and checking columns.

    ``select`` filters each part as it is read, so that picking a few cells of a large
    streamed sweep needs the memory of one part; without it the table must have
    ``rows`` rows in all.
    """
    manifest = _read_manifest(folder)
    names = _part_names(manifest, table)
    where = folder / table
    if not names:
        raise ResultsError(f"{where}: no part files listed in {folder / MANIFEST}")
    ids = ["member"] if manifest["kind"] == "ensemble" else ["point", "member"]
    expected = (
        [*ids[:-1], "quarter", "metric", *STATISTICS]
        if table == "summary"
        else [*ids, "quarter", "metric", "value"]
    )
    frames = []
    for name in names:
        frame = _read_table(folder, name, manifest)
        if list(frame.columns) != expected:
            raise ResultsError(
                f"{folder / name}: columns {', '.join(map(str, frame.columns))}; expected "
                f"{', '.join(expected)}"
            )
        for column, labels in (("quarter", layout.quarters), ("metric", layout.metrics)):
            text = frame[column].astype(str)
            unknown = ~text.isin(labels)
            if unknown.any():
                raise ResultsError(
                    f"{folder / name}: {column} {text[unknown].iloc[0]!r} is not in "
                    f"{folder / MANIFEST}"
                )
            frame[column] = pd.Categorical(text, categories=list(labels), ordered=True)
        frames.append(frame if select is None else select(frame))
    frame = pd.concat(frames, ignore_index=True)
    if select is None and rows is not None and len(frame) != rows:
        raise ResultsError(
            f"{where}: {len(frame)} rows in all; the design and layout in {folder / MANIFEST} "
            f"make {rows}"
        )
    return frame


def load(path: str | Path) -> EnsembleResult | SweepResult:
    """Load a result written by :func:`save` or by ``sweep(..., out=...)``.

    Every file's checksum is verified against the manifest first. An ensemble's table
    is read at once; a sweep's metrics and summary are read when first asked for.

    Parameters
    ----------
    path : str or pathlib.Path
        The results folder.

    Returns
    -------
    EnsembleResult or SweepResult

    Raises
    ------
    ResultsError
        Naming the file: a missing folder or manifest, a corrupted or altered file, a
        table whose shape does not match the manifest, Parquet without pyarrow, or a
        layout newer than this package reads.
    """
    folder = Path(path)
    manifest = _read_manifest(folder)
    for name, entry in manifest["files"].items():
        _check_file(folder, name, entry)
    layout = Layout.from_dict(manifest["layout"], folder / MANIFEST)
    scenario_file = folder / manifest["scenario"]
    if manifest["scenario"] not in manifest["files"]:
        raise ResultsError(f"{scenario_file}: not listed in {folder / MANIFEST}")
    try:
        scenario = load_scenario(scenario_file)
    except ScenariosError as error:
        raise ResultsError(f"{scenario_file}: the saved scenario does not load: {error}") from None
    if manifest["kind"] == "ensemble":
        return _load_ensemble(folder, manifest, scenario, layout)
    design = _load_design(folder, manifest)
    cells = int(layout.recorded.sum())
    for table, rows in (
        ("metrics", design.points * manifest["members_per_point"] * cells),
        ("summary", design.points * cells),
    ):
        listed = sum(
            manifest["files"][name].get("rows", 0) for name in _part_names(manifest, table)
        )
        if listed != rows:
            raise ResultsError(
                f"{folder / table}: {listed} rows listed in {folder / MANIFEST}; its design "
                f"and layout make {rows}"
            )
    return SweepResult(
        scenario,
        design,
        manifest["members_per_point"],
        manifest["seed"],
        layout,
        path=folder,
    )


def _load_ensemble(
    folder: Path, manifest: Mapping[str, Any], scenario: Scenario, layout: Layout
) -> EnsembleResult:
    frame = _read_parts(folder, "metrics", layout)
    members = manifest["members"]
    quarter, metric = layout.cells()
    expected = _tidy(
        np.zeros((members, *layout.recorded.shape)), layout, {"member": np.arange(members)}
    )
    same = len(frame) == len(expected) and all(
        np.array_equal(np.asarray(frame[c]), np.asarray(expected[c]))
        for c in ("member", "quarter", "metric")
    )
    if not same:
        raise ResultsError(
            f"{folder / 'metrics'}: rows do not match the {members} members and recorded "
            f"quarters and metrics of {folder / MANIFEST}"
        )
    values = np.full((members, *layout.recorded.shape), np.nan)
    values[:, quarter, metric] = frame["value"].to_numpy(dtype=float).reshape(members, -1)
    result = EnsembleResult(scenario, manifest["seed"], members, layout, values)
    result.__dict__["metrics"] = frame  # already read: spare rebuilding it
    return result


def _load_design(folder: Path, manifest: Mapping[str, Any]) -> Design:
    info = manifest["design"]
    name = f"design.{manifest['storage']}"
    where = folder / name
    table = _read_table(folder, name, manifest)
    keys = info.get("keys")
    if not isinstance(keys, list) or list(table.columns) != ["point", *keys]:
        raise ResultsError(f"{where}: columns do not match the design keys in {MANIFEST}")
    if not np.array_equal(table["point"].to_numpy(), np.arange(len(table))):
        raise ResultsError(f"{where}: the point column is not 0..{len(table) - 1}")
    try:
        design = design_table(table.drop(columns="point"), source=str(where))
    except ScenarioError as error:
        raise ResultsError(str(error)) from None
    unit = None
    unit_name = f"design_unit.{manifest['storage']}"
    if unit_name in manifest["files"]:
        unit = _read_table(folder, unit_name, manifest).to_numpy(dtype=float)
        if unit.shape != (design.points, len(keys)):
            raise ResultsError(
                f"{folder / unit_name}: shape {unit.shape} does not match the design"
            )
    ranges = {key: tuple(bounds) for key, bounds in info.get("ranges", {}).items()}
    return Design(
        table=design.table,
        kind=str(info.get("kind", "table")),
        ranges=ranges,
        seed=info.get("seed"),
        unit=unit,
        options=dict(info.get("options", {})),
    )


__all__ = [
    "DASK_WORKER_CONFIG",
    "DEFAULT_CHUNK_SIZE",
    "QUANTILES",
    "RUN_WIDE",
    "STATISTICS",
    "Design",
    "EnsembleResult",
    "Layout",
    "SweepResult",
    "design_keys",
    "design_table",
    "even_levels",
    "factorial",
    "latin_hypercube",
    "load",
    "run_ensemble",
    "sampled_design",
    "save",
    "sweep",
]
