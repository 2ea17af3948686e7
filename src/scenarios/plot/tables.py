"""Reading the tidy tables a figure draws: checks, choices and summaries over members.

A figure takes a :class:`~scenarios.model.Results` or the matching tidy table
(``Results.metrics``, ``.relations``, ``.states`` or ``.blocs``), so a table read back from
CSV plots the same. These helpers are shared by the figure modules of
:mod:`scenarios.plot`; every problem is a :class:`~scenarios.errors.ResultsError` naming the
figure function and what is allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from scenarios.errors import ResultsError, ScenariosError, allowed_list, suggest
from scenarios.model.results import UNCERTAINTY

_FRAME_COLUMNS = {
    "metrics": ("member", "quarter", "metric", "value"),
    "relations": ("member", "quarter", "a", "b"),
    "states": ("member", "quarter", "iso3"),
    "blocs": ("member", "quarter", "iso3", "bloc"),
}


def _frame(data: Any, table: str, caller: str) -> pd.DataFrame:
    """The tidy table ``table`` of a Results, or ``data`` itself if it is that table."""
    frame = data if isinstance(data, pd.DataFrame) else getattr(data, table, None)
    if not isinstance(frame, pd.DataFrame):
        raise ResultsError(
            f"{caller}: data is a {type(data).__name__}; allowed: a Results or its "
            f"'{table}' table (a pandas DataFrame)"
        )
    missing = [column for column in _FRAME_COLUMNS[table] if column not in frame.columns]
    if missing:
        raise ResultsError(
            f"{caller}: table has no column {', '.join(missing)}; allowed: the '{table}' "
            f"table of a Results (columns {', '.join(_FRAME_COLUMNS[table])}, ...)"
        )
    if frame.empty:
        raise ResultsError(
            f"{caller}: the '{table}' table is empty; allowed: a run that recorded it "
            f"(simulate(..., record=...) must include '{table}')"
        )
    return frame


def _uncertainty(data: Any) -> str | None:
    """What the spread over a run's members covers; None for a bare table (unknown)."""
    parameters = getattr(data, "parameters", None)
    return UNCERTAINTY.get(parameters) if isinstance(parameters, str) else None


def _check_choice(value: str, allowed: Sequence[str], what: str, caller: str) -> None:
    if value not in allowed:
        raise ResultsError(
            f"{caller}: {what} {value!r} not in the results{suggest(value, allowed)}; "
            f"allowed: {allowed_list(allowed)}"
        )


def _present(frame: pd.DataFrame, column: str) -> list[str]:
    """Values of a column that occur, in the column's category order if it has one."""
    values = frame[column]
    seen = {str(value) for value in values.unique()}
    if isinstance(values.dtype, pd.CategoricalDtype):
        return [str(v) for v in values.cat.categories if str(v) in seen]
    return sorted(seen)


def _quarters(frame: pd.DataFrame) -> list[str]:
    return _present(frame, "quarter")


def _pick_quarter(frame: pd.DataFrame, quarter: str | None, caller: str) -> str:
    quarters = _quarters(frame)
    if quarter is None:
        return quarters[-1]
    _check_choice(str(quarter), quarters, "quarter", caller)
    return str(quarter)


def _pick_member(frame: pd.DataFrame, member: int | None, caller: str) -> pd.DataFrame:
    members = sorted(int(m) for m in frame["member"].unique())
    chosen = members[0] if member is None else int(member)
    if chosen not in members:
        raise ResultsError(
            f"{caller}: member {member!r} not in the results; allowed: "
            f"{allowed_list(str(m) for m in members)}"
        )
    return frame[frame["member"] == chosen]


def _paths(frame: pd.DataFrame, value: str, band) -> pd.DataFrame:
    """Median and band quantiles of ``value`` over members, by quarter."""
    grouped = frame.groupby("quarter", observed=True, sort=True)[value]
    out = pd.DataFrame({"mid": grouped.median()})
    if band is not None and frame["member"].nunique() > 1:
        out["low"] = grouped.quantile(band[0])
        out["high"] = grouped.quantile(band[1])
    return out.reset_index()


def require_columns(frame: pd.DataFrame, columns: tuple[str, ...], caller: str) -> None:
    """Raise a one-line error naming the columns a figure's table lacks."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ScenariosError(
            f"{caller}: table has no column {', '.join(missing)}; expected {', '.join(columns)}"
        )
