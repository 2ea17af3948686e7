"""Benchmarks of ensembles, sweeps and sensitivity analysis (issue 5). A script, not a test.

Run from the project root::

    .venv/bin/python benchmarks/bench_experiments.py              # the full set (~20 min)
    .venv/bin/python benchmarks/bench_experiments.py --quick      # a smoke run (~1 min)

Every ratio is against a baseline measured in the same run; times are medians over
``--repeats`` runs unless a line says "one run". Peak memory is the growth of the
sweeping (parent) process's high-water mark, reset through ``/proc/self/clear_refs``
(Linux) in a fresh process per sweep; worker processes hold one chunk each and do not
grow with the sweep. The Dask cluster starts with
:data:`scenarios.experiments.DASK_WORKER_CONFIG`.

Sections
    1. a 1,000-member ensemble of ``baseline`` in-process, then in a 2-process pool and
       on a 2-worker Dask LocalCluster (speed-up against in-process);
    2. chunking overhead: one ensemble cut into small chunks against one batch;
    3. Latin hypercube sweeps of ``baseline`` x 10 members at growing point counts, in
       the process pool, streamed to disk (time, peak memory) and, up to ``--held-max``
       points, held in memory (peak memory); a size not run is extrapolated from a linear
       fit, and says so;
    4. Sobol indices with 8 parameters at N = 1,024 base samples (10,240 points);
    5. PRIM on the largest streamed sweep: which boxes give a bipolar order.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from scenarios.experiments.discovery import discover
from scenarios.experiments.evaluate import DASK_WORKER_CONFIG
from scenarios.experiments.run import run_ensemble, sweep
from scenarios.experiments.sampling import latin_hypercube
from scenarios.experiments.sensitivity import sobol_design, sobol_indices
from scenarios.model import simulate
from scenarios.scenario import load_scenario

SOBOL_RANGES = {
    "sanctions.isolation_pull": (0.0, 0.06),
    "sanctions.black_knight_offset": (0.2, 0.8),
    "arms.affinity_gain": (0.0, 0.06),
    "deterrence.reaction": (0.02, 0.2),
    "deterrence.pact_amplifier": (0.0, 1.5),
    "deterrence.shared_threat_pull": (0.0, 0.06),
    "alignment.balance_rate": (0.02, 0.3),
    "alignment.noise": (0.0, 0.03),
}
"""Eight parameters around their defaults, inside the registry's ranges."""

LHS_RANGES = {
    **{key: SOBOL_RANGES[key] for key in list(SOBOL_RANGES)[:6]},
    "levers.sanctions_intensity": (0.5, 1.5),
    "levers.us_commitment": (0.3, 1.0),
    "levers.china_stance": None,
    "levers.pact": None,
}
"""Six parameters and four levers for the scaling sweeps and scenario discovery."""

OUTCOMES = ["bipolarity@2034Q3", "dprk_restraint", "trilateral_cohesion"]


def peak_reset() -> None:
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")


