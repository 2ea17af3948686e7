"""Named outcomes of an ensemble and the probability of each, with its interval.

An :class:`Outcome` is a threshold on one metric (``bipolarity >= 0.5``); the share of
members that are cases estimates its probability, and :func:`wilson_interval` gives the
95 % interval of that share. :data:`OUTCOMES` is the small documented set that
:func:`scenarios.experiments.compare.compare` reports by default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from scenarios.errors import ScenariosError


@dataclass(frozen=True)
class Outcome:
    """A named outcome: in one member, a metric at or beyond a threshold.

    Attributes
    ----------
    name : str
        Short identifier (``"cold_war"``), the ``outcome`` column of the table.
    metric : str
        A name in :data:`scenarios.metrics.METRICS`.
    threshold : float
        In the metric's unit.
    above : bool
        A member is a case when its value is ``>= threshold`` (True) or
        ``<= threshold`` (False).
    description : str
        One line in words.
    """

    name: str
    metric: str
    threshold: float
    above: bool
    description: str

    @property
    def rule(self) -> str:
        """The rule as text, e.g. ``"bipolarity >= 0.5"``."""
        return f"{self.metric} {'>=' if self.above else '<='} {self.threshold:g}"

    def cases(self, values: np.ndarray) -> np.ndarray:
        """Which values are cases (bool array of the same shape)."""
        return values >= self.threshold if self.above else values <= self.threshold


OUTCOMES: Mapping[str, Outcome] = {
    outcome.name: outcome
    for outcome in (
        # Members settle near 0.25 (no clear camps) or near 0.8 (two hostile camps), so
        # the midpoint of the index's range splits them.
        Outcome(
            "cold_war",
            "bipolarity",
            0.5,
            True,
            "Two hostile camps: the Cold-War index (bipolarity) is at least 0.5.",
        ),
        Outcome(
            "pact_alliance",
            "rus_prk_cohesion",
            0.9,
            True,
            "Russia and North Korea are near-allies: their affinity is at least 0.9.",
        ),
        Outcome(
            "china_russia_alignment",
            "chn_rus_affinity",
            0.9,
            True,
            "China and Russia are near-allies: their affinity is at least 0.9.",
        ),
        Outcome(
            "trilateral_holds",
            "trilateral_cohesion",
            0.8,
            True,
            "The US-Japan-South Korea trilateral holds: its mean affinity is at least 0.8.",
        ),
    )
}
"""The default named outcomes, by name. Thresholds are round conventions on each
metric's scale, not calibrated figures; pass your own :class:`Outcome` to
:func:`compare` for others."""


def wilson_interval(successes: Any, trials: Any, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a binomial proportion (95 % for the default ``z``).

    Unlike the normal approximation it stays inside [0, 1] and keeps a width when every
    member (or none) is a case, which matters for small ensembles.

    Parameters
    ----------
    successes, trials : array_like
        Counts, broadcast against each other; ``0 <= successes <= trials``, ``trials > 0``.
    z : float
        Standard-normal quantile of the interval.

    Returns
    -------
    low, high : numpy.ndarray
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    if np.any(n <= 0) or np.any(k < 0) or np.any(k > n):
        raise ScenariosError("wilson_interval: need 0 <= successes <= trials and trials > 0")
    share = k / n
    weight = z**2 / n
    centre = (share + weight / 2) / (1 + weight)
    half = z * np.sqrt(share * (1 - share) / n + weight / (4 * n)) / (1 + weight)
    # with no case (every member a case) the bound is exactly 0 (1); say so, not round-off
    low = np.where(k == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where(k == n, 1.0, np.clip(centre + half, 0.0, 1.0))
    return low, high
