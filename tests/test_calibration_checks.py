"""Posterior checks: prior against posterior, correlations, predictive coverage."""

import numpy as np
import pandas as pd
import pytest

from scenarios.calibration.checks import (
    CONSTRAINED,
    correlations,
    coverage,
    predictive,
    prior_posterior,
)
from scenarios.calibration.statistics import targets
from scenarios.registry.parameters import PARAMETERS


def test_prior_against_posterior_by_the_written_rule():
    rng = np.random.default_rng(0)
    narrow, wide = PARAMETERS["deterrence.reaction"], PARAMETERS["alignment.decay"]
    draws = pd.DataFrame(
        {
            "weight": np.full(4000, 1 / 4000),
            "deterrence.reaction": rng.normal(0.3, 0.01, 4000),
            "alignment.decay": rng.uniform(wide.low, wide.high, 4000),
        }
    )
    table = prior_posterior(draws).set_index("parameter")
    assert list(table.index) == ["deterrence.reaction", "alignment.decay"]  # most constrained first
    assert table.loc["deterrence.reaction", "posterior_mean"] == pytest.approx(0.3, abs=0.002)
    assert table.loc["deterrence.reaction", "prior_sd"] == pytest.approx(
        (narrow.high - narrow.low) / 12**0.5
    )
    assert table.loc["deterrence.reaction", "constrained"]
    assert table.loc["alignment.decay", "sd_ratio"] == pytest.approx(1, abs=0.05)
    assert not table.loc["alignment.decay", "constrained"]
    assert table["constrained"].tolist() == (table["sd_ratio"] < CONSTRAINED).tolist()
    assert table.loc["deterrence.reaction", "q05"] < 0.3 < table.loc["deterrence.reaction", "q95"]


def test_correlations_are_weighted_and_strongest_first():
    a = np.linspace(0, 1, 50)
    draws = pd.DataFrame(
        {"weight": np.full(50, 0.02), "x": a, "y": -2 * a + 1, "z": np.sin(37 * a)}
    )
    table = correlations(draws)
    assert (table.iloc[0]["a"], table.iloc[0]["b"]) == ("x", "y")
    assert table.iloc[0]["r"] == pytest.approx(-1)
    assert table["r"].abs().is_monotonic_decreasing
    # a weight of zero leaves a draw out
    skewed = draws.assign(weight=np.r_[np.zeros(25), np.full(25, 0.04)])
    kept = draws.iloc[25:].assign(weight=0.04)
    assert correlations(skewed)["r"].to_numpy() == pytest.approx(correlations(kept)["r"].to_numpy())


def test_predictive_intervals_cover_by_the_rule_for_points_and_bounds():
    from scenarios.scenario import load_scenario

    trunk = load_scenario("replay_2022")
    record = pd.DataFrame(
        {
            "quantity": ["milex_usd_bn"] * 3,
            "state": ["USA", "JPN", "KOR"],
            "period": ["2024"] * 3,
            "value": [1e6, 1e-3, 1e-3],  # far above and far below anything the run makes
            "bound": ["upper", "point", "lower"],
            "confidence": ["high"] * 3,
        }
    )
    table = targets(record, trunk.actors, split="test")
    intervals = predictive(table, None, 20, seed=1).set_index("state")
    assert (intervals["low"] <= intervals["median"]).all()
    assert (intervals["median"] <= intervals["high"]).all()
    assert intervals.loc["USA", "covered"]  # under an upper bound far above: covered
    assert not intervals.loc["JPN", "covered"]  # a point far below: not
    assert intervals.loc["KOR", "covered"]  # above a lower bound far below: covered
    assert intervals.loc["USA", "median"] > 100  # on the record's scale, US$ bn
    summary = coverage(intervals.reset_index()).set_index("statistic")
    assert summary.loc["all", "targets"] == 3 and summary.loc["all", "covered"] == 2
    assert summary.loc["all", "share"] == pytest.approx(2 / 3)
