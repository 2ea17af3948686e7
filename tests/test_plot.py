"""Tests of the plotting API: what each function draws, its labels, and its errors."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection, PolyCollection, QuadMesh

from scenarios import plot
from scenarios.errors import ResultsError
from scenarios.metrics import METRICS
from scenarios.model import Results, simulate
from scenarios.scenario import load_scenario

CODES = ("USA", "RUS", "PRK")
QUARTERS = ("2024Q3", "2024Q4", "2025Q1")
MEMBERS = (0, 1, 2)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _categorical(values, labels):
    return pd.Categorical(values, categories=list(labels), ordered=True)


def _grid(*axes):
    """Every combination of the given sequences, as columns of a frame."""
    index = pd.MultiIndex.from_product(axes)
    return index.to_frame(index=False)


@pytest.fixture
def tiny():
    """A hand-made run of three states, three quarters and three members.

    Values are simple functions of member and quarter so that medians, quantiles and
    means can be checked by hand: member m at quarter q has affinity RUS-PRK 0.1 (q + m),
    metric value m + q, milex 10 (q + 1) for RUS, gdp 100.
    """
    g = _grid(MEMBERS, range(len(QUARTERS)), CODES)
    g.columns = ["member", "q", "iso3"]
    states = pd.DataFrame(
        {
            "member": g["member"],
            "quarter": _categorical([QUARTERS[q] for q in g["q"]], QUARTERS),
            "iso3": _categorical(g["iso3"], CODES),
            "gdp": 100.0,
            "milex": np.where(g["iso3"] == "RUS", 10.0 * (g["q"] + 1), 5.0),
            "bite": np.where(g["iso3"] == "USA", 0.0, 0.3),
            "leakage": np.where(g["iso3"] == "PRK", 0.2, 0.1),
        }
    )
    pairs = [(a, b) for a in CODES for b in CODES if a != b]
    r = _grid(MEMBERS, range(len(QUARTERS)), range(len(pairs)))
    r.columns = ["member", "q", "p"]
    a = [pairs[p][0] for p in r["p"]]
    b = [pairs[p][1] for p in r["p"]]
    signs = {frozenset(("USA", "RUS")): -0.8, frozenset(("USA", "PRK")): -0.5}
    affinity = [
        signs.get(frozenset((x, y)), 0.1 * (q + m))
        for x, y, q, m in zip(a, b, r["q"], r["member"], strict=True)
    ]
    relations = pd.DataFrame(
        {
            "member": r["member"],
            "quarter": _categorical([QUARTERS[q] for q in r["q"]], QUARTERS),
            "a": _categorical(a, CODES),
            "b": _categorical(b, CODES),
            "affinity": affinity,
            "transfers": np.where((np.array(a) == "PRK") & (np.array(b) == "RUS"), 0.5, 0.0),
        }
    )
    blocs = pd.DataFrame(
        {
            "member": np.repeat(MEMBERS, 2 * len(CODES)),
            "quarter": _categorical(np.tile(np.repeat(["2024Q3", "2025Q1"], 3), 3), QUARTERS),
            "iso3": _categorical(np.tile(CODES, 6), CODES),
            "bloc": np.tile(["A", "B", "non-aligned", "A", "B", "B"], 3),
        }
    )
    m = _grid(MEMBERS, range(len(QUARTERS)))
    m.columns = ["member", "q"]
    metrics = pd.DataFrame(
        {
            "member": m["member"],
            "quarter": _categorical([QUARTERS[q] for q in m["q"]], QUARTERS),
            "metric": "rus_prk_cohesion",
            "value": (m["member"] + m["q"]).astype(float),
        }
    )
    return Results(states, relations, blocs, metrics, seed=5, members=MEMBERS)


@pytest.fixture(scope="module")
def real():
    """A short real run with every pair recorded (checks the engine's tables plot)."""
    scenario = load_scenario("baseline")
    return simulate(scenario, seed=1, members=2, pairs="all")


def _axes():
    return plt.subplots()


# ------------------------------------------------------------------- names and captions


def test_country_names_come_from_the_data_and_fall_back_to_the_code():
    names = plot.country_names(["PRK", "KOR", "XYZ"])
    assert names == {"PRK": "North Korea", "KOR": "South Korea", "XYZ": "XYZ"}
    assert plot.pair_label("RUS", "PRK") == "Russia–North Korea"


def test_source_text_names_scenario_seed_and_members(real, tiny):
    assert plot.source_text(real) == (
        "Source: alignment-scenarios model, scenario baseline, seed 1, 2 members."
    )
    assert plot.source_text(tiny.metrics, note="Data: SIPRI.") == (
        "Source: alignment-scenarios model. Data: SIPRI."
    )


def test_caption_writes_the_text_below_the_figure():
    fig, _ = _axes()
    text = plot.caption(fig, "Source: here.")
    assert text in fig.texts
    assert text.get_text() == "Source: here."
    assert text.get_position()[1] == 0.0 and text.get_va() == "top"


def test_palette_is_okabe_ito():
    assert set(plot.PALETTE) == set(plot.OKABE_ITO.values())
    assert plot.colours(10)[8] == plot.PALETTE[0]


# ------------------------------------------------------------------------- time series


def test_metric_series_draws_median_and_band(tiny):
    _, ax = _axes()
    assert plot.metric_series(tiny, "rus_prk_cohesion", ax, label="baseline") is ax
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_xdata(), [2024.5, 2024.75, 2025.0])
    np.testing.assert_allclose(line.get_ydata(), [1.0, 2.0, 3.0])  # median of q + m
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 1
    assert METRICS["rus_prk_cohesion"].unit == "affinity"
    assert ax.get_ylabel() == "affinity (−1 hostile … +1 allied)"
    # a run of the registry defaults: the band covers the noise alone, and says so
    assert ax.get_title() == (
        "Russia–North Korea affinity\nmedian of 3 members, band 5–95 % (noise)"
    )
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["baseline"]


