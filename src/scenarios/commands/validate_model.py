"""``scenarios validate-model``: print the validation scorecard."""

from __future__ import annotations

import argparse
import sys
import textwrap
import time

NAME = "validate-model"
HELP = "run the validation checks and print the scorecard"
WIDTH = 100


def _at_least(low: int, what: str):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} {text!r}: expected an integer") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{what} {value}: expected an integer >= {low}")
        return value

    return parse


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``validate-model`` subcommand and return its parser."""
    parser = subparsers.add_parser(
        NAME,
        help=HELP,
        description=(
            "Run every validation check (landscape theory 1936, Richardson's arms race, "
            "structural balance, stylized facts, the 2022 replay, the sanity table of "
            "data/validation/sanity_bands.csv) and print the scorecard: check, published "
            "figure or source, simulated value, band and pass/fail. A fail is a "
            "finding, not an error: the exit code is 0 whenever the checks ran. "
            "See docs/validation.md."
        ),
    )
    parser.add_argument(
        "--members",
        type=_at_least(1, "members"),
        default=50,
        help="ensemble members of the model runs (default 50)",
    )
    parser.add_argument(
        "--seed", type=_at_least(0, "seed"), default=0, help="seed of all runs (default 0)"
    )
    parser.add_argument(
        "--csv", action="store_true", help="print the scorecard as CSV instead of text"
    )
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Compute and print the scorecard; the run time goes to stderr."""
    from scenarios.validation.scorecard import scorecard

    started = time.perf_counter()
    table = scorecard(members=args.members, seed=args.seed)
    elapsed = time.perf_counter() - started
    if args.csv:
        table.to_csv(sys.stdout, index=False)
    else:
        print(format_scorecard(table))
    counts = table["pass/fail"].value_counts()
    print(
        f"{counts.get('pass', 0)} pass, {counts.get('fail', 0)} fail, "
        f"{counts.get('n/a', 0)} n/a; {len(table)} checks, members {args.members}, "
        f"seed {args.seed}, {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 0


def format_scorecard(table) -> str:
    """The scorecard as indented text blocks, one per check."""
    blocks = []
    indent = " " * 7
    for row in table.itertuples(index=False):
        lines = [f"[{row[4]:^4}] {row.check}"]
        for label, value in (
            ("published", row.published),
            ("simulated", row.simulated),
            ("band", row.band),
            ("note", row.note),
        ):
            if not value:
                continue
            lines += textwrap.wrap(
                f"{label + ':':<11}{value}",
                WIDTH,
                initial_indent=indent,
                subsequent_indent=indent + " " * 11,
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
