"""Richardson's arms race: the project's step, the deterrence reduction, the 1909-13 fit."""

import numpy as np
import pandas as pd
import pytest

from scenarios.errors import DataError
from scenarios.validation import richardson as rc


def test_analytic_equilibrium_of_a_hand_case():
    # dx = 0.3 y - 0.6 x + 1, dy = 0.4 x - 0.5 y + 2: det 0.18, x* = 1.1/0.18, y* = 1.6/0.18
    x, y = rc.richardson_equilibrium(0.3, 0.4, 0.6, 0.5, 1.0, 2.0)
    assert x == pytest.approx(1.1 / 0.18, rel=1e-14)
    assert y == pytest.approx(1.6 / 0.18, rel=1e-14)


def test_project_step_settles_on_the_analytic_equilibrium():
    path = rc.richardson_path(0.0, 0.0, 0.3, 0.4, 0.6, 0.5, 1.0, 2.0, steps=2000, dt=0.1)
    end = path[path["step"] == 2000].set_index("bloc")["spending"]
    x, y = rc.richardson_equilibrium(0.3, 0.4, 0.6, 0.5, 1.0, 2.0)
    assert end["x"] == pytest.approx(x, rel=1e-12)
    assert end["y"] == pytest.approx(y, rel=1e-12)


def test_stability_condition_decides_convergence_or_runaway():
    cases = rc.richardson_cases(n=60, seed=3)
    stable = cases["stable"]
    assert stable.any() and (~stable).any()
    assert cases["agrees"].all()
    # where a b > k l the run settles on x* to 1e-9; where a b < k l it runs away
    assert (cases.loc[stable, "growth"] < 1).all()
    assert (cases.loc[~stable, "growth"] > 1e6).all()
    settled = cases[cases["settled"]]
    assert len(settled) > 0.8 * stable.sum()
    assert settled["equilibrium_error"].max() <= 1e-9
    # the analytic point is a fixed point of the project's step in every case
    assert cases["residual"].max() <= 1e-12


def test_deterrence_reduction_is_a_richardson_system_that_can_run_away():
    table = rc.deterrence_reduction(reactions=(0.0, 0.08, 1.0), fatigues=(0.0, 0.05, 0.5))
    # no reaction: no coupling, and the fatigue is the registry's fatigue
    calm = table[table["reaction"] == 0.0]
    assert np.allclose(calm[["k_xy", "k_yx"]], 0.0, atol=1e-10)
    assert np.allclose(calm["a_x"], calm["fatigue"], atol=1e-9)
    # coupling grows with the reaction coefficient
    coupled = table[table["fatigue"] == 0.05].sort_values("reaction")
    assert np.all(np.diff(coupled["k_xy"]) > 0) and np.all(np.diff(coupled["k_yx"]) > 0)
    # the linear Richardson system follows the full step closely while the race is stable
    stable = table[table["condition"] >= 0]
    assert stable["linear_error"].max() < 1e-2
    # both blocs arming raises both threats: a strong reaction against a weak fatigue runs
    # away, and the spectral radius says so exactly when the condition does
    race = table[(table["reaction"] == 1.0) & (table["fatigue"] == 0.05)].iloc[0]
    assert race["condition"] < 0 and race["spectral_radius"] > 1.0
    assert ((table["condition"] < -1e-9) == (table["spectral_radius"] > 1.0 + 1e-9)).all()


def test_two_bloc_world_rests_at_its_observed_burden():
    state, world = rc.two_bloc_world()
    np.testing.assert_allclose(state.milex[0] / state.gdp[0], [0.02, 0.025])
    np.testing.assert_allclose(state.threat, world.threat0)
    assert state.affinity[0, 0, 1] == state.affinity[0, 1, 0] == -1.0


def test_1909_table_loads_both_series():
    table = rc.load_richardson_1909()
    assert set(table["series"]) == {"richardson_recalled", "cow_nmc_v6"}
    assert len(table) == 40
    recalled = table[table["series"] == "richardson_recalled"]
    assert (recalled["confidence"] == "unverified").all()
    totals = rc.bloc_totals(table).set_index(["series", "year"])
    assert totals.loc[("richardson_recalled", 1909), "total"] == pytest.approx(199.2)
    assert totals.loc[("cow_nmc_v6", 1913), "total"] == pytest.approx(278.028)


def test_fit_reproduces_the_reference_regression_and_runs_away_on_cow_budgets():
    fits = rc.richardson_fit().set_index("series")
    # the reference's own regression of the recalled table: 0.7296, -142.1, 194.7
    recalled = fits.loc["richardson_recalled"]
    assert recalled.k_minus_a == pytest.approx(0.7296, abs=1e-4)
    assert recalled.g_plus_h == pytest.approx(-142.1, abs=0.1)
    assert recalled.equilibrium == pytest.approx(194.7, abs=0.1)
    assert not recalled.sourced
    cow = fits.loc["cow_nmc_v6"]
    assert cow.sourced and cow.k_minus_a > 0 and cow.r > 0.99
    prediction = rc.richardson_prediction()
    later = prediction[prediction["year"] > 1909]
    assert later["error_pct"].abs().max() < rc.PREDICTION_BAND_PCT


def test_bad_table_is_one_line_naming_file_row_and_column(tmp_path):
    table = pd.read_csv(rc.default_path(), dtype=str, keep_default_na=False)
    table.loc[3, "state"] = "Prussia"
    path = tmp_path / "richardson.csv"
    table.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"richardson\.csv: row 5, column 'state': 'Prussia'"):
        rc.load_richardson_1909(path)
    table = pd.read_csv(rc.default_path(), dtype=str, keep_default_na=False).iloc[:-1]
    table.to_csv(path, index=False)
    with pytest.raises(DataError, match="one row per year"):
        rc.load_richardson_1909(path)


def test_scorecard_rows():
    rows = rc.richardson_check()
    assert list(rows.columns) == ["check", "published", "simulated", "band", "passed", "note"]
    # Pinned, not a target: equilibrium, stability, local Richardson form pass; the
    # deterrence step can run away (pass); the recalled table is an illustration (None);
    # the fit on COW budgets passes.
    assert rows["passed"].tolist() == [True, True, True, True, None, True]
    assert rows["simulated"].str.len().min() > 0
