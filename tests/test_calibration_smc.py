"""The batched ABC-SMC driver on a toy model with a known posterior (a normal mean, conjugate
prior), and against pyabc's own ABCSMC on the same problem."""

import numpy as np
import pytest

pyabc = pytest.importorskip("pyabc")
stats = pytest.importorskip("scipy.stats")

from scenarios.calibration.smc import run_smc  # noqa: E402
from scenarios.errors import ScenariosError  # noqa: E402

# y_1..y_n ~ N(mu, 1) with mu ~ N(0, 1): the posterior is N(n ybar / (n + 1), 1 / (n + 1)),
# and the sample mean is sufficient, so ABC on it converges to the exact posterior.
N = 20
YBAR = 0.8
EXACT_MEAN = N * YBAR / (N + 1)
EXACT_SD = (1 / (N + 1)) ** 0.5


def toy(params, seed, first_member):
    """One draw per member; member k's noise from its own stream, as the engine does."""
    mu = params["mu"]
    means = [
        np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(first_member + k,)))
        .normal(value, 1.0, N)
        .mean()
        for k, value in enumerate(mu)
    ]
    return np.array(means)[:, None]


def distance(simulated, observed):
    return np.abs(simulated - observed).sum(axis=-1)


def fit(seed=3, population=300, rounds=5, **options):
    return run_smc(
        toy,
        {"mu": stats.norm(0.0, 1.0)},
        np.array([YBAR]),
        distance,
        population=population,
        rounds=rounds,
        seed=seed,
        **options,
    )


def test_toy_posterior_mean_and_spread_match_the_conjugate_posterior():
    result = fit()
    assert result.weights.sum() == pytest.approx(1.0)
    assert len(result.epsilons) == 5 and result.epsilons[0] == np.inf
    assert list(result.epsilons) == sorted(result.epsilons, reverse=True)
    assert result.mean()["mu"] == pytest.approx(EXACT_MEAN, abs=0.05)
    assert result.std()["mu"] == pytest.approx(EXACT_SD, rel=0.2)
    assert result.evaluations == sum(one.simulations for one in result.rounds)
    assert all(one.distances.max() <= one.epsilon for one in result.rounds)


def test_it_agrees_with_pyabcs_own_abcsmc(tmp_path):
    import logging

    logging.getLogger("ABC").setLevel(logging.WARNING)

    def model(params):
        return {"s": np.random.normal(params["mu"], 1.0, N).mean()}  # noqa: NPY002

    np.random.seed(7)  # noqa: NPY002 (pyabc's global state)
    abc = pyabc.ABCSMC(
        model,
        pyabc.Distribution(mu=pyabc.RV("norm", 0.0, 1.0)),
        lambda x, y: abs(x["s"] - y["s"]),
        population_size=300,
        sampler=pyabc.sampler.SingleCoreSampler(),
        eps=pyabc.MedianEpsilon(),
    )
    abc.new("sqlite:///" + str(tmp_path / "abc.db"), {"s": YBAR})
    history = abc.run(max_nr_populations=5)
    reference, weights = history.get_distribution(m=0, t=history.max_t)
    ours = fit()
    assert ours.mean()["mu"] == pytest.approx(weights @ reference["mu"].to_numpy(), abs=0.06)
    spread = np.sqrt(weights @ (reference["mu"].to_numpy() - weights @ reference["mu"]) ** 2)
    assert ours.std()["mu"] == pytest.approx(spread, rel=0.3)


def test_a_seed_gives_the_same_posterior_on_any_chunking_and_executor():
    from concurrent.futures import ThreadPoolExecutor

    first = fit(5, 40, 3)
    assert not np.array_equal(fit(6, 40, 3).draws, first.draws)
    for options in ({"chunk_size": 7}, {"engine": ThreadPoolExecutor(2), "chunk_size": 5}):
        again = fit(5, 40, 3, **options)
        assert again.draws.equals(first.draws)
        assert np.array_equal(again.weights, first.weights)
        assert again.epsilons == first.epsilons


def test_resuming_after_a_kept_round_ends_bit_identical():
    kept = []
    whole = fit(5, 40, 3, on_round=kept.append)
    assert len(kept) == 3
    resumed = fit(5, 40, 3, resume=kept[:2])
    assert resumed.draws.equals(whole.draws)
    assert np.array_equal(resumed.weights, whole.weights)
    assert resumed.evaluations == whole.evaluations


def test_a_round_below_the_acceptance_floor_ends_the_fit_with_the_rounds_before():
    # the median threshold accepts about half of what a round simulates, so a floor of
    # one half is broken within a few rounds
    result = fit(5, 40, 4, min_acceptance=0.5, min_epsilon=-1.0)
    assert 1 <= len(result.rounds) < 4
    assert "accepted under 50%" in result.stopped


def test_a_threshold_that_stops_falling_ends_the_fit():
    whole = fit(5, 40, 6, min_drop=0.0)
    assert len(whole.rounds) == 6
    drops = [1 - b / a for a, b in zip(whole.epsilons[1:], whole.epsilons[2:], strict=False)]
    cut = min(drops) + 1e-9  # a floor that the smallest drop does not clear
    stopped = fit(5, 40, 6, min_drop=cut)
    first_small = drops.index(min(drops))
    assert len(stopped.rounds) == first_small + 3
    assert "fell under" in stopped.stopped
    assert np.array_equal(stopped.draws.to_numpy(), whole.rounds[first_small + 2].draws)


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("population", 1),
        ("rounds", 0),
        ("seed", -1),
        ("seed", 1.5),
        ("min_acceptance", 0),
        ("min_drop", 1),
    ],
)
def test_bad_settings_get_one_line(option, value):
    with pytest.raises(ScenariosError, match=f"^{option}: .* allowed") as error:
        fit(**{option: value})
    assert "\n" not in str(error.value)
