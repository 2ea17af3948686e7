"""The engine: run a scenario quarter by quarter and collect tidy results.

One quarter (a step) is::

    scheduled events -> sanctions -> arms -> deterrence -> alignment -> record

:func:`simulate` builds the initial state from the facts (:mod:`scenarios.initial`), runs
``scenario.horizon`` quarters for a batch of ensemble members at once, and returns
:class:`Results`. :func:`run` does the same from any initial state and world (a synthetic
world, say).

Time convention: the record labelled quarter ``q`` is the state at the *start* of ``q``.
The first record (the scenario's start quarter) is the initial state; events dated in
quarter ``q`` act during ``q`` and show in the record of ``q + 1``; a run of ``H`` quarters
has ``H + 1`` records, the last labelled ``start + H``.

Reproducibility: member ``m`` (a global index) draws its noise from
``MemberStreams(seed, [m])`` and its bloc-search restarts from its own child stream, and
every operation is per member, so its results are bit-identical whether it runs alone or
in a batch of any size or position.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from scenarios import initial
from scenarios.blocs import Landscape
from scenarios.errors import ResultsError, ScenarioError
from scenarios.mechanisms import STEPS, ModelWorld
from scenarios.mechanisms._util import Params, resolve_params
from scenarios.metrics import METRICS, bloc_metrics, step_metrics
from scenarios.quarters import format_quarter
from scenarios.registry.levers import CEASEFIRE_PAIR, INTERDICTED, PACT_PARTIES
from scenarios.state import MemberStreams, WorldState

STATE_VARIABLES = (
    "gdp",
    "milex",
    "capability",
    "warheads",
    "tech",
    "stockpile",
    "threat",
    "restraint",
    "bite",
    "leakage",
)
"""Per-state arrays recorded in ``Results.states`` (one column each)."""

RELATION_VARIABLES = ("affinity", "alliance", "war", "sanctions", "transfers")
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

CHUNK = 128
"""Members per chunk: each chunk's arrays stay in cache, and chunks run in parallel."""

TABLES = ("states", "relations", "blocs", "metrics")
"""The tables a run can record."""

FILES = {name: f"{name}.csv" for name in TABLES}
"""File written for each table by :meth:`Results.write`."""

MANIFEST = "run.json"
"""File that marks a results folder (and says what run made it)."""

OVERVIEW = "overview.png"
"""Overview figure written by :meth:`Results.write`."""

_NOISE_BLOCK = 8


