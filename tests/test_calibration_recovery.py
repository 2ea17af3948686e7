"""Recovery on the trunk: fit a synthetic record made with known parameters.

Small on purpose (two parameters, a few dozen particles): the larger run and its findings
are in docs/calibration.md, section 5.
"""

import numpy as np
import pytest

pyabc = pytest.importorskip("pyabc")

from scenarios.calibration.distance import ScaledDistance  # noqa: E402
from scenarios.calibration.prior import prior  # noqa: E402
from scenarios.calibration.simulator import TrunkSimulator, synthetic_record  # noqa: E402
from scenarios.calibration.smc import run_smc  # noqa: E402
from scenarios.calibration.statistics import targets  # noqa: E402
from scenarios.registry.parameters import PARAMETERS  # noqa: E402
from scenarios.scenario import load_scenario  # noqa: E402

TRUTH = {"deterrence.reaction": 0.3, "arms.initial_stock": 5.0}
STATES = ("USA", "CHN", "RUS", "PRK", "KOR", "JPN", "UKR", "IRN", "POL", "DEU")


def prior_sd(key):
    spec = PARAMETERS[key]
    return (spec.high - spec.low) / 12**0.5


def test_the_trunk_gives_back_what_the_record_can_tell_and_not_what_it_cannot():
    trunk = load_scenario("replay_2022")
    rows = [("milex_usd_bn", state, year) for state in STATES for year in (2022, 2023)]
    record = synthetic_record(rows, TRUTH, seed=1, scenario=trunk)
    table = targets(record, trunk.actors)
    fit = run_smc(
        TrunkSimulator(table, trunk).batch,
        prior(list(TRUTH)),
        table["value"].to_numpy(),
        ScaledDistance(table),
        population=40,
        rounds=4,
        seed=2,
    )
    mean, sd = fit.mean(), fit.std()
    # spending answers to the reaction coefficient: it comes back, and narrowly
    assert mean["deterrence.reaction"] == pytest.approx(TRUTH["deterrence.reaction"], abs=0.1)
    assert sd["deterrence.reaction"] < 0.35 * prior_sd("deterrence.reaction")
    # the trunk replays the recorded shipments, so the initial stock leaves spending alone:
    # its posterior stays as wide as its prior (not identified)
    assert sd["arms.initial_stock"] > 0.6 * prior_sd("arms.initial_stock")
    assert np.all(np.isfinite(fit.draws.to_numpy()))
