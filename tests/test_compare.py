"""Comparing scenarios: pairing, tables, outcomes, one-line errors, the folder, the command."""

import json

import matplotlib
import numpy as np
import pandas as pd
import pytest

from scenarios.cli import main
from scenarios.errors import ResultsError, ScenariosError
from scenarios.experiments import run_ensemble
from scenarios.experiments.compare import compare
from scenarios.experiments.comparison import FIGURE
from scenarios.experiments.outcomes import OUTCOMES, Outcome, wilson_interval
from scenarios.experiments.store import load
from scenarios.plot.compare import comparison_figure, difference_paths, outcome_bars
from scenarios.scenario import list_scenarios

matplotlib.use("Agg")
import matplotlib.pyplot as plt

SHIPPED = tuple(list_scenarios()["name"])
VARIANTS = tuple(name for name in SHIPPED if name != "baseline")

SMALL_WORLD = """description = "A smaller world."
[world]
actors = ["USA", "CHN", "RUS", "PRK", "JPN", "KOR"]
branch = "2024Q3"
horizon_quarters = 4
"""


@pytest.fixture(scope="module")
def three():
    # 2033Q4 is a bloc record of every run (every fourth quarter from the trunk's 2021Q4)
    # the default parameters: these tests read the mechanisms' effects member by member
    return compare(
        ["baseline", "china_supportive", "ceasefire_2025"], 6, 3, at="2033Q4", parameters="default"
    )


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# -- every pair of shipped scenarios ---------------------------------------------------------


@pytest.mark.parametrize("name", VARIANTS)
def test_every_shipped_scenario_compares_with_the_baseline(name):
    result = compare(["baseline", name], 3, 0)
    assert result.names == ("baseline", name)
    table = result.differences
    assert set(table["scenario"]) == {name}
    assert (table["reference"] == "baseline").all()
    assert not table[["difference", "difference_q05", "difference_q95"]].isna().any().any()
    assert ((table["p_higher"] + table["p_lower"]) <= 1).all()
    assert set(result.outcomes["scenario"]) == {"baseline", name}
    # every scenario starts at the trunk's start, so members pair exactly
    assert result.aligned


@pytest.mark.parametrize(
    "names",
    [
        ("china_supportive", "china_distancing"),
        ("replay_2022", "no_pact"),
        ("us_retrenchment", "secondary_sanctions", "arms_interdiction"),
        ("ceasefire_2025", "replay_2022", "baseline"),
    ],
)
def test_other_pairs_and_triples_compare(names):
    result = compare(list(names), 2, 1)
    assert result.reference == names[0]
    assert list(result.differences["scenario"].cat.categories) == list(names[1:])
    assert len(result.outcomes) == len(names) * len(result.outcome_specs)


# -- pairing -------------------------------------------------------------------------------


def test_members_are_the_ensembles_of_run_ensemble_with_the_same_seed(three):
    alone = run_ensemble("china_supportive", 6, 3, parameters="default")
    got = three.member_values("china_supportive", "chn_rus_affinity")
    k = alone.metric_names.index("chn_rus_affinity")
    rows = [alone.quarters.index(q) for q in got.columns]
    np.testing.assert_array_equal(got.to_numpy(), alone.values[:, rows, k])


def test_paired_members_agree_exactly_until_the_ceasefire_acts(three):
    table = three.differences
    rows = table[table["scenario"] == "ceasefire_2025"]
    # the ceasefire is dated 2025Q2, so it first shows in the record of 2025Q3
    before = rows[rows["quarter"].astype(str) <= "2025Q2"]
    assert len(before) > 0
    assert (before[["difference", "difference_q05", "difference_q95"]] == 0).all().all()
    assert (before["p_higher"] == 0).all() and (before["p_lower"] == 0).all()
    end = rows[(rows["metric"] == "arms_to_rus") & (rows["quarter"] == three.at)].iloc[0]
    assert end["difference"] < 0 and end["p_lower"] == 1


