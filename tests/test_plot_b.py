"""Figures and summary tables of notebooks 05-08 (scenarios.plot.ensembles, .validation)."""

import matplotlib
import numpy as np
import pandas as pd
import pytest

from scenarios.errors import ScenariosError
from scenarios.plot import ensembles as pe
from scenarios.plot import validation as pv
from scenarios.plot.style import BLOC_COLOURS

matplotlib.use("Agg")


def _metrics(values: dict[str, list[list[float]]], quarters=("2024Q3", "2025Q3")) -> pd.DataFrame:
    """Tidy member-level table: values[metric][member][quarter]."""
    rows = [
        {"member": m, "quarter": q, "metric": metric, "value": v}
        for metric, members in values.items()
        for m, series in enumerate(members)
        for q, v in zip(quarters, series, strict=True)
    ]
    return pd.DataFrame(rows)


# -- tables ---------------------------------------------------------------------------------


def test_wilson_interval_matches_the_closed_form_and_stays_inside_0_1():
    low, high = pe.wilson_interval([0, 5, 10], 10)
    # Wilson (1927) for k = 5, n = 10, z = 1.96: 0.2366 to 0.7634
    assert low[1] == pytest.approx(0.2366, abs=1e-4)
    assert high[1] == pytest.approx(0.7634, abs=1e-4)
    assert low[0] == 0.0 and high[0] > 0.2
    assert high[2] == 1.0 and low[2] < 0.8
    with pytest.raises(ScenariosError):
        pe.wilson_interval(3, 2)


def test_exceedance_counts_members_at_or_above_the_threshold_per_group_and_quarter():
    table = pd.concat(
        [
            _metrics({"bipolarity": [[0.2, 0.5], [0.2, 0.9], [0.2, 0.3]]}).assign(scenario="x"),
            _metrics({"bipolarity": [[0.6, 0.6], [0.1, 0.1]]}).assign(scenario="y"),
        ]
    )
    out = pe.exceedance(table, "bipolarity", 0.5, by=["scenario"]).set_index(
        ["scenario", "quarter"]
    )
    assert out.loc[("x", "2025Q3"), "cases"] == 2  # 0.5 counts: "at or above"
    assert out.loc[("x", "2025Q3"), "probability"] == pytest.approx(2 / 3)
    assert out.loc[("x", "2024Q3"), "probability"] == 0.0
    assert out.loc[("y", "2024Q3"), "members"] == 2
    assert (out["low"] <= out["probability"]).all() and (out["probability"] <= out["high"]).all()
    with pytest.raises(ScenariosError, match="no rows"):
        pe.exceedance(table, "bipolarty", 0.5)


def test_bloc_shares_use_the_last_record_and_sum_to_one():
    blocs = pd.DataFrame(
        {
            "member": [0, 1, 2, 3, 0, 1, 2, 3],
            "quarter": ["2024Q3"] * 4 + ["2034Q3"] * 4,
            "iso3": ["CHN"] * 8,
            "bloc": ["A", "A", "A", "A", "B", "B", "non-aligned", "B"],
        }
    )
    blocs = pd.concat([blocs.assign(scenario="s1"), blocs.assign(scenario="s0")])
    shares = pe.bloc_shares(blocs, "CHN", by=["scenario"])
    assert list(shares["scenario"]) == ["s1", "s0"]  # order of appearance, not sorted
    row = shares.iloc[0]
    assert (row["A"], row["non-aligned"], row["B"], row["members"]) == (0.0, 0.25, 0.75, 4)
    first = pe.bloc_shares(blocs[blocs["scenario"] == "s0"], "CHN", quarter="2024Q3")
    assert first.loc[0, "A"] == 1.0 and first.loc[0, "B"] == 0.0
    with pytest.raises(ScenariosError):
        pe.bloc_shares(blocs, "IND")


