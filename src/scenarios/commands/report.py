"""``scenarios report``: a static HTML site of the seminar notebooks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "report"
HELP = "execute the seminar notebooks and write a static HTML site"


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``report`` subcommand to the CLI's subparsers and return its parser."""
    parser = subparsers.add_parser(
        NAME,
        help=HELP,
        description=(
            "Execute every notebooks/NN_name.ipynb in a fresh kernel (the stored notebooks "
            "are not changed) and write one HTML page per notebook plus an index.html."
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


def run(args: argparse.Namespace) -> int:
    """Build the report; ScenariosError propagates to the CLI, which prints it.

    Without the Jupyter packages of the ``report`` extra, that error is the one line
    saying how to install them.
    """
    from scenarios.report.build import build_report

    index = build_report(
        args.out,
        args.notebooks,
        execute=args.execute,
        progress=lambda line: print(line, file=sys.stderr),
    )
    print(index)
    return 0