@dataclass(frozen=True)
class Results:
    """What a run produced: four tidy tables and where they came from.

    Attributes
    ----------
    states : pandas.DataFrame
        One row per (member, quarter, iso3); columns ``member``, ``quarter`` (label such
        as ``"2024Q3"``), ``iso3`` and one column per :data:`STATE_VARIABLES` (units as in
        :class:`~scenarios.state.WorldState`).
    relations : pandas.DataFrame
        One row per (member, quarter, a, b) for ordered pairs of the recorded states
        (default :data:`FOCUS`); columns ``affinity``, ``alliance``, ``war``,
        ``sanctions`` (a on b) and ``transfers`` (a to b, delivered in the previous
        quarter).
    blocs : pandas.DataFrame
        One row per (member, quarter, iso3) at every bloc record; ``bloc`` is ``"A"``
        (the anchor's bloc), ``"B"`` or ``"non-aligned"``.
    metrics : pandas.DataFrame
        Tidy long: ``member``, ``quarter``, ``metric``, ``value``. The bloc metrics
        (bipolarity, balanced triads) appear at bloc records only.
    seed : int
        The run's seed.
    scenario : Scenario or None
        The scenario run (None for :func:`run` on a bare state).
    members : tuple of int
        Global member indices, in batch order.
    """

    states: pd.DataFrame
    relations: pd.DataFrame
    blocs: pd.DataFrame
    metrics: pd.DataFrame
    seed: int
    scenario: object = None
    members: tuple[int, ...] = field(default=(0,))

    def summary(self) -> pd.DataFrame:
        """One row per metric: its value at the first and last record.

        Returns
        -------
        pandas.DataFrame
            Index ``metric``; columns ``unit``, ``start`` and ``end`` (means over
            members), and with more than one member ``end_p05`` and ``end_p95``
            (5th and 95th percentiles over members).
        """
        table = self.metrics
        if table.empty:
            return pd.DataFrame(columns=["unit", "start", "end"]).rename_axis("metric")
        quarters = table.groupby("metric", sort=False, observed=True)["quarter"]
        first = table["quarter"].astype(str) == quarters.transform("min").astype(str)
        last = table["quarter"].astype(str) == quarters.transform("max").astype(str)
        ends = table[last].groupby("metric", sort=False, observed=True)["value"]
        out = pd.DataFrame(
            {
                "start": table[first].groupby("metric", sort=False, observed=True)["value"].mean(),
                "end": ends.mean(),
            }
        )
        if len(self.members) > 1:
            out["end_p05"] = ends.quantile(0.05)
            out["end_p95"] = ends.quantile(0.95)
        order = [name for name in METRICS if name in out.index]
        out = out.loc[order]
        out.insert(0, "unit", [METRICS[name].unit for name in order])
        out.index.name = "metric"
        return out

    def write(self, out_dir: str | os.PathLike) -> Path:
        """Write the four tables as CSV, an overview figure and ``run.json``, atomically.

        Everything is written into a temporary folder next to ``out_dir`` and renamed into
        place only when complete, so an error or Ctrl-C leaves no half-written results.
        An existing ``out_dir`` is replaced only if it is a results folder (holds
        ``run.json``) or empty.

        Parameters
        ----------
        out_dir : path
            Destination folder.

        Returns
        -------
        pathlib.Path
            The folder written.

        Raises
        ------
        ResultsError
            When ``out_dir`` is a file or a non-empty folder of something else.
        """
        out = Path(out_dir).resolve()
        if out.exists() and not out.is_dir():
            raise ResultsError(f"{out}: exists and is a file; allowed: a new or results folder")
        if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
            raise ResultsError(
                f"{out}: folder exists and holds something other than results (no "
                f"{MANIFEST}); allowed: a new folder, an empty one, or earlier results"
            )
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        try:
            for name in TABLES:
                getattr(self, name).to_csv(staging / FILES[name], index=False)
            self._write_overview(staging / OVERVIEW)
            (staging / MANIFEST).write_text(json.dumps(self._manifest(), indent=2) + "\n")
            if out.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
                os.replace(out, old / out.name)
                os.replace(staging, out)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return out

    def _write_overview(self, path: Path) -> None:
        # pyplot-free, so writing results needs no display and leaves no figure open
        from matplotlib.figure import Figure

        from scenarios.plot import caption, overview, source_text

        figure = Figure(figsize=(13, 9), layout="constrained")
        name = getattr(self.scenario, "name", "run")
        figure.suptitle(f"{name}: seed {self.seed}, {len(self.members)} member(s)")
        overview(self, figure.subplots(2, 2))
        caption(figure, source_text(self))
        figure.savefig(path, dpi=100)

    def _manifest(self) -> dict:
        from scenarios import __version__

        scenario = self.scenario
        return {
            "scenario": getattr(scenario, "name", None),
            "scenario_file": str(getattr(scenario, "path", "") or ""),
            "seed": self.seed,
            "members": list(self.members),
            "version": __version__,
            "files": [FILES[name] for name in TABLES] + [OVERVIEW],
        }


