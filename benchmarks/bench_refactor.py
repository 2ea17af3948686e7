"""Speed of two source trees side by side: is a refactor slower? A script, not a test.

Run from the project root, with a checkout of the older commit beside it::

    git worktree add --detach ../before <commit before the change>
    .venv/bin/python benchmarks/bench_refactor.py --before ../before

Each case runs in a fresh interpreter for each tree (``PYTHONPATH=<tree>/src``). One run
of the script measures both trees: each round runs every case once in each tree, the two
trees back to back and in alternating order, so that a burst of load on a shared machine
hits both alike. Times are medians over ``--repeats`` rounds; the ratio is the median of
the rounds' after / before ratios (below 1: faster now), which pairs the two runs that met
the same load (the ratio of the medians is in the JSON too). Wall time is what a user
waits; CPU time (all threads of the process) is what the work costs, and moves less when
other processes take the cores. Only the public API is timed, so any two versions
of the package can be compared.

Cases
    single   one ``baseline`` run, one member, every table recorded (mean of 20);
    ensemble ``run_ensemble`` of ``baseline`` with ``--members`` members (metrics only);
    sweep    a Latin-hypercube ``sweep`` of ``baseline``: ``--points`` points x 5 members,
             in-process, then its summary table;
    runwide  the same over a run-wide parameter (``deterrence.distance_scale``, which the
             engine takes once per batch), so every point runs as its own batch of 5:
             the per-batch overhead (coding the facts, building the state) shows here.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_SWEEP = """
import scenarios as sc
scenario = sc.load_scenario("baseline")
design = sc.latin_hypercube(
    {{{first}, "deterrence.reaction": (0.02, 0.2),
     "levers.us_commitment": (0.3, 1.0)}},
    points=POINTS, seed=0,
)
start, cpu = time.perf_counter(), time.process_time()
sc.sweep(scenario, design, 5, 0, progress=False).summary
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
"""
"""An LHS sweep script (POINTS points of 5 members) whose first key is ``first``."""

CASES = {
    "single": """
import scenarios as sc
scenario = sc.load_scenario("baseline")
sc.simulate(scenario, seed=0)
start, cpu = time.perf_counter(), time.process_time()
for _ in range(20):
    sc.simulate(scenario, seed=0)
elapsed = (time.perf_counter() - start) / 20
cpu = (time.process_time() - cpu) / 20
""",
    "ensemble": """
import scenarios as sc
scenario = sc.load_scenario("baseline")
start, cpu = time.perf_counter(), time.process_time()
sc.run_ensemble(scenario, MEMBERS, 0, progress=False)
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
""",
    "sweep": _SWEEP.format(first='"sanctions.isolation_pull": (0.0, 0.06)'),
    # a run-wide key: each point runs as its own batch
    "runwide": _SWEEP.format(first='"deterrence.distance_scale": (1000.0, 4000.0)'),
}


def run_fresh(tree: Path, case: str, body: str, names: tuple[str, ...]) -> tuple[float, ...]:
    """Run a case script in a fresh interpreter importing from ``tree``; return ``names``."""
    code = "import time\n" + body + f"\nprint(repr(({', '.join(names)},)))\n"
    env = dict(os.environ, PYTHONPATH=str(tree / "src"), PYTHONHASHSEED="0", MPLBACKEND="Agg")
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tree, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"{case} failed in {tree}:\n{done.stderr[-2000:]}")
    return tuple(float(value) for value in ast.literal_eval(done.stdout.strip().splitlines()[-1]))


def time_case(tree: Path, case: str, members: int, points: int) -> tuple[float, float]:
    """Wall and CPU seconds of one case in a fresh interpreter importing from ``tree``."""
    body = CASES[case].replace("MEMBERS", str(members)).replace("POINTS", str(points))
    wall, cpu = run_fresh(tree, case, body, ("elapsed", "cpu"))
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the older source tree")
    parser.add_argument("--after", type=Path, default=ROOT, help="the newer tree (this one)")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--points", type=int, default=200)
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    runs = {case: {name: [] for name in trees} for case in args.cases}
    for repeat in range(args.repeats):
        for case in args.cases:
            # alternate which tree goes first, so neither always meets a warm cache
            order = list(trees) if repeat % 2 == 0 else list(trees)[::-1]
            for name in order:
                runs[case][name].append(time_case(trees[name], case, args.members, args.points))
    figures = {}
    print(f"{args.repeats} rounds, medians; ratio = median over rounds of after / before")
    print(
        f"{'case':10s} {'before s':>9s} {'after s':>9s} {'ratio':>6s}   "
        f"{'before cpu':>10s} {'after cpu':>10s} {'ratio':>6s}"
    )
    for case, times in runs.items():
        wall = {name: statistics.median(t[0] for t in times[name]) for name in trees}
        cpu = {name: statistics.median(t[1] for t in times[name]) for name in trees}
        pairs = list(zip(times["after"], times["before"], strict=True))
        paired = [statistics.median(a[k] / b[k] for a, b in pairs) for k in (0, 1)]
        figures[case] = {
            "repeats": args.repeats,
            "median_s": wall,
            "median_cpu_s": cpu,
            "ratio": paired[0],
            "cpu_ratio": paired[1],
            "ratio_of_medians": wall["after"] / wall["before"],
            "cpu_ratio_of_medians": cpu["after"] / cpu["before"],
            "runs_s": {name: [t[0] for t in times[name]] for name in trees},
            "runs_cpu_s": {name: [t[1] for t in times[name]] for name in trees},
        }
        print(
            f"{case:10s} {wall['before']:9.3f} {wall['after']:9.3f} "
            f"{figures[case]['ratio']:6.2f}   {cpu['before']:10.3f} {cpu['after']:10.3f} "
            f"{figures[case]['cpu_ratio']:6.2f}"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
