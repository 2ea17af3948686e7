"""Benchmarks of the model engine against the per-agent oracle (issue 3). A script, not a test.

Run from the project root::

    .venv/bin/python benchmarks/bench_model.py                   # about 1.5 minutes
    .venv/bin/python benchmarks/bench_model.py --json model.json --repeats 7

Times are wall-clock medians over ``--repeats`` runs unless a row says otherwise, and
every comparison is a ratio against the per-agent oracle (``tests/oracle.py``, plain
Python loops over members, states and pairs) timed in the same run, so that the figures
stay comparable on a shared, noisy machine.

Cases
    (a) one ``baseline`` run, 35 states x 40 quarters, one member:
        - *engine*: ``simulate(baseline)`` as a user runs it (all four tables recorded);
        - *vectorised steps*: the engine's quarter (transfers reset, the four mechanism
          steps, the member's noise) in a plain loop, without recording;
        - *oracle steps*: the same loop with the oracle's four mechanisms and the same
          noise draws, over ``--oracle-quarters`` quarters per repeat, scaled to 40 when
          fewer. Its end state is compared with the vectorised loop's (largest absolute
          difference) and the vectorised loop's with the engine's records (exact).
    (b) a 1,000-member ``baseline`` ensemble: ``run_ensemble`` in-process, which records
        the metrics only. Peak memory comes from one more, untimed run: the tracemalloc
        peak (numpy reports its arrays to tracemalloc) and the process's peak resident set
        (VmHWM, reset through ``/proc/self/clear_refs``; the high-water mark since start
        where that is unavailable). The oracle figure is extrapolated: members x quarters
        x the oracle's time per member-quarter from (a).
    (c) a synthetic world of 193 states x 40 quarters, one member (``model.synthetic``,
        all tables recorded). The oracle runs ``--oracle-synthetic-quarters`` quarters once
        (one run, not a median: a quarter takes about half a minute) and is scaled to 40.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

from scenarios.experiments.run import run_ensemble
from scenarios.mechanisms import STEPS
from scenarios.model import STATE_VARIABLES, run, simulate
from scenarios.model.from_facts import build
from scenarios.model.params import default_params, resolve_params
from scenarios.model.synthetic import synthetic
from scenarios.scenario import load_scenario
from scenarios.state import MemberStreams, WorldState

ROOT = Path(__file__).resolve().parents[1]
ORACLE_PATH = ROOT / "tests" / "oracle.py"
QUARTERS = 40
SYNTHETIC_STATES = 193
TARGETS = {"ensemble_s": 2.0, "ensemble_gib": 1.0, "synthetic_s": 0.5}
"""The issue's targets: 1,000 members <= 2 s and <= 1 GiB, 193 x 40 <= 0.5 s."""


def load_oracle():
    """tests/oracle.py, imported by path (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location("oracle", ORACLE_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median_time(job: Callable[[], object], repeats: int) -> tuple[float, list[float]]:
    """Median and all wall-clock times of ``repeats`` calls of ``job`` (after one warm-up)."""
    job()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def vectorised_steps(state: WorldState, world, params, quarters: int, seed: int):
    """The engine's quarter without events or recording, for one batch."""
    streams = MemberStreams(seed, range(state.members))
    for quarter in range(state.quarter, state.quarter + quarters):
        state = state.evolve(transfers=np.zeros_like(state.transfers))
        for _, step in STEPS:
            state = step(state, world, params, streams)
        state = state.evolve(quarter=quarter + 1)
    return state


