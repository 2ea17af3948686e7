"""``scenarios run``: simulate a scenario, print a summary and write the results."""

from __future__ import annotations

import argparse
from pathlib import Path

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
            "output folder. The folder appears only once everything is written; an "
            "existing results folder there is replaced."
        ),
    )
    parser.add_argument("scenario", metavar="NAME|FILE", help="scenario name or file")
    parser.add_argument("--seed", type=_natural(0), default=0, help="random seed (default 0)")
    parser.add_argument(
        "--members", type=_natural(1), default=1, help="ensemble members (default 1)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder (default: results/NAME)",
    )
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Simulate, print the summary, write the results; errors propagate to the CLI."""
    import pandas as pd

    from scenarios.model import simulate
    from scenarios.quarters import format_quarter
    from scenarios.scenario.layers import load_scenario

    scenario = load_scenario(args.scenario)
    results = simulate(scenario, seed=args.seed, members=args.members)
    out = args.out if args.out is not None else Path("results") / scenario.name
    print(
        f"{scenario.name}: {scenario.description}\n"
        f"{format_quarter(scenario.start)} to {format_quarter(scenario.end)}, "
        f"seed {args.seed}, {args.members} member(s)\n"
    )
    with pd.option_context("display.width", 120, "display.max_columns", 10):
        print(results.summary().to_string(float_format=lambda x: f"{x:.3f}"))
    written = results.write(out)
    print(f"\nwrote {written}")
    return 0


def _natural(low: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if value < low:
            raise argparse.ArgumentTypeError(f"{text!r} not allowed; expected an integer >= {low}")
        return value

    parse.__name__ = f"integer >= {low}"
    return parse