def peak_mib() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def rss_mib() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def timed(call: Callable[[], object], repeats: int) -> tuple[float, list[float]]:
    """Median and all times of ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def show(label: str, seconds: float, extra: str = "") -> None:
    print(f"  {label:<52} {seconds:9.2f} s  {extra}", flush=True)


def section_ensembles(baseline, members: int, repeats: int) -> dict[str, float]:
    print(f"\n1. {members}-member ensemble of baseline (median of {repeats})")
    reference = run_ensemble(baseline, members, seed=1)
    out = {}
    out["one_thread"], runs = timed(
        lambda: simulate(baseline, seed=1, members=members, record=("metrics",), threads=1),
        repeats,
    )
    show("reference: the engine alone on one thread", out["one_thread"], f"runs {fmt(runs)}")
    out["inprocess"], runs = timed(lambda: run_ensemble(baseline, members, seed=1), repeats)
    show(
        "BASELINE in-process run_ensemble (engine threads)",
        out["inprocess"],
        f"x{out['one_thread'] / out['inprocess']:.2f} vs one thread; runs {fmt(runs)}",
    )
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        run_ensemble(baseline, 4, seed=1, engine=pool, chunk_size=2)  # start the workers
        out["pool"], runs = timed(
            lambda: check(run_ensemble(baseline, members, seed=1, engine=pool), reference),
            repeats,
        )
    note = (
        f"speed-up x{out['inprocess'] / out['pool']:.2f} (x{out['one_thread'] / out['pool']:.2f})"
    )
    show("ProcessPoolExecutor(2)", out["pool"], note)
    import dask
    from distributed import Client, LocalCluster

    start = time.perf_counter()
    with (
        dask.config.set(DASK_WORKER_CONFIG),
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        ) as cluster,
        Client(cluster) as client,
    ):
        out["dask_start"] = time.perf_counter() - start
        run_ensemble(baseline, 4, seed=1, engine=client, chunk_size=2)
        out["dask"], runs = timed(
            lambda: check(run_ensemble(baseline, members, seed=1, engine=client), reference),
            repeats,
        )
    note = (
        f"speed-up x{out['inprocess'] / out['dask']:.2f} (x{out['one_thread'] / out['dask']:.2f});"
        f" cluster start {out['dask_start']:.1f} s"
    )
    show("Dask LocalCluster(2 workers), start excluded", out["dask"], note)
    print("  (speed-ups against the baseline, in brackets against one thread; every engine's")
    print("  result checked bit-identical to the in-process one)")
    return out


def check(result, reference):
    if not np.array_equal(result.values, reference.values, equal_nan=True):
        raise AssertionError("engine results differ from in-process")
    return result


def fmt(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


def section_chunks(baseline, members: int, sizes: list[int], repeats: int) -> dict[int, float]:
    print(f"\n2. chunking: {members}-member ensemble in-process (median of {repeats})")
    times = {}
    for size in sizes:
        times[size], _ = timed(
            lambda size=size: run_ensemble(baseline, members, seed=2, chunk_size=size), repeats
        )
    one = times[members]
    for size in sizes:
        label = f"chunks of {size} ({-(-members // size)} chunks)"
        show(label, times[size], f"x{times[size] / one:.3f} of one batch")
    return times


def measure_sweep(points: int, mode: str, folder: Path) -> dict[str, float]:
    """One sweep in this fresh process: time and growth of the peak resident memory.

    Run by :func:`section_sweeps` in a subprocess, so that heap kept by earlier runs
    cannot hide (or fake) growth.
    """
    baseline = load_scenario("baseline")
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        # warm up: start the workers, import the Parquet writer
        warm = latin_hypercube(LHS_RANGES, 2, seed=1)
        sweep(baseline, warm, 1, seed=1, engine=pool, out=folder / f"warm-{points}-{mode}")
        design = latin_hypercube(LHS_RANGES, points, seed=3)
        base = rss_mib()
        peak_reset()
        start = time.perf_counter()
        out = folder / f"lhs{points}" if mode == "streamed" else None
        result = sweep(baseline, design, 10, seed=3, engine=pool, out=out)
        seconds = time.perf_counter() - start
        peak = peak_mib() - base
    del result
    return {"seconds": seconds, "peak": peak}


def _subprocess(points: int, mode: str, folder: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--measure", str(points), mode, str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def section_sweeps(
    points_list: list[int], held_max: int, target: int, folder: Path
) -> dict[int, dict[str, dict[str, float]]]:
    print("\n3. Latin hypercube sweeps of baseline x 10 members, ProcessPoolExecutor(2),")
    print("   one run each in a fresh process; peak = growth of the parent's peak RSS")
    rows: dict[int, dict[str, dict[str, float]]] = {}
    for points in points_list:
        rows[points] = {"streamed": _subprocess(points, "streamed", folder)}
        streamed = rows[points]["streamed"]
        line = (
            f"  {points:>6} points: streamed {streamed['seconds']:7.1f} s "
            f"({streamed['seconds'] / (points * 10) * 1000:.2f} ms/member), "
            f"peak +{streamed['peak']:5.0f} MiB"
        )
        if points <= held_max:
            rows[points]["held"] = held = _subprocess(points, "held", folder)
            line += f" | in memory {held['seconds']:7.1f} s, peak +{held['peak']:5.0f} MiB"
        print(line, flush=True)
    sizes = np.array(points_list, dtype=float)
    seconds = np.array([rows[p]["streamed"]["seconds"] for p in points_list])
    slope, intercept = np.polyfit(sizes, seconds, 1)
    print(
        f"  streamed time: {intercept:.1f} s + {slope * 1000:.1f} s per 1,000 points (fit); "
        f"{sizes[-1] / sizes[0]:.0f}x the points took {seconds[-1] / seconds[0]:.2f}x the time"
    )
    measured = [p for p in points_list if "held" in rows[p]]
    peaks = [rows[p]["held"]["peak"] for p in measured]
    m_slope, m_intercept = np.polyfit(measured, peaks, 1) if len(measured) > 1 else (0, 0)
    print(f"  in memory: peak grows by {m_slope * 1000:.0f} MiB per 1,000 points (fit)")
    if target not in rows:
        print(
            f"  {target:>6} points: EXTRAPOLATED from the fit, not run: "
            f"{intercept + slope * target:.0f} s streamed"
        )
    if target > max(measured, default=0) and len(measured) > 1:
        print(
            f"  {target:>6} points in memory: EXTRAPOLATED, not run: peak about "
            f"+{m_intercept + m_slope * target:.0f} MiB"
        )
    return rows


def section_sobol(baseline, folder: Path, base_samples: int) -> None:
    print(f"\n4. Sobol: {len(SOBOL_RANGES)} parameters, N = {base_samples}, 1 member per point")
    start = time.perf_counter()
    design = sobol_design(SOBOL_RANGES, base_samples=base_samples, seed=5)
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        result = sweep(baseline, design, 1, seed=5, engine=pool, out=folder / "sobol")
    ran = time.perf_counter() - start
    start = time.perf_counter()
    table = sobol_indices(result, OUTCOMES, seed=5)
    analysed = time.perf_counter() - start
    show(f"design + sweep of {design.points} points (ProcessPoolExecutor(2))", ran)
    show("sobol_indices for 3 outcomes (1,000 bootstrap resamples)", analysed)
    show("total", ran + analysed)
    top = table[table["rank"] <= 3].sort_values(["outcome", "rank"])
    with np.printoptions(precision=3):
        print(top.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


def section_prim(folder: Path, points: int) -> None:
    from scenarios.experiments.store import load

    result = load(folder / f"lhs{points}")
    outcome = "bipolarity@2034Q3"
    values = result.outcomes(outcome)[outcome]
    threshold = float(values.quantile(0.75))
    print(f"\n5. PRIM on the {points}-point sweep: {outcome} > {threshold:.3f} (its 75th pct)")
    start = time.perf_counter()
    found = discover(result, outcome, threshold)
    show("discover", time.perf_counter() - start)
    print(found.box.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print(found.summary.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--points",
        type=int,
        nargs="+",
        default=[1000, 2000, 5000, 10_000],
        help="LHS sweep sizes to run (10 members each)",
    )
    parser.add_argument("--target", type=int, default=10_000, help="sweep size to report")
    parser.add_argument(
        "--held-max", type=int, default=5000, help="largest sweep also run held in memory"
    )
    parser.add_argument("--sobol-n", type=int, default=1024)
    args = parser.parse_args()
    if args.measure:
        points, mode, folder = args.measure
        print(json.dumps(measure_sweep(int(points), mode, Path(folder))))
        return
    members, chunks, points, sobol_n = 1000, [1000, 500, 250, 128, 25], args.points, args.sobol_n
    held_max = args.held_max
    if args.quick:
        members, chunks, points, sobol_n, held_max = 40, [40, 10], [20, 40], 8, 40
        args.repeats = 1
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, "
        f"{os.cpu_count()} cores, {platform.machine()}"
    )
    baseline = load_scenario("baseline")
    print(f"baseline: {len(baseline.actors)} states x {baseline.horizon} quarters")
    with tempfile.TemporaryDirectory(prefix="bench_experiments.") as temp:
        folder = Path(temp)
        section_ensembles(baseline, members, args.repeats)
        section_chunks(baseline, members, chunks, args.repeats)
        section_sweeps(points, held_max, args.target, folder)
        section_sobol(baseline, folder, sobol_n)
        section_prim(folder, points[-1])
    sys.stdout.flush()


if __name__ == "__main__":
    main()
