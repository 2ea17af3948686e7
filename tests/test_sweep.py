"""Designs (factorial, Latin hypercube, tables), their validation, sweeps and the sweep CLI."""

import json

import numpy as np
import pandas as pd
import pytest

from scenarios.cli import main
from scenarios.errors import ScenarioError, ScenariosError
from scenarios.experiments.design import design_table, even_levels, factorial
from scenarios.experiments.run import sweep
from scenarios.experiments.sampling import latin_hypercube
from scenarios.experiments.store import load
from scenarios.experiments.tables import STATISTICS
from scenarios.model import simulate
from scenarios.quarters import parse_quarter

RANGES = {
    "sanctions.isolation_pull": (0.01, 0.1),
    "levers.sanctions_intensity": (0.5, 1.5),
    "levers.ceasefire": ("2024Q4", "2025Q2"),
    "levers.china_stance": None,
    "levers.pact": None,
}


@pytest.fixture(scope="module")
def lhs_sweep(tiny):
    design = latin_hypercube(RANGES, 5, seed=11)
    return sweep(tiny, design, 3, seed=2, chunk_size=4)


# -- factorial -----------------------------------------------------------------------------


def test_factorial_has_every_combination_first_key_slowest():
    design = factorial(
        {
            "sanctions.isolation_pull": [0.0, 0.05, 0.1],
            "levers.china_stance": ["cautious", "supportive"],
            "levers.pact": [True, False],
        }
    )
    assert design.points == 12 and design.kind == "factorial"
    table = design.table
    assert list(table["sanctions.isolation_pull"]) == [0.0] * 4 + [0.05] * 4 + [0.1] * 4
    assert list(table["levers.pact"][:4]) == [True, False, True, False]
    assert len(table.drop_duplicates()) == 12
    assert table.index.name == "point" and list(table.index) == list(range(12))


def test_factorial_rejects_values_outside_the_registry():
    with pytest.raises(ScenarioError) as error:
        factorial({"sanctions.isolation_pull": [0.1, 0.5]})
    assert str(error.value) == (
        "design: sanctions.isolation_pull[1]: 0.5 is out of range; allowed: a number from 0 "
        "to 0.2 (affinity per quarter)"
    )
    with pytest.raises(
        ScenarioError, match=r"levers.china_stance\[0\]: a string \('neutral'\) is not allowed"
    ):
        factorial({"levers.china_stance": ["neutral"]})
    with pytest.raises(ScenarioError, match="levels repeat"):
        factorial({"levers.pact": [True, True]})
    with pytest.raises(ScenarioError, match="no keys to vary"):
        factorial({})


def test_unknown_key_suggests_the_close_one():
    with pytest.raises(ScenarioError) as error:
        factorial({"sanctions.isolation_pul": [0.1]})
    message = str(error.value)
    assert message.startswith("design: sanctions.isolation_pul: unknown key (did you mean ")
    assert "sanctions.isolation_pull" in message and "\n" not in message
    with pytest.raises(ScenarioError, match=r"levers\.sanctions_intensity"):
        factorial({"sanctions_intensity": [1.0]})


def test_even_levels():
    assert even_levels("sanctions.isolation_pull", 0.0, 0.1, 3) == (0.0, 0.05, 0.1)
    quarters = even_levels("levers.ceasefire", "2025Q1", "2025Q4", 4)
    assert quarters == tuple(parse_quarter(f"2025Q{q}") for q in (1, 2, 3, 4))
    with pytest.raises(ScenarioError, match="takes levels, not a range"):
        even_levels("levers.pact", 0, 1, 2)
    with pytest.raises(ScenarioError, match=r"range 0\.1:0 is empty"):
        even_levels("sanctions.isolation_pull", 0.1, 0.0, 2)


# -- Latin hypercube -----------------------------------------------------------------------


def test_lhs_is_seeded_within_bounds_and_stratified():
    ranges = {"sanctions.isolation_pull": (0.02, 0.12), "alignment.balance_rate": (0.0, 0.5)}
    design = latin_hypercube(ranges, 40, seed=5)
    assert design.kind == "lhs" and design.seed == 5 and design.points == 40
    assert design.table.equals(latin_hypercube(ranges, 40, seed=5).table)
    assert not design.table.equals(latin_hypercube(ranges, 40, seed=6).table)
    for key, (low, high) in ranges.items():
        values = design.table[key].to_numpy()
        assert ((values >= low) & (values <= high)).all()
        # one point in each of the 40 equal strata: the defining property of an LHS
        strata = np.floor((values - low) / (high - low) * 40).astype(int)
        assert sorted(strata) == list(range(40))
    assert np.allclose(
        design.table["sanctions.isolation_pull"], 0.02 + 0.1 * design.unit[:, 0], atol=1e-15
    )


