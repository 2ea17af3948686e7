"""Scheduled lever changes: the [[lever_changes]] table, its errors, and what the engine does."""

import shutil
import tomllib

import numpy as np
import pandas as pd
import pytest

from scenarios.errors import ScenarioError
from scenarios.experiments import run_ensemble
from scenarios.experiments.compare import compare
from scenarios.model import build, default_params, simulate
from scenarios.model.lever_changes import change_levers
from scenarios.quarters import parse_quarter
from scenarios.registry.levers import SCHEDULABLE
from scenarios.scenario import list_scenarios, load_scenario

WORLD = """[world]
actors = ["USA", "CHN", "RUS", "PRK", "KOR", "JPN", "UKR"]
branch = "2024Q3"
horizon_quarters = 8
"""

BASE = f'description = "Seven states, eight quarters."\n{WORLD}'


def change(lever, value, date="2025Q2", note=None):
    text = f'\n[[lever_changes]]\nlever = "{lever}"\ndate = "{date}"\nvalue = {value}\n'
    return text + (f'note = "{note}"\n' if note else "")


def toml_value(value):
    if isinstance(value, str):
        return f'"{value}"'
    return str(value).lower() if isinstance(value, bool) else repr(value)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "base.toml").write_text(BASE)
    return tmp_path


def load(folder, text, name="child"):
    (folder / f"{name}.toml").write_text(text)
    return load_scenario(folder / f"{name}.toml")


def child(body):
    return f'description = "A child."\nextends = "base"\n{body}'


def run(scenario):
    return simulate(scenario, seed=3, members=3, blocs_every=1)


def split(results, quarter):
    """The states, relations and metrics tables up to ``quarter`` and after it."""
    before, after = [], []
    for name in ("states", "relations", "metrics"):
        table = getattr(results, name)
        early = table["quarter"].astype(str) <= quarter
        before.append(table[early].reset_index(drop=True))
        after.append(table[~early].reset_index(drop=True))
    return before, after


# -- what the engine does --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lever", "value"),
    [
        ("sanctions_intensity", 0.5),
        ("secondary_sanctions", 0.8),
        ("china_stance", "supportive"),
        ("interdiction", 0.9),
        ("us_commitment", 0.2),
    ],
)
def test_a_change_leaves_the_run_as_it_was_until_it_acts(folder, lever, value):
    plain = run(load(folder, BASE, "base"))
    changed = run(load(folder, child(change(lever, toml_value(value), "2025Q2"))))
    # it acts during 2025Q2, so the record of 2025Q2 is unchanged and 2025Q3 differs
    before, _ = split(plain, "2025Q2")
    same, _ = split(changed, "2025Q2")
    for left, right in zip(before, same, strict=True):
        pd.testing.assert_frame_equal(left, right)
    _, after = split(plain, "2025Q2")
    _, moved = split(changed, "2025Q2")
    states, moved_states = after[0], moved[0]
    numbers = states.select_dtypes("number").drop(columns="member")
    assert not numbers.equals(moved_states[numbers.columns])


@pytest.mark.parametrize("lever", SCHEDULABLE)
def test_a_change_to_the_value_in_force_changes_nothing(folder, lever):
    base = load(folder, BASE, "base")
    value = base.levers[lever]
    changed = load(folder, child(change(lever, toml_value(value), "2025Q1")))
    plain, same = run(base), run(changed)
    for name in ("states", "relations", "blocs", "metrics"):
        pd.testing.assert_frame_equal(getattr(plain, name), getattr(same, name))


def test_a_sanctions_intensity_change_rescales_the_sanctions_in_force(tiny):
    state, _ = build(tiny, default_params(2), 2)
    params = {**default_params(2), "levers.sanctions_intensity": np.array([1.0, 0.0])}
    changed, new = change_levers(state, params, [("levers.sanctions_intensity", 0.5)])
    assert new["levers.sanctions_intensity"] == 0.5
    assert params["levers.sanctions_intensity"].tolist() == [1.0, 0.0]  # left as it was
    np.testing.assert_array_equal(changed.sanctions[0], np.minimum(state.sanctions[0] * 0.5, 1))
    np.testing.assert_array_equal(changed.sanctions[1], state.sanctions[1])  # 0: nothing to scale
    doubled, _ = change_levers(state, default_params(2), [("levers.sanctions_intensity", 2.0)])
    assert doubled.sanctions.max() <= 1.0


def test_halving_sanctions_intensity_about_halves_the_sanctions_from_then_on(folder):
    plain = run(load(folder, BASE, "base")).relations
    cut = run(load(folder, child(change("sanctions_intensity", 0.5, "2025Q2")))).relations
    totals = pd.DataFrame(
        {
            "plain": plain.groupby("quarter", observed=True)["sanctions"].sum(),
            "cut": cut.groupby("quarter", observed=True)["sanctions"].sum(),
        }
    )
    ratio = totals["cut"] / totals["plain"]
    assert (ratio[:"2025Q2"] == 1).all()
    # halved where the change acts; the dynamics (defection, new sanctions) move it a little
    assert ratio["2025Q3":].between(0.45, 0.6).all()


