"""Records: the metrics of many members as one array, and which cells hold a value.

A chunk of members comes back from the engine as a :class:`Block`, an array of shape
(members, quarters, metrics) with its :class:`Layout`, and stays in that form through
joining and reshaping until :mod:`scenarios.experiments.tables` builds the tidy tables
(once, for a result held in memory, or once per chunk as a streamed sweep writes it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from scenarios.errors import ResultsError, ScenariosError


@dataclass(frozen=True, eq=False)
class Layout:
    """Which quarters and metrics a run records.

    Bloc metrics (bipolarity) are recorded only at bloc records, so not every
    (quarter, metric) cell holds a value; tidy tables list only the recorded cells.

    Attributes
    ----------
    quarters : tuple of str
        Quarter labels (``"2024Q3"``), in order.
    metrics : tuple of str
        Metric names, in the engine's order.
    recorded : numpy.ndarray of bool, shape (quarters, metrics)
        Which cells hold a value.
    """

    quarters: tuple[str, ...]
    metrics: tuple[str, ...]
    recorded: np.ndarray

    def cells(self) -> tuple[np.ndarray, np.ndarray]:
        """Quarter and metric positions of the recorded cells, quarter by quarter."""
        return np.nonzero(self.recorded)

    def same_as(self, other: Layout) -> bool:
        """Whether ``other`` records the same quarters, metrics and cells."""
        return (
            self.quarters == other.quarters
            and self.metrics == other.metrics
            and np.array_equal(self.recorded, other.recorded)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the quarters, and for each metric the quarters it is recorded in."""
        return {
            "quarters": list(self.quarters),
            "metrics": {
                name: [q for q, on in zip(self.quarters, self.recorded[:, k], strict=True) if on]
                for k, name in enumerate(self.metrics)
            },
        }

    @classmethod
    def from_dict(cls, data: Any, where: Path) -> Layout:
        """Read :meth:`to_dict` back; a malformed entry raises ResultsError naming ``where``."""
        quarters = data.get("quarters") if isinstance(data, dict) else None
        metrics = data.get("metrics") if isinstance(data, dict) else None
        if not (
            isinstance(quarters, list)
            and all(isinstance(q, str) for q in quarters)
            and isinstance(metrics, dict)
            and all(isinstance(v, list) and set(v) <= set(quarters) for v in metrics.values())
        ):
            raise ResultsError(f"{where}: layout: expected quarters and metrics -> quarters")
        recorded = np.array([[q in metrics[name] for name in metrics] for q in quarters])
        return cls(tuple(quarters), tuple(metrics), recorded.reshape(len(quarters), len(metrics)))


@dataclass(frozen=True)
class Block:
    """The metrics of one chunk as an array (compact to send back from a worker).

    Attributes
    ----------
    layout : Layout
    values : numpy.ndarray, shape (members, quarters, metrics)
        NaN where not recorded.
    """

    layout: Layout
    values: np.ndarray


def agreed(layout: Layout | None, block: Block) -> Layout:
    """The block's layout, after checking it matches ``layout`` (None before any chunk)."""
    if layout is not None and not block.layout.same_as(layout):
        raise ScenariosError("chunks recorded different quarters or metrics")
    return block.layout


def join(blocks: Sequence[Block]) -> Block:
    """Concatenate blocks (in member order) after checking they record the same cells."""
    layout = None
    for block in blocks:
        layout = agreed(layout, block)
    return Block(layout, np.concatenate([block.values for block in blocks], axis=0))
