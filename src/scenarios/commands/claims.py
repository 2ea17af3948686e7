"""``scenarios claims``: the article's claims, judged by the rule of docs/attribution.md."""

from __future__ import annotations

import argparse
import sys
import time

from scenarios.commands._args import add_parameters_argument, natural

NAME = "claims"
HELP = "the claims table: each article claim's effect, attribution, built-in share and verdict"

_EPILOG = """\
Each claim is a comparison of two branches (mostly pact_2024q2 minus no_pact), a metric
and a claimed sign, written in scenarios.experiments.claims before any table was
computed. The effect is the median paired difference at the end of the common horizon
with its 10-90 % band; the attribution columns are the median share of each component
(scenarios attribute); the verdict follows the rule of docs/attribution.md. The
halves column gives the verdict of each half of the members (members_check: stable,
or changes when a half's verdict differs, i.e. the verdict depends on the members
drawn). The run time goes to stderr.

examples:
  scenarios claims
  scenarios claims --members 200 --csv > claims.csv
"""


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``claims`` subcommand to the CLI's subparsers and return its parser."""
    parser = subparsers.add_parser(
        NAME,
        help=HELP,
        description=(
            "Compute the claims table: for each of the article's claims, the comparison "
            "used, the effect with its band, the share of each mechanism, of the initial "
            "state and of the inputs, the built-in share and the verdict (supported, "
            "built in, small, not robust, contradicted). One set of coalition runs per "
            "comparison."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--members", type=natural(1, 100_000), default=50, help="members (default 50)"
    )
    parser.add_argument("--seed", type=natural(0), default=0, help="the one seed (default 0)")
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help="print the table as CSV")
    form.add_argument(
        "--markdown", action="store_true", help="print the table as Markdown (as in the docs)"
    )
    add_parameters_argument(parser)
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Compute and print the claims table; errors propagate to the CLI as one line."""
    import pandas as pd

    from scenarios.experiments.attribution import COMPONENTS
    from scenarios.experiments.claims import claims_markdown, claims_table

    started = time.perf_counter()
    table = claims_table(args.members, args.seed, parameters=args.parameters)
    elapsed = time.perf_counter() - started
    if args.csv:
        table.to_csv(sys.stdout, index=False)
    elif args.markdown:
        print(claims_markdown(table))
    else:
        shown = table[
            ["key", "claim", "metric", "sign", "effect", "effect_q10", "effect_q90",
             *COMPONENTS, "built_in", "verdict", "halves", "members_check"]
        ]  # fmt: skip
        with pd.option_context("display.width", 250, "display.max_columns", 20):
            print(shown.to_string(index=False, float_format=lambda x: f"{x:.3g}"))
    counts = table["verdict"].value_counts()
    changes = int((table["members_check"] == "changes").sum())
    print(
        f"{', '.join(f'{n} {word}' for word, n in counts.items())}; {changes} of "
        f"{len(table)} verdicts change between the two halves of the members; "
        f"members {args.members}, seed {args.seed}, {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 0
