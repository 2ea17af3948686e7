"""Tests of landscape-theory blocs and signed-network metrics, against plain-loop oracles."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios import blocs


def random_network(rng, n, members=None):
    shape = (n, n) if members is None else (members, n, n)
    a = rng.uniform(-1, 1, shape)
    a = (a + np.swapaxes(a, -1, -2)) / 2
    sizes = rng.lognormal(0, 1, shape[:-1])
    return a, sizes


# ---------------------------------------------------------------- plain-loop oracles
def loop_energy(p, s, sides):
    n = len(s)
    return sum(
        s[i] * s[j] * p[i, j] for i in range(n) for j in range(i + 1, n) if sides[i] != sides[j]
    )


def brute_force(p, s):
    """Lowest energy and its split (state 0 in bloc A) by trying every configuration."""
    best = None
    for bits in itertools.product((False, True), repeat=len(s) - 1):
        sides = np.array((False, *bits))
        energy = loop_energy(p, s, sides)
        if best is None or energy < best[0] - 1e-12:
            best = (energy, sides)
    return best


def loop_local_minima(p, s):
    n = len(s)
    found = []
    for bits in itertools.product((False, True), repeat=n - 1):
        sides = np.array((False, *bits))
        energy = loop_energy(p, s, sides)
        flips = []
        for i in range(n):
            other = sides.copy()
            other[i] = not other[i]
            flips.append(loop_energy(p, s, other) - energy)
        if min(flips) >= -1e-9:
            found.append((energy, tuple(sides)))
    return sorted(found)


def loop_triads(a, weighted):
    n = len(a)
    balanced = total = 0.0
    for i, j, k in itertools.combinations(range(n), 3):
        product = a[i, j] * a[j, k] * a[k, i]
        if product == 0:
            continue
        weight = abs(product) if weighted else 1.0
        total += weight
        balanced += weight if product > 0 else 0.0
    return balanced / total if total else np.nan


# ---------------------------------------------------------------- energy
def test_energy_matches_loop_oracle():
    rng = np.random.default_rng(0)
    for n in (2, 5, 9):
        p, s = random_network(rng, n)
        sides = rng.random(n) < 0.5
        assert blocs.landscape_energy(p, s, sides) == pytest.approx(loop_energy(p, s, sides))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 12))
def test_energy_mirror_invariance_and_flip_identity(seed, n):
    rng = np.random.default_rng(seed)
    p, s = random_network(rng, n)
    sides = rng.random(n) < 0.5
    energy = blocs.landscape_energy(p, s, sides)
    assert blocs.landscape_energy(p, s, ~sides) == pytest.approx(energy, abs=1e-12)
    # moving state i changes the energy by sigma_i (W sigma)_i, the rule the searches use
    w = np.outer(s, s) * p
    np.fill_diagonal(w, 0)
    sigma = np.where(sides, -1.0, 1.0)
    i = int(rng.integers(n))
    moved = sides.copy()
    moved[i] = ~moved[i]
    change = blocs.landscape_energy(p, s, moved) - energy
    assert change == pytest.approx(sigma[i] * (w @ sigma)[i], abs=1e-9)


def test_diagonal_is_ignored():
    rng = np.random.default_rng(1)
    p, s = random_network(rng, 6)
    sides = np.array([0, 1, 0, 1, 1, 0], bool)
    q = p + np.diag(rng.uniform(-5, 5, 6))
    assert blocs.landscape_energy(q, s, sides) == blocs.landscape_energy(p, s, sides)


# ---------------------------------------------------------------- exact search
@pytest.mark.parametrize("n", [1, 2, 3, 6, 10, 11])
def test_exact_equals_brute_force(n):
    rng = np.random.default_rng(100 + n)
    for _ in range(6):
        p, s = random_network(rng, n)
        energy, sides = brute_force(p, s)
        found, found_energy = blocs.exact_minimum(p, s)
        assert found_energy == pytest.approx(energy, abs=1e-12)
        np.testing.assert_array_equal(found, sides)


def test_exact_respects_anchor_and_mirror():
    rng = np.random.default_rng(2)
    p, s = random_network(rng, 9)
    base, energy = blocs.exact_minimum(p, s)
    moved, energy_moved = blocs.exact_minimum(p, s, anchor=4)
    assert not moved[4]
    assert energy_moved == pytest.approx(energy)
    np.testing.assert_array_equal(moved, base != base[4])


def test_exact_ties_go_to_first_enumerated():
    # with no ties at all every split has energy 0; the first enumerated is all together
    sides, energy = blocs.exact_minimum(np.zeros((5, 5)), np.ones(5))
    assert energy == 0 and not sides.any()


def test_exact_handles_n_20():
    rng = np.random.default_rng(3)
    p, s = random_network(rng, 20)
    sides, energy = blocs.exact_minimum(p, s)
    assert energy == pytest.approx(blocs.landscape_energy(p, s, sides))
    # no configuration that the heuristic finds from many starts beats the exact one
    _, heuristic = blocs.heuristic_minimum(p, s, rng=np.random.default_rng(0), restarts=64)
    assert energy <= heuristic + 1e-12


# ---------------------------------------------------------------- heuristic
@pytest.mark.parametrize("n", range(3, 15))
def test_heuristic_equals_exact(n):
    rng = np.random.default_rng(200 + n)
    p, s = random_network(rng, n, members=40)
    exact_sides, exact_energy = blocs.exact_minimum(p, s)
    sides, energy = blocs.heuristic_minimum(p, s, rng=np.random.default_rng(n))
    np.testing.assert_allclose(energy, exact_energy, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(sides, exact_sides)


def test_heuristic_needs_rng_for_restarts():
    p, s = random_network(np.random.default_rng(4), 5)
    with pytest.raises(ValueError, match="rng"):
        blocs.heuristic_minimum(p, s)
    sides, _ = blocs.heuristic_minimum(p, s, restarts=0)
    assert sides.shape == (5,)


def test_heuristic_ends_in_local_minimum_and_warm_start_is_kept():
    rng = np.random.default_rng(5)
    p, s = random_network(rng, 30, members=3)
    sides, energy = blocs.heuristic_minimum(p, s, rng=rng)
    for m in range(3):
        for i in range(30):
            moved = sides[m].copy()
            moved[i] = ~moved[i]
            assert blocs.landscape_energy(p[m], s[m], moved) >= energy[m] - 1e-12
    again, energy_again = blocs.heuristic_minimum(p, s, restarts=0, spectral=False, starts=sides)
    np.testing.assert_array_equal(again, sides)
    np.testing.assert_array_equal(energy_again, energy)


def test_minimise_energy_dispatch():
    rng = np.random.default_rng(6)
    p, s = random_network(rng, 8)
    exact = blocs.minimise_energy(p, s)
    np.testing.assert_array_equal(exact[0], blocs.exact_minimum(p, s)[0])
    heuristic = blocs.minimise_energy(p, s, exact_limit=5, rng=np.random.default_rng(0))
    assert heuristic[1] == pytest.approx(exact[1])
    with pytest.raises(ValueError, match="method"):
        blocs.minimise_energy(p, s, method="annealing")


# ---------------------------------------------------------------- batches
def test_batch_equals_per_member_bit_for_bit():
    rng = np.random.default_rng(7)
    for n in (7, 16, 25):
        p, s = random_network(rng, n, members=5)
        streams = [np.random.default_rng(100 + m) for m in range(5)]
        exact = blocs.exact_minimum(p, s) if n <= 16 else None
        heur = blocs.heuristic_minimum(p, s, rng=streams)
        labels = blocs.bloc_labels(p, s, rng=[np.random.default_rng(100 + m) for m in range(5)])
        triads = blocs.balanced_triad_fraction(p)
        bipolar = blocs.bipolarity_index(p, s, labels)
        for m in range(5):
            if exact is not None:
                one = blocs.exact_minimum(p[m], s[m])
                np.testing.assert_array_equal(one[0], exact[0][m])
                assert one[1] == exact[1][m]
            one = blocs.heuristic_minimum(
                p[m : m + 1], s[m : m + 1], rng=[np.random.default_rng(100 + m)]
            )
            np.testing.assert_array_equal(one[0][0], heur[0][m])
            assert one[1][0] == heur[1][m]
            alone = blocs.bloc_labels(p[m], s[m], rng=[np.random.default_rng(100 + m)])
            np.testing.assert_array_equal(alone, labels[m])
            assert blocs.balanced_triad_fraction(p[m]) == triads[m]
            assert blocs.bipolarity_index(p[m], s[m], labels[m]) == bipolar[m]


def test_shared_sizes_broadcast_over_members():
    rng = np.random.default_rng(8)
    p, _ = random_network(rng, 6, members=3)
    s = rng.uniform(0.1, 1, 6)
    sides, energy = blocs.exact_minimum(p, s)
    _, energy_full = blocs.exact_minimum(p, np.tile(s, (3, 1)))
    np.testing.assert_array_equal(energy, energy_full)
    assert sides.shape == (3, 6)


# ---------------------------------------------------------------- local minima
@pytest.mark.parametrize("seed", range(4))
def test_local_minima_equal_loop_oracle(seed):
    rng = np.random.default_rng(300 + seed)
    p, s = random_network(rng, 8)
    found = blocs.local_minima(p, s)
    oracle = loop_local_minima(p, s)
    assert len(found.energy) == len(oracle)
    for (energy, sides), e, x in zip(oracle, found.energy, found.sides, strict=True):
        assert e == pytest.approx(energy)
        assert tuple(x) == sides
    assert found.basin.sum() == 2**7
    assert (found.basin >= 1).all()  # a minimum is in its own basin
    assert found.energy[0] == pytest.approx(blocs.exact_minimum(p, s)[1])


# ---------------------------------------------------------------- labels
def two_camps(n_a, n_b, strength=1.0):
    sigma = np.r_[np.ones(n_a), -np.ones(n_b)]
    return strength * np.outer(sigma, sigma)


def test_labels_orientation_follows_anchor():
    p = two_camps(3, 4)
    sizes = np.ones(7)
    np.testing.assert_array_equal(blocs.bloc_labels(p, sizes), [0, 0, 0, 1, 1, 1, 1])
    np.testing.assert_array_equal(blocs.bloc_labels(p, sizes, anchor=5), [1, 1, 1, 0, 0, 0, 0])
    given_sides = np.array([1, 1, 1, 0, 0, 0, 0], bool)  # the caller's naming is re-oriented
    np.testing.assert_array_equal(
        blocs.bloc_labels(p, sizes, sides=given_sides), [0, 0, 0, 1, 1, 1, 1]
    )


def test_cross_pressured_and_isolated_states_are_non_aligned():
    p = two_camps(3, 3, strength=0.8)
    p = np.pad(p, ((0, 2), (0, 2)))
    p[6, :3] = p[:3, 6] = 0.5  # state 6: friends with both camps alike
    p[6, 3:6] = p[3:6, 6] = 0.5
    p[7, :] = p[:, 7] = 0.02  # state 7: barely tied to anyone
    p[7, 7] = 0.0
    labels = blocs.bloc_labels(p, np.ones(8))
    np.testing.assert_array_equal(labels[:6], [0, 0, 0, 1, 1, 1])
    assert labels[6] == -1 and labels[7] == -1
    # the same rule with no threshold labels everyone
    assert (blocs.bloc_labels(p, np.ones(8), threshold=-np.inf) >= 0).all()


def test_alignment_margin_matches_loop_oracle():
    rng = np.random.default_rng(9)
    p, s = random_network(rng, 7)
    sides = np.array([0, 0, 1, 1, 0, 1, 0], bool)
    margin = blocs.alignment_margin(p, s, sides)
    for i in range(7):
        others = [j for j in range(7) if j != i]
        pull = sum(s[j] * p[i, j] * (1 if sides[j] == sides[i] else -1) for j in others)
        assert margin[i] == pytest.approx(pull / sum(s[j] for j in others))


def test_margins_are_non_negative_at_the_minimum():
    rng = np.random.default_rng(10)
    p, s = random_network(rng, 12, members=10)
    sides, _ = blocs.exact_minimum(p, s)
    assert (blocs.alignment_margin(p, s, sides) >= -1e-12).all()


# ---------------------------------------------------------------- metrics
@pytest.mark.parametrize("weighted", [False, True])
def test_triad_fraction_matches_triple_loop(weighted):
    rng = np.random.default_rng(11)
    for n in (3, 6, 12):
        a, _ = random_network(rng, n)
        a[rng.random((n, n)) < 0.2] = 0.0  # some missing ties, kept symmetric below
        a = np.triu(a, 1) + np.triu(a, 1).T
        expected = loop_triads(a, weighted)
        found = blocs.balanced_triad_fraction(a, weighted=weighted)
        np.testing.assert_allclose(found, expected, rtol=1e-12, equal_nan=True)


def test_triad_fraction_extremes():
    assert blocs.balanced_triad_fraction(two_camps(4, 5)) == 1.0
    assert blocs.balanced_triad_fraction(-np.ones((5, 5))) == 0.0  # all enemies: imbalanced
    assert np.isnan(blocs.balanced_triad_fraction(np.zeros((4, 4))))


def test_bipolarity_one_for_perfect_equal_camps():
    assert blocs.bipolarity_index(two_camps(5, 5), np.ones(10)) == pytest.approx(1.0)
    unequal = blocs.bipolarity_index(two_camps(2, 8), np.ones(10))
    assert 0 < unequal < 1  # still two perfect camps, but one pole carries 80 %
    assert blocs.bipolarity_index(two_camps(2, 8), np.r_[4, 4, np.ones(8)]) == pytest.approx(1)


def test_bipolarity_low_for_random_friendly_and_pariah_networks():
    rng = np.random.default_rng(12)
    p, _ = random_network(rng, 30, members=20)
    random_index = blocs.bipolarity_index(p, np.ones(30), rng=rng)
    assert random_index.mean() < 0.15
    assert blocs.bipolarity_index(np.ones((10, 10)), np.ones(10)) == 0.0
    pariah = two_camps(9, 1)
    assert blocs.bipolarity_index(pariah, np.ones(10)) < 0.4


def test_bipolarity_ignores_non_aligned_states():
    p = np.pad(two_camps(4, 4), ((0, 1), (0, 1)))
    p[8, :] = p[:, 8] = 0.3
    labels = np.array([0, 0, 0, 0, 1, 1, 1, 1, -1])
    assert blocs.bipolarity_index(p, np.ones(9), labels) == pytest.approx(1.0)


# ---------------------------------------------------------------- input errors
@pytest.mark.parametrize(
    ("propensity", "sizes", "message"),
    [
        (np.ones((3, 4)), np.ones(3), "shape"),
        (np.array([[0, 1], [0, 0.0]]), np.ones(2), "symmetric"),
        (np.zeros((3, 3)), np.array([1.0, 0.0, 1.0]), "sizes"),
        (np.zeros((3, 3)), np.ones(4), "sizes"),
        (np.full((2, 2), np.nan), np.ones(2), "NaN"),
    ],
)
def test_bad_input_raises_one_line_error(propensity, sizes, message):
    with pytest.raises(ValueError, match=message) as error:
        blocs.landscape_energy(propensity, sizes, np.zeros(len(sizes), bool))
    assert "\n" not in str(error.value)
