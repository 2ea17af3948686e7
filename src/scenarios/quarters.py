"""Calendar quarters as integers.

The model steps one quarter at a time and stores the time as one integer,
``year * 4 + quarter - 1``, so that consecutive quarters are consecutive integers
(``2024Q4 + 1 == 2025Q1``) and the year and quarter are recovered with ``divmod``.

Quarters are read in the years :data:`FIRST_YEAR` to :data:`LAST_YEAR`, with ASCII
digits only, wherever they are parsed; so a start in the year 9999 or written in
full-width digits is refused where it is written, not when a figure fails to draw it.

Errors here are plain :class:`ValueError` with a one-line message that says what was
expected; callers that know the file and key (the scenario loader, the data loader)
wrap them in their own error type.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import numpy as np

FIRST_YEAR = 1800
"""Earliest year a quarter may fall in (the facts begin in the twentieth century)."""

LAST_YEAR = 2200
"""Latest year a quarter may fall in (a run may go on for its horizon after it)."""

SPAN = f"{FIRST_YEAR}Q1 to {LAST_YEAR}Q4"
"""The quarters allowed, as messages say it."""

# ASCII digits: \d would also match full-width and other Unicode digits
_QUARTER = re.compile(r"([0-9]{4})Q([1-4])")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def parse_quarter(text: str) -> int:
    """Convert ``"YYYYQn"`` to the quarter index ``year * 4 + n - 1``.

    Parameters
    ----------
    text : str
        A quarter such as ``"2024Q3"`` (upper-case ``Q``, ``n`` in 1..4).

    Returns
    -------
    int
        The quarter index, e.g. ``8098`` for ``"2024Q3"``.

    Raises
    ------
    ValueError
        When ``text`` is not of the form ``YYYYQn`` or falls outside :data:`SPAN`.
    """
    match = _QUARTER.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"expected a quarter like 2024Q3, got {text!r}")
    return check_quarter(int(match[1]) * 4 + int(match[2]) - 1)


def check_quarter(quarter: int) -> int:
    """Return a quarter index if it falls in :data:`SPAN`.

    Raises
    ------
    ValueError
        When it does not.
    """
    if not FIRST_YEAR * 4 <= quarter < (LAST_YEAR + 1) * 4:
        raise ValueError(f"quarter index {quarter} is outside {SPAN}")
    return int(quarter)


def format_quarter(quarter: int) -> str:
    """Convert a quarter index back to ``"YYYYQn"``.

    Parameters
    ----------
    quarter : int
        A quarter index as returned by :func:`parse_quarter`.

    Returns
    -------
    str
        E.g. ``"2024Q3"`` for ``8098``.
    """
    year, q = divmod(int(quarter), 4)
    return f"{year:04d}Q{q + 1}"


def quarter_of_date(value: str | dt.date) -> int:
    """Return the index of the quarter a date falls in.

    Parameters
    ----------
    value : str or datetime.date
        An ISO date ``"YYYY-MM-DD"``, a month ``"YYYY-MM"`` (timelines record some
        events only to the month, which still fixes the quarter), or a
        :class:`datetime.date` (TOML's unquoted dates arrive as one).

    Returns
    -------
    int
        The quarter index, e.g. ``8097`` (2024Q2) for ``"2024-06-19"``.

    Raises
    ------
    ValueError
        When the text is not a valid ISO date or month, or the date falls outside
        :data:`SPAN`.
    """
    if isinstance(value, dt.date):
        return check_quarter(value.year * 4 + (value.month - 1) // 3)
    if isinstance(value, str):
        if _DAY.fullmatch(value):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value!r} is not a valid calendar date") from None
            return check_quarter(day.year * 4 + (day.month - 1) // 3)
        month = _MONTH.fullmatch(value)
        if month and 1 <= int(month[2]) <= 12:
            return check_quarter(int(month[1]) * 4 + (int(month[2]) - 1) // 3)
    raise ValueError(f"expected a date like 2024-06-19 (or a month like 2024-06), got {value!r}")


def parse_when(value: str | dt.date) -> int:
    """Read a quarter written either as ``"YYYYQn"`` or as a date.

    Scenario events may give ``date = "2024Q4"``, ``date = "2024-12-04"`` or the TOML
    date ``date = 2024-12-04``; all three name the same quarter.

    Raises
    ------
    ValueError
        When ``value`` is neither a quarter nor a date.
    """
    if isinstance(value, str) and _QUARTER.fullmatch(value):
        return parse_quarter(value)
    try:
        return quarter_of_date(value)
    except ValueError:
        raise ValueError(
            f"expected a quarter like 2024Q3 or a date like 2024-06-19 ({SPAN}), got {value!r}"
        ) from None


def quarter_range(start: int, count: int) -> range:
    """The ``count`` consecutive quarters beginning at ``start`` (``start`` included).

    Raises
    ------
    ValueError
        When ``count`` is negative.
    """
    if count < 0:
        raise ValueError(f"a quarter range needs a count >= 0, got {count}")
    return range(start, start + count)


def decimal_year(quarters: Iterable[str]) -> np.ndarray:
    """Quarter labels (``"2024Q3"``) as decimal years at the quarter's start (2024.5).

    Parameters
    ----------
    quarters : iterable of str
        Labels as :func:`format_quarter` writes them (a list, a pandas column, ...).

    Returns
    -------
    ndarray of float
        ``year + (quarter - 1) / 4`` for each label, in order.
    """
    labels = [str(label) for label in quarters]
    years = np.array([int(label[:4]) for label in labels], dtype=np.int64)
    steps = np.array([int(label[5]) for label in labels], dtype=np.int64)
    return years + (steps - 1) / 4.0
