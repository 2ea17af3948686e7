"""Ensembles: summaries, member-level results, streams, chunking, progress, fan charts."""

import matplotlib
import numpy as np
import pandas as pd
import pytest

from scenarios.errors import ScenarioError, ScenariosError
from scenarios.experiments.run import run_ensemble
from scenarios.experiments.tables import STATISTICS
from scenarios.model import simulate
from scenarios.plot.experiments import fan_chart
from scenarios.quarters import decimal_year

matplotlib.use("Agg")
import matplotlib.pyplot as plt


@pytest.fixture(scope="module")
def ensemble(tiny):
    return run_ensemble(tiny, 12, seed=3)


def test_member_level_table_lists_every_member_and_recorded_cell(tiny, ensemble):
    metrics = ensemble.metrics
    assert list(metrics.columns) == ["member", "quarter", "metric", "value"]
    # an ensemble's default is a posterior draw per member, as simulate(parameters=...)
    reference = simulate(tiny, seed=3, members=12, parameters="posterior").metrics
    # the same rows in the same order as the engine's own table, for every member
    assert np.array_equal(metrics["member"], reference["member"])
    assert list(metrics["quarter"].astype(str)) == list(reference["quarter"].astype(str))
    assert list(metrics["metric"].astype(str)) == list(reference["metric"].astype(str))
    assert np.array_equal(metrics["value"], reference["value"])


def test_summary_matches_quantiles_computed_independently(ensemble):
    summary = ensemble.summary
    assert list(summary.columns) == ["quarter", "metric", *STATISTICS, "uncertainty"]
    assert (summary["uncertainty"] == "noise and parameters").all()
    grouped = ensemble.metrics.groupby(["quarter", "metric"], observed=True)["value"]
    oracle = pd.DataFrame(
        {
            "mean": grouped.mean(),
            "q05": grouped.quantile(0.05),
            "q25": grouped.quantile(0.25),
            "median": grouped.median(),
            "q75": grouped.quantile(0.75),
            "q95": grouped.quantile(0.95),
        }
    )
    mine = summary.set_index(["quarter", "metric"])
    assert len(mine) == len(oracle)
    assert np.allclose(mine.loc[oracle.index, list(STATISTICS)], oracle, rtol=0, atol=1e-12)
    bands = summary[["q05", "q25", "median", "q75", "q95"]].to_numpy()
    assert (np.diff(bands, axis=1) >= 0).all()


def test_bloc_metrics_appear_only_at_bloc_records(ensemble):
    rows = ensemble.summary[ensemble.summary["metric"] == "bipolarity"]
    # every fourth record from the trunk's start (2021Q4), and the last
    assert list(rows["quarter"].astype(str)) == ["2021Q4", "2022Q4", "2023Q4", "2024Q4", "2025Q3"]
    assert not ensemble.summary[list(STATISTICS)].isna().any().any()


@pytest.mark.parametrize("chunk_size", [1, 5, 12, 100])
def test_chunk_size_does_not_change_results(tiny, ensemble, chunk_size):
    again = run_ensemble(tiny, 12, seed=3, chunk_size=chunk_size)
    assert np.array_equal(again.values, ensemble.values, equal_nan=True)


def test_member_m_draws_from_its_own_stream(tiny, ensemble):
    alone = simulate(tiny, seed=3, members=1, first_member=7, parameters="posterior").metrics
    assert np.array_equal(alone["value"], ensemble.metrics.query("member == 7")["value"])
    assert np.array_equal(ensemble.member_run(7).metrics["value"], alone["value"])
    other_seed = run_ensemble(tiny, 12, seed=4)
    assert not np.array_equal(other_seed.values, ensemble.values, equal_nan=True)


def test_bad_arguments_are_one_line_errors(tiny):
    with pytest.raises(ScenarioError, match=r"^run_ensemble: members: expected a whole number"):
        run_ensemble(tiny, 0, seed=1)
    with pytest.raises(ScenarioError, match=r"^run_ensemble: seed: expected a whole number >= 0"):
        run_ensemble(tiny, 2, seed=-1)
    with pytest.raises(ScenariosError, match=r"engine: expected None .* got str"):
        run_ensemble(tiny, 2, seed=1, engine="processes")
    with pytest.raises(ScenariosError, match="allowed: 0 to 11"):
        run_ensemble(tiny, 12, seed=1).member_run(12)


def test_progress_bar_goes_to_stderr_only_when_asked_or_on_a_terminal(tiny, capfd):
    run_ensemble(tiny, 4, seed=1, chunk_size=2, progress=True)
    out, err = capfd.readouterr()
    assert out == ""
    assert "ensemble tiny" in err and "member" in err
    run_ensemble(tiny, 4, seed=1, chunk_size=2)  # stderr is not a terminal under pytest
    assert capfd.readouterr() == ("", "")


def test_fan_chart_draws_median_and_two_bands(ensemble):
    fig, ax = plt.subplots()
    assert fan_chart(ensemble.summary, "trilateral_cohesion", ax) is ax
    (line,) = ax.lines
    rows = ensemble.summary.query("metric == 'trilateral_cohesion'")
    assert np.array_equal(line.get_ydata(), rows["median"])
    # the records run from the trunk's start (2021Q4) to four quarters after the branch
    assert np.allclose(line.get_xdata(), np.arange(2021.75, 2025.6, 0.25))
    assert len(ax.collections) == 2
    plt.close(fig)


def test_fan_chart_of_a_sweep_needs_a_point(ensemble):
    summary = ensemble.summary.assign(point=0)
    fig, ax = plt.subplots()
    with pytest.raises(ScenariosError, match="point=P"):
        fan_chart(summary, "bipolarity", ax)
    with pytest.raises(ScenariosError, match="no rows for metric 'nope'"):
        fan_chart(summary, "nope", ax, point=0)
    plt.close(fig)


def test_decimal_year():
    assert list(decimal_year(["2024Q1", "2024Q4", "2030Q3"])) == [2024.0, 2024.75, 2030.5]