def test_lhs_maps_quarters_to_whole_quarters_and_levels_to_allowed_values():
    design = latin_hypercube(RANGES, 30, seed=1)
    table = design.table
    quarters = table["levers.ceasefire"]
    assert str(quarters.dtype) == "Int64"
    assert set(quarters) == {parse_quarter(q) for q in ("2024Q4", "2025Q1", "2025Q2")}
    assert set(table["levers.china_stance"]) == {"distancing", "cautious", "supportive"}
    assert table["levers.pact"].dtype == bool and set(table["levers.pact"]) == {True, False}
    point = design.values(0)
    assert isinstance(point["levers.ceasefire"], int)
    assert isinstance(point["sanctions.isolation_pull"], float)


def test_lhs_range_errors_are_one_line_with_the_allowed_range():
    with pytest.raises(ScenarioError) as error:
        latin_hypercube({"levers.sanctions_intensity": (0.5, 3.0)}, 10, seed=1)
    assert str(error.value) == (
        "design: levers.sanctions_intensity: 3.0 is out of range; allowed: a number from 0 to 2 "
        "(x current)"
    )
    with pytest.raises(ScenarioError, match="expected a range \\(low, high\\)"):
        latin_hypercube({"sanctions.isolation_pull": 0.1}, 10, seed=1)
    with pytest.raises(ScenarioError, match="points: expected a whole number from 1 to 1,000,000"):
        latin_hypercube({"sanctions.isolation_pull": (0.0, 0.1)}, 0, seed=1)
    with pytest.raises(ScenarioError, match="is not allowed"):
        latin_hypercube({"levers.china_stance": ("cautious", "hostile")}, 4, seed=1)


# -- explicit tables -----------------------------------------------------------------------


def test_design_table_checks_every_cell_and_names_row_and_column():
    frame = pd.DataFrame(
        {
            "sanctions.isolation_pull": [0.01, 0.02],
            "levers.ceasefire": ["2025Q1", "none"],
            "levers.china_stance": ["cautious", "supportive"],
        }
    )
    design = design_table(frame)
    assert design.kind == "table" and design.points == 2
    assert design.values(0)["levers.ceasefire"] == parse_quarter("2025Q1")
    assert design.values(1)["levers.ceasefire"] is None
    bad = frame.assign(**{"sanctions.isolation_pull": [0.01, 0.9]})
    with pytest.raises(ScenarioError) as error:
        design_table(bad, source="points.csv")
    assert str(error.value) == (
        "points.csv: row 1, sanctions.isolation_pull: 0.9 is out of range; allowed: a number "
        "from 0 to 0.2 (affinity per quarter)"
    )
    with pytest.raises(ScenarioError, match=r"row 0, levers\.ceasefire: expected a quarter"):
        design_table(pd.DataFrame({"levers.ceasefire": ["soon"]}))
    with pytest.raises(ScenarioError, match="expected a table"):
        design_table(pd.DataFrame())


# -- sweeps ---------------------------------------------------------------------------------


def test_sweep_tables_are_tidy(lhs_sweep):
    metrics, summary = lhs_sweep.metrics, lhs_sweep.summary
    assert list(metrics.columns) == ["point", "member", "quarter", "metric", "value"]
    assert list(summary.columns) == ["point", "quarter", "metric", *STATISTICS, "uncertainty"]
    assert (summary["uncertainty"] == "noise and parameters").all()
    assert set(metrics["point"]) == set(range(5)) and set(metrics["member"]) == {0, 1, 2}
    means = metrics.groupby(["point", "quarter", "metric"], observed=True)["value"].mean()
    assert np.allclose(summary.set_index(["point", "quarter", "metric"])["mean"], means)


def test_point_p_member_m_is_the_scenario_with_the_points_values_and_stream_p_times_M_plus_m(
    tiny, lhs_sweep
):
    for point, member in [(0, 0), (3, 2), (4, 1)]:
        varied = tiny.with_values(lhs_sweep.design.values(point))
        index = lhs_sweep.member_index(point, member)
        assert index == point * 3 + member
        # a posterior draw each (the sweep's default), the design's keys winning
        alone = simulate(
            varied, seed=2, members=1, first_member=index, parameters="posterior"
        ).metrics
        mine = lhs_sweep.metrics.query(f"point == {point} and member == {member}")
        assert np.array_equal(mine["value"], alone["value"])


def test_sweep_is_identical_for_any_chunk_size(tiny, lhs_sweep):
    for chunk_size in (1, 7, 1000):
        again = sweep(tiny, lhs_sweep.design, 3, seed=2, chunk_size=chunk_size)
        assert np.array_equal(again.values, lhs_sweep.values, equal_nan=True)


def test_run_wide_parameters_vary_across_points_of_one_chunk(tiny):
    design = factorial({"deterrence.distance_scale": [2000.0, 8000.0], "levers.pact": [True]})
    together = sweep(tiny, design, 2, seed=1, chunk_size=100)
    apart = sweep(tiny, design, 2, seed=1, chunk_size=2)
    assert np.array_equal(together.values, apart.values, equal_nan=True)
    assert not np.array_equal(together.values[0], together.values[1], equal_nan=True)


