"""Structural balance: the project's alignment pull alone on random signed networks."""

import numpy as np
import pytest

from scenarios.validation import balance as bl


@pytest.fixture(scope="module")
def weak_runs():
    # 40 seeded networks of 20 states, ties within +-0.2, with and without decay
    return bl.balance_runs(runs=40, seed=1, scales=(0.2,), decays=(0.0, 0.01))


def test_random_networks_are_symmetric_seeded_per_run():
    nets = bl.random_signed_networks(8, runs=5, seed=4, scale=0.5)
    assert nets.shape == (5, 8, 8)
    np.testing.assert_array_equal(nets, nets.swapaxes(1, 2))
    assert not np.diagonal(nets, axis1=1, axis2=2).any()
    assert np.abs(nets).max() <= 0.5
    # run r is the same network whatever the batch size
    np.testing.assert_array_equal(bl.random_signed_networks(8, runs=3, seed=4, scale=0.5), nets[:3])


def test_faction_split_reads_sides_and_outcomes():
    sides = np.array([1, 1, -1, -1, 1])
    balanced = np.outer(sides, sides) * 0.9
    np.fill_diagonal(balanced, 0.0)
    friendly = np.abs(balanced)
    imbalanced = -friendly  # all-hostile triangles are imbalanced
    split, outcome = bl.faction_split(np.stack([balanced, friendly, imbalanced, 1e-6 * friendly]))
    assert split[0].tolist() == [False, False, True, True, False]
    assert outcome.tolist() == ["two factions", "one camp", "unbalanced", "faded"]


def test_closed_form_of_the_pure_equation_gives_the_eigenvector_split():
    nets = bl.random_signed_networks(12, runs=50, seed=2)
    predicted, lambda1 = bl.eigenvector_split(nets)
    assert (lambda1 > 0).all()
    np.testing.assert_array_equal(bl.closed_form_split(nets), predicted)


def test_balance_pull_alone_splits_weak_random_networks_in_two(weak_runs):
    alone = weak_runs[weak_runs["decay"] == 0.0]
    assert (alone["outcome"] == "two factions").all()
    # Stated rates for this seeded set (the pure equation would give 100 %): the
    # saturating pull places at least 95 % of states and half of whole splits as v1 does.
    summary = bl.balance_summary(alone).iloc[0]
    assert summary["state_agreement"] >= 0.95
    assert summary["agreement"] >= 0.5
    assert summary["closed_form_agreement"] == 1.0


def test_mismatches_are_states_weakly_placed_by_the_eigenvector(weak_runs):
    alone = weak_runs[weak_runs["decay"] == 0.0]
    nets = 0.2 * bl.random_signed_networks(20, runs=40, seed=1)
    _, vectors = np.linalg.eigh(nets)
    weight = np.abs(vectors[:, :, -1])
    final, _ = bl.balance_dynamics(nets)
    sides, _ = bl.faction_split(final)
    predicted, _ = bl.eigenvector_split(nets)
    wrong = sides != predicted
    flip = wrong.sum(axis=1) > 10
    wrong[flip] = ~wrong[flip]
    assert wrong.sum() == alone["mismatched"].sum() > 0
    # misplaced states sit well below the typical |v1_i| = 1/sqrt(N)
    assert np.median(weight[wrong]) < 0.5 * np.median(weight)


def test_decay_below_threshold_lets_every_tie_fade(weak_runs):
    decayed = weak_runs[weak_runs["decay"] == 0.01]
    assert (decayed["lambda1"] < decayed["threshold"]).all()
    assert (decayed["outcome"] == "faded").all()


def test_scorecard_rows():
    rows = bl.balance_check(runs=30)
    # Pinned, not a target: two factions are reached; the whole split is not always v1's.
    assert rows["passed"].tolist() == [True, False]
    assert rows["note"].str.len().min() > 0