def test_metric_series_without_band_or_with_one_member(tiny):
    _, ax = _axes()
    plot.metric_series(tiny, "rus_prk_cohesion", ax, band=None)
    one = tiny.metrics[tiny.metrics["member"] == 0]
    plot.metric_series(one, "rus_prk_cohesion", ax)
    assert len(ax.get_lines()) == 2
    assert not ax.collections
    assert ax.get_legend() is None


def test_metric_series_reads_a_table_back_from_csv(tiny, tmp_path):
    tiny.metrics.to_csv(tmp_path / "metrics.csv", index=False)
    table = pd.read_csv(tmp_path / "metrics.csv")
    _, ax = _axes()
    plot.metric_series(table, "rus_prk_cohesion", ax)
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [1.0, 2.0, 3.0])


def test_metric_series_names_an_unknown_metric_and_what_is_allowed(tiny):
    _, ax = _axes()
    with pytest.raises(ResultsError, match=r"rus_prk_cohesio'.*did you mean rus_prk_cohesion"):
        plot.metric_series(tiny, "rus_prk_cohesio", ax)
    with pytest.raises(ResultsError, match="allowed: a Results or its 'metrics' table"):
        plot.metric_series([1, 2], "rus_prk_cohesion", ax)


def test_compare_metric_gives_each_scenario_its_colour_and_says_when_lines_coincide(tiny):
    _, ax = _axes()
    runs = {"baseline": tiny, "no_pact": tiny.metrics, "variant": tiny.metrics}
    plot.compare_metric(runs, "rus_prk_cohesion", ax)
    lines = [line for line in ax.get_lines() if line.get_gid() == "scenarios-path"]
    colours = [plot.SCENARIO_COLOURS["baseline"], plot.SCENARIO_COLOURS["no_pact"]]
    # "variant" owns no colour: the first palette colour no scenario of the figure owns
    free = next(c for c in plot.PALETTE if c not in colours)
    assert [line.get_color() for line in lines] == [*colours, free]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "baseline",
        "no pact (overlaps baseline)",
        "variant (overlaps baseline, no pact)",
    ]
    # every line keeps its data; the covered ones are redrawn on top in dashes
    assert all(list(line.get_ydata()) == [1.0, 2.0, 3.0] for line in lines)
    overlays = [line for line in ax.get_lines() if line.get_gid() == "scenarios-overlay"]
    assert [line.get_color() for line in overlays] == [colours[0], colours[0], colours[1]]


