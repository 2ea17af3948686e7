"""The issue-11 performance targets, before and after, against the oracle. A script, not a test.

Run from the project root, with the older source tree beside it (any commit; only the
public API is timed)::

    git archive <commit> src data | (mkdir -p ../before && tar -x -C ../before)
    .venv/bin/python benchmarks/bench_targets.py --before ../before --json out.json

Cases (each in a fresh interpreter per tree, ``PYTHONPATH=<tree>/src``)
    ensemble     ``run_ensemble(baseline, 1000 members)``, its full length, metrics only,
                 on every CPU (target <= 1 s);
    single       one ``simulate(baseline)``, every table recorded (mean of 20 runs after
                 a warm-up; target <= 10 ms);
    calibration  ``TrunkSimulator.batch`` of the trunk with ``--draws`` draws, one
                 parameter set per member (uniform over each free parameter's range, the
                 run-wide ones left at their defaults), on the observed record's targets;
                 per draw target <= 0.6 ms (a round of 100,000 draws <= 60 s).

Each round runs every case once in each tree, the trees back to back in alternating
order, so that a burst of load on the shared machine meets both alike. Figures are
medians over ``--repeats`` rounds; the after / before ratio is the median of the rounds'
paired ratios. CPU time (all threads) moves less than wall time when other work takes
the cores.

The oracle (``tests/oracle.py``: plain Python loops over members, states and pairs) is
timed in this run too, on ``--oracle-quarters`` quarters of one ``baseline`` member, and
extrapolated to each case's member-quarters; each case's speed-up is that time over the
case's median (recording, bloc search and the tables are extra work the oracle skips).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_model import load_oracle, oracle_steps, write_json  # noqa: E402
from bench_refactor import CASES as REFACTOR_CASES  # noqa: E402
from bench_refactor import run_fresh  # noqa: E402

TARGETS = {"ensemble": 1.0, "single": 0.010, "calibration": 0.6e-3}
"""Seconds: the ensemble, one run, and one draw of a calibration batch."""

CASES = {
    "ensemble": """
import scenarios as sc
scenario = sc.load_scenario("baseline")
sc.run_ensemble(scenario, 50, 0, progress=False)
start, cpu = time.perf_counter(), time.process_time()
sc.run_ensemble(scenario, MEMBERS, 0, progress=False)
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
units = MEMBERS * scenario.horizon
""",
    # the refactor benchmark's single run, and the member-quarters the oracle would run
    "single": REFACTOR_CASES["single"] + "units = scenario.horizon\n",
    "calibration": """
