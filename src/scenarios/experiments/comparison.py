"""The result of a comparison: scenarios paired member by member, and its tables.

:class:`Comparison` holds the runs lined up on their common quarters and metrics (built
by :func:`scenarios.experiments.compare.compare`, whose docstring explains the pairing)
and gives :attr:`~Comparison.differences` and :attr:`~Comparison.outcomes` as tidy
tables; :meth:`~Comparison.write` keeps them with a figure in a folder.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from scenarios import _meta
from scenarios.errors import ScenariosError, allowed_list, suggest
from scenarios.experiments.files import ResultsWriter
from scenarios.experiments.outcomes import Outcome, wilson_interval
from scenarios.experiments.results import EnsembleResult
from scenarios.metrics import METRICS
from scenarios.model.results import UNCERTAINTY

BAND = (0.05, 0.95)
"""Quantiles of the band of paired differences."""

TIE = 1e-9
"""Relative size below which a paired difference counts as a tie: floating-point
round-off (sums taken in another order), not an effect."""

FIGURE = "compare.png"
"""File name of the figure :meth:`Comparison.write` saves."""


@dataclass(frozen=True, eq=False)
class Comparison:
    """Scenarios run with one seed and member count, paired member by member.

    Build it with :func:`compare`.

    Attributes
    ----------
    runs : Mapping[str, EnsembleResult]
        Scenario name -> its ensemble, in the order given; the first is the reference.
    metrics : tuple of str
        The metrics compared, in :data:`~scenarios.metrics.METRICS` order or as asked.
    quarters : tuple of str
        The quarters every run records, in order.
    at : str
        The quarter of :attr:`outcomes` (default the last of :attr:`quarters`).
    outcome_specs : tuple of Outcome
        The named outcomes of :attr:`outcomes`.
    values : numpy.ndarray, shape (scenarios, members, quarters, metrics)
        Every member's value in each common quarter; NaN where a run does not record it.
    recorded : numpy.ndarray of bool, shape (quarters, metrics)
        The cells every run records.
    """

    runs: Mapping[str, EnsembleResult]
    metrics: tuple[str, ...]
    quarters: tuple[str, ...]
    at: str
    outcome_specs: tuple[Outcome, ...]
    values: np.ndarray
    recorded: np.ndarray

    @property
    def names(self) -> tuple[str, ...]:
        """Scenario names, the reference first."""
        return tuple(self.runs)

    @property
    def reference(self) -> str:
        """Name of the reference scenario (the first)."""
        return self.names[0]

    @property
    def seed(self) -> int:
        """The seed every scenario ran with."""
        return self.runs[self.reference].seed

    @property
    def members(self) -> int:
        """Members per scenario."""
        return self.runs[self.reference].members

    @property
    def aligned(self) -> bool:
        """Whether every scenario starts in the same quarter (exact pairing, see above)."""
        return len({run.scenario.start for run in self.runs.values()}) == 1

    @property
    def uncertainty(self) -> str:
        """What the spread over members covers; every run has the same source.

        A value of :data:`~scenarios.model.results.UNCERTAINTY`.
        """
        return UNCERTAINTY[self.runs[self.reference].parameters]

    def member_values(self, scenario: str, metric: str) -> pd.DataFrame:
        """One scenario's values of one metric: a row per member, a column per quarter.

        Only the quarters every run records for the metric are kept.
        """
        s, k = self._scenario_index(scenario), self._metric_index(metric)
        keep = self.recorded[:, k]
        columns = [q for q, on in zip(self.quarters, keep, strict=True) if on]
        frame = pd.DataFrame(self.values[s, :, keep, k].T, columns=columns)
        return frame.rename_axis(index="member", columns="quarter")

    @cached_property
    def differences(self) -> pd.DataFrame:
        """Paired differences from the reference, per scenario, metric and quarter.

        Rows run scenario by scenario (the reference has none), then metric by metric,
        then quarter by quarter, over the cells every run records. Columns:
        ``scenario``, ``reference``, ``metric``, ``unit``, ``quarter``, ``members``,
        ``median`` and ``reference_median`` (each side's median over members),
        ``difference`` (the median of the member-by-member differences, which is not
        the difference of the medians), ``difference_q05`` and ``difference_q95`` (the
        band), ``p_higher`` and ``p_lower`` (shares of members above and below
        their reference member; the rest are ties, within :data:`TIE`), and
        ``uncertainty``, what the band covers (:attr:`uncertainty`).
        """
        metric, quarter = np.nonzero(self.recorded.T)  # metric-major order
        reference = self.values[0][:, quarter, metric]
        frames = []
        for s, name in enumerate(self.names[1:], start=1):
            values = self.values[s][:, quarter, metric]
            difference = values - reference
            low, mid, high = np.quantile(difference, (BAND[0], 0.5, BAND[1]), axis=0)
            tied = np.abs(difference) <= TIE * np.maximum(np.abs(values), np.abs(reference))
            frames.append(
                pd.DataFrame(
                    {
                        "scenario": name,
                        "reference": self.reference,
                        "metric": self._categorical(metric, self.metrics),
                        "unit": [METRICS[self.metrics[k]].unit for k in metric],
                        "quarter": self._categorical(quarter, self.quarters),
                        "members": self.members,
                        "median": np.median(values, axis=0),
                        "reference_median": np.median(reference, axis=0),
                        "difference": mid,
                        "difference_q05": low,
                        "difference_q95": high,
                        "p_higher": ((difference > 0) & ~tied).mean(axis=0),
                        "p_lower": ((difference < 0) & ~tied).mean(axis=0),
                        "uncertainty": self.uncertainty,
                    }
                )
            )
        frame = pd.concat(frames, ignore_index=True)
        frame["scenario"] = pd.Categorical(frame["scenario"], self.names[1:], ordered=True)
        return frame

    @cached_property
    def outcomes(self) -> pd.DataFrame:
        """Probability of each named outcome in quarter :attr:`at`, per scenario.

        One row per scenario (the reference included) and outcome: ``scenario``,
        ``outcome``, ``rule`` (e.g. ``bipolarity >= 0.5``), ``description``,
        ``quarter``, ``members``, ``cases``, ``probability`` (``cases / members``) and
        its 95 % Wilson interval ``low``, ``high``. Empty (with these columns) when no
        outcome's metric is compared.
        """
        q = self.quarters.index(self.at)
        rows = []
        for s, name in enumerate(self.names):
            for outcome in self.outcome_specs:
                values = self.values[s, :, q, self._metric_index(outcome.metric)]
                rows.append(
                    {
                        "scenario": name,
                        "outcome": outcome.name,
                        "rule": outcome.rule,
                        "description": outcome.description,
                        "quarter": self.at,
                        "members": self.members,
                        "cases": int(outcome.cases(values).sum()),
                    }
                )
        columns = ["scenario", "outcome", "rule", "description", "quarter", "members", "cases"]
        frame = pd.DataFrame(rows, columns=columns)
        frame["probability"] = frame["cases"] / self.members
        frame["low"], frame["high"] = wilson_interval(frame["cases"], frame["members"])
        return frame

    def write(self, out: str | Path) -> Path:
        """Write the comparison into a folder, atomically.

        The folder holds ``differences.csv``, ``outcomes.csv``, the figure
        :data:`FIGURE` (:func:`scenarios.plot.compare.comparison_figure`), each
        scenario as fully resolved TOML and ``manifest.json`` (seed, members,
        scenarios, quarter, and a SHA-256 of every file). It appears complete or not
        at all; an existing results folder there is replaced, anything else refused.

        Returns
        -------
        pathlib.Path
            The folder.

        Raises
        ------
        ResultsError
            When the folder cannot be written.
        """
        from scenarios.plot.compare import comparison_figure

        target = Path(out)
        with ResultsWriter(target, "csv") as writer:
            writer.write_table("differences", self.differences)
            writer.write_table("outcomes", self.outcomes)
            for run in self.runs.values():
                writer.write_text(f"{run.scenario.name}.toml", run.scenario.to_toml())
            image = io.BytesIO()
            comparison_figure(self).savefig(image, format="png", dpi=100)
            (writer.temp / FIGURE).write_bytes(image.getvalue())
            writer.files[FIGURE] = {"sha256": hashlib.sha256(image.getvalue()).hexdigest()}
            writer.write_manifest(
                {
                    "kind": "comparison",
                    "package_version": _meta.version(),
                    "scenarios": list(self.names),
                    "reference": self.reference,
                    "seed": self.seed,
                    "members": self.members,
                    "at": self.at,
                    "metrics": list(self.metrics),
                    "outcomes": {o.name: o.rule for o in self.outcome_specs},
                }
            )
        return target

    def _scenario_index(self, name: str) -> int:
        if name not in self.runs:
            raise ScenariosError(
                f"scenario {name!r}: not in this comparison{suggest(name, self.names)}; "
                f"allowed: {', '.join(self.names)}"
            )
        return self.names.index(name)

    def _metric_index(self, metric: str) -> int:
        if metric not in self.metrics:
            raise ScenariosError(
                f"metric {metric!r}: not compared{suggest(metric, self.metrics)}; allowed: "
                f"{allowed_list(self.metrics, limit=20)}"
            )
        return self.metrics.index(metric)

    @staticmethod
    def _categorical(codes: np.ndarray, labels: Sequence[str]) -> pd.Categorical:
        return pd.Categorical.from_codes(codes, categories=list(labels), ordered=True)