def test_cohesion_draws_each_pair_with_names_and_a_zero_line(tiny):
    _, ax = _axes()
    assert plot.cohesion(tiny, [("RUS", "PRK"), ("USA", "RUS")], ax, label="baseline") is ax
    lines = ax.get_lines()
    assert len(lines) == 3  # two pairs and the zero line
    np.testing.assert_allclose(lines[0].get_ydata(), [0.1, 0.2, 0.3])
    np.testing.assert_allclose(lines[1].get_ydata(), [-0.8] * 3)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Russia–North Korea (baseline)", "United States–Russia (baseline)"]


def test_cohesion_names_a_pair_that_was_not_recorded(tiny):
    _, ax = _axes()
    with pytest.raises(ResultsError, match=r"pair \(RUS, KOR\) not recorded.*PRK, RUS, USA"):
        plot.cohesion(tiny, [("RUS", "KOR")], ax)


def test_spending_in_us_dollars_and_as_share_of_gdp(tiny):
    _, (left, right) = plt.subplots(1, 2)
    plot.spending(tiny, ["RUS", "PRK"], left)
    plot.spending(tiny, ["RUS", "PRK"], right, share_of_gdp=True, label="baseline")
    np.testing.assert_allclose(left.get_lines()[0].get_ydata(), [10.0, 20.0, 30.0])
    np.testing.assert_allclose(right.get_lines()[0].get_ydata(), [10.0, 20.0, 30.0])  # gdp 100
    assert left.get_ylabel() == "military spending (US$ bn per year)"
    assert right.get_ylabel() == "military spending (% of GDP)"
    assert right.get_title().startswith("Military spending as a share of GDP")
    labels = [t.get_text() for t in right.get_legend().get_texts()]
    assert labels == ["Russia (baseline)", "North Korea (baseline)"]
    # each state has its own colour, so two calls on one axes match
    assert left.get_lines()[1].get_color() == right.get_lines()[1].get_color()
    assert right.get_lines()[1].get_color() == plot.STATE_COLOURS["PRK"]


def test_state_series_rejects_unknown_variable_and_state(tiny):
    _, ax = _axes()
    with pytest.raises(ResultsError, match=r"variable 'milx'.*did you mean milex"):
        plot.state_series(tiny, "milx", ["RUS"], ax)
    with pytest.raises(ResultsError, match="state 'KOR' not in the results"):
        plot.state_series(tiny, "milex", ["KOR"], ax)


# ---------------------------------------------------------------------------- network


def test_alignment_heatmap_orders_states_by_bloc_and_blanks_the_diagonal(tiny):
    fig, ax = _axes()
    assert plot.alignment_heatmap(tiny, ax, quarter="2024Q4", member=1) is ax
    (image,) = ax.get_images()
    values = image.get_array()
    assert values.shape == (3, 3)
    assert np.ma.getmaskarray(values).diagonal().all()
    # blocs of 2024Q3 (the last record not after 2024Q4): USA A, PRK non-aligned, RUS B
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == ["United States", "North Korea", "Russia"]
    assert values[1, 2] == pytest.approx(0.1 * (1 + 1))  # PRK-RUS, member 1, 2024Q4
    assert values[0, 2] == pytest.approx(-0.8)
    assert len(fig.axes) == 2  # the colour bar
    assert "2024Q4 (member 1)" in ax.get_title()


