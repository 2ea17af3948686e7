"""Chance level and leave-one-rule-out table of the 1936 landscape."""

import pytest

from scenarios.validation.landscape_rules import (
    chance_distribution,
    chance_level,
    leave_one_rule_out,
)


def test_chance_distribution_three_states_by_hand():
    # 8 splits of 3 states; after naming the blocs the better way: count 3 for the actual
    # split and its mirror (2 of 8), count 2 for the other 6.
    dist = chance_distribution([True, False, False])
    assert dist.to_dict() == {2: pytest.approx(0.75), 3: pytest.approx(0.25)}
    assert chance_level([True, False, False], 3) == {
        "mean": pytest.approx(2.25),
        "p_at_least": pytest.approx(0.25),
    }


def test_leave_one_rule_out_has_one_row_per_rule():
    table = leave_one_rule_out()
    assert table.rules.iloc[0] == "all rules"
    assert len(table) == 6
    assert table.correct.between(9, 17).all()