def simulate(
    scenario,
    seed: int = 0,
    members: int = 1,
    first_member: int = 0,
    params_override: Mapping[str, object] | None = None,
    *,
    blocs_every: int = 4,
    pairs: Sequence[str] | str = FOCUS,
    record: Sequence[str] = TABLES,
    facts=None,
    threads: int | None = None,
) -> Results:
    """Run a scenario for a batch of ensemble members.

    Parameters
    ----------
    scenario : Scenario
        From :func:`scenarios.load_scenario`.
    seed : int
        The one seed all randomness derives from (>= 0).
    members : int
        Number of members in the batch (>= 1).
    first_member : int
        Global index of the first member; the batch holds members
        ``first_member .. first_member + members - 1``.
    params_override : Mapping, optional
        ``"section.name"`` or ``"levers.<name>"`` -> a value for every member, or a
        sequence of one value per member (a sweep in one batch).
    blocs_every : int
        Record blocs (and bipolarity) every this many quarters, and at the last record.
    pairs : sequence of str or "all"
        States whose ordered pairs ``relations`` records (those present in the world).
    record : sequence of str
        Tables to fill (others stay empty): any of :data:`TABLES`.
    facts : FactBase, optional
        Default :func:`scenarios.data.load_facts`.
    threads : int, optional
        Threads to run chunks of members on; default the number of CPUs. Results do not
        depend on it.

    Returns
    -------
    Results

    Raises
    ------
    ScenarioError
        For a bad override, seed, member count or table name.
    """
    members, first_member = _check_batch(seed, members, first_member)
    where = f"{getattr(scenario, 'path', None) or scenario.name} (params_override)"
    params = resolve_params(
        scenario.parameters, scenario.levers, params_override, members, where=where
    )
    state, world = initial.build(scenario, params, members, facts=facts)
    return run(
        state,
        world,
        params,
        scenario.horizon,
        seed=seed,
        first_member=first_member,
        events=scenario.events,
        blocs_every=blocs_every,
        pairs=pairs,
        record=record,
        scenario=scenario,
        threads=threads,
    )


def run(
    state: WorldState,
    world: ModelWorld,
    params: Params,
    horizon: int,
    *,
    seed: int = 0,
    first_member: int = 0,
    events: Sequence = (),
    blocs_every: int = 4,
    pairs: Sequence[str] | str = FOCUS,
    record: Sequence[str] = TABLES,
    scenario=None,
    threads: int | None = None,
) -> Results:
    """Run ``horizon`` quarters from any initial state (see :func:`simulate`).

    Members are independent, so the batch is cut into chunks of :data:`CHUNK` members
    (small enough to stay in cache) that run on up to ``threads`` threads; a member's
    results do not depend on the chunking.

    Parameters
    ----------
    state, world : WorldState, ModelWorld
        Initial state (its ``quarter`` is the start) and world, e.g. from
        :func:`scenarios.initial.synthetic`.
    params : Mapping
        Resolved parameters with the batch's member count.
    horizon : int
        Quarters to run.
    events : sequence of Event
        Scheduled events (``kind``, ``quarter``, ``actors``, ``magnitude``).
    seed, first_member, blocs_every, pairs, record, scenario
        As in :func:`simulate`.
    threads : int, optional
        Threads to use; default the number of CPUs (at most one per chunk).

    Returns
    -------
    Results
    """
    members, first_member = _check_batch(seed, state.members, first_member)
    unknown = [name for name in record if name not in TABLES]
    if unknown or blocs_every < 1 or horizon < 0:
        raise ScenarioError(
            f"run: record {unknown} / blocs_every {blocs_every} / horizon {horizon} not "
            f"allowed; allowed: tables from {', '.join(TABLES)}, blocs_every >= 1, "
            "horizon >= 0"
        )
    bounds = [(a, min(a + CHUNK, members)) for a in range(0, members, CHUNK)]

    def chunk(bound: tuple[int, int]) -> _Recorder:
        a, b = bound
        part = {k: v[a:b] if np.ndim(v) else v for k, v in params.items()}
        return _integrate(
            state.select(slice(a, b)),
            world.select(slice(a, b)),
            part,
            horizon,
            seed=seed,
            ids=tuple(range(first_member + a, first_member + b)),
            events=events,
            blocs_every=blocs_every,
            pairs=pairs,
            record=record,
        )

    workers = min(len(bounds), threads or os.cpu_count() or 1)
    if workers > 1:
        with ThreadPoolExecutor(workers) as pool:
            chunks = list(pool.map(chunk, bounds))
    else:
        chunks = [chunk(bound) for bound in bounds]
    return _Recorder.merge(chunks, world, seed, scenario)