import numpy as np
import warnings
from scenarios.calibration.prior import free_parameters
from scenarios.calibration.simulator import TrunkSimulator
from scenarios.calibration.statistics import targets
from scenarios.facts.observed import load_observed
from scenarios.mechanisms import PARAMETERS
from scenarios.scenario.layers import load_scenario
warnings.simplefilter("ignore")  # a draw with no spending logs -inf: not our question
trunk = load_scenario("replay_2022")
simulator = TrunkSimulator(targets(load_observed(), trunk.actors), trunk)
keys = [key for key in free_parameters() if not PARAMETERS[key].run_wide]
rng = np.random.default_rng(0)
draws = {k: rng.uniform(PARAMETERS[k].low, PARAMETERS[k].high, DRAWS) for k in keys}
simulator.batch({k: v[:50] for k, v in draws.items()}, 1)
start, cpu = time.perf_counter(), time.process_time()
simulator.batch(draws, 1)
elapsed = (time.perf_counter() - start) / DRAWS
cpu = (time.process_time() - cpu) / DRAWS
units = trunk.horizon
""",
}
"""Case scripts: each sets ``elapsed`` and ``cpu`` (seconds) and ``units``, the
member-quarters the oracle would run for the same work (per draw for calibration)."""


def time_case(tree: Path, case: str, members: int, draws: int) -> tuple[float, float, int]:
    """Wall and CPU seconds and member-quarters of one case in a fresh interpreter."""
    body = CASES[case].replace("MEMBERS", str(members)).replace("DRAWS", str(draws))
    wall, cpu, units = run_fresh(tree, case, body, ("elapsed", "cpu", "units"))
    return wall, cpu, int(units)


def oracle_per_member_quarter(quarters: int, repeats: int) -> float:
    """Median seconds of one member-quarter of the oracle's four mechanisms (baseline)."""
    from scenarios.model.from_facts import build
    from scenarios.model.params import resolve_params
    from scenarios.scenario import load_scenario

    oracle = load_oracle()
    scenario = load_scenario("baseline")
    params = resolve_params(scenario.parameters, scenario.levers, None, 1)
    state, world = build(scenario, params, 1)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        oracle_steps(oracle, state, world, params, quarters, 0)
        times.append((time.perf_counter() - start) / quarters)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="the older source tree (optional)")
    parser.add_argument("--after", type=Path, default=ROOT, help="the newer tree (this one)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--oracle-quarters", type=int, default=8)
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    trees = {"after": args.after.resolve()}
    if args.before is not None:
        trees = {"before": args.before.resolve(), **trees}
    load_before = os.getloadavg()
    oracle = oracle_per_member_quarter(args.oracle_quarters, args.repeats)
    runs = {case: {name: [] for name in trees} for case in args.cases}
    units = {}
    for repeat in range(args.repeats):
        for case in args.cases:
            order = list(trees) if repeat % 2 == 0 else list(trees)[::-1]
            for name in order:
                wall, cpu, units[case] = time_case(trees[name], case, args.members, args.draws)
                runs[case][name].append((wall, cpu))
    figures = {
        "oracle_per_member_quarter_s": oracle,
        "oracle_quarters_timed": args.oracle_quarters,
        "members": args.members,
        "draws": args.draws,
        "repeats": args.repeats,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "cpus": os.cpu_count(),
        "cases": {},
    }
    print(f"{args.repeats} rounds, medians; oracle {oracle * 1e3:.1f} ms a member-quarter")
    head = f"{'case':12s} {'tree':7s} {'wall s':>10s} {'cpu s':>10s} {'vs oracle':>9s}  target"
    print(head + "\n" + "-" * len(head))
    for case, times in runs.items():
        entry = {"target_s": TARGETS[case], "oracle_s": oracle * units[case]}
        for name in trees:
            wall = statistics.median(t[0] for t in times[name])
            cpu = statistics.median(t[1] for t in times[name])
            entry[name] = {
                "median_s": wall,
                "median_cpu_s": cpu,
                "speedup_vs_oracle": entry["oracle_s"] / wall,
                "meets_target": wall <= TARGETS[case],
                "runs_s": [t[0] for t in times[name]],
                "runs_cpu_s": [t[1] for t in times[name]],
            }
            met = "yes" if wall <= TARGETS[case] else "no"
            print(
                f"{case:12s} {name:7s} {wall:10.4g} {cpu:10.4g} "
                f"{entry[name]['speedup_vs_oracle']:8.0f}x  <= {TARGETS[case]:g} s: {met}"
            )
        if "before" in trees:
            pairs = list(zip(times["after"], times["before"], strict=True))
            entry["after_over_before"] = statistics.median(a[0] / b[0] for a, b in pairs)
            entry["cpu_after_over_before"] = statistics.median(a[1] / b[1] for a, b in pairs)
            print(
                f"{'':12s} after / before: wall {entry['after_over_before']:.2f}, "
                f"cpu {entry['cpu_after_over_before']:.2f}"
            )
        figures["cases"][case] = entry
    if "calibration" in figures["cases"]:
        per_draw = figures["cases"]["calibration"]["after"]["median_s"]
        print(f"calibration: a round of 100,000 draws at this speed takes {per_draw * 1e5:.0f} s")
    print(f"load average (1 min) {load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after")
    if args.json:
        write_json(args.json, figures)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
