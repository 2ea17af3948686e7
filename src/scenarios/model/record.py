"""Recording a run: what each record keeps, and the records as arrays or tidy tables.

A :class:`Recorder` collects one chunk of members' records as arrays while the engine
runs; :meth:`Records.merge` joins the chunks in member order into :class:`Records`, the
run's records as arrays (:meth:`Records.metric_arrays` hands the metrics out as one
array, for experiments), and :meth:`Records.results` turns them into the tidy tables of
:class:`~scenarios.model.results.Results`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from scenarios.blocs import Landscape
from scenarios.metrics import METRICS, bloc_metrics, step_metrics
from scenarios.model.results import Results
from scenarios.quarters import format_quarter
from scenarios.state import World, WorldState, recorded

STATE_VARIABLES = recorded("states")
"""Per-state arrays recorded in ``Results.states`` (one column each)."""

RELATION_VARIABLES = recorded("relations")
"""Pair arrays recorded in ``Results.relations`` (one column each)."""

FOCUS = ("USA", "CHN", "RUS", "PRK", "KOR", "JPN", "UKR", "IRN", "BLR")
"""States whose pairs ``Results.relations`` records by default."""

BLOC_NAMES = {0: "A", 1: "B", -1: "non-aligned"}
"""Bloc label -> name in ``Results.blocs``; bloc A is the anchor's (the USA's if present)."""

ANCHOR = "USA"
"""State whose bloc is called A, so that labels mean the same across quarters and members."""

BLOC_RESTARTS = 2
"""Random restarts of the bloc search (on top of the warm start), beyond the exact limit."""

BLOC_EXACT_LIMIT = 12
"""Largest world whose blocs are found by exact enumeration (a local search beyond)."""


class Recorder:
    """Collects one chunk's records as arrays; :meth:`Records.merge` joins the chunks."""

    def __init__(self, world: World, ids, seed: int, pairs, record):
        self.world, self.ids, self.record = world, ids, set(record)
        self.searchers = [
            np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(m, 0))) for m in ids
        ]
        codes = world.codes if pairs == "all" else [c for c in pairs if c in world.codes]
        focus = [world.index(c) for c in codes]
        self.pairs = [(a, b) for a in focus for b in focus if a != b]
        self.quarters: list[int] = []
        self.bloc_quarters: list[int] = []
        self.states: list[np.ndarray] = []
        self.relations: list[np.ndarray] = []
        self.labels: list[np.ndarray] = []
        self.metrics: list[dict[str, np.ndarray]] = []
        self.bloc_values: list[dict[str, np.ndarray]] = []
        self.anchor = world.index(ANCHOR) if ANCHOR in world.codes else 0
        self.sides: np.ndarray | None = None

    def add(self, state: WorldState, bloc: bool) -> None:
        """Record a quarter's state and, on a bloc quarter, its blocs and bloc metrics."""
        self.quarters.append(state.quarter)
        if "states" in self.record:
            self.states.append(np.stack([getattr(state, v) for v in STATE_VARIABLES], axis=-1))
        if "relations" in self.record and self.pairs:
            a, b = (np.array(x) for x in zip(*self.pairs, strict=True))
            self.relations.append(
                np.stack([getattr(state, v)[:, a, b] for v in RELATION_VARIABLES], axis=-1)
            )
        if "metrics" in self.record:
            self.metrics.append(step_metrics(state, self.world))
        if bloc and ({"blocs", "metrics"} & self.record):
            landscape = self._landscape(state)
            labels = self._labels(landscape)
            self.bloc_quarters.append(state.quarter)
            self.labels.append(labels)
            self.bloc_values.append(bloc_metrics(state, labels, landscape))

    @staticmethod
    def _landscape(state: WorldState) -> Landscape:
        """The state's landscape, unchecked.

        The engine keeps affinity finite and exactly symmetric, and the sizes are
        capabilities floored at the smallest positive float.
        """
        sizes = np.maximum(state.capability, np.finfo(float).tiny)
        return Landscape.trusted(state.affinity, sizes)

    def _labels(self, landscape: Landscape) -> np.ndarray:
        """Blocs by a local search warm-started from the last split.

        The first split starts from the anchor's friends and foes; random restarts guard
        against a stale start. The spectral start is skipped: one eigendecomposition per
        member costs more than everything else in a record.
        """
        if self.sides is None:
            self.sides = landscape.propensity[:, self.anchor, :] < 0
        self.sides = landscape.minimise(
            anchor=self.anchor,
            rng=self.searchers,
            restarts=BLOC_RESTARTS,
            starts=self.sides[:, None, :],
            spectral=False,
            exact_limit=BLOC_EXACT_LIMIT,
        )
        return landscape.labels(self.sides, anchor=self.anchor)


