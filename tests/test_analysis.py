"""Sensitivity (Morris, Sobol) and scenario discovery (PRIM) on sweeps; their plots."""

import importlib.metadata
import sys

import matplotlib
import numpy as np
import pandas as pd
import pytest

from scenarios.errors import ScenariosError
from scenarios.experiments import extras
from scenarios.experiments.design import design_table
from scenarios.experiments.discovery import discover
from scenarios.experiments.records import Layout
from scenarios.experiments.results import SweepResult
from scenarios.experiments.run import sweep
from scenarios.experiments.sampling import latin_hypercube
from scenarios.experiments.sensitivity import (
    MORRIS_COLUMNS,
    SOBOL_COLUMNS,
    morris_design,
    morris_indices,
    sobol_design,
    sobol_indices,
)
from scenarios.plot.experiments import prim_tradeoff, sensitivity_ranking

matplotlib.use("Agg")
import matplotlib.pyplot as plt

RANGES = {
    "sanctions.isolation_pull": (0.0, 0.1),
    "levers.china_stance": None,
    "alignment.balance_rate": (0.0, 0.5),
}
OUTCOMES = ["bipolarity", "dprk_restraint", "trilateral_cohesion@2025Q3"]


def synthetic(scenario, design, outcome):
    """A sweep whose one outcome is a known function of the design (no model run)."""
    layout = Layout(("2024Q3",), ("y",), np.ones((1, 1), dtype=bool))
    values = np.asarray(outcome, dtype=float).reshape(-1, 1, 1, 1)
    return SweepResult(scenario, design, 1, 0, layout, values)


# -- Morris --------------------------------------------------------------------------------


def test_morris_recovers_the_effects_of_a_known_linear_outcome(tiny):
    design = morris_design(RANGES, trajectories=6, seed=2)
    assert design.kind == "morris" and design.points == 6 * 4
    u = design.unit
    table = morris_indices(synthetic(tiny, design, 3.0 * u[:, 0] - 0.5 * u[:, 2]), "y")
    assert list(table.columns) == list(MORRIS_COLUMNS)
    effects = table.set_index("parameter")
    assert effects.loc["sanctions.isolation_pull", "mu"] == pytest.approx(3.0)
    assert effects.loc["alignment.balance_rate", "mu"] == pytest.approx(-0.5)
    assert effects.loc["alignment.balance_rate", "mu_star"] == pytest.approx(0.5)
    assert effects.loc["levers.china_stance", "mu_star"] == pytest.approx(0.0)
    assert list(effects["rank"]) == [1, 3, 2]
    assert effects.loc["sanctions.isolation_pull", "sigma"] == pytest.approx(0.0, abs=1e-12)


def test_morris_on_the_model_gives_a_tidy_table(tiny):
    design = morris_design(RANGES, trajectories=2, seed=1)
    table = morris_indices(sweep(tiny, design, 1, seed=3), OUTCOMES)
    assert list(table.columns) == list(MORRIS_COLUMNS)
    assert list(table["outcome"]) == [name for name in OUTCOMES for _ in RANGES]
    assert (table["mu_star"] >= table["mu"].abs() - 1e-12).all()
    for _, ranks in table.groupby("outcome")["rank"]:
        assert sorted(ranks) in ([1, 2, 3], [1, 1, 3], [1, 2, 2], [1, 1, 1])
    assert table.attrs["versions"]["SALib"] == importlib.metadata.version("SALib")


# -- Sobol ---------------------------------------------------------------------------------


def test_sobol_attributes_an_outcome_driven_by_one_key_to_that_key(tiny):
    design = sobol_design(RANGES, base_samples=256, seed=4)
    assert design.points == 256 * (len(RANGES) + 2)
    table = sobol_indices(synthetic(tiny, design, design.unit[:, 2] ** 2), "y", seed=1)
    assert list(table.columns) == list(SOBOL_COLUMNS)
    indices = table.set_index("parameter")
    assert indices.loc["alignment.balance_rate", "S1"] == pytest.approx(1.0, abs=0.05)
    assert indices.loc["alignment.balance_rate", "ST"] == pytest.approx(1.0, abs=0.05)
    assert indices.loc["alignment.balance_rate", "rank"] == 1
    others = indices.drop("alignment.balance_rate")
    assert (others["ST"].abs() < 0.02).all()
    assert (indices["ST_conf"] >= 0).all()


