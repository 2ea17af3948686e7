"""``scenarios attribute``: split a difference between two branches by mechanism."""

from __future__ import annotations

import argparse

from scenarios.commands._args import add_parameters_argument, natural

NAME = "attribute"
HELP = "split the difference between two branches by mechanism (exact Shapley shares)"

_EPILOG = """\
The difference is SCENARIO minus OTHER, member by member (same seed and members). It is
split into the difference already present at the later branch quarter (initial state),
what the scheduled events and levers do with every mechanism switched off from that
quarter on (inputs), and each mechanism's exact Shapley share over the 2^k coalitions of
mechanisms switched on. The parts add up to the difference member by member. The
built-in share is (initial state + inputs) / difference (median over members); see
docs/attribution.md.

examples:
  scenarios attribute pact_2024q2 --against no_pact
  scenarios attribute pact_2024q2 --against no_pact --metric dprk_restraint --at 2029Q2
  scenarios attribute pact_2024q2 --against no_pact --metric RUS-IRN --members 100
"""


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``attribute`` subcommand to the CLI's subparsers and return its parser."""
    parser = subparsers.add_parser(
        NAME,
        help=HELP,
        description=(
            "Run both scenarios (names from data/scenarios or TOML files) once for every "
            "coalition of mechanisms switched on from the later branch quarter, and print "
            "how much of the paired difference of one metric in one quarter each "
            "mechanism, the initial state and the inputs carry: median and 10-90 band "
            "over members, and the built-in share."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="the branch (name or file)")
    parser.add_argument(
        "--against", required=True, metavar="OTHER", help="the branch it is compared with"
    )
    parser.add_argument(
        "--metric",
        default="rus_prk_cohesion",
        metavar="M",
        help="a metric, or a pair of states like RUS-IRN (affinity); default rus_prk_cohesion",
    )
    parser.add_argument(
        "--at",
        metavar="QUARTER",
        default=None,
        help="quarter of the difference, e.g. 2029Q2 (default: the earlier end of the runs)",
    )
    parser.add_argument(
        "--members", type=natural(1, 100_000), default=50, help="members (default 50)"
    )
    parser.add_argument("--seed", type=natural(0), default=0, help="the one seed (default 0)")
    add_parameters_argument(parser)
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Attribute and print the table; errors propagate to the CLI as one line."""
    import pandas as pd

    from scenarios.experiments.attribution import attribute

    result = attribute(
        args.scenario, args.against, args.metric, args.at, args.members, args.seed,
        parameters=args.parameters,
    )  # fmt: skip
    a, b = result.scenarios
    print(
        f"{result.metric} in {result.at}: {a} minus {b}, {len(result.members)} members "
        f"paired member by member (seed {result.seed}); mechanisms switched off from "
        f"{result.branch}, the later branch quarter"
    )
    summary = result.summary
    shown = pd.DataFrame(
        {
            "component": summary["component"],
            "median": summary["median"],
            "10 %": summary["q10"],
            "90 %": summary["q90"],
        }
    )
    print(shown.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    print(
        "member by member the parts add up to the total; their medians need not.\n"
        "built-in share (initial state + inputs, over the difference; median over members): "
        f"{result.built_in_share:.2f}"
    )
    return 0