def test_paired_differences_match_members_not_rows():
    first = _metrics({"m": [[0.0, 1.0], [0.0, 2.0]], "k": [[0.0, 5.0], [0.0, 7.0]]})
    second = _metrics({"m": [[0.0, 0.5], [0.0, 2.5]], "k": [[0.0, 1.0], [0.0, 1.0]]})
    shuffled = second.sample(frac=1.0, random_state=1)
    out = pe.paired_differences(first, shuffled, ["m", "k"], "2025Q3")
    assert list(out["metric"].astype(str)) == ["m", "m", "k", "k"]
    assert out["difference"].tolist() == [0.5, -0.5, 4.0, 6.0]
    with pytest.raises(ScenariosError):
        pe.paired_differences(first, second[second["member"] == 0], ["m"], "2025Q3")


def test_parameter_labels_are_plain_words():
    assert pe.parameter_label("alignment.balance_rate") == "balance rate (alignment)"
    assert pe.parameter_label("levers.china_stance") == "China stance (lever)"
    axis = pe.parameter_label("alignment.balance_rate", unit=True)
    assert axis == "balance rate (alignment), 1/quarter"
    assert pe.parameter_label("levers.china_stance", unit=True) == "China stance (lever)"
    with pytest.raises(ScenariosError):
        pe.parameter_label("alignment.balance")


# -- figures --------------------------------------------------------------------------------


def test_probability_figures_draw_one_series_per_scenario_in_its_colour(ax):
    table = pd.concat(
        [
            _metrics({"bipolarity": [[0.2, 0.8], [0.2, 0.3]]}).assign(scenario="baseline"),
            _metrics({"bipolarity": [[0.2, 0.8], [0.6, 0.9]]}).assign(scenario="no_pact"),
        ]
    )
    prob = pe.exceedance(table, "bipolarity", 0.5, by=["scenario"])
    assert pe.probability_lines(prob, ax) is ax
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["baseline", "no pact"]  # words, not codes
    assert lines[0].get_color() == pe.SCENARIO_COLOURS["baseline"]
    assert lines[1].get_color() == pe.SCENARIO_COLOURS["no_pact"]
    assert lines[1].get_ydata().tolist() == [0.5, 1.0]


def test_probability_lines_draw_no_band_where_no_member_is_a_case(ax):
    # baseline: no case in 2024Q3, one in 2025Q3; no_pact: a case in both
    table = pd.concat(
        [
            _metrics({"bipolarity": [[0.2, 0.8], [0.2, 0.3]]}).assign(scenario="baseline"),
            _metrics({"bipolarity": [[0.6, 0.8], [0.2, 0.3]]}).assign(scenario="no_pact"),
        ]
    )
    pe.probability_lines(pe.exceedance(table, "bipolarity", 0.5, by=["scenario"]), ax)
    baseline, no_pact = ax.collections

    def years(band):
        return {float(x) for path in band.get_paths() for x in path.vertices[:, 0]}

    assert years(baseline) == {2025.5}  # nothing over 2024Q3, where no member is a case
    assert years(no_pact) == {2024.5, 2025.5}


def test_probability_lines_that_coincide_show_both_colours_and_say_so(ax):
    same = _metrics({"bipolarity": [[0.2, 0.8], [0.2, 0.3], [0.7, 0.9]]})
    table = pd.concat([same.assign(scenario="baseline"), same.assign(scenario="us_retrenchment")])
    pe.probability_lines(pe.exceedance(table, "bipolarity", 0.5, by=["scenario"]), ax)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["baseline", "US retrenchment (overlaps baseline)"]
    (overlay,) = [line for line in ax.get_lines() if line.get_gid() == "scenarios-overlay"]
    # the covered baseline is redrawn on top in dashes, in its own colour
    assert overlay.get_color() == pe.SCENARIO_COLOURS["baseline"]
    assert overlay.get_linestyle() == "--"
    assert ax.get_children().index(overlay) > ax.get_children().index(ax.get_lines()[1])


