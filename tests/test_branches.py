"""One trunk, many branches: scenarios agree up to their branches and part there."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from scenarios.errors import ScenarioError
from scenarios.model import simulate_records
from scenarios.model.lever_changes import enter_branch
from scenarios.model.params import default_params
from scenarios.model.synthetic import synthetic
from scenarios.quarters import format_quarter
from scenarios.scenario import list_scenarios, load_scenario

SHIPPED = tuple(list_scenarios()["name"])
SEED = 11
MEMBERS = 3


def _arrays(records, last: int, bloc_quarters) -> dict[str, np.ndarray]:
    """Every recorded array up to and including the record of quarter ``last``.

    Blocs are compared at ``bloc_quarters``: a run also records them at its last record,
    which for the trunk alone (the replay) is its branch.
    """
    upto = records.quarters.index(last) + 1
    blocs = [records.bloc_quarters.index(q) for q in bloc_quarters]
    arrays = {
        "quarters": np.array(records.quarters[:upto]),
        "states": records.states[:, :upto],
        "relations": records.relations[:, :upto],
        "labels": records.labels[:, blocs],
    }
    arrays.update({f"metric {k}": v[:, :upto] for k, v in records.metrics.items()})
    arrays.update({f"bloc {k}": v[:, blocs] for k, v in records.bloc_metrics.items()})
    return arrays


@pytest.fixture(scope="module")
def runs():
    scenarios = {name: load_scenario(name) for name in SHIPPED}
    return {
        name: (scenario, simulate_records(scenario, seed=SEED, members=MEMBERS))
        for name, scenario in scenarios.items()
    }


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(SHIPPED, 2)))
def test_any_two_scenarios_are_identical_up_to_the_earlier_branch(runs, a, b):
    (first, one), (second, two) = runs[a], runs[b]
    fork = min(first.branch, second.branch)
    shared = sorted(q for q in set(one.bloc_quarters) & set(two.bloc_quarters) if q <= fork)
    left, right = _arrays(one, fork, shared), _arrays(two, fork, shared)
    assert left.keys() == right.keys()
    for key in left:
        assert left[key].tobytes() == right[key].tobytes(), (
            f"{key} differs by {format_quarter(fork)}"
        )


@pytest.mark.parametrize(("a", "b"), [("pact_2024q2", "no_pact"), ("baseline", "china_supportive")])
def test_twins_part_in_the_quarter_after_their_branch(runs, a, b):
    (scenario, one), (_, two) = runs[a], runs[b]
    after = one.quarters.index(scenario.branch) + 1
    assert one.states[:, after].tobytes() != two.states[:, after].tobytes()


def test_levers_and_lever_overrides_act_only_from_the_branch():
    baseline = load_scenario("baseline")
    plain = simulate_records(baseline, seed=SEED, members=2)
    override = {"levers.sanctions_intensity": [0.0, 2.0], "levers.us_commitment": [1.0, 0.2]}
    changed = simulate_records(baseline, seed=SEED, members=2, params_override=override)
    upto = plain.quarters.index(baseline.branch) + 1
    assert plain.states[:, :upto].tobytes() == changed.states[:, :upto].tobytes()
    assert plain.states[:, upto].tobytes() != changed.states[:, upto].tobytes()


def test_a_parameter_acts_on_the_trunk_too():
    baseline = load_scenario("baseline")
    runs = [
        simulate_records(baseline, seed=SEED, members=1, record=("relations",), params_override=p)
        for p in (None, {"alignment.noise": 0.0})
    ]
    assert runs[0].relations[:, 1].tobytes() != runs[1].relations[:, 1].tobytes()


def test_a_ceasefire_override_before_the_branch_is_refused():
    baseline = load_scenario("baseline")
    with pytest.raises(ScenarioError, match=r"levers\.ceasefire: a quarter before the branch"):
        simulate_records(
            baseline, seed=0, members=1, params_override={"levers.ceasefire": "2025Q1"}
        )


def test_pact_off_after_the_treaty_is_refused_whichever_way_it_is_set():
    baseline = load_scenario("baseline")
    with pytest.raises(ScenarioError, match=r"levers\.pact: false has no effect after the treaty"):
        simulate_records(
            baseline, seed=0, members=2, params_override={"levers.pact": [True, False]}
        )
    with pytest.raises(ScenarioError, match=r"scenario branching at 2024Q2 or earlier"):
        simulate_records(baseline.with_values({"levers.pact": False}), seed=0, members=1)


def test_entering_the_branch_rescales_the_sanctions_in_force():
    state, _ = synthetic(6, members=2, seed=1)
    trunk = default_params(2)
    branch = trunk | {"levers.sanctions_intensity": np.array([0.5, 2.0])}
    after, params = enter_branch(state, trunk, branch)
    assert state.sanctions.any()
    np.testing.assert_array_equal(after.sanctions[0], state.sanctions[0] * 0.5)
    np.testing.assert_array_equal(after.sanctions[1], np.minimum(state.sanctions[1] * 2.0, 1.0))
    assert params["levers.sanctions_intensity"] is branch["levers.sanctions_intensity"]
    same, _ = enter_branch(state, trunk, trunk)
    assert same is state