def test_outcomes_one_row_per_point_with_the_design(lhs_sweep):
    table = lhs_sweep.outcomes(["bipolarity", "dprk_restraint@2025Q1"], statistic="median")
    assert list(table.columns) == [*RANGES, "bipolarity", "dprk_restraint@2025Q1"]
    summary = lhs_sweep.summary
    expected = summary.query("metric == 'bipolarity' and quarter == '2025Q3'")["median"]
    assert np.array_equal(table["bipolarity"], expected)


def test_outcome_errors(lhs_sweep):
    with pytest.raises(ScenariosError, match="unknown metric \\(did you mean bipolarity"):
        lhs_sweep.outcomes("bipolarty")
    with pytest.raises(ScenariosError, match="bipolarity is not recorded in 2025Q1; allowed: "):
        lhs_sweep.outcomes("bipolarity@2025Q1")
    with pytest.raises(ScenariosError, match="statistic 'average': unknown"):
        lhs_sweep.outcomes("bipolarity", statistic="average")


def test_sweep_accepts_a_dataframe_and_checks_its_arguments(tiny):
    frame = pd.DataFrame({"levers.china_stance": ["distancing", "supportive"]})
    result = sweep(tiny, frame, 1, seed=0)
    assert result.design.kind == "table" and result.points == 2
    with pytest.raises(ScenarioError, match="sweep: members_per_point"):
        sweep(tiny, frame, 0, seed=0)
    with pytest.raises(ScenariosError, match="design: expected a Design"):
        sweep(tiny, {"levers.pact": [True]}, 1, seed=0)


# -- command line --------------------------------------------------------------------------


def test_cli_sweep_writes_a_results_folder(tiny_path, tmp_path, capsys):
    out = tmp_path / "sweep"
    code = main(
        [
            "sweep",
            str(tiny_path),
            "--param",
            "sanctions.isolation_pull=0:0.1",
            "--param",
            "levers.china_stance=cautious,supportive",
            "--points",
            "4",
            "--members",
            "2",
            "--seed",
            "9",
            "--chunk-size",
            "4",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"wrote {out}: 4 points x 2 members, seed 9")
    assert "trilateral_cohesion" in printed
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kind"] == "sweep" and manifest["seed"] == 9
    assert manifest["design"]["kind"] == "lhs" and manifest["design"]["seed"] == 9
    assert len([n for n in manifest["files"] if n.startswith("metrics/")]) == 2
    result = load(out)
    assert result.points == 4 and result.members_per_point == 2
    expected = sweep(tiny_path, result.design, 2, seed=9)
    assert result.metrics.equals(expected.metrics)


def test_cli_factorial_and_table_designs(tiny_path, tmp_path, capsys):
    out = tmp_path / "grid"
    args = ["sweep", str(tiny_path), "--design", "factorial", "--points", "3", "--members", "1"]
    args += ["--param", "levers.ceasefire=2024Q4:2025Q2", "--param", "levers.pact=true,false"]
    assert main([*args, "--out", str(out), "--format", "csv"]) == 0
    design = load(out).design
    assert design.points == 6 and design.kind == "factorial"
    assert (out / "design.csv").is_file()
    table = tmp_path / "points.csv"
    table.write_text("levers.china_stance,sanctions.isolation_pull\nsupportive,0.05\n")
    out2 = tmp_path / "table"
    args = ["sweep", str(tiny_path), "--design", "table", "--table", str(table)]
    assert main([*args, "--members", "1", "--out", str(out2)]) == 0
    assert load(out2).design.values(0) == {
        "levers.china_stance": "supportive",
        "sanctions.isolation_pull": 0.05,
    }
    capsys.readouterr()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--param", "sanctions.isolation_pull=0:0.5"],
            "error: --param: sanctions.isolation_pull: 0.5 is out of range; allowed: a number "
            "from 0 to 0.2 (affinity per quarter)",
        ),
        (["--param", "sanctions.isolation_pull"], "error: --param sanctions.isolation_pull: "),
        (["--param", "nope=1:2"], "error: --param nope=1:2: unknown key 'nope'"),
        (["--param", "levers.pact=0:1"], "error: --param levers.pact=0:1: expected levels A,B"),
        (
            ["--param", "sanctions.isolation_pull=0.1,0.2"],
            "error: --param sanctions.isolation_pull: a Latin hypercube samples a range; "
            "allowed: sanctions.isolation_pull=LOW:HIGH",
        ),
        ([], "error: --param: at least one KEY=LOW:HIGH is needed"),
        (["--design", "table"], "error: --design table: give --table FILE.csv"),
        (
            ["--param", "levers.pact=true", "--workers", "0"],
            "error: argument --workers: '0' not allowed",
        ),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(tiny_path, tmp_path, capsys, args, message):
    out = tmp_path / "never"
    assert main(["sweep", str(tiny_path), *args, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1
    assert not out.exists()
