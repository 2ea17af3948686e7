"""``scenarios report``: a static HTML site of the seminar notebooks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scenarios.errors import printable

NAME = "report"
HELP = "execute the seminar notebooks and write a static HTML site"


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``report`` subcommand to the CLI's subparsers and return its parser."""
    parser = subparsers.add_parser(
        NAME,
        help=HELP,
        description=(
            "Execute every notebooks/NN_name.ipynb in a fresh kernel (the stored notebooks "
            "are not changed) and write one HTML page per notebook plus an index.html. "
            "The pages need no network (formulas are MathML). A notebook that fails gets "
            "an error page, the rest is still written, and the exit code is 1."
        ),
    )
    parser.add_argument(
        "--out", type=Path, default=Path("report"), help="output folder (default: report)"
    )
    parser.add_argument(
        "--no-execute",
        dest="execute",
        action="store_false",
        help="use the outputs stored in the notebooks instead of running them",
    )
    parser.add_argument(
        "--notebooks",
        type=Path,
        default=None,
        help="folder of NN_name.ipynb files (default: the project's notebooks/)",
    )
    parser.set_defaults(handler=run)
    return parser


EXIT_FAILED = 1
"""Exit code when the site was written but some notebooks failed (their pages show why)."""


def run(args: argparse.Namespace) -> int:
    """Build the report; other ScenariosErrors propagate to the CLI, which prints them.

    Without the Jupyter packages of the ``report`` extra, that error is the one line
    saying how to install them. When notebooks fail, the site is still written: its index
    goes to stdout, one ``error:`` line per failed notebook to stderr, and the exit code
    is :data:`EXIT_FAILED`.
    """
    from scenarios.report.build import ReportIncomplete, build_report

    try:
        index = build_report(
            args.out,
            args.notebooks,
            execute=args.execute,
            progress=lambda line: print(printable(line), file=sys.stderr),
        )
    except ReportIncomplete as incomplete:
        print(incomplete.index)
        for failure in incomplete.failures:
            print(f"error: {printable(failure)}", file=sys.stderr)
        print(f"error: {printable(str(incomplete))}", file=sys.stderr)
        return EXIT_FAILED
    print(index)
    return 0
