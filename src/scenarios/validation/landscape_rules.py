"""How far the 1936 landscape's count of correctly placed states is from chance, rule by rule.

The count is read against two yardsticks: the chance level (every two-bloc split of the
states equally likely, counted exactly by enumeration) and the count with each coding rule
(factor) switched off in turn, so that the rule the count hinges on is named, not guessed.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from scenarios.validation.landscape import (
    FACTORS,
    Landscape1936,
    count_correct,
    landscape_prediction,
    load_landscape_1936,
)


def chance_distribution(actual) -> pd.Series:
    """Exact distribution of the correct count over all equally likely two-bloc splits.

    Parameters
    ----------
    actual : array_like of bool
        Actual side of each state.

    Returns
    -------
    Series
        Probability of each count (index: correct count), by enumerating all 2**n splits
        and naming the predicted blocs the better way round, as `count_correct` does.
    """
    actual = np.asarray(actual, bool)
    counts = np.array(
        [
            count_correct(np.array(s, bool), actual)
            for s in itertools.product((0, 1), repeat=actual.size)
        ]
    )
    return pd.Series(counts).value_counts(normalize=True).sort_index()


def chance_level(actual, observed: int) -> dict[str, float]:
    """Mean correct count of a random split and the chance of reaching ``observed`` or more."""
    dist = chance_distribution(actual)
    return {
        "mean": float(np.dot(dist.index, dist.values)),
        "p_at_least": float(dist[dist.index >= observed].sum()),
    }


def leave_one_rule_out(case: Landscape1936 | None = None) -> pd.DataFrame:
    """Correct count with all coding rules, and with each rule's weight set to zero in turn.

    Returns
    -------
    DataFrame
        One row per run (``all rules`` first, then ``without <factor>``): rules, correct.
    """
    case = case if case is not None else load_landscape_1936()
    rows = [("all rules", int(landscape_prediction(case).correct.sum()))]
    for factor in FACTORS:
        count = landscape_prediction(case, {factor: 0.0}).correct.sum()
        rows.append((f"without {factor}", int(count)))
    return pd.DataFrame(rows, columns=["rules", "correct"])
