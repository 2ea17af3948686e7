"""Engines: in-process, a process pool and a Dask LocalCluster give bit-identical results."""

import concurrent.futures
import threading

import numpy as np
import pytest

from scenarios.experiments import evaluate
from scenarios.experiments.run import run_ensemble, sweep
from scenarios.experiments.sampling import latin_hypercube
from scenarios.experiments.store import load
from scenarios.scenario import load_scenario

RANGES = {
    "alignment.balance_rate": (0.0, 0.5),
    "levers.ceasefire": ("2024Q4", "2025Q2"),
    "levers.china_stance": None,
    "deterrence.reach_floor": (0.05, 0.3),
}


@pytest.fixture(scope="module")
def design():
    return latin_hypercube(RANGES, 6, seed=4)


@pytest.fixture(scope="module")
def reference(tiny, design):
    """In-process, one batch each: what every engine must reproduce.

    The tiny world's blocs come from exact enumeration; the baseline's 35 states need
    the heuristic search, whose restarts draw from each member's own stream.
    """
    return (
        sweep(tiny, design, 2, seed=8, chunk_size=10_000),
        run_ensemble(tiny, 9, seed=8, chunk_size=10_000),
        run_ensemble(load_scenario("baseline"), 4, seed=8, chunk_size=4),
    )


def test_baseline_chunked_in_process_is_bit_identical(reference):
    baseline = reference[2].scenario
    assert _same(run_ensemble(baseline, 4, seed=8, chunk_size=1), reference[2])


def _same(result, expected):
    return np.array_equal(result.values, expected.values, equal_nan=True)


def test_process_pool_is_bit_identical(tiny, design, reference):
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        swept = sweep(tiny, design, 2, seed=8, engine=pool, chunk_size=4)
        members = run_ensemble(tiny, 9, seed=8, engine=pool, chunk_size=2)
        baseline = run_ensemble(reference[2].scenario, 4, seed=8, engine=pool, chunk_size=1)
    assert _same(swept, reference[0]) and _same(members, reference[1])
    assert _same(baseline, reference[2])


def test_dask_local_cluster_with_two_worker_processes_is_bit_identical(
    tiny, design, reference, tmp_path
):
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    with (
        dask.config.set(evaluate.DASK_WORKER_CONFIG),
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        swept = sweep(tiny, design, 2, seed=8, engine=client, chunk_size=2)
        streamed = sweep(tiny, design, 2, seed=8, engine=client, chunk_size=6, out=tmp_path / "s")
        members = run_ensemble(tiny, 9, seed=8, engine=client, chunk_size=4)
        baseline = run_ensemble(reference[2].scenario, 4, seed=8, engine=client, chunk_size=2)
    assert _same(swept, reference[0]) and _same(members, reference[1])
    assert _same(baseline, reference[2])
    assert load(tmp_path / "s").metrics.equals(reference[0].metrics)
    assert streamed.summary.equals(reference[0].summary)


class _CountingExecutor(concurrent.futures.ThreadPoolExecutor):
    """A one-thread pool that records the most chunks ever submitted and not yet taken."""

    def __init__(self):
        super().__init__(max_workers=1)
        self.outstanding = 0
        self.most = 0
        self.lock = threading.Lock()

    def submit(self, fn, /, *args, **kwargs):
        with self.lock:
            self.outstanding += 1
            self.most = max(self.most, self.outstanding)
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._taken)
        return future

    def _taken(self, _):
        with self.lock:
            self.outstanding -= 1


def test_only_a_few_chunks_per_worker_are_in_flight(tiny, design, reference):
    with _CountingExecutor() as pool:
        swept = sweep(tiny, design, 2, seed=8, engine=pool, chunk_size=2)
    assert _same(swept, reference[0])
    assert pool.most <= evaluate.IN_FLIGHT_PER_WORKER * 1 < design.points


def test_a_failing_chunk_cancels_the_rest_and_raises(tiny, design, monkeypatch):
    calls = []

    def fail(task):
        calls.append(task.first_member)
        raise RuntimeError("chunk failed")

    monkeypatch.setattr(evaluate, "_run_task", fail)
    with (
        concurrent.futures.ThreadPoolExecutor(1) as pool,
        pytest.raises(RuntimeError, match="chunk failed"),
    ):
        sweep(tiny, design, 2, seed=8, engine=pool, chunk_size=2)
    assert len(calls) < design.points