def test_differences_are_the_quantiles_of_the_member_differences(three):
    cell = three.differences.query("scenario == 'china_supportive' and metric == 'bipolarity'")
    cell = cell[cell["quarter"] == three.at].iloc[0]
    ours = three.member_values("china_supportive", "bipolarity")[three.at].to_numpy()
    base = three.member_values("baseline", "bipolarity")[three.at].to_numpy()
    low, mid, high = np.quantile(ours - base, (0.05, 0.5, 0.95))
    assert (cell["difference_q05"], cell["difference"], cell["difference_q95"]) == (low, mid, high)
    assert cell["median"] == np.median(ours) and cell["reference_median"] == np.median(base)
    assert cell["p_higher"] == np.mean(ours > base)
    assert cell["unit"] == "index in [0, 1]" and cell["members"] == 6


def test_round_off_sized_differences_count_as_ties():
    result = compare(["baseline", "china_supportive"], 6, 3, metrics="arms_to_ukr")
    table = result.differences
    # both sides deliver Ukraine its whole gap; sums in another order differ by ~1e-16
    end = table[table["quarter"] == result.at].iloc[0]
    assert end["p_higher"] == 0 and end["p_lower"] == 0


# -- outcomes ------------------------------------------------------------------------------


def test_outcome_probabilities_count_the_cases(three):
    table = three.outcomes.set_index(["scenario", "outcome"])
    assert [o.name for o in three.outcome_specs] == list(OUTCOMES)
    for outcome in three.outcome_specs:
        for name in three.names:
            values = three.member_values(name, outcome.metric)[three.at].to_numpy()
            row = table.loc[(name, outcome.name)]
            assert row["cases"] == int(np.sum(values >= outcome.threshold))
            assert row["probability"] == row["cases"] / 6
            assert row["low"] <= row["probability"] <= row["high"]
            assert row["rule"] == outcome.rule and row["quarter"] == three.at


def test_a_custom_outcome_below_a_threshold():
    hostile = Outcome("hostile", "rus_jpn_affinity", -0.3, False, "Russia and Japan hostile.")
    result = compare(["baseline", "no_pact"], 4, 0, at="2030Q1", outcomes=[hostile])
    values = result.member_values("no_pact", "rus_jpn_affinity")["2030Q1"].to_numpy()
    row = result.outcomes.set_index("scenario").loc["no_pact"]
    assert row["cases"] == int(np.sum(values <= -0.3))
    assert row["rule"] == "rus_jpn_affinity <= -0.3"


def test_outcomes_on_metrics_not_recorded_in_the_quarter_are_left_out():
    result = compare(["baseline", "replay_2022"], 2, 0)
    # the replay records blocs at its last record, 2026Q1, the baseline does not
    assert result.at == "2026Q1"
    assert "bipolarity" in result.metrics
    assert "cold_war" not in set(result.outcomes["outcome"])
    result = compare(["baseline", "no_pact"], 2, 0, metrics=["rus_bite"])
    assert result.outcomes.empty and list(result.outcomes.columns)[-3:] == [
        "probability",
        "low",
        "high",
    ]


def test_wilson_interval():
    low, high = wilson_interval([0, 10, 5], [10, 10, 10])
    z2 = 1.96**2
    np.testing.assert_allclose([low[0], high[0]], [0.0, z2 / (10 + z2)])
    np.testing.assert_allclose([low[1], high[1]], [10 / (10 + z2), 1.0])
    assert low[2] < 0.5 < high[2]
    with pytest.raises(ScenariosError, match="successes <= trials"):
        wilson_interval(3, 2)


