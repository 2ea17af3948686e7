"""``scenarios run``: simulate a scenario, print a summary and write the results."""

from __future__ import annotations

import argparse
from pathlib import Path

from scenarios.commands._args import add_parameters_argument, natural
from scenarios.memory import MAX_MEMBERS

NAME = "run"
HELP = "simulate a scenario, print a summary table and write CSVs and a figure"


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``run`` subcommand to the CLI's subparsers and return its parser."""
    parser = subparsers.add_parser(
        NAME,
        help=HELP,
        description=(
            "Run a scenario (a name from data/scenarios or a TOML file) for an ensemble of "
            "members, print each metric at the start and the end, and write states.csv, "
            "relations.csv, blocs.csv, metrics.csv, overview.png and run.json into the "
            "output folder. The folder is checked before the simulation starts and "
            "appears only once everything is written; an existing results folder there is "
            "replaced. A run that would need more memory than is available is refused."
        ),
    )
    parser.add_argument("scenario", metavar="NAME|FILE", help="scenario name or file")
    parser.add_argument("--seed", type=natural(0), default=0, help="random seed (default 0)")
    parser.add_argument(
        "--members",
        type=natural(1, MAX_MEMBERS),
        default=1,
        help=f"ensemble members, 1 to {MAX_MEMBERS:,} (default 1)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder (default: results/NAME)",
    )
    add_parameters_argument(parser)
    parser.add_argument(
        "--no-memory-check",
        action="store_true",
        help="run even when the estimated memory exceeds what is available",
    )
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Simulate, print the summary, write the results; errors propagate to the CLI."""
    import pandas as pd

    from scenarios.calibration.posterior import parameter_source
    from scenarios.memory import check_memory, run_bytes
    from scenarios.model import FOCUS, MANIFEST, simulate
    from scenarios.model.results import UNCERTAINTY
    from scenarios.output import check_target
    from scenarios.quarters import format_quarter
    from scenarios.scenario.layers import load_scenario

    scenario = load_scenario(args.scenario)
    source = parameter_source(args.parameters)  # a bad word or posterior fails before the run
    kind = "default" if source is None else "posterior"
    out = args.out if args.out is not None else Path("results") / scenario.name
    check_target(out, MANIFEST)
    if not args.no_memory_check:
        focus = sum(code in scenario.actors for code in FOCUS)
        needed = run_bytes(
            len(scenario.actors), scenario.horizon, args.members, focus * (focus - 1)
        )
        check_memory(needed, f"run: {args.members} members of {scenario.name}", "--no-memory-check")
    # the heading goes out before the simulation, so that a long run shows what it is doing
    print(
        f"{scenario.name}: {scenario.description}\n"
        f"{format_quarter(scenario.start)} to {format_quarter(scenario.end)}, "
        f"seed {args.seed}, {args.members} member(s), "
        f"{'default parameters' if source is None else 'a posterior draw each'}"
        f" (the spread over members covers {UNCERTAINTY[kind]})\n",
        flush=True,
    )
    results = simulate(scenario, seed=args.seed, members=args.members, parameters=args.parameters)
    with pd.option_context("display.width", 120, "display.max_columns", 10):
        print(results.summary().to_string(float_format=lambda x: f"{x:.3f}"))
    written = results.write(out)
    print(f"\nwrote {written}")
    return 0
