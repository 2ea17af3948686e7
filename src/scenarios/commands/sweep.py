"""``scenarios sweep``: run a parameter sweep and stream its results into a folder."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from scenarios.commands._args import add_parameters_argument, natural
from scenarios.commands._engine import Engine, add_engine_arguments
from scenarios.errors import ScenarioError
from scenarios.memory import MAX_MEMBERS

NAME = "sweep"
HELP = "run a parameter sweep (Latin hypercube, factorial or table) into a results folder"

DESIGNS = ("lhs", "factorial", "table")

_EPILOG = """\
--param takes KEY=LOW:HIGH for a number or a quarter, or KEY=A,B,... for levels:
  sanctions.isolation_pull=0.01:0.05    levers.ceasefire=2026Q1:2027Q4
  levers.china_stance=cautious,supportive    levers.pact=true,false (pact_2024q2)
Keys are parameter keys or levers.<name>; `scenarios show NAME` lists them with their
allowed ranges. Levers act from the scenario's branch on (a ceasefire quarter falls at
or after it; pact = false only in a branch before the treaty, 2024Q2). For --design
lhs, --points is the number of points; for --design factorial, the number of evenly
spaced levels per LOW:HIGH range. Member m of point p draws from the stream of global
member p*members+m of --seed.

examples:
  scenarios sweep baseline --param sanctions.isolation_pull=0.0:0.1 \\
      --param levers.china_stance=distancing,cautious,supportive --points 200 --members 10 \\
      --seed 1 --out results/sweep
  scenarios sweep baseline --design table --table points.csv --members 20 --out results/t