class MetricArrays(NamedTuple):
    """A run's metrics as one array.

    Attributes
    ----------
    quarters : tuple of str
        Label of each record (``"2024Q3"``), in order.
    metrics : tuple of str
        Names of the metrics recorded, in :data:`~scenarios.metrics.METRICS` order.
    values : ndarray, shape (M, R, K)
        ``values[m, r, k]``: metric k of member m at record r; NaN where not recorded.
    recorded : ndarray of bool, shape (R, K)
        Where each metric was recorded (bloc metrics at bloc records only).
    """

    quarters: tuple[str, ...]
    metrics: tuple[str, ...]
    values: np.ndarray
    recorded: np.ndarray


@dataclass(frozen=True)
class Records:
    """A run's records as arrays laid out (member, record, ...), members in batch order.

    Attributes
    ----------
    codes : tuple of str
        The world's states, in array order.
    members : tuple of int
        Global member indices.
    seed : int
        The run's seed.
    tables : frozenset of str
        The tables recorded (see :data:`~scenarios.model.results.TABLES`).
    quarters, bloc_quarters : tuple of int
        Quarter index of every record, and of every bloc record.
    pairs : tuple of (int, int)
        Positions of the ordered pairs in ``relations``.
    states : ndarray, shape (M, R, N, len(STATE_VARIABLES)), or None
    relations : ndarray, shape (M, R, P, len(RELATION_VARIABLES)), or None
    labels : ndarray, shape (M, B, N), or None
        Bloc labels at the bloc records (0, 1, -1 = non-aligned).
    metrics : Mapping of str to ndarray (M, R)
        Metrics recorded every quarter.
    bloc_metrics : Mapping of str to ndarray (M, B)
        Metrics recorded with the blocs.
    """

    codes: tuple[str, ...]
    members: tuple[int, ...]
    seed: int
    tables: frozenset[str]
    quarters: tuple[int, ...]
    bloc_quarters: tuple[int, ...]
    pairs: tuple[tuple[int, int], ...]
    states: np.ndarray | None
    relations: np.ndarray | None
    labels: np.ndarray | None
    metrics: Mapping[str, np.ndarray]
    bloc_metrics: Mapping[str, np.ndarray]

    @classmethod
    def merge(cls, chunks: list[Recorder], world: World, seed: int) -> Records:
        """Join the chunks' records, in member order."""
        first = chunks[0]

        def stacked(parts: list[list[np.ndarray]]) -> np.ndarray:
            """``parts[c][i]`` (chunk c's record i) as one (M, R, ...) array, copied once."""
            first = parts[0][0]
            members = sum(len(part[0]) for part in parts)
            out = np.empty((members, len(parts[0]), *first.shape[1:]), dtype=first.dtype)
            start = 0
            for part in parts:
                stop = start + len(part[0])
                for i, record in enumerate(part):
                    out[start:stop, i] = record
                start = stop
            return out

        def joined(attr: str) -> np.ndarray | None:
            records = [getattr(chunk, attr) for chunk in chunks]
            return stacked(records) if records[0] else None

        def joined_values(attr: str) -> dict[str, np.ndarray]:
            records = [getattr(chunk, attr) for chunk in chunks]
            if not records[0]:
                return {}
            return {
                name: stacked([[values[name] for values in r] for r in records])
                for name in records[0][0]
            }

        return cls(
            codes=tuple(world.codes),
            members=tuple(m for chunk in chunks for m in chunk.ids),
            seed=int(seed),
            tables=frozenset(first.record),
            quarters=tuple(first.quarters),
            bloc_quarters=tuple(first.bloc_quarters),
            pairs=tuple(first.pairs),
            states=joined("states"),
            relations=joined("relations"),
            labels=joined("labels"),
            metrics=joined_values("metrics"),
            bloc_metrics=joined_values("bloc_values"),
        )

    def metric_arrays(self) -> MetricArrays:
        """Every recorded metric in one (member, record, metric) array."""
        names = [name for name in METRICS if name in self.metrics or name in self.bloc_metrics]
        rows = [self.quarters.index(q) for q in self.bloc_quarters]
        values = np.full((len(self.members), len(self.quarters), len(names)), np.nan)
        recorded_at = np.zeros((len(self.quarters), len(names)), dtype=bool)
        for k, name in enumerate(names):
            if name in self.metrics:
                values[:, :, k] = self.metrics[name]
                recorded_at[:, k] = True
            else:
                values[:, rows, k] = self.bloc_metrics[name]
                recorded_at[rows, k] = True
        labels = tuple(format_quarter(q) for q in self.quarters)
        return MetricArrays(labels, tuple(names), values, recorded_at)

    def results(self, scenario=None, parameters: str = "default") -> Results:
        """The records as the tidy tables of :class:`Results`.

        ``parameters`` says where the members' parameters came from (see
        :attr:`Results.parameters`).
        """
        codes = pd.CategoricalDtype(list(self.codes))
        tables = _Tables(self.members, list(self.quarters), list(self.bloc_quarters), codes)
        return Results(
            states=tables.states(self.states),
            relations=tables.relations(self.relations, self.pairs),
            blocs=tables.blocs(self.labels if "blocs" in self.tables else None),
            metrics=tables.metrics(dict(self.metrics), dict(self.bloc_metrics)),
            seed=self.seed,
            scenario=scenario,
            members=self.members,
            parameters=parameters,
        )


