"""The ABC-SMC driver: pyabc with adaptive thresholds, single-core and seeded.

:func:`run_abc` takes any simulator of summary statistics, so the same code fits the toy
model of the tests and the trunk. Bit-identity for a seed: pyabc draws its proposals from
numpy's global random state, so the driver seeds that state from ``SeedSequence(seed)``
and samples on one core in a fixed order; every simulation gets its own seed drawn from
that state, so nothing else is random. The global state is restored afterwards.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from scenarios.errors import ScenariosError
from scenarios.extras import require

PURPOSE = "calibration (ABC-SMC)"
"""What needs pyabc, in the install hint."""

Simulator = Callable[[Mapping[str, float], int], np.ndarray]
"""A simulator: (parameter values by name, seed) -> a vector of summary statistics."""


@dataclass(frozen=True)
class Fit:
    """An ABC-SMC posterior sample.

    Attributes
    ----------
    draws : pandas.DataFrame
        One row per accepted particle of the last generation, one column per parameter.
    weights : numpy.ndarray
        Normalised importance weights of the rows of ``draws``.
    epsilons : tuple of float
        The acceptance threshold of every generation.
    evaluations : int
        Simulations run in all.
    seed : int
        The seed of the run.
    """

    draws: pd.DataFrame
    weights: np.ndarray
    epsilons: tuple[float, ...]
    evaluations: int
    seed: int

    def mean(self) -> pd.Series:
        """Weighted posterior mean of every parameter."""
        return pd.Series(self.weights @ self.draws.to_numpy(), index=self.draws.columns)

    def std(self) -> pd.Series:
        """Weighted posterior standard deviation of every parameter."""
        values = self.draws.to_numpy()
        centred = values - self.weights @ values
        return pd.Series(np.sqrt(self.weights @ centred**2), index=self.draws.columns, dtype=float)


def run_abc(
    simulator: Simulator,
    prior,
    observed: np.ndarray,
    distance: Callable[[np.ndarray, np.ndarray], float],
    *,
    population: int = 200,
    generations: int = 5,
    min_epsilon: float = 0.0,
    seed: int = 0,
) -> Fit:
    """Run adaptive-threshold ABC-SMC.

    Parameters
    ----------
    simulator : callable
        ``simulator(params, seed) -> statistics`` (see :data:`Simulator`).
    prior : pyabc.Distribution
        The prior over the parameters ``simulator`` takes.
    observed : numpy.ndarray
        The observed statistics.
    distance : callable
        ``distance(simulated, observed) -> float``.
    population : int
        Accepted particles per generation.
    generations : int
        Largest number of generations; each lowers the threshold to the median distance
        of the previous one (pyabc's ``MedianEpsilon``).
    min_epsilon : float
        Stop once the threshold falls to this.
    seed : int
        The one seed (>= 0).

    Returns
    -------
    Fit

    Raises
    ------
    ScenariosError
        Without pyabc (with the install hint), or for a bad population, generation count
        or seed.
    """
    pyabc = require("pyabc", PURPOSE, "calibration")
    for name, value, least in (("population", population, 2), ("generations", generations, 1)):
        if int(value) != value or value < least:
            raise ScenariosError(
                f"{name}: {value!r} is not allowed; allowed: an integer >= {least}"
            )
    if int(seed) != seed or seed < 0:
        raise ScenariosError(f"seed: {seed!r} is not allowed; allowed: an integer >= 0")
    observed = np.asarray(observed, dtype=float)

    def model(params) -> dict:
        # the simulation's own seed comes from the seeded global state, in sampling order
        member_seed = int(np.random.randint(0, 2**31 - 1))  # noqa: NPY002 (pyabc's state)
        values = {key: float(params[key]) for key in params}
        return {"s": np.asarray(simulator(values, member_seed), dtype=float)}

    def pyabc_distance(x: dict, x_0: dict) -> float:
        return float(distance(x["s"], x_0["s"]))

    saved = np.random.get_state()  # noqa: NPY002 (pyabc draws from the legacy state)
    quiet = _quiet(pyabc)
    try:
        np.random.seed(np.random.SeedSequence(seed).generate_state(1)[0])  # noqa: NPY002
        abc = pyabc.ABCSMC(
            model,
            prior,
            pyabc_distance,
            population_size=population,
            sampler=pyabc.sampler.SingleCoreSampler(),
            eps=pyabc.MedianEpsilon(),
        )
        with tempfile.TemporaryDirectory(prefix="scenarios-abc-") as folder:
            abc.new("sqlite:///" + str(Path(folder) / "abc.db"), {"s": observed})
            history = abc.run(minimum_epsilon=min_epsilon, max_nr_populations=generations)
            draws, weights = history.get_distribution(m=0, t=history.max_t)
            populations = history.get_all_populations()
            evaluations = int(history.total_nr_simulations)
    finally:
        np.random.set_state(saved)  # noqa: NPY002
        quiet()
    epsilons = tuple(float(e) for e in populations.loc[populations["t"] >= 0, "epsilon"])
    order = sorted(draws.columns)
    weights = np.asarray(weights, dtype=float)
    return Fit(
        draws=draws[order].reset_index(drop=True).astype(float),
        weights=weights / weights.sum(),
        epsilons=epsilons,
        evaluations=evaluations,
        seed=int(seed),
    )


def _quiet(pyabc) -> Callable[[], None]:
    """Silence pyabc's loggers (it reports every generation at INFO); return the undo."""
    loggers = [
        logging.getLogger(name)
        for name in ("ABC", "Epsilon", "Data_plot", "History", "Sampler", "Distance", "Acceptor")
    ]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)

    def undo() -> None:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)

    return undo
