"""Calibration of the trunk to the observed record by likelihood-free inference (ABC-SMC).

Needs the optional ``calibration`` extra (pyabc); nothing here imports it at import time.
One module per thing owned:

- :mod:`~scenarios.calibration.prior`: the prior, uniform over each free parameter's
  registry range (the *assumed* parameters by default).
- :mod:`~scenarios.calibration.statistics`: the summary statistics, read from the observed
  record and computed from a run of the trunk, aligned target by target.
- :mod:`~scenarios.calibration.distance`: the scaled distance between the two.
- :mod:`~scenarios.calibration.simulator`: the trunk (``replay_2022``) as a simulator of
  the statistics, one parameter value per member.
- :mod:`~scenarios.calibration.smc`: the ABC-SMC driver (adaptive thresholds, batched
  simulations, one seed); :mod:`~scenarios.calibration.checkpoint` keeps its rounds.
- :mod:`~scenarios.calibration.posterior`: the posterior as a folder (write and load),
  and as a source of one parameter draw per ensemble member.
- :mod:`~scenarios.calibration.checks`: prior against posterior, correlations, and the
  coverage of predictive intervals on the record's test set.

The method and the choices are in ``docs/calibration.md``. UN General Assembly votes are
held out: no statistic reads them.
"""

from scenarios.calibration.checks import (
    CONSTRAINED,
    LEVEL,
    correlations,
    coverage,
    coverage_by_source,
    predictive,
    prior_posterior,
)
from scenarios.calibration.posterior import Posterior, parameter_source, posterior
from scenarios.calibration.prior import free_parameters, prior
from scenarios.calibration.statistics import STATISTICS, targets, wartime

__all__ = [
    "CONSTRAINED",
    "LEVEL",
    "STATISTICS",
    "Posterior",
    "correlations",
    "coverage",
    "coverage_by_source",
    "free_parameters",
    "parameter_source",
    "posterior",
    "predictive",
    "prior",
    "prior_posterior",
    "targets",
    "wartime",
]