def test_sobol_of_a_constant_outcome_is_undefined_not_zero(tiny):
    design = sobol_design(RANGES, base_samples=8, seed=4)
    table = sobol_indices(synthetic(tiny, design, np.ones(design.points)), "y")
    assert table[["S1", "ST"]].isna().all().all()


def test_sobol_on_the_model_gives_a_tidy_table(tiny):
    design = sobol_design(RANGES, base_samples=4, seed=0)
    table = sobol_indices(sweep(tiny, design, 1, seed=3), OUTCOMES, resamples=50)
    assert list(table.columns) == list(SOBOL_COLUMNS)
    assert len(table) == len(OUTCOMES) * len(RANGES)
    assert table.attrs["scenario"] == "tiny" and table.attrs["statistic"] == "mean"


def test_designs_and_analyses_must_match(tiny):
    lhs = latin_hypercube(RANGES, 8, seed=1)
    result = synthetic(tiny, lhs, np.arange(8.0))
    with pytest.raises(ScenariosError, match="sobol_indices: the sweep's design is 'lhs'"):
        sobol_indices(result, "y")
    with pytest.raises(ScenariosError, match=r"allowed: a design from .*morris_design"):
        morris_indices(result, "y")
    with pytest.raises(ScenariosError, match="base_samples: 100 is not a power of two"):
        sobol_design(RANGES, base_samples=100)
    with pytest.raises(ScenariosError, match="trajectories: 1 not allowed"):
        morris_design(RANGES, trajectories=1)


# -- PRIM ----------------------------------------------------------------------------------


def test_prim_finds_the_box_that_makes_the_outcome(tiny):
    design = latin_hypercube(RANGES, 300, seed=7)
    table = design.table
    bipolar = (table["sanctions.isolation_pull"] > 0.05) & (
        table["levers.china_stance"] == "supportive"
    )
    found = discover(synthetic(tiny, design, bipolar.astype(float)), "y", 0.5)
    box = found.box.set_index("parameter")
    assert set(box.index) == {"sanctions.isolation_pull", "levers.china_stance"}
    assert box.loc["levers.china_stance", "levels"] == "supportive"
    assert box.loc["sanctions.isolation_pull", "low"] == pytest.approx(0.05, abs=0.01)
    assert box.loc["sanctions.isolation_pull", "high"] == pytest.approx(0.1, abs=0.01)
    summary = found.summary.iloc[0]
    assert summary["cases"] == bipolar.sum() and summary["points"] == 300
    assert summary["coverage"] > 0.9 and summary["density"] > 0.9
    last = found.trajectory.iloc[-1]
    assert last["coverage"] == summary["coverage"] and last["density"] == summary["density"]
    assert list(found.trajectory.columns) == ["step", "coverage", "density", "mass", "restricted"]


def test_prim_below_a_threshold_and_a_threshold_that_separates_nothing(tiny):
    design = latin_hypercube(RANGES, 100, seed=3)
    low = design.table["alignment.balance_rate"].to_numpy()
    result = synthetic(tiny, design, low)
    found = discover(result, "y", 0.1, direction="<")
    box = found.box.set_index("parameter")
    assert list(box.index) == ["alignment.balance_rate"]
    assert box.loc["alignment.balance_rate", "high"] < 0.15
    with pytest.raises(ScenariosError, match=r"no point has y > 0.9 \(range"):
        discover(result, "y", 0.9)
    with pytest.raises(ScenariosError, match="direction '=>'"):
        discover(result, "y", 0.1, direction="=>")


