"""The scaled distance between simulated and observed statistics (``docs/calibration.md``).

Each observation's residual is divided by its scale (the observation's uncertainty on the
compared scale, by its confidence: :attr:`Statistic.scales`), so that a log-spending gap of
a well-measured budget and a growth gap of a recalled figure weigh by how sure the record
is. A bound (``lower``/``upper``) counts only when the run breaks it. The squared scaled
residuals are averaged within each statistic, then summed over statistics, so that a
series with many rows (growth of 22 states) does not outweigh one with few: every
statistic weighs the same whatever its length.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


class ScaledDistance:
    """``distance(simulated, observed)``: the root of the summed per-statistic mean squares.

    Parameters
    ----------
    table : pandas.DataFrame
        The targets (:func:`scenarios.calibration.statistics.targets`): ``statistic``,
        ``bound`` and ``scale`` of every column of the statistics.

    Attributes
    ----------
    weights : numpy.ndarray
        Per target: 1 / (scale² x the number of targets of its statistic).
    """

    def __init__(self, table: pd.DataFrame) -> None:
        counts = table.groupby("statistic")["statistic"].transform("size").to_numpy()
        scale = table["scale"].to_numpy(dtype=float)
        self.weights = 1.0 / (scale**2 * counts)
        self.lower = (table["bound"] == "lower").to_numpy()
        self.upper = (table["bound"] == "upper").to_numpy()

    def residuals(self, simulated: np.ndarray, observed: np.ndarray) -> np.ndarray:
        """Simulated minus observed, zero where a bound holds; any leading member axis."""
        gap = np.asarray(simulated, dtype=float) - np.asarray(observed, dtype=float)
        held = (self.lower & (gap >= 0)) | (self.upper & (gap <= 0))
        return np.where(held, 0.0, gap)

    def __call__(self, simulated: np.ndarray, observed: np.ndarray) -> np.ndarray | float:
        """The distance (one per member when ``simulated`` has a member axis)."""
        gap = self.residuals(simulated, observed)
        value = np.sqrt((gap**2 * self.weights).sum(axis=-1))
        return float(value) if np.ndim(value) == 0 else value