def test_probability_bars_put_the_first_row_on_top(ax):
    table = pd.DataFrame(
        {"scenario": ["a", "b"], "probability": [0.9, 0.1], "low": [0.7, 0.0], "high": [1, 0.3]}
    )
    pe.probability_bars(table, ax)
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    positions = ax.get_yticks().tolist()
    assert labels[positions.index(max(positions))] == "a"
    widths = sorted(patch.get_width() for patch in ax.patches)
    assert widths == [0.1, 0.9]


def test_scenario_bars_name_scenarios_in_words_with_their_fixed_colours(ax):
    table = pd.DataFrame(
        {
            "scenario": ["china_supportive", "arms_interdiction", "my_scenario"],
            "probability": [0.9, 0.2, 0.1],
            "low": [0.7, 0.1, 0.0],
            "high": [1.0, 0.4, 0.3],
        }
    )
    pe.probability_bars(table, ax)
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert labels == ["China supportive", "arms interdiction", "my scenario"]  # top down
    colours = [matplotlib.colors.to_hex(patch.get_facecolor()) for patch in ax.patches]
    assert colours[:2] == [
        pe.SCENARIO_COLOURS["china_supportive"].lower(),
        pe.SCENARIO_COLOURS["arms_interdiction"].lower(),
    ]
    assert colours[2] not in colours[:2]


def test_bloc_share_bars_stack_to_one(ax):
    shares = pd.DataFrame(
        {"scenario": ["x"], "A": [0.2], "non-aligned": [0.3], "B": [0.5], "members": [10]}
    )
    pe.bloc_share_bars(shares, ax, title="China")
    right_edges = [patch.get_x() + patch.get_width() for patch in ax.patches]
    assert max(right_edges) == pytest.approx(1.0)
    assert [patch.get_facecolor()[:3] for patch in ax.patches] == [
        matplotlib.colors.to_rgb(BLOC_COLOURS[label]) for label in ("A", "non-aligned", "B")
    ]


def test_threshold_histogram_splits_members_at_the_threshold(ax):
    pe.threshold_histogram([0.1, 0.2, 0.55, 0.9, 0.5], 0.5, ax, bins=10)
    heights = np.array([patch.get_height() for patch in ax.patches]).reshape(2, 10)
    assert heights[0].sum() == 2 and heights[1].sum() == 3


def test_difference_strips_mark_each_metric_median(ax):
    first = _metrics({"m": [[0, 1.0], [0, 2.0], [0, 3.0]]})
    second = _metrics({"m": [[0, 0.0], [0, 0.0], [0, 0.0]]})
    diffs = pe.paired_differences(first, second, ["m"], "2025Q3")
    pe.difference_strips(diffs, ax, labels={"m": "a metric"})
    median = next(line for line in ax.get_lines() if len(line.get_xdata()) == 2)
    assert list(median.get_xdata()) == [2.0, 2.0]
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["a metric"]


def test_prim_box_scales_numeric_limits_to_the_sampled_range(ax):
    box = pd.DataFrame(
        {
            "parameter": ["alignment.balance_rate", "levers.china_stance"],
            "low": [0.1, np.nan],
            "high": [0.2, np.nan],
            "levels": ["", "cautious, supportive"],
            "qp_value": [0.01, 0.2],
        }
    )
    ranges = {
        "alignment.balance_rate": (0.0, 0.4),
        "levers.china_stance": ("distancing", "cautious", "supportive"),
    }
    pe.prim_box(box, ranges, ax)
    kept = [p for p in ax.patches if p.get_width() < 1.0]
    assert len(kept) == 1
    assert kept[0].get_x() == pytest.approx(0.25) and kept[0].get_width() == pytest.approx(0.25)
    texts = [text.get_text() for text in ax.texts]
    assert "cautious, supportive (of 3 levels)" in texts


