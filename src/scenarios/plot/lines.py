"""Lines over time that hide nothing: no line under another, no split under a median band.

Two rules, shared by every time-series figure of :mod:`scenarios.plot`:

- **Members that split into two outcomes are drawn, not summarised.** Where the members
  of a run split at some quarter (the gap test of
  :func:`scenarios.plot.summaries.outcome_split`), a median would sit inside one outcome
  and a band would span the empty gap between them; so every member is drawn as a thin,
  translucent line instead, and the legend says how many members end on the upper side
  (an outcome probability in words). Otherwise the line is the median over members and the
  shaded band spans the chosen quantiles (default 5th to 95th percentile).
- **No line hidden under another.** A line drawn where an earlier line of the same axes
  already runs (within :data:`OVERLAP` of the lines' range, about a line's width) would
  cover it; there the earlier line is redrawn on top in short dashes, so both colours
  show in turn, and a line that coincides with an earlier one all along says so in its
  legend entry ("(overlaps baseline)").

The title's second line (:func:`series_note`) says which of the two the axes show.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from scenarios.plot.style import (
    outline,
)
from scenarios.plot.summaries import outcome_splits
from scenarios.plot.tables import _paths
from scenarios.quarters import decimal_year

OVERLAP = 0.01
"""Two lines overlap at a point when they differ by at most this share of the range of the
lines on the axes (at a usual figure height, about the width of a line)."""

PATH, MEMBER, OVERLAY = "scenarios-path", "scenarios-member", "scenarios-overlay"
"""Group ids of the drawn lines: a run's summary line, a member's line, a redrawn piece."""

_DASH = 2.5  # length of one dash of a redrawn piece, in line widths
_NOTE = " (overlaps "


def _paths_on(ax: Any, x: np.ndarray) -> list[Any]:
    return [
        line
        for line in ax.get_lines()
        if line.get_gid() == PATH and np.array_equal(np.asarray(line.get_xdata(), float), x)
    ]


def draw_line(
    ax: Any,
    x: Any,
    y: Any,
    *,
    color: str,
    label: str | None = None,
    linestyle: Any = "-",
    linewidth: float = 1.8,
    **options: Any,
) -> Any:
    """Draw one summary line; where it covers an earlier one, redraw that one in dashes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    x, y : array_like
        The line; ``x`` must be the same as an earlier line's for the two to be compared.
    color, label, linestyle, linewidth
        As in ``ax.plot``. A label gets ``" (overlaps <earlier label>)"`` appended when
        the line coincides with an earlier one at every point.
    **options
        Passed on to ``ax.plot`` (e.g. ``marker``).

    Returns
    -------
    matplotlib.lines.Line2D
        The line drawn (with its full data).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    earlier = _paths_on(ax, x)
    values = [np.asarray(line.get_ydata(), float) for line in earlier] + [y]
    finite = np.concatenate([v[np.isfinite(v)] for v in values])
    tolerance = OVERLAP * (finite.max() - finite.min()) if finite.size else 0.0
    covered = []
    for line in earlier:
        close = np.abs(np.asarray(line.get_ydata(), float) - y) <= tolerance
        if (close[:-1] & close[1:]).any():
            covered.append((line, close))
    whole = [line for line, close in covered if close.all()]
    if label is not None and whole:
        names = ", ".join(str(line.get_label()).split(_NOTE)[0] for line in whole)
        label = f"{label}{_NOTE}{names})"
    (drawn,) = ax.plot(
        x,
        y,
        color=color,
        label=label if label is not None else "_nolegend_",
        linestyle=linestyle,
        linewidth=linewidth,
        gid=PATH,
        **options,
        **outline(color),
    )
    slots = len(covered) + 1
    for slot, (line, close) in enumerate(covered, start=1):
        # keep the points of every overlapping segment, so that a run of them draws
        keep = np.zeros(len(y), dtype=bool)
        keep[:-1] |= close[:-1] & close[1:]
        keep[1:] |= close[:-1] & close[1:]
        piece = np.where(keep, np.asarray(line.get_ydata(), float), np.nan)
        offset = (slots - slot) * _DASH
        ax.plot(
            x,
            piece,
            color=line.get_color(),
            linestyle=(offset, (_DASH, (slots - 1) * _DASH)),
            linewidth=line.get_linewidth(),
            gid=OVERLAY,
            label="_nolegend_",
        )
    return drawn