def _integrate(state, world, params, horizon, *, seed, ids, events, blocs_every, pairs, record):
    """Run one chunk of members through every quarter; return its records."""
    noise = _BufferedNormals(MemberStreams(seed, ids), _NOISE_BLOCK)
    schedule = _schedule(events, world, params, state.members)
    recorder = _Recorder(world, ids, seed, pairs, record)
    start = state.quarter
    recorder.add(state, bloc=True)
    for quarter in range(start, start + horizon):
        state = state.evolve(transfers=np.zeros_like(state.transfers))
        state = apply_events(state, world, params, schedule.get(quarter, ()))
        for _, step in STEPS:
            state = step(state, world, params, noise)
        state = state.evolve(quarter=quarter + 1)
        last = quarter + 1 == start + horizon
        recorder.add(state, bloc=last or (quarter + 1 - start) % blocs_every == 0)
    return recorder


# -- events -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Compiled:
    kind: str
    positions: tuple[int, ...]
    magnitude: float
    mask: np.ndarray | None  # (M,) bool: members the event applies to; None = all


def _schedule(events, world: ModelWorld, params: Params, members: int) -> dict:
    """Events by quarter, with array positions, plus the ceasefire lever's event."""
    schedule: dict[int, list[_Compiled]] = {}
    pact = np.broadcast_to(np.asarray(params["levers.pact"], dtype=bool), (members,))
    for event in events:
        codes = [code for code in event.actors if code in world.codes]
        if len(codes) < len(event.actors):
            continue
        mask = None
        if event.kind == "treaty" and frozenset(codes) == PACT_PARTIES:
            mask = pact.copy()
        compiled = _Compiled(
            event.kind, tuple(world.index(c) for c in codes), float(event.magnitude), mask
        )
        schedule.setdefault(int(event.quarter), []).append(compiled)
    ceasefire = np.broadcast_to(np.asarray(params["levers.ceasefire"], dtype=float), (members,))
    if all(code in world.codes for code in CEASEFIRE_PAIR):
        pair = tuple(world.index(code) for code in CEASEFIRE_PAIR)
        for quarter in np.unique(ceasefire[np.isfinite(ceasefire)]):
            mask = ceasefire == quarter
            schedule.setdefault(int(quarter), []).append(_Compiled("ceasefire", pair, 1.0, mask))
    return schedule


def apply_events(
    state: WorldState, world: ModelWorld, params: Params, events: Sequence[_Compiled]
) -> WorldState:
    """Apply one quarter's scheduled events (see ``docs/model.md`` for each kind)."""
    if not events:
        return state
    arrays = {
        name: getattr(state, name).copy()
        for name in ("affinity", "alliance", "war", "sanctions", "transfers", "tech")
    }
    everyone = np.arange(state.members)
    route = tuple(world.index(c) if c in world.codes else -1 for c in INTERDICTED)
    for event in events:
        who = everyone if event.mask is None else np.flatnonzero(event.mask)
        size, p = event.magnitude, event.positions

        def lever(key: str, who=who) -> np.ndarray:
            return np.broadcast_to(np.asarray(params[key], dtype=float), everyone.shape)[who]

        if event.kind in ("war_start", "ceasefire"):
            war = arrays["war"]
            new = size if event.kind == "war_start" else war[who, p[0], p[1]] * (1.0 - size)
            war[who, p[0], p[1]] = war[who, p[1], p[0]] = new
        elif event.kind == "sanctions":
            s = arrays["sanctions"]
            imposed = np.minimum(size * lever("levers.sanctions_intensity"), 1.0)
            s[who, p[0], p[1]] = np.maximum(s[who, p[0], p[1]], imposed)
        elif event.kind == "sanctions_lift":
            arrays["sanctions"][who, p[0], p[1]] *= 1.0 - size
        elif event.kind == "treaty":
            block = np.ix_(who, p, p)
            off = ~np.eye(len(p), dtype=bool)
            arrays["alliance"][block] = np.where(
                off, np.maximum(arrays["alliance"][block], size), 0
            )
            shift = (size * lever("alignment.treaty_nudge"))[:, None, None] * off
            arrays["affinity"][block] = np.clip(arrays["affinity"][block] + shift, -1.0, 1.0)
        elif event.kind == "arms_shipment":
            kept = 1.0 - lever("levers.interdiction") if p == route else 1.0
            arrays["transfers"][who, p[0], p[1]] += size * kept
        elif event.kind == "alignment_shock":
            a = arrays["affinity"]
            a[who, p[0], p[1]] = a[who, p[1], p[0]] = np.clip(a[who, p[0], p[1]] + size, -1, 1)
        elif event.kind == "missile_test":
            tech = arrays["tech"]
            tech[who, p[0]] += size * (1.0 - tech[who, p[0]])
        else:
            raise ScenarioError(f"event kind {event.kind!r} has no effect in the model")
    return state.evolve(**arrays)


