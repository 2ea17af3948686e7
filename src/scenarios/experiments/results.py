"""Result classes: an ensemble's members, a sweep's points, and their tables.

Both keep their metrics as one array (see :mod:`scenarios.experiments.records`) and
build the tidy tables when first asked; a sweep streamed to a folder (or loaded from
one) reads its tables from the part files instead.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from scenarios.errors import ScenariosError, allowed_list, suggest
from scenarios.experiments import tables
from scenarios.experiments.design import Design
from scenarios.experiments.files import read_parts
from scenarios.experiments.records import Layout
from scenarios.experiments.tables import STATISTICS
from scenarios.model import Results, simulate
from scenarios.model.results import UNCERTAINTY
from scenarios.scenario import Scenario


@dataclass(frozen=True, eq=False)
class EnsembleResult:
    """Members of one scenario from one seed.

    Attributes
    ----------
    scenario : Scenario
    seed : int
    members : int
        Members 0..members-1 (global indices: member ``m`` drew from stream ``m``).
    layout : Layout
        The recorded quarters and metrics.
    values : numpy.ndarray, shape (members, quarters, metrics)
        Every member's metrics; NaN in cells the engine does not record.
    draws : pandas.DataFrame or None
        The parameters each member ran with when they came from a posterior (one row
        per member, one column per parameter); None when every member ran with the
        defaults and only the noise varied.
    """

    scenario: Scenario
    seed: int
    members: int
    layout: Layout
    values: np.ndarray
    draws: pd.DataFrame | None = None

    @property
    def parameters(self) -> str:
        """Where the members' parameters came from: ``"default"`` or ``"posterior"``."""
        return "default" if self.draws is None else "posterior"

    @property
    def uncertainty(self) -> str:
        """What the members' spread covers, in words, for labels and captions."""
        if self.draws is None:
            return "alignment noise only (default parameters)"
        return "alignment noise and parameter uncertainty (posterior draws)"

    @property
    def quarters(self) -> tuple[str, ...]:
        """Labels of the recorded quarters, in order."""
        return self.layout.quarters

    @property
    def metric_names(self) -> tuple[str, ...]:
        """Names of the recorded metrics, in the engine's order."""
        return self.layout.metrics

    @cached_property
    def metrics(self) -> pd.DataFrame:
        """Member-level results: columns member, quarter, metric, value."""
        return tables.tidy(self.values, self.layout, {"member": np.arange(self.members)})

    @cached_property
    def summary(self) -> pd.DataFrame:
        """Per quarter and metric: mean, q05, q25, median, q75, q95 over the members.

        Column ``uncertainty`` says what the bands cover: ``"noise and parameters"`` for
        posterior draws, ``"noise"`` for the defaults.
        """
        uncertainty = UNCERTAINTY[self.parameters]
        return tables.summary(self.values[None], self.layout, {}, uncertainty)

    def member_run(self, member: int) -> Results:
        """Re-run one member in full (states, relations, blocs), bit-identical.

        Parameters
        ----------
        member : int
            Member index, 0..members-1.

        Returns
        -------
        scenarios.model.Results
            The engine's results for that member alone.
        """
        if not 0 <= member < self.members:
            raise ScenariosError(f"member {member}: out of range; allowed: 0 to {self.members - 1}")
        override = None if self.draws is None else self.draws.iloc[[member]].to_dict("list")
        run = simulate(
            self.scenario,
            seed=self.seed,
            members=1,
            first_member=int(member),
            params_override=override,
        )
        return dataclasses.replace(run, parameters=self.parameters)