# -- validation figures -----------------------------------------------------------------------


def test_landscape_sides_ring_every_state_off_its_actual_side(ax):
    prediction = pd.DataFrame(
        {
            "country": ["Big", "Small", "Other"],
            "size": [0.6, 0.1, 0.3],
            "predicted_side": ["A", "A", "A"],
            "actual_side": ["A", "B", "B"],
            "ab1993_side": ["A", "B", "A"],
        }
    )
    pv.landscape_sides(prediction, ax)
    rings = [c for c in ax.collections if len(c.get_facecolors()) == 0]
    assert [len(c.get_offsets()) for c in rings] == [2, 1]  # model: 2 wrong, paper: 1 wrong
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    positions = ax.get_yticks().tolist()
    top_down = [label for _, label in sorted(zip(positions, labels, strict=True), reverse=True)]
    assert top_down == ["Big", "Other", "Small"]  # side A first, then by size


def test_landscape_weights_draw_one_line_per_factor_and_the_published_count(ax):
    table = pd.DataFrame(
        {
            "factor": ["religion"] * 3 + ["past_wars"] * 3,
            "scale": [0.0, 1.0, 2.0] * 2,
            "correct": [9, 10, 12, 11, 10, 8],
        }
    )
    pv.landscape_weights(table, ax)
    labels = [line.get_label() for line in ax.get_lines()]
    assert "religion" in labels and "past wars" in labels
    assert any(list(line.get_ydata()) == [15, 15] for line in ax.get_lines())


def test_richardson_paths_mark_only_a_finite_equilibrium(ax):
    path = pd.DataFrame(
        {
            "time": [0, 0, 1, 1],
            "bloc": ["x", "y", "x", "y"],
            "spending": [1.0, 1.0, 2.0, 3.0],
        }
    )
    pv.richardson_paths(path, ax, equilibrium=(5.0, np.inf))
    flat = [line for line in ax.get_lines() if list(line.get_ydata()) == [5.0, 5.0]]
    assert len(flat) == 1 and len(ax.get_lines()) == 3


def test_stability_map_colours_points_by_simulated_outcome(ax):
    cases = pd.DataFrame(
        {
            "k": [0.1, 0.9, 0.2],
            "l": [0.1, 0.9, 0.2],
            "a": [0.9, 0.1, 0.8],
            "b": [0.9, 0.1, 0.8],
            "outcome": ["converges", "runs away", "converges"],
        }
    )
    pv.stability_map(cases, ax)
    sizes = {c.get_label(): len(c.get_offsets()) for c in ax.collections}
    assert sizes == {"simulated: converges": 2, "simulated: runs away": 1}


def test_budget_fit_draws_an_unverified_series_dotted(ax):
    rows = [
        {"series": s, "sourced": s == "a", "year": y, "observed": 1.0 + y, "predicted": 1.0 + y}
        for s in ("a", "b")
        for y in (1909, 1910)
    ]
    pv.budget_fit(pd.DataFrame(rows), ax)
    styles = {line.get_label(): line.get_linestyle() for line in ax.get_lines()}
    assert styles["a: fitted from 1909"] == "-"
    assert styles["b (unverified): fitted from 1909"] == ":"


def test_budget_fit_names_the_series_in_words(ax):
    rows = [
        {"series": s, "sourced": s == "cow_nmc_v6", "year": 1909, "observed": 1.0, "predicted": 1.0}
        for s in ("cow_nmc_v6", "richardson_recalled")
    ]
    pv.budget_fit(pd.DataFrame(rows), ax)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels[0] == "Correlates of War budgets (NMC v6): observed"
    assert labels[2] == "Richardson's table as recalled (unverified): observed"


