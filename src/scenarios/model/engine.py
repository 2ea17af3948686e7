"""The engine: run a scenario quarter by quarter and collect tidy results.

One quarter (a step) is::

    scheduled events -> sanctions -> arms -> deterrence -> alignment -> record

:func:`simulate` builds the initial state from the facts (:mod:`scenarios.model.from_facts`), runs
``scenario.horizon`` quarters for a batch of ensemble members at once, and returns
:class:`Results`. :func:`run` does the same from any initial state and world (a synthetic
world, say). :func:`simulate_records` and :func:`run_records` return the records as arrays
(:class:`~scenarios.model.record.Records`) instead of tidy tables. Each takes
``switches`` to switch mechanisms off from a quarter on (:mod:`scenarios.model.switches`).

Trunk and branch: a scenario's run starts at the trunk's start (2021Q4) with every lever at
its registry default and replays the observed record (the events dated before its branch).
At the start of the branch quarter the scenario's levers (and lever overrides) take over,
then its lever changes and own events act; parameters and parameter overrides are in force
throughout. So two scenarios with the same parameters, actors and seed are identical up to
the record of the earlier branch quarter.

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

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from scenarios.errors import ScenarioError, show
from scenarios.mechanisms.kernels import Params
from scenarios.memory import MAX_MEMBERS
from scenarios.model.events import apply_events, schedule_branch
from scenarios.model.from_facts import build
from scenarios.model.lever_changes import change_levers, compile_changes, enter_branch
from scenarios.model.params import resolve_params
from scenarios.model.record import FOCUS, Recorder, Records
from scenarios.model.results import TABLES, Results
from scenarios.model.switches import NOTHING_OFF, Switches, advance
from scenarios.registry.levers import LEVERS
from scenarios.state import MemberStreams, World, WorldState

CHUNK = 128
"""Members per chunk: each chunk's arrays stay in cache, and chunks run in parallel."""

