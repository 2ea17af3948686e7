"""``scenarios compare``: run scenarios with one seed and compare each with the first."""

from __future__ import annotations

import argparse
from pathlib import Path

from scenarios.commands._args import add_parameters_argument

NAME = "compare"
HELP = "compare scenarios member by member: paired differences and outcome probabilities"

_EPILOG = """\
Every scenario runs with the same --seed and --members, so member m of each draws the
same random numbers and the difference member by member is what the scenario changes.
The first scenario is the reference. Bands span the 5th to 95th percentile of the paired
differences; P(higher) is the share of members above their reference member. Named
outcomes (e.g. cold_war: bipolarity >= 0.5) are listed by scenario with 95 % intervals.

examples:
  scenarios compare baseline china_supportive china_distancing --members 200
  scenarios compare baseline no_pact --metric rus_prk_cohesion --at 2030Q1 --out results/pact
"""


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``compare`` subcommand to the CLI's subparsers and return its parser."""
    parser = subparsers.add_parser(
        NAME,
        help=HELP,
        description=(
            "Run two or more scenarios (names from data/scenarios or TOML files) with the "
            "same seed and members, and print, for each scenario against the first, the "
            "paired differences of each metric in one quarter and the probabilities of "
            "the named outcomes. With --out, write differences.csv (every common "
            "quarter), outcomes.csv, compare.png and the scenarios into a folder, "
            "atomically."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "scenarios", nargs="+", metavar="NAME|FILE", help="scenarios; the first is the reference"
    )
    parser.add_argument(
        "--metric",
        action="append",
        default=None,
        metavar="M",
        help="a metric to compare (repeat for more; default: every metric)",
    )
    parser.add_argument(
        "--members", type=int, default=100, help="members per scenario (default 100)"
    )
    parser.add_argument("--seed", type=int, default=0, help="the one seed (default 0)")
    parser.add_argument(
        "--at",
        metavar="QUARTER",
        default=None,
        help="quarter to compare in, e.g. 2030Q1 (default: the last common quarter)",
    )
    parser.add_argument("--out", type=Path, default=None, help="folder to write the results to")
    add_parameters_argument(parser)
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Compare, print the two tables, write the folder; errors propagate to the CLI."""
    import pandas as pd

    from scenarios.experiments.compare import compare
    from scenarios.quarters import format_quarter

    result = compare(
        args.scenarios, args.members, args.seed, args.metric, args.at,
        parameters=args.parameters,
    )  # fmt: skip
    reference = result.reference
    print(
        f"reference: {reference}; seed {result.seed}, {result.members} members per "
        f"scenario, paired member by member; compared in {result.at}"
    )
    if not result.aligned:
        starts = ", ".join(
            f"{name} {format_quarter(run.scenario.start)}" for name, run in result.runs.items()
        )
        print(
            f"note: the scenarios start in different quarters ({starts}): members are "
            "paired by index, but their random draws fall in different quarters"
        )
    table = result.differences
    table = table[table["quarter"] == result.at].sort_values(["metric", "scenario"])
    shown = pd.DataFrame(
        {
            "metric": table["metric"].astype(str),
            "scenario": table["scenario"].astype(str),
            reference: table["reference_median"],
            "scenario median": table["median"],
            "difference": table["difference"],
            "5 %": table["difference_q05"],
            "95 %": table["difference_q95"],
            "P(higher)": table["p_higher"],
            "P(lower)": table["p_lower"],
        }
    )
    print(f"\npaired differences in {result.at} (scenario minus {reference}, median and band)")
    with pd.option_context("display.width", 160, "display.max_columns", 12):
        print(shown.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
        outcomes = result.outcomes
        if not outcomes.empty:
            cells = outcomes.assign(
                cell=[
                    f"{p:.2f} [{low:.2f}, {high:.2f}]"
                    for p, low, high in outcomes[["probability", "low", "high"]].to_numpy()
                ]
            )
            grid = cells.pivot(index=["outcome", "rule"], columns="scenario", values="cell")
            grid = grid[list(result.names)].reindex(
                list(dict.fromkeys(outcomes["outcome"])), level="outcome"
            )
            print(f"\nnamed outcomes in {result.at} (share of members, 95 % interval)")
            print(grid.reset_index().to_string(index=False))
    if args.out is not None:
        print(f"\nwrote {result.write(args.out)}")
    return 0
