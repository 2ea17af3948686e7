"""Summary statistics, the scaled distance and the prior of the calibration."""

import numpy as np
import pandas as pd
import pytest

from scenarios.calibration.distance import ScaledDistance
from scenarios.calibration.prior import free_parameters
from scenarios.calibration.simulator import TrunkSimulator, synthetic_record
from scenarios.calibration.statistics import STATISTICS, targets
from scenarios.errors import ScenariosError
from scenarios.facts.observed import load_observed
from scenarios.registry.parameters import PARAMETERS
from scenarios.scenario import load_scenario

ROWS = [
    ("milex_usd_bn", "RUS", 2022),
    ("milex_usd_bn", "JPN", 2023),
    ("gdp_growth_pct", "RUS", 2023),
    ("gdp_growth_pct", "PRK", 2024),
    ("affinity", "CHN-RUS", 2023),
    ("affinity", "PRK-RUS", 2024),
    ("arms_share", "PRK-RUS", 2024),
]


@pytest.fixture(scope="module")
def trunk():
    return load_scenario("replay_2022")


@pytest.fixture(scope="module")
def record(trunk):
    return synthetic_record(ROWS, {"alignment.decay": 0.05}, seed=4, scenario=trunk)


def test_a_synthetic_record_has_the_observed_shape_and_the_runs_own_figures(record, trunk):
    assert set(load_observed().columns) >= set(record.columns)
    assert len(record) == len(ROWS)
    table = targets(record, trunk.actors, split="all")
    simulator = TrunkSimulator(table, trunk)
    again = simulator({"alignment.decay": 0.05}, 4)
    assert np.allclose(again, table["value"], rtol=1e-12, atol=1e-12)
    assert ScaledDistance(table)(again, table["value"].to_numpy()) == pytest.approx(0, abs=1e-9)
    other = simulator({"alignment.decay": 0.3}, 4)
    assert ScaledDistance(table)(other, table["value"].to_numpy()) > 0.5


def test_a_batch_gives_each_member_the_statistics_of_its_own_run(record, trunk):
    table = targets(record, trunk.actors, split="all")
    simulator = TrunkSimulator(table, trunk)
    batch = simulator.batch({"alignment.decay": np.array([0.01, 0.05, 0.2])}, seed=4)
    alone = simulator.batch({"alignment.decay": np.array([0.05])}, seed=4, first_member=1)
    assert np.array_equal(batch[1], alone[0])
    assert np.array_equal(batch[0, :], simulator({"alignment.decay": 0.01}, 4))


def test_targets_keep_the_split_and_leave_out_what_they_cannot_read(record, trunk):
    extra = pd.DataFrame(
        {
            "quantity": ["milex_usd_bn", "milex_usd_bn", "shells_delivered", "arms_share"],
            "state": ["RUS", "XKX", "PRK-RUS", "PRK-IRN"],
            "period": ["2023Q2", "2023", "2023", "2023"],
            "value": [100.0, 1.0, 1e6, 0.5],
            "confidence": "low",
        }
    )
    both = pd.concat([record, extra], ignore_index=True)
    fit = targets(both, trunk.actors)
    assert set(fit["year"]) == {2022, 2023} and set(fit["split"]) == {"fit"}
    assert len(fit) == 4  # the quarterly, unknown-state, unread-quantity and PRK-IRN rows go
    test = targets(both, trunk.actors, split="test")
    assert set(test["year"]) == {2024}
    milex = fit[(fit["statistic"] == "milex_usd_bn") & (fit["state"] == "RUS")]
    observed = record[(record["quantity"] == "milex_usd_bn") & (record["state"] == "RUS")]
    assert milex["value"].iloc[0] == pytest.approx(np.log(observed["value"].iloc[0]))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"statistics": ["unga_votes"]}, "^statistic 'unga_votes' is unknown; allowed: "),
        ({"split": "initial"}, "^split 'initial' is not allowed; allowed: fit, test, all$"),
        ({"statistics": ["arms_share"], "split": "fit"}, "^the record has no observation"),
    ],
)
def test_bad_target_requests_get_one_line(record, trunk, options, message):
    with pytest.raises(ScenariosError, match=message) as error:
        targets(record, trunk.actors, **options)
    assert "\n" not in str(error.value)


