"""Speed of two source trees side by side: is a refactor slower? A script, not a test.

Run from the project root, with a checkout of the older commit beside it::

    git worktree add --detach ../before <commit before the change>
    .venv/bin/python benchmarks/bench_refactor.py --before ../before

Each case runs in a fresh interpreter for each tree (``PYTHONPATH=<tree>/src``), the two
trees alternating case by case so that machine load hits both alike; times are medians
over ``--repeats`` alternations, and the ratio is after / before (below 1: faster now).
Only the public API is timed, so any two versions of the package can be compared.

Cases
    single   one ``baseline`` run, one member, every table recorded;
    ensemble ``run_ensemble`` of ``baseline`` with ``--members`` members (metrics only);
    sweep    a Latin-hypercube ``sweep`` of ``baseline``: ``--points`` points x 5 members,
             in-process, metrics only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASES = {
    "single": """
import scenarios as sc
scenario = sc.load_scenario("baseline")
sc.simulate(scenario, seed=0)
start = time.perf_counter()
for _ in range(5):
    sc.simulate(scenario, seed=0)
elapsed = (time.perf_counter() - start) / 5
""",
    "ensemble": """
import scenarios as sc
scenario = sc.load_scenario("baseline")
start = time.perf_counter()
sc.run_ensemble(scenario, MEMBERS, 0, progress=False)
elapsed = time.perf_counter() - start
""",
    "sweep": """
import scenarios as sc
scenario = sc.load_scenario("baseline")
design = sc.latin_hypercube(
    {"sanctions.isolation_pull": (0.0, 0.06), "deterrence.reaction": (0.02, 0.2),
     "levers.us_commitment": (0.3, 1.0)},
    points=POINTS, seed=0,
)
start = time.perf_counter()
sc.sweep(scenario, design, 5, 0, progress=False)
elapsed = time.perf_counter() - start
""",
}


def time_case(tree: Path, case: str, members: int, points: int) -> float:
    """Seconds one case takes in a fresh interpreter importing the package from ``tree``."""
    body = CASES[case].replace("MEMBERS", str(members)).replace("POINTS", str(points))
    code = "import time\n" + body + "\nprint(repr(elapsed))\n"
    env = dict(os.environ, PYTHONPATH=str(tree / "src"), PYTHONHASHSEED="0", MPLBACKEND="Agg")
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tree, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"{case} failed in {tree}:\n{done.stderr[-2000:]}")
    return float(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the older source tree")
    parser.add_argument("--after", type=Path, default=ROOT, help="the newer tree (this one)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--points", type=int, default=100)
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    figures = {}
    print(f"{'case':10s} {'before s':>10s} {'after s':>10s} {'after/before':>13s}")
    for case in args.cases:
        times = {name: [] for name in trees}
        for repeat in range(args.repeats):
            # alternate which tree goes first, so neither always meets a warm cache
            order = list(trees) if repeat % 2 == 0 else list(trees)[::-1]
            for name in order:
                times[name].append(time_case(trees[name], case, args.members, args.points))
        medians = {name: statistics.median(values) for name, values in times.items()}
        ratio = medians["after"] / medians["before"]
        figures[case] = {"median_s": medians, "runs_s": times, "ratio": ratio}
        print(f"{case:10s} {medians['before']:10.4f} {medians['after']:10.4f} {ratio:13.2f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