class _Tables:
    """Builds the tidy frames from arrays laid out (member, record, ...)."""

    def __init__(self, ids, quarters, bloc_quarters, codes: pd.CategoricalDtype):
        self.ids, self.codes = np.array(ids, dtype=np.int64), codes
        self.labels = [format_quarter(q) for q in quarters]
        self.quarters = quarters
        self.bloc_rows = np.array([quarters.index(q) for q in bloc_quarters], dtype=np.int64)

    def _frame(self, records: np.ndarray, inner: int) -> dict[str, object]:
        """The ``member`` and ``quarter`` columns for rows laid out (member, record, inner)."""
        m, r = len(self.ids), records.size
        return {
            "member": np.repeat(self.ids, r * inner),
            "quarter": pd.Categorical.from_codes(
                np.tile(np.repeat(records, inner), m), self.labels, ordered=True
            ),
        }

    def _states_of(self, positions: np.ndarray, rows: int) -> pd.Categorical:
        return pd.Categorical.from_codes(np.tile(positions, rows), dtype=self.codes)

    def states(self, data: np.ndarray | None) -> pd.DataFrame:
        columns = ["member", "quarter", "iso3", *STATE_VARIABLES]
        if data is None:
            return pd.DataFrame(columns=columns)
        m, r, n, _ = data.shape
        frame = self._frame(np.arange(r), n)
        frame["iso3"] = self._states_of(np.arange(n), m * r)
        flat = data.reshape(m * r * n, -1)
        frame |= {name: flat[:, i] for i, name in enumerate(STATE_VARIABLES)}
        return pd.DataFrame(frame, columns=columns)

    def relations(self, data: np.ndarray | None, pairs) -> pd.DataFrame:
        columns = ["member", "quarter", "a", "b", *RELATION_VARIABLES]
        if data is None:
            return pd.DataFrame(columns=columns)
        m, r, p, _ = data.shape
        frame = self._frame(np.arange(r), p)
        a, b = (np.array(x) for x in zip(*pairs, strict=True))
        frame["a"] = self._states_of(a, m * r)
        frame["b"] = self._states_of(b, m * r)
        flat = data.reshape(m * r * p, -1)
        frame |= {name: flat[:, i] for i, name in enumerate(RELATION_VARIABLES)}
        return pd.DataFrame(frame, columns=columns)

    def blocs(self, data: np.ndarray | None) -> pd.DataFrame:
        columns = ["member", "quarter", "iso3", "bloc"]
        if data is None:
            return pd.DataFrame(columns=columns)
        m, r, n = data.shape
        frame = self._frame(self.bloc_rows, n)
        frame["iso3"] = self._states_of(np.arange(n), m * r)
        names = [BLOC_NAMES[-1], BLOC_NAMES[0], BLOC_NAMES[1]]
        frame["bloc"] = pd.Categorical.from_codes(data.reshape(-1).astype(np.int64) + 1, names)
        return pd.DataFrame(frame, columns=columns)

    def metrics(self, every: dict, blocs: dict) -> pd.DataFrame:
        columns = ["member", "quarter", "metric", "value"]
        names = [name for name in METRICS if name in every or name in blocs]
        if not names:
            return pd.DataFrame(columns=columns)
        members, quarters, metrics, values = [], [], [], []
        for code, name in enumerate(names):
            data, rows = (
                (every[name], np.arange(len(self.quarters)))
                if name in every
                else (
                    blocs[name],
                    self.bloc_rows,
                )
            )
            m, r = data.shape
            members.append(np.repeat(self.ids, r))
            quarters.append(np.tile(rows, m))
            metrics.append(np.full(m * r, code))
            values.append(data.reshape(-1))
        member, quarter, metric, value = (
            np.concatenate(x) for x in (members, quarters, metrics, values)
        )
        order = np.lexsort((metric, quarter, member))
        return pd.DataFrame(
            {
                "member": member[order],
                "quarter": pd.Categorical.from_codes(quarter[order], self.labels, ordered=True),
                "metric": pd.Categorical.from_codes(metric[order], names, ordered=True),
                "value": value[order],
            },
            columns=columns,
        )