def test_signed_matrix_reorders_rows_and_columns(ax):
    matrix = np.array([[0.0, 0.5, -1.0], [0.5, 0.0, 0.2], [-1.0, 0.2, 0.0]])
    pv.signed_matrix(matrix, ax, order=[2, 0, 1], colorbar=False)
    shown = ax.images[0].get_array()
    assert np.array_equal(shown, matrix[np.ix_([2, 0, 1], [2, 0, 1])])
    with pytest.raises(ScenariosError):
        pv.signed_matrix(np.zeros((2, 3)), ax)


def test_fact_band_clips_an_infinite_band_and_colours_the_verdict(ax):
    fact = pd.Series(
        {
            "fact": "A fact",
            "band": "(-inf, 0]",
            "unit": "share",
            "median": 0.5,
            "p05": 0.4,
            "p95": 0.6,
            "passed": False,
        }
    )
    pv.fact_band(fact, ax)
    left, right = ax.get_xlim()
    band = ax.patches[0]
    assert np.isfinite(left) and left < 0.0 < 0.6 < right
    assert band.get_x() == pytest.approx(left)  # -inf clipped to the edge of the axes
    assert band.get_x() + band.get_width() == pytest.approx(0.0)
    dot = next(line for line in ax.get_lines() if len(line.get_xdata()) == 1)
    assert matplotlib.colors.to_hex(dot.get_color()) == pv.RESULT_COLOURS[False].lower()
    assert "(fail)" in ax.get_title()


def test_replay_changes_show_observed_size_only_where_comparable(ax):
    table = pd.DataFrame(
        {
            "label": ["sized", "direction only"],
            "observed_direction": [1, 1],
            "observed_change": [0.5, 0.9],
            "change_median": [0.4, -0.01],
            "change_p05": [0.3, -0.02],
            "change_p95": [0.5, 0.0],
            "size_ratio": [0.8, np.nan],
            "passed": [True, False],
        }
    )
    pv.replay_changes(table, ax)
    diamonds = [line for line in ax.get_lines() if line.get_marker() == "D" and line.get_xdata()]
    assert [list(line.get_xdata()) for line in diamonds] == [[0.5]]
    assert [text.get_text() for text in ax.texts] == ["→ observed: up"]


# -- experiment figures ---------------------------------------------------------------------


def test_sobol_ranking_marks_the_whole_variance_and_names_the_bars_in_words(ax):
    from scenarios.plot.experiments import sensitivity_ranking

    table = pd.DataFrame(
        {
            "outcome": ["y", "y"],
            "parameter": ["a", "b"],
            "S1": [0.6, -0.03],
            "S1_conf": [0.4, 0.3],
            "ST": [1.08, 0.4],
            "ST_conf": [0.38, 0.26],
        }
    )
    sensitivity_ranking(table, ax)
    (whole,) = [line for line in ax.get_lines() if list(line.get_xdata()) == [1.0, 1.0]]
    assert whole.get_linestyle() == ":"
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == [
        "the whole variance (1)",
        "total index (alone and in interactions)",
        "first-order index (alone)",
    ]
    palette = {matplotlib.colors.to_hex(c).upper() for c in pe.OKABE_ITO.values()}
    assert {matplotlib.colors.to_hex(p.get_facecolor()).upper() for p in ax.patches} <= palette


def test_prim_tradeoff_colours_whole_counts_of_restricted_keys(ax):
    from scenarios.plot.experiments import prim_tradeoff

    trajectory = pd.DataFrame(
        {
            "step": [0, 1, 2],
            "coverage": [1.0, 0.8, 0.5],
            "density": [0.5, 0.7, 0.9],
            "mass": [1.0, 0.6, 0.3],
            "restricted": [0, 1, 3],
        }
    )
    prim_tradeoff(trajectory, ax)
    ax.figure.canvas.draw()
    colorbar = ax.figure.axes[-1]
    assert [tick.get_text() for tick in colorbar.get_yticklabels()] == ["0", "1", "2", "3"]
    assert len(set(map(tuple, ax.collections[0].get_facecolors()))) == 3