def test_ensembles_and_comparisons_follow_the_schedule(folder):
    base = load(folder, BASE, "base")
    changed = load(folder, child(change("china_stance", '"supportive"', "2025Q3")))
    alone = run_ensemble(changed, 4, 2)
    assert np.array_equal(
        alone.values, run_ensemble(changed, 4, 2, chunk_size=1).values, equal_nan=True
    )
    result = compare([base, changed], 4, 2)
    table = result.differences
    early = table[table["quarter"].astype(str) <= "2025Q3"]
    assert (early["difference_q05"] == 0).all() and (early["difference_q95"] == 0).all()
    late = table[table["quarter"].astype(str) == "2026Q3"]
    assert (late["p_higher"] + late["p_lower"]).max() > 0


# -- the file format -------------------------------------------------------------------------


def test_changes_are_resolved_sorted_and_written_back(folder):
    parent = BASE + change("us_commitment", 0.5, "2025Q4") + change("interdiction", 0.3, "2025Q1")
    (folder / "base.toml").write_text(parent)
    scenario = load(
        folder,
        child(change("us_commitment", 0.1, "2025Q4", note="deeper")),
    )
    assert [(c.lever, c.quarter, c.value, c.note) for c in scenario.lever_changes] == [
        ("interdiction", parse_quarter("2025Q1"), 0.3, ""),
        ("us_commitment", parse_quarter("2025Q4"), 0.1, "deeper"),
    ]
    text = scenario.to_toml()
    assert tomllib.loads(text) == scenario.to_dict()
    again = load(folder, text, "child")
    assert again.lever_changes == scenario.lever_changes


def test_a_date_may_be_a_day_and_a_choice_stays_a_choice(folder):
    text = child(
        '\n[[lever_changes]]\nlever = "china_stance"\ndate = 2025-02-24\nvalue = "distancing"\n'
    )
    (only,) = load(folder, text).lever_changes
    assert (only.quarter, only.value) == (parse_quarter("2025Q1"), "distancing")


def test_shipped_scenarios_have_no_changes_and_show_none():
    for name in list_scenarios()["name"]:
        scenario = load_scenario(name)
        assert scenario.lever_changes == ()
        assert "lever_changes" not in scenario.to_dict()


SPAN = "2024Q3 to 2026Q2 (world.branch plus world.horizon_quarters)"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            change("sanctions_intensty", 0.5),
            "lever_changes[0].lever: unknown lever (did you mean sanctions_intensity?)",
        ),
        (change("pact", "false"), "lever_changes[0].lever: 'pact' cannot change during a run"),
        (change("ceasefire", '"2025Q3"'), "lever_changes[0].lever: 'ceasefire' cannot change"),
        (
            change("us_commitment", 1.5),
            "lever_changes[0].value: 1.5 is out of range; allowed: a number from 0 to 1",
        ),
        (
            change("china_stance", '"hostile"'),
            "lever_changes[0].value: a string ('hostile') is not allowed",
        ),
        (
            change("interdiction", 0.5, "2027Q1"),
            f"lever_changes[0].date: 2027Q1 is after the horizon; allowed: {SPAN}",
        ),
        (
            change("interdiction", 0.5, "2024Q2"),
            f"lever_changes[0].date: 2024Q2 is before the branch; allowed: {SPAN}",
        ),
        (change("interdiction", 0.5, "spring"), "lever_changes[0].date: expected a quarter"),
        (
            '\n[[lever_changes]]\nlever = "interdiction"\nvalue = 0.5\n',
            "lever_changes[0].date: missing; required: a quarter",
        ),
        (
            change("interdiction", 0.5) + "magnitude = 1.0\n",
            "lever_changes[0].magnitude: unknown key",
        ),
        (
            change("interdiction", 0.5) + change("interdiction", 0.7),
            "lever_changes[1]: interdiction already changes in 2025Q2 (lever_changes[0])",
        ),
        (
            change("sanctions_intensity", 0.0, "2025Q1")
            + change("sanctions_intensity", 0.5, "2025Q3"),
            "lever_changes[1].value: sanctions_intensity rises from 0 in 2025Q3",
        ),
        ('lever_changes = "soon"\n', "lever_changes: expected [[lever_changes]] tables"),
    ],
)
def test_bad_changes_get_one_line_naming_the_key(folder, body, message):
    path = folder / "child.toml"
    path.write_text(child(body))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: {message}"), text
    assert "\n" not in text


def test_the_shipped_baseline_takes_a_change_from_a_child(tmp_path):
    shutil.copy(load_scenario("baseline").path, tmp_path / "baseline.toml")
    (tmp_path / "later.toml").write_text(
        'description = "Sanctions halved from 2026."\nextends = "baseline"\n'
        + change("sanctions_intensity", 0.5, "2026Q1")
    )
    scenario = load_scenario(tmp_path / "later.toml")
    assert scenario.levers["sanctions_intensity"] == 1.0
    assert scenario.lever_changes[0].quarter == parse_quarter("2026Q1")
