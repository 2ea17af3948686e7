"""Kinds and skill of the scorecard's checks: errors, nulls, and the "cannot fail" flag."""

import math

import numpy as np
import pandas as pd
import pytest

from scenarios.model import MECHANISMS
from scenarios.registry.parameters import PARAMETERS
from scenarios.validation import nulls
from scenarios.validation.replay import _COMPARISONS, replay_comparison, replay_results
from scenarios.validation.sanity import load_sanity_bands, sanity_runs, sanity_table
from scenarios.validation.scorecard import _rows, scorecard_summary
from scenarios.validation.skill import (
    SWITCHES,
    band_error,
    carried_forward,
    judge,
    point_error,
    skill_text,
)
from scenarios.validation.stylized import MEASURES, load_stylized_facts

NULLS = ("persistence", "mechanism off")


def test_band_error_is_distance_from_the_band():
    assert band_error(1.0, 3.0, 2.0) == 0.0
    assert band_error(1.0, 3.0, 0.5) == pytest.approx(0.5)
    assert band_error(1.0, 3.0, 3.25) == pytest.approx(0.25)
    # a range (growth's median path) is as far out as its farthest part
    assert band_error(1.0, 3.0, 0.0, 3.5) == pytest.approx(1.0)
    assert band_error(-math.inf, 0.0, 0.2) == pytest.approx(0.2)
    assert band_error(1.0, 3.0, math.nan) == math.inf


def test_point_error():
    assert point_error(0.5, 0.25) == pytest.approx(0.25)
    assert point_error(0.5, math.nan) == math.inf


@pytest.mark.parametrize(
    ("in_band", "error", "persistence", "off", "off_in_band", "expected"),
    [
        (True, 0.1, 0.5, 0.3, False, "pass"),
        (True, 0.1, 0.1, 0.3, False, "fail"),  # a tie with a null is not beating it
        (True, 0.1, 0.5, 0.05, False, "fail"),  # the mechanism-off run is closer
        (False, 0.1, 0.5, 0.3, False, "fail"),  # out of band, whatever the skill
        (True, 0.0, 0.5, 0.0, True, "cannot fail"),
        (None, 0.0, 0.5, 0.3, False, "n/a"),
    ],
)
def test_judge(in_band, error, persistence, off, off_in_band, expected):
    errors = dict(zip(NULLS, (persistence, off), strict=True))
    assert judge(in_band, error, errors, off_in_band) == expected


def test_skill_text():
    text = skill_text(0.1, {"persistence": 0.5, "mechanism off": 0.1})
    assert text == "beats persistence, not mechanism off"


def test_every_data_check_has_a_switch_of_real_parameters_or_steps():
    keys = {
        *load_stylized_facts()["fact_id"],
        *_COMPARISONS,
        *load_sanity_bands()["check"],
    }
    assert keys <= set(SWITCHES)
    for key, switch in SWITCHES.items():
        assert switch.overrides or switch.steps, key
        assert set(switch.overrides) <= set(PARAMETERS) and switch.steps <= set(MECHANISMS)
        for name, value in switch.overrides.items():
            assert PARAMETERS[name].check(value, name) == value
    # only the sanity table's nulls run engine switches; elsewhere a step would be ignored
    for key in {*load_stylized_facts()["fact_id"], *_COMPARISONS}:
        assert not SWITCHES[key].steps, key


def test_the_supplier_null_switches_the_arms_step_off():
    switch = SWITCHES["supplier_share"]
    assert switch.steps == {"arms"} and not switch.overrides
    assert switch.label().endswith("(step arms off)")
    assert switch.switches().off_in(0) == {"arms"}


def test_a_measure_that_ignores_its_mechanism_is_flagged(monkeypatch):
    # A constructed check: its measure returns the same in-band value whatever the
    # parameters, so switching its mechanism off cannot move it out of the band.
    facts = load_stylized_facts().iloc[[2]]  # rok_budget_growth, band [3, 9]
    fact_id = facts["fact_id"].iloc[0]
    seen = []

    def constant(members, seed, overrides=None):
        seen.append(overrides)
        return pd.DataFrame({"member": range(members), "target": "", "value": 5.0})

    monkeypatch.setitem(MEASURES, fact_id, constant)
    monkeypatch.setattr(nulls, "stylized_persistence", lambda trunk: {fact_id: 0.0})
    model = facts.assign(median=5.0, passed=True)
    skill = nulls.stylized_skill(model, trunk=None, members=3, seed=0)
    assert seen == [SWITCHES[fact_id].overrides]
    assert bool(skill["off_in_band"].iloc[0])
    rows = _rows(
        pd.DataFrame(
            {"check": ["constructed"], "published": ["p"], "simulated": ["s"]}
            | {"band": ["[3, 9]"], "passed": [True], "note": ["n"]}
        ),
        skill,
    )
    assert rows["pass/fail"].iloc[0] == "cannot fail"
    assert rows["note"].iloc[0].startswith("CANNOT FAIL")
    assert rows["kind"].iloc[0] == "data"
    assert "0 pass, 0 fail, 1 cannot fail" in scorecard_summary(rows)


