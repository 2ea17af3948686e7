"""Tidy tables from records: one row per recorded cell, or per cell's summary statistics.

The member-level table has columns ``[ids...] quarter metric value``; the summary has
``[ids...] quarter metric``, :data:`STATISTICS` over the members and ``uncertainty``,
what the members' spread covers (a value of
:data:`~scenarios.model.results.UNCERTAINTY`). Quarters and
metrics are ordered categoricals in the :class:`~scenarios.experiments.records.Layout`'s
order, and rows run id by id, then quarter by quarter, then metric by metric.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from scenarios.experiments.records import Layout

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
"""Quantiles of the summary bands."""

STATISTICS = ("mean", "q05", "q25", "median", "q75", "q95")
"""Columns of every summary table, in order (the mean, then :data:`QUANTILES`)."""


def tidy(values: np.ndarray, layout: Layout, ids: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """Long table of the recorded cells of ``values`` (rows, quarters, metrics).

    ``ids`` maps each id column to one value per row of ``values``.
    """
    quarter, metric = layout.cells()
    rows, cells = values.shape[0], len(quarter)
    columns: dict[str, Any] = {name: np.repeat(ids[name], cells) for name in ids}
    columns |= _cell_columns(layout, rows)
    columns["value"] = values[:, quarter, metric].reshape(-1)
    return pd.DataFrame(columns)


def _cell_columns(layout: Layout, rows: int) -> dict[str, pd.Categorical]:
    quarter, metric = layout.cells()
    return {
        "quarter": pd.Categorical.from_codes(
            np.tile(quarter, rows), categories=list(layout.quarters), ordered=True
        ),
        "metric": pd.Categorical.from_codes(
            np.tile(metric, rows), categories=list(layout.metrics), ordered=True
        ),
    }


def summary(
    values: np.ndarray, layout: Layout, ids: Mapping[str, np.ndarray], uncertainty: str
) -> pd.DataFrame:
    """Statistics over the members axis of ``values`` (rows, members, quarters, metrics).

    ``uncertainty`` (a value of :data:`~scenarios.model.results.UNCERTAINTY`) labels
    every row.
    """
    quarter, metric = layout.cells()
    cells = values[:, :, quarter, metric]  # (rows, members, cells)
    stats = [cells.mean(axis=1), *np.quantile(cells, QUANTILES, axis=1)]
    rows = values.shape[0]
    columns: dict[str, Any] = {name: np.repeat(ids[name], len(quarter)) for name in ids}
    columns |= _cell_columns(layout, rows)
    columns |= {name: stat.reshape(-1) for name, stat in zip(STATISTICS, stats, strict=True)}
    columns["uncertainty"] = np.full(rows * len(quarter), uncertainty, dtype=object)
    return pd.DataFrame(columns)


def sweep_metrics(values: np.ndarray, first_point: int, layout: Layout) -> pd.DataFrame:
    """Member-level table of a run of points starting at ``first_point``.

    ``values`` has shape (points, members per point, quarters, metrics); ``member``
    counts within a point.
    """
    points, per_point = values.shape[:2]
    ids = {
        "point": np.repeat(np.arange(first_point, first_point + points), per_point),
        "member": np.tile(np.arange(per_point), points),
    }
    return tidy(values.reshape(points * per_point, *values.shape[2:]), layout, ids)


def sweep_summary(
    values: np.ndarray, first_point: int, layout: Layout, uncertainty: str
) -> pd.DataFrame:
    """Per-point summary of a run of points (``values`` as in :func:`sweep_metrics`)."""
    ids = {"point": np.arange(first_point, first_point + values.shape[0])}
    return summary(values, layout, ids, uncertainty)