def test_alignment_heatmap_uses_a_given_bloc_table_and_subset(tiny):
    fig, ax = _axes()
    plot.alignment_heatmap(
        tiny.relations, ax, blocs=tiny.blocs, codes=["PRK", "RUS"], colorbar=False
    )
    # both in bloc B at the last record, so in the data's order
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Russia", "North Korea"]
    assert len(fig.axes) == 1
    with pytest.raises(ResultsError, match="quarter '2030Q1' not in the results"):
        plot.alignment_heatmap(tiny, ax, quarter="2030Q1")
    with pytest.raises(ResultsError, match="member 7 not in the results; allowed: 0, 1, 2"):
        plot.alignment_heatmap(tiny, ax, member=7)


def test_signed_network_draws_strong_ties_and_one_marker_group_per_bloc(tiny):
    _, ax = _axes()
    assert plot.signed_network(tiny, ax, threshold=0.3) is ax
    # last quarter, member 0: RUS-PRK +0.2 (below threshold), USA-RUS -0.8, USA-PRK -0.5
    (hostile,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(hostile.get_segments()) == 2
    markers = [c for c in ax.collections if isinstance(c, PathCollection)]
    # 2025Q1: USA in bloc A, the others in bloc B
    assert [m.get_label() for m in markers] == [plot.ensembles.BLOC_LABELS[b] for b in "AB"]
    assert sorted(t.get_text() for t in ax.texts) == ["North Korea", "Russia", "United States"]
    with pytest.raises(ResultsError, match="threshold"):
        plot.signed_network(tiny, ax, threshold=0)


def test_bloc_membership_grid_has_a_cell_per_state_and_record(tiny):
    _, ax = _axes()
    assert plot.bloc_membership(tiny, ax, member=2) is ax
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    assert mesh.get_array().size == 3 * 2
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "United States",
        "Russia",
        "North Korea",
    ]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024Q3", "2025Q1"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        "bloc A (the United States' bloc)",
        "non-aligned",
        "bloc B (the other bloc)",
    ]


# ------------------------------------------------------------------- arms and sanctions


def test_transfers_to_stacks_each_supplier(tiny):
    _, ax = _axes()
    assert plot.transfers_to(tiny, "RUS", ax) is ax
    (area,) = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["North Korea"]
    assert area.get_paths()[0].vertices[:, 1].max() == pytest.approx(0.5)
    assert ax.get_title() == "Arms delivered to Russia, by supplier\nmean of 3 members"


def test_transfers_to_sums_small_suppliers(real):
    _, ax = _axes()
    plot.transfers_to(real, "RUS", ax, top=1)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(labels) == 2 and labels[1] == "other suppliers"


def test_bite_leakage_stacks_leakage_on_bite_for_each_run(tiny):
    _, ax = _axes()
    assert plot.bite_leakage({"a": tiny, "b": tiny.states}, ["RUS", "PRK"], ax) is ax
    assert len(ax.patches) == 2 * 2 * 2
    heights = [p.get_height() for p in ax.patches]
    assert heights[:4] == pytest.approx([0.3, 0.3, 0.1, 0.2])  # run a: bites, then leakage
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Russia", "North Korea"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["a", "b", "offset by black knights"]


# ------------------------------------------------------------------------ a real run


def test_every_plot_accepts_a_real_run(real):
    fig, axes = plt.subplots(3, 3)
    plot.metric_series(real, "bipolarity", axes[0, 0])
    plot.cohesion(real, [("RUS", "PRK"), ("USA", "JPN")], axes[0, 1])
    plot.spending(real, ["JPN", "KOR"], axes[0, 2], share_of_gdp=True)
    plot.alignment_heatmap(real, axes[1, 0])
    plot.signed_network(real, axes[1, 1])
    plot.bloc_membership(real, axes[1, 2])
    plot.transfers_to(real, "RUS", axes[2, 0])
    plot.bite_leakage(real, ["RUS", "PRK"], axes[2, 1])
    plot.state_series(real, "restraint", ["PRK"], axes[2, 2])
    names = {t.get_text() for t in axes[1, 0].get_yticklabels()}
    assert len(names) == 35 and "North Korea" in names and "PRK" not in names
    fig.canvas.draw()


