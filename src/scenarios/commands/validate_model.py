"""``scenarios validate-model``: print the validation scorecard."""

from __future__ import annotations

import argparse
import sys
import textwrap
import time

from scenarios.commands._args import add_parameters_argument

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
            "figure or source, simulated value, band and, for each data check, its error "
            "against the errors of two nulls (persistence and the mechanism switched off); "
            "a data check passes only when in band and better than both, and is flagged "
            "'cannot fail' when its mechanism-off run is in band too. Then the landscape's "
            "chance level and leave-one-rule-out table. Each member's parameters are a "
            "posterior draw unless --parameters says otherwise, and each null keeps its "
            "model run's draws (paired). A fail is a "
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
    add_parameters_argument(parser)
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Compute and print the scorecard and the landscape's rule table; summary to stderr."""
    from scenarios.model.results import UNCERTAINTY
    from scenarios.validation.scorecard import scorecard, scorecard_summary

    # a bad word or posterior fails in the scorecard, in one line, before any run
    kind = "default" if args.parameters == "default" else "posterior"
    started = time.perf_counter()
    table = scorecard(members=args.members, seed=args.seed, parameters=args.parameters)
    elapsed = time.perf_counter() - started
    if args.csv:
        table.to_csv(sys.stdout, index=False)
    else:
        print(format_scorecard(table))
        print()
        print(format_landscape_rules())
    print(
        f"{scorecard_summary(table)}; {len(table)} checks, members {args.members}, "
        f"seed {args.seed}, parameters {args.parameters} (the spread over members covers "
        f"{UNCERTAINTY[kind]}), {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 0


def format_landscape_rules() -> str:
    """Landscape 1936 against chance, and the count with each coding rule left out."""
    from scenarios.validation.landscape import load_landscape_1936
    from scenarios.validation.landscape_rules import chance_level, leave_one_rule_out

    case = load_landscape_1936()
    rules = leave_one_rule_out(case)
    count = int(rules["correct"].iloc[0])
    chance = chance_level(case.actual, count)
    lines = [
        f"Landscape 1936 against chance: {count} of {case.actual.size} placed right; a random "
        f"two-bloc split places {chance['mean']:.2f} on average and {count} or more with "
        f"probability {chance['p_at_least']:.3f} (exact, all {2**case.actual.size:,} splits).",
        "Leave one coding rule out (its weight 0, the others 1):",
    ]
    lines += [
        f"  {row.rules:<26}{row.correct:>3} of {case.actual.size}" for row in rules.itertuples()
    ]
    return "\n".join(lines)


def format_scorecard(table) -> str:
    """The scorecard as indented text blocks, one per check: result, kind, check, details."""
    blocks = []
    indent = " " * 7
    for row in table.itertuples(index=False):
        lines = [f"[{row[8]:^11}] {row.kind:<6} {row.check}"]
        for label, value in (
            ("published", row.published),
            ("simulated", row.simulated),
            ("band", row.band),
            ("persistence", row.persistence),
            ("mech. off", row[6]),
            ("skill", row.skill),
            ("note", row.note),
        ):
            if not value:
                continue
            lines += textwrap.wrap(
                f"{label + ':':<13}{value}",
                WIDTH,
                initial_indent=indent,
                subsequent_indent=indent + " " * 13,
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