def test_prim_reads_quarter_boxes_as_quarters_and_none_as_after_the_run(tiny):
    rng = np.random.default_rng(0)
    quarters = ["2024Q4", "2025Q1", "2025Q2", "none"]
    frame = pd.DataFrame(
        {
            "levers.ceasefire": rng.choice(quarters, 200),
            "sanctions.isolation_pull": rng.uniform(0, 0.1, 200),
        }
    )
    design = design_table(frame)
    late = frame["levers.ceasefire"].isin(["2025Q2", "none"]).to_numpy()
    found = discover(synthetic(tiny, design, late.astype(float)), "y", 0.5)
    box = found.box.set_index("parameter")
    assert box.loc["levers.ceasefire", "levels"] == "2025Q2 to 2025Q2 or none"
    early = discover(synthetic(tiny, design, (~late).astype(float)), "y", 0.5)
    assert early.box.set_index("parameter").loc["levers.ceasefire", "levels"] == (
        "2024Q4 to 2025Q1"
    )


def test_prim_on_the_model_reports_coverage_and_density(tiny):
    design = latin_hypercube(RANGES, 40, seed=5)
    result = sweep(tiny, design, 1, seed=2)
    cohesion = result.outcomes("trilateral_cohesion")["trilateral_cohesion"]
    found = discover(result, "trilateral_cohesion", float(cohesion.median()))
    assert list(found.box.columns) == ["parameter", "low", "high", "levels", "qp_value"]
    assert set(found.box["parameter"]) <= set(RANGES)
    row = found.summary.iloc[0]
    assert 0 < row["coverage"] <= 1 and 0 < row["density"] <= 1 and row["cases"] == 20


# -- missing extra -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "call"),
    [
        ("SALib.sample.morris", lambda: morris_design(RANGES)),
        ("SALib.sample.sobol", lambda: sobol_design(RANGES)),
        ("prim", lambda: discover(None, "y", 0.5)),
    ],
)
def test_a_missing_extra_says_how_to_install_it(monkeypatch, module, call):
    monkeypatch.setitem(sys.modules, module, None)  # makes the import fail
    with pytest.raises(ScenariosError) as error:
        call()
    assert str(error.value).endswith(
        f"needs the optional package {module.split('.')[0]}: "
        'pip install "alignment-scenarios[analysis]"'
    )


def test_latin_hypercube_without_scipy_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy.stats", None)
    with pytest.raises(ScenariosError, match=r'scipy: pip install "alignment-scenarios\[analysis'):
        latin_hypercube(RANGES, 4, seed=1)


def test_versions_come_from_the_installed_distributions():
    assert extras.versions() == {
        "SALib": importlib.metadata.version("SALib"),
        "prim": importlib.metadata.version("prim"),
    }


# -- plots ---------------------------------------------------------------------------------


def test_ranking_plot_puts_the_most_influential_key_on_top(tiny):
    design = sobol_design(RANGES, base_samples=64, seed=4)
    y = 2 * design.unit[:, 0] + design.unit[:, 2]
    table = sobol_indices(synthetic(tiny, design, y), "y")
    fig, ax = plt.subplots()
    assert sensitivity_ranking(table, ax) is ax
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert labels[-1] == "sanctions.isolation_pull" and labels[0] == "levers.china_stance"
    assert len(ax.patches) == 2 * len(RANGES)  # ST bars with S1 inside
    assert ax.get_title() == "y"
    plt.close(fig)


def test_ranking_plot_of_several_outcomes_needs_one_named(tiny):
    design = morris_design(RANGES, trajectories=3, seed=2)
    result = synthetic(tiny, design, design.unit[:, 1])
    table = morris_indices(result, "y")
    both = pd.concat([table.assign(outcome="a"), table.assign(outcome="b")])
    fig, ax = plt.subplots()
    with pytest.raises(ScenariosError, match="holds 2 outcomes; allowed: outcome= one of a, b"):
        sensitivity_ranking(both, ax)
    sensitivity_ranking(both, ax, outcome="b")
    assert ax.get_xlabel().startswith("Morris mu*")
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "levers.china_stance"
    plt.close(fig)


def test_prim_tradeoff_plot(tiny):
    design = latin_hypercube(RANGES, 60, seed=1)
    found = discover(synthetic(tiny, design, design.unit[:, 0]), "y", 0.7)
    fig, ax = plt.subplots()
    assert prim_tradeoff(found.trajectory, ax) is ax
    offsets = ax.collections[0].get_offsets()
    assert len(offsets) == len(found.trajectory)
    plt.close(fig)
