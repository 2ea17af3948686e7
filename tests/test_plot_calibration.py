"""Figures of the calibration (scenarios.plot.calibration, notebook 09), on small made-up tables."""

import matplotlib
import numpy as np
import pandas as pd
import pytest

from scenarios.calibration import prior_posterior
from scenarios.errors import ScenariosError
from scenarios.plot import calibration as pc
from scenarios.plot.style import OKABE_ITO

matplotlib.use("Agg")
from matplotlib.colors import to_hex


def _draws() -> pd.DataFrame:
    """Equal weights; reaction narrow (constrained), fatigue spread over its whole range."""
    rng = np.random.default_rng(0)
    reaction = rng.uniform(0.10, 0.20, 400)
    fatigue = rng.uniform(0.0, 1.0, 400)
    weights = np.full(400, 1 / 400)
    return pd.DataFrame(
        {"weight": weights, "deterrence.reaction": reaction, "deterrence.fatigue": fatigue}
    )


def test_prior_posterior_draws_one_row_per_parameter_constrained_in_green(ax):
    table = prior_posterior(_draws())
    assert list(table["constrained"]) == [True, False]
    assert pc.prior_posterior(table, ax) is ax
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert labels[0].startswith("reaction (deterrence)") and "[0 to 1 1/quarter]" in labels[0]
    intervals = [line for line in ax.get_lines() if len(line.get_xdata()) == 2]
    colours = [to_hex(line.get_color()) for line in intervals]
    assert colours == [OKABE_ITO["bluish green"].lower(), OKABE_ITO["blue"].lower()]
    # on the prior's scale: the reaction's 5-95 % interval lies within 0.1 to 0.2 of its range
    low, high = intervals[0].get_xdata()
    assert 0.1 <= low < high <= 0.2
    assert ax.get_legend() is not None


def _states(values: dict[str, list[float]], code="POL") -> pd.DataFrame:
    """Two members of one state over four quarters; values[label] = member 0's path."""
    quarters = ["2021Q4", "2022Q1", "2022Q2", "2022Q3"]
    return pd.DataFrame(
        [
            {"member": member, "quarter": quarter, "iso3": code, "milex": value + member}
            for member in (0, 1)
            for quarter, value in zip(quarters, values, strict=True)
        ]
    )


RECORD = pd.DataFrame(
    {
        "quantity": ["milex_usd_bn"] * 3 + ["gdp_growth_pct"],
        "state": ["POL"] * 4,
        "period": ["2021", "2022", "2023", "2022"],
        "value": [15.0, 16.6, 31.6, 5.3],
        "split": ["initial", "fit", "fit", "fit"],
    }
)


def test_trunk_against_record_draws_each_run_and_each_annual_figure(ax):
    runs = {"posterior": _states([10, 11, 12, 13]), "noise only": _states([10, 10, 10, 10])}
    assert pc.trunk_against_record(runs, RECORD, "POL", ax, exclude={("POL", 2023)}) is ax
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["posterior", "noise only"]
    spans = ([2021, 2021.75], [2022, 2022.75], [2023, 2023.75])
    segments = [line for line in ax.get_lines() if list(line.get_xdata()) in spans]
    assert [line.get_ydata()[0] for line in segments] == [15.0, 16.6, 31.6]
    # the 2022 figure is a target (black); the start year and the excluded 2023 are grey
    assert [to_hex(line.get_color()) for line in segments] == ["#999999", "#000000", "#999999"]
    assert ax.get_title() == "Poland"
    assert len(ax.patches) == 2  # the fit years and the test years, shaded


def test_trunk_against_record_refuses_a_state_the_run_lacks(ax):
    with pytest.raises(ScenariosError, match="state 'DEU' not in the run 'posterior'"):
        pc.trunk_against_record({"posterior": _states([1, 1, 1, 1])}, RECORD, "DEU", ax)
    with pytest.raises(ScenariosError, match="no runs given"):
        pc.trunk_against_record({}, RECORD, "POL", ax)


def _summary() -> pd.DataFrame:
    rows = []
    for source, covered in (("default", (0, 4)), ("posterior", (0, 7))):
        for statistic, targets, hit in zip(
            ("gdp_growth_pct", "milex_usd_bn"), (32, 20), covered, strict=True
        ):
            rows.append((statistic, targets, hit, hit / targets, source))
    return pd.DataFrame(rows, columns=["statistic", "targets", "covered", "share", "source"])


def test_coverage_draws_a_bar_per_statistic_and_source_and_the_aim(ax):
    assert pc.coverage(_summary(), ax, level=0.9) is ax
    assert len(ax.patches) == 4
    heights = sorted(round(bar.get_height(), 2) for bar in ax.patches)
    assert heights == [0.0, 0.0, 0.2, 0.35]
    assert sorted(text.get_text() for text in ax.texts) == ["0/32", "0/32", "4/20", "7/20"]
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["GDP growth", "military spending"]
    assert "the aim: 90% covered" in ax.get_legend_handles_labels()[1]


def _intervals() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "statistic": ["milex_usd_bn"] * 4,
            "state": ["POL", "JPN", "POL", "JPN"],
            "year": [2024] * 4,
            "observed": [38.0, 55.3, 38.0, 55.3],
            "low": [17.1, 54.4, 17.9, 54.3],
            "median": [17.4, 55.6, 18.4, 58.8],
            "high": [17.7, 56.6, 20.4, 62.4],
            "source": ["default", "default", "posterior", "posterior"],
        }
    )


def test_interval_ratios_divide_by_the_record_one_row_per_state(ax):
    assert pc.interval_ratios(_intervals(), ax) is ax
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["Poland", "Japan"]
    posterior = ax.collections[2]  # per source: its intervals, then its medians
    segments = posterior.get_segments()
    ratios = sorted(round(float(segment[0][0]), 3) for segment in segments)
    assert ratios == [round(17.9 / 38.0, 3), round(54.3 / 55.3, 3)]
    assert ax.get_xscale() == "log"


def test_interval_ratios_refuses_a_statistic_without_targets(ax):
    with pytest.raises(ScenariosError, match="no targets of 'gdp_growth_pct'"):
        pc.interval_ratios(_intervals(), ax, statistic="gdp_growth_pct")