def test_a_measure_that_needs_its_mechanism_can_pass(monkeypatch):
    facts = load_stylized_facts().iloc[[2]]
    fact_id = facts["fact_id"].iloc[0]

    def moved(members, seed, overrides=None):
        return pd.DataFrame({"member": range(members), "target": "", "value": 1.0})

    monkeypatch.setitem(MEASURES, fact_id, moved)
    monkeypatch.setattr(nulls, "stylized_persistence", lambda trunk: {fact_id: 0.0})
    skill = nulls.stylized_skill(facts.assign(median=5.0), trunk=None, members=3, seed=0)
    table = pd.DataFrame(
        {"check": ["c"], "published": ["p"], "simulated": ["s"], "band": ["b"]}
        | {"passed": [True], "note": [""]}
    )
    rows = _rows(table, skill)
    assert rows["pass/fail"].iloc[0] == "pass"
    assert "beats persistence, beats mechanism off" in rows["skill"].iloc[0]


def test_theory_rows_have_no_skill():
    table = pd.DataFrame(
        {"check": ["t"], "published": ["p"], "simulated": ["s"], "band": ["b"]}
        | {"passed": [np.nan]}
    )
    rows = _rows(table, None)
    assert rows[["kind", "pass/fail", "skill", "note"]].iloc[0].tolist() == [
        "theory",
        "n/a",
        "",
        "",
    ]


@pytest.fixture(scope="module")
def runs():
    return sanity_runs(members=2, seed=0)


def test_carried_forward_repeats_the_trunk_start(runs):
    trunk, later = runs["history"], runs["ten_years"]
    kept = carried_forward(trunk, later)
    assert list(kept.states["quarter"].cat.categories) == list(
        dict.fromkeys(later.states["quarter"].astype(str))
    )
    first = str(trunk.states["quarter"].iloc[0])
    start = trunk.states[trunk.states["quarter"].astype(str) == first]
    for quarter, frame in kept.states.groupby("quarter", observed=True):
        assert np.array_equal(frame["gdp"].to_numpy(), start["gdp"].to_numpy()), quarter
    assert set(kept.blocs["quarter"].astype(str)) == set(later.blocs["quarter"].astype(str))
    assert kept.metrics.empty


def test_persistence_of_the_sanity_table(runs):
    kept = {role: carried_forward(runs["history"], run) for role, run in runs.items()}
    table = sanity_table(results=kept)
    growth = table[table["check"] == "gdp_growth"]
    assert (growth["measured_min"] == 0).all() and (growth["measured_max"] == 0).all()
    burden = table[table["check"] == "military_burden"]
    for subject, rows in burden.groupby("subject"):
        assert rows["measured_min"].nunique() == 1, subject  # the start's burden, every year


def test_sanity_nulls_on_the_real_model(runs):
    table = sanity_table(results=runs)
    skill = nulls.sanity_skill(table, runs, members=2, seed=0)
    assert len(skill) == len(table)
    assert skill["off_error"].notna().all()
    assert (skill["persistence_label"] == nulls.PERSISTENCE).all()
    # with the arms step off the trunk's deliveries are its scheduled shipments alone:
    # fewer than the model's, and none by a supplier no event schedules (China)
    off = sanity_runs(
        2, 0, {"history": "replay_2022"}, switches=SWITCHES["supplier_share"].switches()
    )
    into = {
        name: run.relations[run.relations["b"] == "RUS"]
        .groupby("a", observed=True)["transfers"]
        .sum()
        for name, run in (("model", runs["history"]), ("off", off["history"]))
    }
    assert into["off"].sum() < into["model"].sum()
    assert into["off"].get("CHN", 0.0) == 0.0
    rows = skill[(table["check"] == "supplier_share").to_numpy()]
    assert rows["switch"].str.contains("step arms off").all()


def test_landscape_null_is_chance():
    skill = nulls.landscape_skill()
    assert skill["persistence"].iloc[0] == skill["off"].iloc[0] == "10.2"
    assert skill["error"].iloc[0] == pytest.approx(5.0)


def test_replay_nulls_change_nothing_under_persistence():
    table = replay_comparison(results=replay_results(members=2, seed=0))
    skill = nulls.replay_skill(table, members=2, seed=0)
    assert (skill["persistence"] == "0").all()
    assert len(skill) == len(table)
