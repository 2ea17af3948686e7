"""Benchmark the engine against the per-agent oracle, measured in the same run.

Usage::

    .venv/bin/python benchmarks/bench_model.py [--repeats 5] [--json FILE]

Cases (issue 3): one baseline run (35 states x 40 quarters), a 1,000-member baseline
ensemble (metrics only, as ensembles record them; time and peak memory), and a synthetic
world of 193 states x 40 quarters. The oracle (``tests/oracle.py``, plain Python loops) is
too slow for a full run, so its time per quarter is measured and multiplied by the horizon.
The machine is shared and noisy: every figure is a median over repeats.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import statistics
import time
from pathlib import Path

from scenarios import initial
from scenarios.mechanisms import STEPS
from scenarios.mechanisms._util import resolve_params
from scenarios.model import run, simulate
from scenarios.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
HORIZON = 40


def _oracle():
    spec = importlib.util.spec_from_file_location("oracle", ROOT / "tests" / "oracle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _median_seconds(task, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _quarter_of_oracle(oracle, state, world, params):
    for name in ("sanctions", "arms", "deterrence", "alignment"):
        state = state.evolve(**getattr(oracle, name)(state, world, params))
    return state


def _quarter_of_engine(state, world, params):
    for _, step in STEPS:
        state = step(state, world, params, None)
    return state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    baseline = load_scenario("baseline")
    params = resolve_params(baseline.parameters, baseline.levers, members=1)
    state, world = initial.build(baseline, params, members=1)
    oracle = _oracle()

    figures = {
        "oracle_quarter_s": _median_seconds(
            lambda: _quarter_of_oracle(oracle, state, world, params), args.repeats
        ),
        "engine_quarter_s": _median_seconds(
            lambda: _quarter_of_engine(state, world, params), args.repeats
        ),
        "baseline_run_s": _median_seconds(
            lambda: simulate(baseline, seed=0, members=1), args.repeats
        ),
    }
    figures["oracle_run_s (quarter x 40)"] = figures["oracle_quarter_s"] * HORIZON
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures["ensemble_1000_s"] = _median_seconds(
        lambda: simulate(baseline, seed=0, members=1000, record=("metrics",)), args.repeats
    )
    figures["ensemble_1000_peak_rss_growth_mib"] = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    ) / 1024
    big_state, big_world = initial.synthetic(193, members=1, seed=0)
    big_params = resolve_params(baseline.parameters, baseline.levers, members=1)
    figures["synthetic_193_s"] = _median_seconds(
        lambda: run(big_state, big_world, big_params, HORIZON, record=("metrics",)),
        args.repeats,
    )
    ratios = {
        "engine vs oracle, one quarter": figures["oracle_quarter_s"] / figures["engine_quarter_s"],
        "baseline run vs oracle run": figures["oracle_run_s (quarter x 40)"]
        / figures["baseline_run_s"],
        "1,000 members vs 1,000 x one baseline run": 1000
        * figures["baseline_run_s"]
        / figures["ensemble_1000_s"],
        "1,000 members vs oracle x 1,000": 1000
        * figures["oracle_run_s (quarter x 40)"]
        / figures["ensemble_1000_s"],
    }
    print(f"{'figure':45s} {'median':>12s}")
    for name, value in figures.items():
        print(f"{name:45s} {value:12.4f}")
    print(f"\n{'ratio (higher = engine faster)':45s} {'x':>12s}")
    for name, value in ratios.items():
        print(f"{name:45s} {value:12.1f}")
    print("\ntargets: ensemble_1000_s <= 2 s and <= 1 GiB; synthetic_193_s <= 0.5 s")
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "ratios": ratios}, indent=2))


if __name__ == "__main__":
    main()
