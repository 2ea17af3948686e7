"""The ABC-SMC driver on a toy model with a known posterior (a normal mean, conjugate prior)."""

import numpy as np
import pytest

pyabc = pytest.importorskip("pyabc")

from scenarios.calibration.abc import run_abc  # noqa: E402
from scenarios.errors import ScenariosError  # noqa: E402

# y_1..y_n ~ N(mu, 1) with mu ~ N(0, 1): the posterior is N(n ybar / (n + 1), 1 / (n + 1)),
# and the sample mean is sufficient, so ABC on it converges to the exact posterior.
N = 20
YBAR = 0.8
EXACT_MEAN = N * YBAR / (N + 1)
EXACT_SD = (1 / (N + 1)) ** 0.5


def toy(params, seed):
    rng = np.random.default_rng(seed)
    return np.array([rng.normal(params["mu"], 1.0, N).mean()])


def distance(simulated, observed):
    return float(np.abs(simulated - observed).sum())


def fit(seed=3, population=300, generations=5):
    prior = pyabc.Distribution(mu=pyabc.RV("norm", 0.0, 1.0))
    return run_abc(
        toy,
        prior,
        np.array([YBAR]),
        distance,
        population=population,
        generations=generations,
        seed=seed,
    )


def test_toy_posterior_mean_and_spread_match_the_conjugate_posterior():
    result = fit()
    assert result.weights.sum() == pytest.approx(1.0)
    assert len(result.epsilons) == 5
    assert list(result.epsilons) == sorted(result.epsilons, reverse=True)
    assert result.mean()["mu"] == pytest.approx(EXACT_MEAN, abs=0.05)
    assert result.std()["mu"] == pytest.approx(EXACT_SD, rel=0.2)


def test_a_seed_gives_a_bit_identical_posterior_and_leaves_numpy_state_alone():
    np.random.seed(11)  # noqa: NPY002 (the legacy state pyabc uses)
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    first, second = fit(5, 40, 2), fit(5, 40, 2)
    assert np.array_equal(np.random.get_state()[1], before)  # noqa: NPY002
    assert first.draws.equals(second.draws)
    assert np.array_equal(first.weights, second.weights)
    assert first.epsilons == second.epsilons
    assert not fit(6, 40, 2).draws.equals(first.draws)


@pytest.mark.parametrize(
    ("option", "value"), [("population", 1), ("generations", 0), ("seed", -1), ("seed", 1.5)]
)
def test_bad_settings_get_one_line(option, value):
    prior = pyabc.Distribution(mu=pyabc.RV("norm", 0.0, 1.0))
    with pytest.raises(ScenariosError, match=f"^{option}: .* allowed") as error:
        run_abc(toy, prior, np.array([YBAR]), distance, **{option: value})
    assert "\n" not in str(error.value)