"""


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``sweep`` subcommand to the CLI's subparsers and return its parser."""
    parser = subparsers.add_parser(
        NAME,
        help=HELP,
        description=(
            "Run every point of a design, --members members each, and write the results "
            "(design, member-level metrics, per-point summary, scenario, manifest) into "
            "--out, one part file per chunk, atomically."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("scenario", metavar="NAME|FILE", help="scenario name or file")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=LOW:HIGH",
        help="a key to vary and its range or levels (repeat for more keys)",
    )
    parser.add_argument("--design", choices=DESIGNS, default="lhs", help="default: lhs")
    parser.add_argument(
        "--table", type=Path, default=None, help="CSV of design points for --design table"
    )
    parser.add_argument(
        "--points",
        type=natural(1, MAX_MEMBERS),
        default=64,
        help="points (lhs) or levels per range (factorial)",
    )
    parser.add_argument(
        "--members",
        type=natural(1, MAX_MEMBERS),
        default=10,
        help="members per point (default 10)",
    )
    parser.add_argument("--seed", type=natural(0), default=0, help="the one seed (default 0)")
    parser.add_argument("--out", type=Path, required=True, help="results folder to write")
    add_engine_arguments(parser)
    add_parameters_argument(parser)
    parser.add_argument(
        "--chunk-size", type=natural(1, MAX_MEMBERS), default=None, help="members per chunk"
    )
    parser.add_argument(
        "--format", choices=("parquet", "csv"), default=None, help="default: parquet if possible"
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    parser.add_argument(
        "--no-memory-check",
        action="store_true",
        help="run even when the estimated memory exceeds what is available",
    )
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the sweep; ScenariosError propagates to the CLI, which prints it."""
    from scenarios.experiments.files import MANIFEST
    from scenarios.experiments.run import sweep
    from scenarios.output import check_target
    from scenarios.scenario import load_scenario

    scenario = load_scenario(args.scenario)
    check_target(args.out, MANIFEST)
    design = build_design(args)
    if not args.no_memory_check:
        _check_memory(args, scenario, design)
    with Engine(args) as engine:
        result = sweep(
            scenario,
            design,
            args.members,
            args.seed,
            engine=engine,
            chunk_size=args.chunk_size,
            progress=args.progress,
            out=args.out,
            format=args.format,
            parameters=args.parameters,
        )
    _report(result)
    return 0


def _check_memory(args: argparse.Namespace, scenario: Any, design: Any) -> None:
    """Refuse a sweep whose design and chunks in flight would not fit in memory."""
    from scenarios.experiments.evaluate import IN_FLIGHT_PER_WORKER, members_per_chunk
    from scenarios.memory import check_memory, run_bytes, sweep_bytes

    total = design.points * args.members
    workers = args.workers or 1
    at_once = min(total, members_per_chunk(args.chunk_size, total, workers, "sweep"))
    at_once = min(total, at_once * IN_FLIGHT_PER_WORKER * workers)
    member = run_bytes(len(scenario.actors), scenario.horizon, 1, pairs=0)
    needed = sweep_bytes(design.points, len(design.keys), at_once * member)
    what = f"sweep: {design.points} points x {args.members} members of {scenario.name}"
    check_memory(needed, what, "--no-memory-check")


def build_design(args: argparse.Namespace) -> Any:
    """The design that ``--design``, ``--param``, ``--points`` and ``--table`` describe."""
    import pandas as pd

    from scenarios.experiments.design import design_table, even_levels, factorial
    from scenarios.experiments.sampling import latin_hypercube

    if args.design == "table":
        if args.table is None or args.param:
            raise ScenarioError("--design table: give --table FILE.csv and no --param")
        try:
            frame = pd.read_csv(args.table)
        except (OSError, ValueError) as error:
            raise ScenarioError(f"{args.table}: cannot be read as CSV ({error})") from None
        return design_table(frame, source=str(args.table))
    if args.table is not None:
        raise ScenarioError(f"--table: only with --design table (got --design {args.design})")
    if not args.param:
        raise ScenarioError(
            "--param: at least one KEY=LOW:HIGH is needed, e.g. sanctions.isolation_pull=0:0.1"
        )
    specs = dict(_parse(text) for text in args.param)
    if args.design == "lhs":
        ranges = {}
        for key, (form, *values) in specs.items():
            if form == "levels" and _numeric(key):
                raise ScenarioError(
                    f"--param {key}: a Latin hypercube samples a range; allowed: {key}=LOW:HIGH"
                )
            ranges[key] = tuple(values)
        return latin_hypercube(ranges, args.points, args.seed, source="--param")
    levels = {}
    for key, (form, *values) in specs.items():
        if form == "range":
            levels[key] = even_levels(key, *values, args.points, source="--param")
        else:
            levels[key] = values
    return factorial(levels, source="--param")


def _parse(text: str) -> tuple[str, tuple[Any, ...]]:
    """``KEY=LOW:HIGH`` -> (key, ("range", low, high)); ``KEY=A,B`` -> (key, ("levels", a, b))."""
    from scenarios.errors import suggest
    from scenarios.experiments.design import design_keys

    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not value.strip():
        raise ScenarioError(
            f"--param {text}: expected KEY=LOW:HIGH or KEY=A,B,..., e.g. "
            "sanctions.isolation_pull=0.01:0.05"
        )
    if key not in design_keys():
        raise ScenarioError(
            f"--param {text}: unknown key {key!r}{suggest(key, design_keys())}; allowed: a "
            "parameter key or levers.<name> (see scenarios show NAME)"
        )
    if ":" in value:
        parts = value.split(":")
        if len(parts) != 2 or not _numeric(key):
            what = "one LOW:HIGH range" if _numeric(key) else "levels A,B,..."
            raise ScenarioError(f"--param {text}: expected {what}")
        return key, ("range", *(_literal(part) for part in parts))
    return key, ("levels", *(_literal(part) for part in value.split(",")))


def _numeric(key: str) -> bool:
    """Whether ``key`` (a known design key) takes a range rather than levels."""
    from scenarios.experiments.design import axis

    return axis(key, "--param").numeric


def _literal(text: str) -> Any:
    """A command-line value: a bool, an int, a float, or the text itself (e.g. 2025Q1)."""
    text = text.strip()
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def _report(result: Any) -> None:
    """Print where the results went and each metric's spread across points at the end."""
    summary = result.summary
    last = summary[summary["quarter"] == result.quarters[-1]]
    spread = last.groupby("metric", observed=True, sort=True)["mean"].describe()
    print(
        f"wrote {result.path}: {result.points} points x {result.members_per_point} members, "
        f"seed {result.seed}"
    )
    print(f"point means at {result.quarters[-1]} (across points):")
    width = max(len(str(name)) for name in spread.index)
    print(f"{'metric':<{width}}  {'min':>10}  {'median':>10}  {'max':>10}")
    for name, row in spread.iterrows():
        print(f"{name!s:<{width}}  {row['min']:>10.4g}  {row['50%']:>10.4g}  {row['max']:>10.4g}")