def test_the_observed_record_gives_targets_and_no_held_out_quantity(trunk):
    table = targets(load_observed(), trunk.actors)
    assert set(table["statistic"]) == {"milex_usd_bn", "gdp_growth_pct"}
    assert set(table["split"]) == {"fit"}
    assert not any("unga" in name or "vote" in name for name in STATISTICS)


def test_every_statistic_informs_registry_parameters():
    for statistic in STATISTICS.values():
        assert statistic.informs and set(statistic.informs) <= set(PARAMETERS)
        assert sorted(statistic.scales) == list(statistic.scales)


def test_every_statistic_weighs_the_same_whatever_its_length():
    table = pd.DataFrame(
        {
            "statistic": ["a"] * 4 + ["b"],
            "bound": "point",
            "scale": [1.0, 1.0, 1.0, 1.0, 2.0],
        }
    )
    distance = ScaledDistance(table)
    assert distance(np.array([1.0, 1, 1, 1, 0]), np.zeros(5)) == pytest.approx(1.0)
    assert distance(np.array([0.0, 0, 0, 0, 2]), np.zeros(5)) == pytest.approx(1.0)


def test_a_bound_counts_only_when_broken():
    table = pd.DataFrame({"statistic": "a", "bound": ["lower", "upper", "point"], "scale": 1.0})
    distance = ScaledDistance(table)
    assert distance(np.array([5.0, -5.0, 0.0]), np.zeros(3)) == 0
    assert distance(np.array([-1.0, 1.0, 0.0]), np.zeros(3)) == pytest.approx((2 / 3) ** 0.5)
    members = distance(np.array([[5.0, -5.0, 0.0], [-1.0, 1.0, 0.0]]), np.zeros(3))
    assert members.shape == (2,) and members[0] == 0


def test_the_prior_frees_the_assumed_parameters_and_refuses_unknown_ones():
    from scenarios.calibration.statistics import STATISTICS
    from scenarios.registry.parameters import run_wide_keys

    assumed = {k for k, spec in PARAMETERS.items() if spec.calibration == "assumed"}
    informed = {key for statistic in STATISTICS.values() for key in statistic.informs}
    free = free_parameters()
    assert set(free) == (assumed & informed) - set(run_wide_keys())
    assert "sanctions.trend_growth" not in free  # rests on a published figure
    # a fit to spending alone frees only what spending informs
    spending = set(free_parameters(statistics=["milex_usd_bn"]))
    assert spending == assumed & set(STATISTICS["milex_usd_bn"].informs)
    assert "deterrence.reaction" in spending and "arms.risk_aversion" not in spending
    with pytest.raises(ScenariosError, match=r"^parameter 'alignment\.decai' has no prior range"):
        free_parameters(["alignment.decai"])
    with pytest.raises(ScenariosError, match="named twice"):
        free_parameters(["alignment.decay", "alignment.decay"])


def test_the_prior_is_uniform_over_the_registry_range():
    pytest.importorskip("scipy")
    from scenarios.calibration.prior import prior

    distribution = prior(["alignment.decay", "arms.initial_stock"])
    assert list(distribution) == ["alignment.decay", "arms.initial_stock"]
    spec = PARAMETERS["arms.initial_stock"]
    assert distribution["arms.initial_stock"].pdf(spec.low - 0.1) == 0
    assert distribution["arms.initial_stock"].pdf(spec.high / 2) == pytest.approx(
        1 / (spec.high - spec.low)
    )


def test_wartime_years_are_the_trunks_lasting_wars_and_their_rows_are_not_targets():
    from scenarios.calibration.statistics import targets, wartime
    from scenarios.facts.observed import load_observed
    from scenarios.scenario import load_scenario

    trunk = load_scenario("replay_2022")
    years = wartime(trunk.events)
    # the invasion from 2022Q1 with no ceasefire; the 2025 wars of days do not count
    assert {state for state, _ in years} == {"RUS", "UKR"}
    assert {year for _, year in years} == {2022, 2023, 2024, 2025}
    record = load_observed()
    kept = targets(record, trunk.actors, exclude=years)
    every = targets(record, trunk.actors)
    dropped = every.merge(kept, how="left", indicator=True).query("_merge == 'left_only'")
    assert len(dropped) > 0
    assert set(dropped["state"]) == {"RUS", "UKR"}
    assert set(dropped["statistic"]) <= {"milex_usd_bn", "gdp_growth_pct"}
