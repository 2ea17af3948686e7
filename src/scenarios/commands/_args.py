"""Numbers on the command line: ASCII digits only, within bounds, for every command."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable

from scenarios.errors import shorten

_DIGITS = re.compile(r"\s*[0-9]{1,20}\s*")
"""A whole number as typed: ``int()`` alone would also take full-width and other Unicode
digits, underscores (``1_000``) and thousands of digits."""


def natural(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse ``type`` for a whole number from ``low`` (to ``high``).

    Parameters
    ----------
    low : int
        Smallest value allowed.
    high : int, optional
        Largest value allowed; no bound if omitted.

    Returns
    -------
    callable
        Parses the text or raises :class:`argparse.ArgumentTypeError`, which the CLI
        prints as one usage line.
    """
    allowed = f"an integer >= {low}" if high is None else f"an integer from {low} to {high:,}"

    def parse(text: str) -> int:
        value = int(text) if _DIGITS.fullmatch(text) else None
        if value is None or value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"'{shorten(text)}' not allowed; expected {allowed}")
        return value

    parse.__name__ = allowed
    return parse


def add_parameters_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--parameters default|posterior|DIR``: where members' parameters come from."""
    from scenarios.calibration.posterior import DEFAULT_SOURCE

    parser.add_argument(
        "--parameters",
        metavar="default|posterior|DIR",
        default=DEFAULT_SOURCE,
        help=f"members' parameters (default: {DEFAULT_SOURCE}): a draw of the shipped "
        "posterior each, so bands cover noise and parameters; the registry defaults for "
        "every member, so only the noise varies; or a draw of the posterior in DIR",
    )