# -- one-line errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (["baseline"], {}, "compare: scenarios: got 1; allowed: two or more"),
        ("baseline", {}, "compare: scenarios: got 1; allowed: two or more"),
        (["baseline", "baseline"], {}, "compare: scenarios: baseline is given twice"),
        (
            ["baseline", "no_pact"],
            {"metrics": ["chn_rus_afinity"]},
            "compare: metric 'chn_rus_afinity': unknown (did you mean chn_rus_affinity",
        ),
        (
            ["baseline", "no_pact"],
            {"at": "2040Q1"},
            "compare: at: 2040Q1 is outside the runs; allowed: a quarter from 2021Q4 to 2034Q2",
        ),
        (["baseline", "no_pact"], {"at": "2030-01"}, "compare: at: expected a quarter like"),
        (
            ["baseline", "replay_2022"],
            {"metrics": "bipolarity"},
            "compare: metric 'bipolarity': not recorded in 2026Q1 by every run",
        ),
        (
            ["baseline", "no_pact"],
            {"at": "2030Q2", "metrics": "bipolarity"},
            "compare: metric 'bipolarity': not recorded in 2030Q2 by every run; allowed "
            "quarters: 2021Q4, 2022Q4, 2023Q4, ..., 2033Q4",
        ),
        (
            ["baseline", "no_pact"],
            {"metrics": "rus_bite", "outcomes": [OUTCOMES["cold_war"]]},
            "compare: outcome 'cold_war': its metric 'bipolarity' is not compared",
        ),
        (["baseline", "no_pact"], {"members": 0}, "compare: members: expected a whole number"),
        (["baseline", "no_pact"], {"seed": -1}, "compare: seed: expected a whole number >= 0"),
    ],
)
def test_bad_input_gets_one_line_naming_the_key(args, kwargs, message):
    call = {"members": 2, "seed": 0, **kwargs}
    with pytest.raises(ScenariosError) as caught:
        compare(args, call.pop("members"), call.pop("seed"), **call)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_scenarios_of_different_worlds_are_refused(tmp_path):
    (tmp_path / "small.toml").write_text(SMALL_WORLD)
    with pytest.raises(ScenariosError) as caught:
        compare(["baseline", tmp_path / "small.toml"], 2, 0)
    message = str(caught.value)
    assert message.startswith(
        "compare: world.actors: small and baseline are different worlds (only in baseline: "
    )
    assert message.endswith("allowed: scenarios with the same actors")


def test_asking_for_a_scenario_or_metric_not_compared(three):
    with pytest.raises(ScenariosError, match=r"scenario 'no_pact': not in this comparison"):
        three.member_values("no_pact", "bipolarity")
    small = compare(["baseline", "no_pact"], 2, 0, metrics="rus_bite")
    with pytest.raises(ScenariosError, match=r"metric 'prk_bite': not compared"):
        small.member_values("no_pact", "prk_bite")


# -- the folder, the figure, the command -----------------------------------------------------


def test_write_gives_a_complete_folder(three, tmp_path):
    out = three.write(tmp_path / "cmp")
    names = {p.name for p in out.iterdir()}
    assert names == {
        "differences.csv",
        "outcomes.csv",
        FIGURE,
        "manifest.json",
        "baseline.toml",
        "china_supportive.toml",
        "ceasefire_2025.toml",
    }
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kind"] == "comparison" and manifest["reference"] == "baseline"
    assert manifest["seed"] == 3 and manifest["members"] == 6 and manifest["at"] == three.at
    assert manifest["files"]["differences.csv"]["rows"] == len(three.differences)
    back = pd.read_csv(out / "outcomes.csv")
    assert back["cases"].tolist() == three.outcomes["cases"].tolist()
    assert (out / FIGURE).read_bytes().startswith(b"\x89PNG")
    # written again, the folder is replaced; as results it is refused in one line
    three.write(out)
    with pytest.raises(ResultsError, match="kind 'comparison' is unknown"):
        load(out)


def test_write_refuses_a_folder_of_something_else(three, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ResultsError, match="is not a results folder"):
        three.write(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_figures_draw_on_the_given_axes(three):
    _, (left, right) = plt.subplots(1, 2)
    assert difference_paths(three, "chn_rus_affinity", left) is left
    labels = [text.get_text() for text in left.get_legend().get_texts()]
    assert labels[0].startswith("China supportive: higher in ")
    assert left.get_ylabel() == "difference: affinity (−1 hostile … +1 allied)"
    assert outcome_bars(three, right) is right
    assert right.get_yticklabels()[0].get_text() == "Bipolarity (Cold-War index) ≥ 0.5"
    figure = comparison_figure(three)
    assert len([ax for ax in figure.axes if ax.get_visible()]) == 5


def test_the_command_prints_both_tables_and_writes_the_folder(tmp_path, capsys):
    out = tmp_path / "cmp"
    args = ["compare", "baseline", "no_pact", "--members", "3", "--metric", "rus_prk_cohesion"]
    assert main([*args, "--at", "2030Q1", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("reference: baseline; seed 0, 3 members per scenario")
    assert "paired differences in 2030Q1" in text and "rus_prk_cohesion" in text
    assert "pact_alliance" in text and "cold_war" not in text
    assert (out / FIGURE).is_file()


def test_the_command_reports_bad_input_in_one_line(capsys):
    assert main(["compare", "baseline", "no_pact", "--metric", "bipolarty"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: compare: metric 'bipolarty': unknown (did you mean bipolarity")
    assert err.count("\n") == 1