_NOISE_BLOCK = 8


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
    switches: Switches = NOTHING_OFF,
    parameters: str | os.PathLike = "default",
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
    facts : FactBase or CodedFacts, optional
        Default :func:`scenarios.facts.load_facts`; a
        :class:`~scenarios.model.from_facts.CodedFacts` of this scenario spares a run of
        many batches coding the facts again for each.
    threads : int, optional
        Threads to run chunks of members on; default the number of CPUs. Results do not
        depend on it.
    switches : Switches, optional
        Mechanisms switched off from a quarter on (:mod:`scenarios.model.switches`);
        default none, the model as it is.
    parameters : str or path
        Where the members' parameters come from. ``"default"``: the registry's (and the
        scenario's), the same for every member, so that only the noise varies; this is
        the engine's default, so that a run is the model as written. ``"posterior"``:
        member *m* runs with a draw of the shipped posterior that it picks from its own
        stream, as in :func:`scenarios.run_ensemble` (whose default it is); or the
        folder of a posterior. ``params_override`` wins over a drawn value.

    Returns
    -------
    Results
        Its ``parameters`` says which, and labels the bands drawn from it.

    Raises
    ------
    ScenarioError
        For a bad override, seed, member count or table name.
    ScenariosError
        For another ``parameters``, or a missing or corrupted posterior.
    """
    drawn = {}
    if not (isinstance(parameters, str) and parameters == "default"):
        # imported here: the engine runs without the calibration package
        from scenarios.calibration.posterior import parameter_source

        members, first_member = _check_batch(seed, members, first_member)
        drawn = parameter_source(parameters).overrides(seed, first_member, members)
    records = simulate_records(
        scenario,
        seed,
        members,
        first_member,
        {**drawn, **(params_override or {})} if drawn else params_override,
        blocs_every=blocs_every,
        pairs=pairs,
        record=record,
        facts=facts,
        threads=threads,
        switches=switches,
    )
    return records.results(scenario, "posterior" if drawn else "default")


def simulate_records(
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
    switches: Switches = NOTHING_OFF,
) -> Records:
    """Run a scenario like :func:`simulate`, returning the records as arrays.

    Returns
    -------
    Records
        See :class:`~scenarios.model.record.Records`; ``.results(scenario)`` gives what
        :func:`simulate` returns.
    """
    members, first_member = _check_batch(seed, members, first_member)
    where = f"{getattr(scenario, 'path', None) or scenario.name} (params_override)"
    params = resolve_params(
        scenario.parameters, scenario.levers, params_override, members, where=where
    )
    # the trunk: the same parameters and parameter overrides, every lever at its default
    trunk = resolve_params(
        scenario.parameters,
        {name: lever.default for name, lever in LEVERS.items()},
        {k: v for k, v in (params_override or {}).items() if not k.startswith("levers.")},
        members,
        where=where,
    )
    state, world = build(scenario, trunk, members, facts=facts)
    return run_records(
        state,
        world,
        trunk,
        scenario.horizon,
        seed=seed,
        first_member=first_member,
        events=scenario.events,
        lever_changes=scenario.lever_changes,
        branch=scenario.branch,
        branch_params=params,
        blocs_every=blocs_every,
        pairs=pairs,
        record=record,
        threads=threads,
        switches=switches,
    )


def run(
    state: WorldState,
    world: World,
    params: Params,
    horizon: int,
    *,
    seed: int = 0,
    first_member: int = 0,
    events: Sequence = (),
    lever_changes: Sequence = (),
    branch: int | None = None,
    branch_params: Params | None = None,
    blocs_every: int = 4,
    pairs: Sequence[str] | str = FOCUS,
    record: Sequence[str] = TABLES,
    scenario=None,
    threads: int | None = None,
    switches: Switches = NOTHING_OFF,
) -> Results:
    """Run ``horizon`` quarters from any initial state (see :func:`simulate`).

    Members are independent, so the batch is cut into chunks of :data:`CHUNK` members
    (small enough to stay in cache) that run on up to ``threads`` threads; a member's
    results do not depend on the chunking.

    Parameters
    ----------
    state, world : WorldState, World
        Initial state (its ``quarter`` is the start) and world, e.g. from
        :func:`scenarios.model.initial.synthetic`.
    params : Mapping
        Resolved parameters with the batch's member count.
    horizon : int
        Quarters to run.
    events : sequence of Event
        Scheduled events (``kind``, ``quarter``, ``actors``, ``magnitude``).
    lever_changes : sequence of LeverChange
        Levers taking new values from a quarter on (``Scenario.lever_changes``; see
        :mod:`scenarios.model.lever_changes`).
    branch : int, optional
        Quarter from which ``branch_params`` replace ``params`` (``Scenario.branch``):
        events dated before it are scheduled with ``params``, the others (and the
        ceasefire lever's event) with ``branch_params``. Default: ``params`` throughout.
    branch_params : Mapping, optional
        The parameters in force from ``branch`` on (the same keys and member count).
    seed, first_member, blocs_every, pairs, record, scenario
        As in :func:`simulate`.
    threads : int, optional
        Threads to use; default the number of CPUs (at most one per chunk).
    switches : Switches, optional
        As in :func:`simulate`.

    Returns
    -------
    Results
    """
    return run_records(
        state,
        world,
        params,
        horizon,
        seed=seed,
        first_member=first_member,
        events=events,
        lever_changes=lever_changes,
        branch=branch,
        branch_params=branch_params,
        blocs_every=blocs_every,
        pairs=pairs,
        record=record,
        threads=threads,
        switches=switches,
    ).results(scenario)


def run_records(
    state: WorldState,
    world: World,
    params: Params,
    horizon: int,
    *,
    seed: int = 0,
    first_member: int = 0,
    events: Sequence = (),
    lever_changes: Sequence = (),
    branch: int | None = None,
    branch_params: Params | None = None,
    blocs_every: int = 4,
    pairs: Sequence[str] | str = FOCUS,
    record: Sequence[str] = TABLES,
    threads: int | None = None,
    switches: Switches = NOTHING_OFF,
) -> Records:
    """Run like :func:`run`, returning the records as arrays (:class:`Records`)."""
    members, first_member = _check_batch(seed, state.members, first_member)
    unknown = [name for name in record if name not in TABLES]
    if unknown or blocs_every < 1 or horizon < 0:
        raise ScenarioError(
            f"run: record {unknown} / blocs_every {blocs_every} / horizon {horizon} not "
            f"allowed; allowed: tables from {', '.join(TABLES)}, blocs_every >= 1, "
            "horizon >= 0"
        )
    bounds = [(a, min(a + CHUNK, members)) for a in range(0, members, CHUNK)]
    if branch is None or branch_params is None:
        branch, branch_params = None, params

    def chunk(bound: tuple[int, int]) -> Recorder:
        a, b = bound
        part, later = (
            {k: v[a:b] if np.ndim(v) else v for k, v in p.items()} for p in (params, branch_params)
        )
        return _integrate(
            state.select(slice(a, b)),
            world.select(slice(a, b)),
            part,
            horizon,
            seed=seed,
            ids=tuple(range(first_member + a, first_member + b)),
            events=events,
            branch=(branch, later),
            changes=compile_changes(lever_changes),
            blocs_every=blocs_every,
            pairs=pairs,
            record=record,
            switches=switches,
        )

    workers = min(len(bounds), threads or os.cpu_count() or 1)
    if workers > 1:
        pool = ThreadPoolExecutor(workers)
        try:
            chunks = list(pool.map(chunk, bounds))
        finally:
            # on Ctrl-C or SIGTERM, drop the chunks not started rather than finish the run
            pool.shutdown(cancel_futures=True)
    else:
        chunks = [chunk(bound) for bound in bounds]
    return Records.merge(chunks, world, seed)


def _integrate(
    state,
    world,
    params,
    horizon,
    *,
    seed,
    ids,
    events,
    branch,
    changes,
    blocs_every,
    pairs,
    record,
    switches,
):
    """Run one chunk of members through every quarter; return its records."""
    noise = _BufferedNormals(MemberStreams(seed, ids), _NOISE_BLOCK)
    fork, later = branch
    compiled = schedule_branch(events, world, params, fork, later, state.members)
    recorder = Recorder(world, ids, seed, pairs, record)
    start = state.quarter
    recorder.add(state, bloc=True)
    for quarter in range(start, start + horizon):
        state = state.evolve(transfers=np.zeros_like(state.transfers))
        if quarter == fork:
            state, params = enter_branch(state, params, later)
        if quarter in changes:
            state, params = change_levers(state, params, changes[quarter])
        state = apply_events(state, world, params, compiled.get(quarter, ()))
        state = advance(state, world, params, noise, switches.off_in(quarter))
        state = state.evolve(quarter=quarter + 1)
        last = quarter + 1 == start + horizon
        recorder.add(state, bloc=last or (quarter + 1 - start) % blocs_every == 0)
    return recorder


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


def _check_batch(seed, members, first_member) -> tuple[int, int]:
    for name, value, low, high in (
        ("seed", seed, 0, None),
        ("members", members, 1, MAX_MEMBERS),
        ("first_member", first_member, 0, None),
    ):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | np.integer)
            or value < low
            or (high is not None and value > high)
        ):
            allowed = f"an integer >= {low}" if high is None else f"{low} to {high:,}"
            raise ScenarioError(f"simulate: {name}: {show(value)} not allowed; allowed: {allowed}")
    return int(members), int(first_member)