def test_one_colour_for_every_line_tells_runs_apart(tiny):
    _, ax = _axes()
    plot.state_series(tiny, "milex", ["RUS", "PRK"], ax, color=plot.PALETTE[2])
    plot.cohesion(tiny, [("RUS", "PRK"), ("USA", "RUS")], ax, color=plot.PALETTE[3])
    colours = [line.get_color() for line in ax.get_lines()]
    assert colours == [plot.PALETTE[2]] * 2 + [plot.PALETTE[3]] * 2 + [plot.GREY]


def test_transfers_to_names_the_suppliers_asked_for_in_order(real):
    _, ax = _axes()
    plot.transfers_to(real, "RUS", ax, suppliers=["CHN", "PRK"])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["China", "North Korea", "other suppliers"]
    areas = [c for c in ax.collections if isinstance(c, PolyCollection)]
    expected = [plot.STATE_COLOURS["CHN"], plot.STATE_COLOURS["PRK"], plot.GREY]
    assert [a.get_facecolor()[0][:3].round(3).tolist() for a in areas] == [
        list(np.round(matplotlib.colors.to_rgb(c), 3)) for c in expected
    ]
    with pytest.raises(ResultsError, match="supplier 'XXX'"):
        plot.transfers_to(real, "RUS", ax, suppliers=["XXX"])