# -- recording --------------------------------------------------------------------------


class _BufferedNormals:
    """MemberStreams.normal in blocks: the same numbers, fewer calls per member.

    A generator's normals form one sequence, so drawing ``block`` quarters at once and
    serving them in order gives exactly what quarter-by-quarter draws would.
    """

    def __init__(self, streams: MemberStreams, block: int):
        self._streams, self._block = streams, block
        self._shape: tuple[int, ...] | None = None
        self._buffer = np.empty((len(streams), 0))
        self._next = 0

    def normal(self, shape: tuple[int, ...]) -> np.ndarray:
        if shape != self._shape:
            if self._shape is not None:
                raise ValueError("buffered draws need the same shape every call")
            self._shape = shape
        if self._next == self._buffer.shape[1]:
            self._buffer = self._streams.normal((self._block, *shape))
            self._next = 0
        self._next += 1
        return self._buffer[:, self._next - 1]


class _Recorder:
    """Collects one chunk's records as arrays; :meth:`merge` turns chunks into tables."""

    def __init__(self, world: ModelWorld, ids, seed: int, pairs, record):
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
        """The state's landscape, unchecked: the engine keeps affinity finite and exactly
        symmetric, and the sizes are capabilities floored at the smallest positive float."""
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

    @staticmethod
    def merge(chunks: list[_Recorder], world: ModelWorld, seed: int, scenario) -> Results:
        """Join the chunks' records (in member order) into :class:`Results`."""
        first = chunks[0]
        ids = tuple(m for chunk in chunks for m in chunk.ids)
        codes = pd.CategoricalDtype(list(world.codes))
        tables = _Tables(ids, first.quarters, first.bloc_quarters, codes)

        def joined(attr: str) -> np.ndarray | None:
            records = [getattr(chunk, attr) for chunk in chunks]
            if not records[0]:
                return None
            return np.stack(
                [np.concatenate([r[i] for r in records]) for i in range(len(records[0]))],
                axis=1,
            )

        def joined_values(attr: str) -> dict[str, np.ndarray]:
            records = [getattr(chunk, attr) for chunk in chunks]
            if not records[0]:
                return {}
            return {
                name: np.stack(
                    [np.concatenate([r[i][name] for r in records]) for i in range(len(records[0]))],
                    axis=1,
                )
                for name in records[0][0]
            }

        return Results(
            states=tables.states(joined("states")),
            relations=tables.relations(joined("relations"), first.pairs),
            blocs=tables.blocs(joined("labels") if "blocs" in first.record else None),
            metrics=tables.metrics(joined_values("metrics"), joined_values("bloc_values")),
            seed=int(seed),
            scenario=scenario,
            members=ids,
        )


class _Tables:
    """Builds the tidy frames from arrays laid out (member, record, ...)."""

    def __init__(self, ids, quarters, bloc_quarters, codes: pd.CategoricalDtype):
        self.ids, self.codes = np.array(ids, dtype=np.int64), codes
        self.labels = [format_quarter(q) for q in quarters]
        self.quarters = quarters
        self.bloc_rows = np.array([quarters.index(q) for q in bloc_quarters], dtype=np.int64)

    def _frame(self, records: np.ndarray, inner: int) -> dict[str, object]:
        """member and quarter columns for rows laid out (member, record, inner)."""
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


def _check_batch(seed, members, first_member) -> tuple[int, int]:
    for name, value, low in (
        ("seed", seed, 0),
        ("members", members, 1),
        ("first_member", first_member, 0),
    ):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
            raise ScenarioError(
                f"simulate: {name}: {value!r} not allowed; allowed: an integer >= {low}"
            )
    return int(members), int(first_member)
