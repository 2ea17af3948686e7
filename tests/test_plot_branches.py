"""plot.mark_branch: the trunk shaded up to the branch, the branch drawn and named."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from scenarios import load_scenario
from scenarios.plot import mark_branch
from scenarios.plot.branches import TRUNK_LABEL


def test_the_trunk_is_shaded_to_the_branch_and_the_limits_kept():
    scenario = load_scenario("no_pact")
    fig, ax = plt.subplots()
    ax.plot([2021.75, 2036.0], [0.0, 1.0])
    limits = ax.get_xlim()
    assert mark_branch(ax, scenario) is ax
    assert ax.get_xlim() == limits
    (shade,) = ax.patches
    x0, width = shade.get_x(), shade.get_width()
    assert (x0, x0 + width) == (2021.75, 2024.25)  # 2021Q4 to 2024Q2
    assert shade.get_label() == TRUNK_LABEL
    assert [text.get_text() for text in ax.texts] == ["branch 2024Q2"]
    vertical = ax.get_lines()[-1]
    assert list(vertical.get_xdata()) == [2024.25, 2024.25]
    plt.close(fig)


def test_without_labels_nothing_enters_the_legend():
    fig, ax = plt.subplots()
    ax.plot([2021.75, 2036.0], [0.0, 1.0])
    mark_branch(ax, load_scenario("baseline"), label=False)
    assert not ax.texts and ax.get_legend_handles_labels() == ([], [])
    plt.close(fig)
