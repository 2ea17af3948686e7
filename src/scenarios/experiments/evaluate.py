"""Evaluators: cut members into chunks and run the chunks in this process or on executors.

``engine=None`` runs chunks one after another in this process, each chunk one
vectorised batch that the engine spreads over the cores itself. Any
:class:`concurrent.futures.Executor` (a :class:`~concurrent.futures.ProcessPoolExecutor`,
say) runs chunks as tasks, and so does a ``dask.distributed.Client`` (through
``client.get_executor()``; start its cluster with :data:`DASK_WORKER_CONFIG`); there each
task runs the engine on one thread, since the executor's workers are the parallelism.
At most :data:`IN_FLIGHT_PER_WORKER` chunks per worker are in flight, so finished
chunks never pile up in memory. A chunk's member numbers do not depend on its batch,
so results are bit-identical across engines and chunk sizes.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import math
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from scenarios.errors import ScenariosError
from scenarios.experiments.design import check_count, plain
from scenarios.experiments.records import Block, Layout, join
from scenarios.model import CodedFacts, simulate_records
from scenarios.registry.parameters import run_wide_keys
from scenarios.scenario import Scenario

DEFAULT_CHUNK_SIZE = 512
"""Members per chunk when ``chunk_size`` is not given (in-process; executors get smaller
chunks so that every worker has two). In-process, the engine runs a chunk's members on
all cores itself, in blocks of ``scenarios.model.CHUNK``; on 2 cores, 250 to 500 members
per chunk ran about 6 % faster than one batch of 1,000, and 25 took 1.8 times as long
(``benchmarks/bench_experiments.py``)."""

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


@dataclass(frozen=True)
class Task:
    """One chunk: a contiguous run of global members, and their parameter overrides.

    Attributes
    ----------
    scenario : Scenario
    seed : int
    first_member : int
        Global index (hence stream) of the chunk's first member.
    members : int
    overrides : Mapping[str, numpy.ndarray]
        Key -> one value per member of the chunk.
    threads : int or None
        Engine threads: None (all cores) in-process; 1 in an executor's worker, which is
        itself one of the executor's parallel slots.
    facts : CodedFacts or None
        The scenario's facts, coded once by the runner for all its tasks and batches
        (:func:`~scenarios.model.from_facts.code_facts`); None codes them in each batch.
    """

    scenario: Scenario
    seed: int
    first_member: int
    members: int
    overrides: Mapping[str, np.ndarray]
    threads: int | None = None
    facts: CodedFacts | None = None


def _run_task(task: Task) -> Block:
    """Simulate one chunk. Module-level so that worker processes (spawned ones too) find it.

    Members whose run-wide values differ (:func:`~scenarios.registry.parameters.run_wide_keys`:
    the engine takes one value of those per batch) run as separate batches; since each
    member's numbers do not depend on its batch, the result is the same.
    """
    edges = [0, task.members]
    for key in run_wide_keys():
        if key in task.overrides:
            values = task.overrides[key]
            edges += list(np.flatnonzero(values[1:] != values[:-1]) + 1)
    edges = sorted(set(edges))
    blocks = []
    for start, stop in itertools.pairwise(edges):
        overrides = {key: _collapse(values[start:stop]) for key, values in task.overrides.items()}
        records = simulate_records(
            task.scenario,
            seed=task.seed,
            members=stop - start,
            first_member=task.first_member + start,
            params_override=overrides or None,
            record=("metrics",),
            facts=task.facts,
            threads=task.threads,
        )
        arrays = records.metric_arrays()
        layout = Layout(arrays.quarters, arrays.metrics, arrays.recorded)
        blocks.append(Block(layout, arrays.values))
    return join(blocks)


def _collapse(values: np.ndarray) -> Any:
    """One value when every member shares it (the engine needs some keys run-wide)."""
    if len(pd.unique(values)) > 1:
        return values
    first = plain(values[0])
    return None if isinstance(first, float) and math.isnan(first) else first


def resolve_engine(engine: Any) -> tuple[concurrent.futures.Executor | None, int]:
    """The executor behind ``engine`` (None: in-process) and how many chunks it runs at once."""
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


def members_per_chunk(chunk_size: Any, total: int, workers: int, source: str) -> int:
    """Members per chunk: as asked, else the default, cut so every worker gets two chunks."""
    if chunk_size is not None:
        return check_count(chunk_size, "chunk_size", source)
    if workers == 1:
        return DEFAULT_CHUNK_SIZE
    return max(1, min(DEFAULT_CHUNK_SIZE, math.ceil(total / (IN_FLIGHT_PER_WORKER * workers))))


def chunk_bounds(total: int, size: int) -> list[tuple[int, int]]:
    """``(start, stop)`` of consecutive chunks of ``size`` covering ``0..total-1``."""
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def execute(
    tasks: Sequence[Task],
    executor: concurrent.futures.Executor | None,
    workers: int,
    progress: bool | None,
    description: str,
) -> Iterator[tuple[int, Block]]:
    """Run every task; yield ``(task index, block)`` as each finishes (in any order).

    Closing the iterator early (or an error in a task) cancels the tasks not started.
    """
    in_flight = IN_FLIGHT_PER_WORKER * workers
    total = sum(task.members for task in tasks)
    with progress_bar(progress, total, description) as bar:
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


def gather(runs: Iterator[tuple[int, Block]], count: int) -> Block:
    """Every block of ``execute``'s ``count`` tasks, joined in task (hence member) order."""
    blocks: list[Any] = [None] * count
    for index, block in runs:
        blocks[index] = block
    return join(blocks)


class _NoBar:
    """Stands in for a progress bar that is off."""

    def update(self, n: int) -> None:
        """Show nothing."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def progress_bar(progress: bool | None, total: int, description: str, unit: str = "member") -> Any:
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
    return tqdm(total=total, desc=description, unit=unit, file=stream, leave=False)