def draw_path(
    ax: Any,
    rows: pd.DataFrame,
    value: str,
    *,
    color: str,
    label: str | None,
    band: tuple[float, float] | None,
    linestyle: Any = "-",
) -> bool:
    """One run's series: the median with its band, or every member if they split.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    rows : pandas.DataFrame
        Member-level rows of one series (``member``, ``quarter`` and ``value``).
    value : str
        Column to draw.
    color, label, linestyle
        Of the line; with split members the label gets "k of n members end above c"
        appended (members at or above the cut, to two digits, at the last quarter).
    band : (float, float) or None
        Quantiles of the band around the median; None for the median alone.

    Returns
    -------
    bool
        True if the members split and were drawn one by one.
    """
    # tables._paths and outcome_splits group by quarter in order: category order, or for
    # labels read back from CSV the text order, which for "YYYYQn" is chronological.
    splits = outcome_splits(rows, value) if rows["member"].nunique() > 1 else None
    if splits is None or splits["cut"].isna().all():
        path = _paths(rows, value, band)
        x = decimal_year(path["quarter"])
        draw_line(ax, x, path["mid"], color=color, label=label, linestyle=linestyle)
        if "low" in path:
            ax.fill_between(
                x, path["low"].to_numpy(), path["high"].to_numpy(), color=color, alpha=0.18, lw=0
            )
        return False
    cut = float(f"{splits['cut'].dropna().iloc[-1]:.2g}")  # two digits: a legend, not a table
    wide = rows.pivot_table(index="quarter", columns="member", values=value, observed=True)
    wide = wide.sort_index()
    x = decimal_year(wide.index.astype(str))
    end = wide.iloc[-1].to_numpy(dtype=float)
    counts = f"{int((end >= cut).sum())} of {len(end)} members end above {cut:g}"
    for member in wide.columns:
        ax.plot(
            x,
            wide[member].to_numpy(dtype=float),
            color=color,
            alpha=0.5,
            linewidth=0.9,
            linestyle=linestyle,
            gid=MEMBER,
            label="_nolegend_",
        )
    # the legend entry: a full-strength line, where a member's thin one would be hard to see
    ax.plot(
        [],
        [],
        color=color,
        linewidth=1.8,
        linestyle=linestyle,
        gid=MEMBER,
        label=f"{label}: {counts}" if label is not None else counts,
    )
    return True


def series_note(
    ax: Any, members: int, band: tuple[float, float] | None, uncertainty: str | None = None
) -> str:
    """Second title line: what the lines on ``ax`` are ("" for a single member).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        After every series was drawn with :func:`draw_path`.
    members : int
        Members per run.
    band : (float, float) or None
        The band's quantiles, or None if no band was drawn.
    uncertainty : str, optional
        What the spread over members covers (a value of
        :data:`~scenarios.model.results.UNCERTAINTY`), said after the band or the
        members; unsaid when unknown (a bare table).
    """
    if members == 1:
        return ""
    covers = f" ({uncertainty})" if uncertainty else ""
    gids = {line.get_gid() for line in ax.get_lines()}
    if PATH not in gids:
        return f"\n{members} members{covers}, one line each (two outcomes)"
    summary = f"median of {members} members"
    if band is not None:
        summary += f", band {round(band[0] * 100)}–{round(band[1] * 100)} %{covers}"
    split = "; thin lines: members (two outcomes)"
    return f"\n{summary}" + (split if MEMBER in gids else "")