@dataclass(frozen=True, eq=False)
class SweepResult:
    """Every design point of a sweep, ``members_per_point`` members each.

    Held in memory, or (after ``sweep(..., out=DIR)`` or
    :func:`~scenarios.experiments.store.load`) in a results folder whose tables are
    read when first asked for.

    Attributes
    ----------
    scenario : Scenario
        The scenario every point modifies.
    design : Design
    members_per_point : int
    seed : int
    layout : Layout
        The recorded quarters and metrics.
    values : numpy.ndarray or None
        Shape (points, members_per_point, quarters, metrics) when held in memory.
    path : pathlib.Path or None
        The results folder when the tables live on disk.
    parameters : {"default", "posterior"}
        Where the members' parameters came from (apart from the design's keys): the
        registry defaults, or a posterior draw each. It labels the summary's bands.
    """

    scenario: Scenario
    design: Design
    members_per_point: int
    seed: int
    layout: Layout
    values: np.ndarray | None = None
    path: Path | None = None
    parameters: str = "default"

    @property
    def points(self) -> int:
        """Number of design points."""
        return self.design.points

    @property
    def quarters(self) -> tuple[str, ...]:
        """Labels of the recorded quarters, in order."""
        return self.layout.quarters

    @property
    def metric_names(self) -> tuple[str, ...]:
        """Names of the recorded metrics, in the engine's order."""
        return self.layout.metrics

    def member_index(self, point: int, member: int) -> int:
        """Global member index (hence stream) of member ``member`` of point ``point``."""
        return int(point) * self.members_per_point + int(member)

    @cached_property
    def metrics(self) -> pd.DataFrame:
        """Member-level results: columns point, member, quarter, metric, value.

        ``member`` counts within a point (0..members_per_point-1).
        """
        if self.values is None:
            rows = self.points * self.members_per_point * int(self.layout.recorded.sum())
            return read_parts(self.path, "metrics", self.layout, rows)
        return tables.sweep_metrics(self.values, 0, self.layout)

    @cached_property
    def summary(self) -> pd.DataFrame:
        """Per point, quarter and metric: mean, q05, q25, median, q75, q95 over members.

        Column ``uncertainty`` says what the bands cover (as in
        :attr:`EnsembleResult.summary`).
        """
        if self.values is None:
            rows = self.points * int(self.layout.recorded.sum())
            return read_parts(self.path, "summary", self.layout, rows)
        uncertainty = UNCERTAINTY[self.parameters]
        return tables.sweep_summary(self.values, 0, self.layout, uncertainty)

    def outcomes(self, outcomes: str | Sequence[str], *, statistic: str = "mean") -> pd.DataFrame:
        """One row per design point: the design's values and the chosen outcomes.

        Parameters
        ----------
        outcomes : str or sequence of str
            ``"metric"`` (its value at the last record) or ``"metric@2034Q3"``.
        statistic : str
            Which summary over a point's members, one of :data:`STATISTICS`.

        Returns
        -------
        pandas.DataFrame
            Index ``point``; the design columns, then one column per outcome, named as
            given.

        Raises
        ------
        ScenariosError
            For an unknown metric, statistic or unrecorded quarter.
        """
        names = [outcomes] if isinstance(outcomes, str) else list(outcomes)
        if statistic not in STATISTICS:
            raise ScenariosError(
                f"statistic {statistic!r}: unknown{suggest(statistic, STATISTICS)}; allowed: "
                f"{', '.join(STATISTICS)}"
            )
        cells = [self.parse_outcome(name) for name in names]
        if self.values is None and "summary" not in self.__dict__:
            table = read_parts(self.path, "summary", self.layout, select=_cells(cells))
        else:
            table = self.summary
        frame = self.design.table.copy()
        for name, (metric, quarter) in zip(names, cells, strict=True):
            rows = table[(table["metric"] == metric) & (table["quarter"] == quarter)]
            frame[name] = rows.set_index("point")[statistic].reindex(frame.index)
        return frame

    def parse_outcome(self, outcome: str) -> tuple[str, str]:
        """Split ``"metric@2034Q3"`` into a metric and a recorded quarter (default: the last)."""
        metric, _, quarter = outcome.partition("@")
        if metric not in self.metric_names:
            raise ScenariosError(
                f"outcome {outcome!r}: unknown metric{suggest(metric, self.metric_names)}; "
                f"allowed: {allowed_list(self.metric_names, limit=20)}"
            )
        k = self.metric_names.index(metric)
        recorded = [
            q for q, on in zip(self.quarters, self.layout.recorded[:, k], strict=True) if on
        ]
        quarter = quarter or recorded[-1]
        if quarter not in recorded:
            shown = recorded if len(recorded) <= 12 else [*recorded[:3], "...", recorded[-1]]
            raise ScenariosError(
                f"outcome {outcome!r}: {metric} is not recorded in {quarter}; allowed: "
                f"{', '.join(shown)}"
            )
        return metric, quarter


def _cells(cells: Sequence[tuple[str, str]]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """A filter keeping the summary rows of the given (metric, quarter) cells."""

    def select(frame: pd.DataFrame) -> pd.DataFrame:
        keep = np.zeros(len(frame), dtype=bool)
        for metric, quarter in cells:
            keep |= ((frame["metric"] == metric) & (frame["quarter"] == quarter)).to_numpy()
        return frame[keep]

    return select