def test_network_without_bloc_records_marks_states_as_such(tiny):
    _, ax = _axes()
    plot.signed_network(tiny.relations, ax)
    (markers,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert markers.get_label() == "no bloc record"
    assert len(markers.get_offsets()) == 3


def test_overview_fills_four_panels_with_pairs_spending_bite_and_blocs(real):
    _, axes = plt.subplots(2, 2)
    assert plot.overview(real, axes) is axes
    pairs, spending, bite, blocs = axes.ravel()
    assert pairs.get_legend().get_texts()[0].get_text() == "Russia–North Korea"
    assert len(spending.get_lines()) == 4
    assert {t.get_text() for t in bite.get_legend().get_texts()} == {
        "Sanctions bite on Russia",
        "Sanctions bite on North Korea",
    }
    assert any(isinstance(c, QuadMesh) for c in blocs.collections)


# ------------------------------------------------------ two outcomes, no hidden lines


def test_outcome_split_finds_two_groups_with_an_empty_gap_between():
    from scenarios.plot.summaries import outcome_split

    two = [0.25, 0.26, 0.24, 0.25, 0.80, 0.82]
    assert outcome_split(two) == pytest.approx((0.26 + 0.80) / 2)
    # one stray member is not an outcome
    assert outcome_split([0.25, 0.26, 0.24, 0.25, 0.27, 0.80]) is None
    # a spread without an empty gap wider than the groups is one outcome
    assert outcome_split([0.1, 0.2, 0.3, 0.45, 0.6, 0.7]) is None
    assert outcome_split(np.exp(np.linspace(0.0, 3.0, 30))) is None  # skewed, one outcome
    # two groups of nearly equal values: invisible against the series' range
    assert outcome_split([0.5, 0.5, 0.501, 0.501], span=1.0) is None
    assert outcome_split([0.5, 0.5, 0.501, 0.501]) == pytest.approx(0.5005)
    assert outcome_split([0.1, 0.9, np.nan]) is None  # too few members


def _split_metrics():
    """Six members of one metric: together in 2024Q3, split in two from 2024Q4."""
    ends = [0.25, 0.26, 0.24, 0.25, 0.80, 0.82]
    rows = [
        {"member": m, "quarter": q, "metric": "bipolarity", "value": v}
        for m, end in enumerate(ends)
        for q, v in zip(QUARTERS, [0.25, end, end], strict=True)
    ]
    return pd.DataFrame(rows)


def test_outcome_splits_tests_every_quarter():
    from scenarios.plot.summaries import outcome_splits

    table = outcome_splits(_split_metrics(), "value")
    assert table["quarter"].tolist() == list(QUARTERS)
    assert np.isnan(table["cut"].iloc[0]) and table["above"].iloc[0] == 0
    assert table["cut"].iloc[1:].tolist() == pytest.approx([0.53, 0.53])
    assert table["above"].tolist() == [0, 2, 2]


def test_members_that_split_are_drawn_one_by_one_with_their_count(tiny):
    _, ax = _axes()
    plot.metric_series(_split_metrics(), "bipolarity", ax, label="baseline")
    members = [line for line in ax.get_lines() if len(line.get_xdata())]
    assert len(members) == 6 and not ax.collections  # every member, no median, no band
    assert {line.get_gid() for line in ax.get_lines()} == {"scenarios-member"}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["baseline: 2 of 6 members end above 0.53"]
    assert ax.get_title().endswith("\n6 members, one line each (two outcomes)")
    # a run that does not split keeps its median and band, and the note names both
    plot.metric_series(tiny, "rus_prk_cohesion", ax, label="other")
    assert ax.get_title().endswith("band 5–95 % (noise); thin lines: members (two outcomes)")


def test_a_line_over_an_earlier_one_redraws_the_covered_piece_in_dashes(tiny):
    _, ax = _axes()
    plot.cohesion(tiny, [("RUS", "PRK"), ("PRK", "RUS")], ax)
    first, second = (line for line in ax.get_lines() if line.get_gid() == "scenarios-path")
    (overlay,) = [line for line in ax.get_lines() if line.get_gid() == "scenarios-overlay"]
    assert overlay.get_color() == first.get_color() != second.get_color()
    np.testing.assert_allclose(overlay.get_ydata(), first.get_ydata())
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[1] == "North Korea–Russia (overlaps Russia–North Korea)"


def test_lines_that_only_cross_are_left_alone():
    from scenarios.plot.lines import draw_line

    _, ax = _axes()
    draw_line(ax, [0, 1, 2], [0.0, 1.0, 2.0], color="k", label="up")
    draw_line(ax, [0, 1, 2], [2.0, 1.0, 0.0], color="r", label="down")
    assert [line.get_gid() for line in ax.get_lines()] == ["scenarios-path"] * 2


def test_states_keep_their_colours_and_never_share_one_in_a_figure():
    assert plot.STATE_COLOURS["KOR"] == plot.STATE_COLOURS["BLR"]
    kor, blr = plot.style.state_colours(["KOR", "BLR"])
    assert kor == plot.STATE_COLOURS["KOR"] and blr != kor
    # a colour that another state of the figure owns is not given away either
    colours = plot.style.state_colours(["KOR", "BLR", "USA"])
    assert len(set(colours)) == 3 and colours[2] == plot.STATE_COLOURS["USA"]


def test_compare_state_draws_one_state_in_several_runs(tiny):
    _, ax = _axes()
    runs = {"baseline": tiny, "us_retrenchment": tiny.states}
    assert plot.compare_state(runs, "milex", "RUS", ax, per_gdp=True) is ax
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["baseline", "US retrenchment (overlaps baseline)"]
    lines = [line for line in ax.get_lines() if line.get_gid() == "scenarios-path"]
    assert [line.get_color() for line in lines] == [
        plot.SCENARIO_COLOURS["baseline"],
        plot.SCENARIO_COLOURS["us_retrenchment"],
    ]
    assert ax.get_title().startswith("Russia: military spending as a share of GDP\nmedian of 3")
    assert ax.get_ylabel() == "military spending (% of GDP)"


def test_scenario_labels_are_words():
    assert plot.scenario_label("no_pact") == "no pact"
    assert plot.scenario_label("china_supportive") == "China supportive"
    assert plot.scenario_label("my_scenario") == "my scenario"
    assert plot.scenario_colours(["baseline", "baseline"])[0] == plot.SCENARIO_COLOURS["baseline"]
    assert len(set(plot.scenario_colours(["baseline", "baseline"]))) == 2