def oracle_steps(oracle, state: WorldState, world, params, quarters: int, seed: int):
    """The same loop with the oracle's mechanisms and the same noise draws."""
    streams = MemberStreams(seed, range(state.members))
    n = state.size
    for quarter in range(state.quarter, state.quarter + quarters):
        state = state.evolve(transfers=np.zeros_like(state.transfers))
        state = state.evolve(**oracle.sanctions(state, world, params))
        state = state.evolve(**oracle.arms(state, world, params))
        state = state.evolve(**oracle.deterrence(state, world, params))
        draws = streams.normal((n * (n - 1) // 2,))
        state = state.evolve(**oracle.alignment(state, world, params, draws))
        state = state.evolve(quarter=quarter + 1)
    return state


def largest_difference(a: WorldState, b: WorldState) -> float:
    """Largest difference of two states, relative to magnitudes above 1 (GDP is in US$ bn)."""
    names = ("affinity", "sanctions", "transfers", *STATE_VARIABLES)
    return max(
        float(np.max(np.abs(getattr(a, x) - getattr(b, x)) / np.maximum(np.abs(getattr(b, x)), 1)))
        for x in names
    )


def case_single_run(oracle, repeats: int, oracle_quarters: int, seed: int) -> dict:
    scenario = load_scenario("baseline")
    if scenario.events or scenario.levers["ceasefire"] is not None:
        raise SystemExit("bench_model: the loops below assume baseline has no scheduled events")
    params = resolve_params(scenario.parameters, scenario.levers, None, 1)
    state, world = build(scenario, params, 1)
    quarters = scenario.horizon

    engine, engine_all = median_time(lambda: simulate(scenario, seed=seed), repeats)
    steps, steps_all = median_time(
        lambda: vectorised_steps(state, world, params, quarters, seed), repeats
    )
    oracle_quarters = min(oracle_quarters, quarters)
    oracle_times = []
    for _ in range(repeats):
        start = time.perf_counter()
        oracle_end = oracle_steps(oracle, state, world, params, oracle_quarters, seed)
        oracle_times.append(time.perf_counter() - start)
    per_quarter = statistics.median(oracle_times) / oracle_quarters

    # Correctness of what was timed: the loop is the engine's, and the oracle agrees with it.
    end = vectorised_steps(state, world, params, quarters, seed)
    records = simulate(scenario, seed=seed, record=("states",)).states
    last = records[records["quarter"] == records["quarter"].iloc[-1]]
    matches_engine = all(
        np.array_equal(last[name].to_numpy(), getattr(end, name)[0]) for name in STATE_VARIABLES
    )
    vectorised_end = vectorised_steps(state, world, params, oracle_quarters, seed)
    return {
        "states": world.size,
        "quarters": quarters,
        "engine_s": engine,
        "engine_all_s": engine_all,
        "vectorised_steps_s": steps,
        "vectorised_steps_all_s": steps_all,
        "oracle_quarters_timed": oracle_quarters,
        "oracle_steps_s": per_quarter * quarters,
        "oracle_per_member_quarter_s": per_quarter,
        "oracle_all_s": oracle_times,
        "oracle_scaled": oracle_quarters < quarters,
        "speedup_steps": per_quarter * quarters / steps,
        "speedup_engine": per_quarter * quarters / engine,
        "oracle_difference": largest_difference(oracle_end, vectorised_end),
        "steps_match_engine": bool(matches_engine),
    }


def peak_rss_reset() -> bool:
    """Reset the kernel's peak-RSS mark of this process; False where that is unavailable."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        return False
    return True


def rss_mib(field: str) -> float:
    """VmRSS or VmHWM of this process in MiB (from /proc), or the getrusage peak."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def case_ensemble(repeats: int, members: int, seed: int, oracle_per_member_quarter: float):
    scenario = load_scenario("baseline")
    cpu = []

    def job():
        start = time.process_time()
        run_ensemble(scenario, members, seed)
        cpu.append(time.process_time() - start)

    wall, wall_all = median_time(job, repeats)
    cpu_time = statistics.median(cpu[1:])

    before = rss_mib("VmRSS")
    reset = peak_rss_reset()
    tracemalloc.start()
    run_ensemble(scenario, members, seed)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak = rss_mib("VmHWM")
    oracle = members * scenario.horizon * oracle_per_member_quarter
    return {
        "members": members,
        "quarters": scenario.horizon,
        "threads": os.cpu_count(),
        "wall_s": wall,
        "wall_all_s": wall_all,
        "cpu_s": cpu_time,
        "tracemalloc_peak_mib": traced_peak / 2**20,
        "rss_before_mib": before,
        "peak_rss_mib": peak,
        "peak_rss_is_since_start": not reset,
        "oracle_extrapolated_s": oracle,
        "speedup": oracle / wall,
        "meets_time_target": wall <= TARGETS["ensemble_s"],
        "meets_memory_target": peak <= TARGETS["ensemble_gib"] * 1024,
    }


def case_synthetic(oracle, repeats: int, oracle_quarters: int, seed: int) -> dict:
    params = default_params(1)
    state, world = synthetic(SYNTHETIC_STATES, members=1, seed=seed, params=params)
    wall, wall_all = median_time(lambda: run(state, world, params, QUARTERS, seed=seed), repeats)
    start = time.perf_counter()
    oracle_steps(oracle, state, world, params, oracle_quarters, seed)
    per_quarter = (time.perf_counter() - start) / oracle_quarters
    return {
        "states": SYNTHETIC_STATES,
        "quarters": QUARTERS,
        "wall_s": wall,
        "wall_all_s": wall_all,
        "oracle_quarters_timed": oracle_quarters,
        "oracle_s": per_quarter * QUARTERS,
        "oracle_scaled": oracle_quarters < QUARTERS,
        "speedup": per_quarter * QUARTERS / wall,
        "meets_time_target": wall <= TARGETS["synthetic_s"],
    }


def table(results: dict) -> str:
    a, b, c = results["single_run"], results["ensemble"], results["synthetic"]

    memory = b["tracemalloc_peak_mib"]

    def scaled(case: dict) -> str:
        timed = case["oracle_quarters_timed"]
        return f" (scaled from {timed} quarter{'s' * (timed > 1)})" if case["oracle_scaled"] else ""

    rows = [
        ("(a) baseline run, 35 x 40, 1 member",),
        ("  engine: simulate, all tables", f"{a['engine_s']:.3f}", f"{a['speedup_engine']:.0f}x"),
        ("  vectorised steps", f"{a['vectorised_steps_s']:.3f}", f"{a['speedup_steps']:.0f}x"),
        ("  oracle steps" + scaled(a), f"{a['oracle_steps_s']:.2f}", "1x"),
        (f"(b) ensemble, {b['members']:,} members",),
        (
            f"  run_ensemble, {b['threads']} threads",
            f"{b['wall_s']:.2f}",
            f"{b['speedup']:.0f}x",
            f"<= {TARGETS['ensemble_s']:.0f} s: {'yes' if b['meets_time_target'] else 'no'}",
        ),
        ("  oracle (extrapolated from (a))", f"{b['oracle_extrapolated_s']:.0f}", "1x"),
        (
            f"  peak RSS {b['peak_rss_mib']:.0f} MiB (tracemalloc {memory:.0f} MiB)",
            "",
            "",
            f"<= 1 GiB: {'yes' if b['meets_memory_target'] else 'no'}",
        ),
        (f"(c) synthetic {c['states']} x {c['quarters']}, 1 member",),
        (
            "  engine: run, all tables",
            f"{c['wall_s']:.3f}",
            f"{c['speedup']:.0f}x",
            f"<= {TARGETS['synthetic_s']} s: {'yes' if c['meets_time_target'] else 'no'}",
        ),
        ("  oracle steps" + scaled(c) + ", one run", f"{c['oracle_s']:.0f}", "1x"),
    ]
    rows = [(*row, "", "", "")[:4] for row in rows]
    width = max(len(row[0]) for row in rows)
    header = f"{'case':<{width}}  {'seconds':>8}  {'vs oracle':>9}  target"
    lines = [header, "-" * len(header)]
    lines += [f"{r[0]:<{width}}  {r[1]:>8}  {r[2]:>9}  {r[3]}".rstrip() for r in rows]
    lines.append(
        f"(a) oracle vs vectorised after {a['oracle_quarters_timed']} quarters: largest "
        f"difference {a['oracle_difference']:.1e} (relative above 1); the vectorised loop "
        f"equals the engine's records: {'yes' if a['steps_match_engine'] else 'NO'}"
    )
    lines.append(f"(b) CPU time {b['cpu_s']:.2f} s (user + system, all threads)")
    return "\n".join(lines)


def write_json(path: Path, payload: dict) -> None:
    """Write atomically: a temporary file in the same folder, then a rename."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w") as out:
            json.dump(payload, out, indent=2)
            out.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per case (median)")
    parser.add_argument("--members", type=int, default=1000, help="ensemble members in (b)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--oracle-quarters", type=int, default=QUARTERS, help="oracle quarters timed in (a)"
    )
    parser.add_argument(
        "--oracle-synthetic-quarters", type=int, default=1, help="oracle quarters timed in (c)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    if min(args.repeats, args.members, args.oracle_quarters, args.oracle_synthetic_quarters) < 1:
        parser.error("--repeats, --members and the oracle quarters must be at least 1")

    oracle = load_oracle()
    load_before = os.getloadavg()
    results = {
        "single_run": case_single_run(oracle, args.repeats, args.oracle_quarters, args.seed),
    }
    per_member_quarter = results["single_run"]["oracle_per_member_quarter_s"]
    results["ensemble"] = case_ensemble(args.repeats, args.members, args.seed, per_member_quarter)
    results["synthetic"] = case_synthetic(
        oracle, args.repeats, args.oracle_synthetic_quarters, args.seed
    )
    results["machine"] = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "repeats": args.repeats,
    }
    print(table(results))
    print(
        f"load average (1 min) {load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after; "
        f"medians of {args.repeats} runs"
    )
    if args.json:
        write_json(args.json, results)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
