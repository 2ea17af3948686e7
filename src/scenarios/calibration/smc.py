"""Batched ABC-SMC: whole blocks of parameter draws simulated as one vectorised run.

Adaptive-threshold ABC-SMC (Toni et al. 2009; Beaumont et al. 2009): round 0 samples the
prior; every later round sets its threshold to the weighted median distance of the round
before, proposes by perturbing that round's weighted draws with pyabc's multivariate
normal kernel, keeps the proposals within the threshold and weighs each by prior density
over kernel density. pyabc's own sampler asks for one simulation at a time, which costs
the engine its member axis (pyabc issue #351); here a round proposes ``population`` draws
at once and the simulator runs them as members of one batch, while the kernel, its
bandwidth and the weighted median are pyabc's.

Bit-identity for a seed on any executor and chunk size: block *b* of round *t* draws its
proposals from ``SeedSequence(seed, spawn_key=(PROPOSALS, t, b))``; the simulation of the
*k*-th proposal that falls inside the prior's support runs as member *k* of the run (its
noise from ``SeedSequence(seed, spawn_key=(k,))``, as an ensemble's member *k*); a round
accepts the first ``population`` proposals within its threshold, in proposal order.
Nothing depends on where or in what batches the members ran.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from scenarios.errors import ScenariosError
from scenarios.extras import require

PURPOSE = "calibration (ABC-SMC)"
"""What needs pyabc, in the install hint."""

PROPOSALS = 2**32 - 1
"""First entry of the proposals' spawn keys: 3-tuples, never a member's 1-tuple."""

BatchSimulator = Callable[[Mapping[str, np.ndarray], int, int], np.ndarray]
"""(one value per member by parameter, seed, first member) -> statistics, (members, n)."""


@dataclass(frozen=True)
class Round:
    """One round (generation) of ABC-SMC.

    Attributes
    ----------
    draws : numpy.ndarray, shape (population, parameters)
        The accepted draws.
    weights : numpy.ndarray
        Their normalised importance weights.
    distances : numpy.ndarray
        Their distances to the observed statistics.
    epsilon : float
        The round's threshold (infinite for round 0, which accepts its prior sample).
    proposals : int
        Draws proposed, inside the prior's support or not.
    simulations : int
        Draws simulated (the proposals inside the support).
    """

    draws: np.ndarray
    weights: np.ndarray
    distances: np.ndarray
    epsilon: float
    proposals: int
    simulations: int

    @property
    def acceptance(self) -> float:
        """Accepted draws per simulation."""
        return len(self.draws) / self.simulations


@dataclass(frozen=True)
class Fit:
    """An ABC-SMC result: every completed round, the last being the posterior sample.

    Attributes
    ----------
    keys : tuple of str
        The parameters, in the column order of every round's draws.
    rounds : tuple of Round
    seed : int
    stopped : str
        Why the fit ended, in words.
    """

    keys: tuple[str, ...]
    rounds: tuple[Round, ...]
    seed: int
    stopped: str

    @property
    def draws(self) -> pd.DataFrame:
        """The last round's draws, one column per parameter."""
        return pd.DataFrame(self.rounds[-1].draws, columns=list(self.keys))

    @property
    def weights(self) -> np.ndarray:
        """The last round's weights."""
        return self.rounds[-1].weights

    @property
    def epsilons(self) -> tuple[float, ...]:
        """Every round's threshold."""
        return tuple(one.epsilon for one in self.rounds)

    @property
    def evaluations(self) -> int:
        """Simulations run in all."""
        return sum(one.simulations for one in self.rounds)

    def mean(self) -> pd.Series:
        """Weighted posterior mean of every parameter."""
        return pd.Series(self.weights @ self.rounds[-1].draws, index=list(self.keys))

    def std(self) -> pd.Series:
        """Weighted posterior standard deviation of every parameter."""
        values = self.rounds[-1].draws
        centred = values - self.weights @ values
        return pd.Series(np.sqrt(self.weights @ centred**2), index=list(self.keys))


def run_smc(
    simulator: BatchSimulator,
    prior: Mapping[str, Any],
    observed: np.ndarray,
    distance: Callable[[np.ndarray, np.ndarray], np.ndarray],
    *,
    population: int = 1000,
    rounds: int = 5,
    seed: int = 0,
    min_epsilon: float = 0.0,
    min_acceptance: float = 0.01,
    min_drop: float = 0.01,
    engine: Any = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    resume: Sequence[Round] = (),
    on_round: Callable[[Round], None] | None = None,
) -> Fit:
    """Run adaptive-threshold ABC-SMC with batched simulations.

    Parameters
    ----------
    simulator : callable
        See :data:`BatchSimulator`; it must be picklable to run on an executor.
    prior : Mapping of str to a frozen scipy.stats distribution
        One independent distribution per parameter (``rvs`` and ``pdf`` are used).
    observed : numpy.ndarray
        The observed statistics.
    distance : callable
        ``distance(simulated, observed)``, one value per row of ``simulated``.
    population : int
        Accepted draws per round.
    rounds : int
        Largest number of rounds, round 0 (the prior sample) included.
    seed : int
        The one seed (>= 0).
    min_epsilon : float
        Stop once a threshold falls to this.
    min_drop : float
        Stop once a round's threshold is less than this share below the one before: the
        distance has reached its floor (the alignment noise and what no parameter moves),
        and further rounds would only cost more simulations for the same posterior.
    min_acceptance : float
        Give up a round (and stop with the rounds before it) once it has simulated
        ``population / min_acceptance`` draws without filling its population.
    engine : None, concurrent.futures.Executor or dask.distributed.Client
        Where the chunks of a block run (see :mod:`scenarios.experiments.evaluate`).
    chunk_size : int, optional
        Members per chunk; does not change results.
    progress : bool, optional
        A progress bar of accepted draws on stderr; default when stderr is a terminal.
    resume : sequence of Round
        Rounds completed earlier by the same settings (a checkpoint); the fit goes on
        after them and ends bit-identical to one that was never interrupted.
    on_round : callable, optional
        Called with every round as it completes (to write a checkpoint).

    Returns
    -------
    Fit

    Raises
    ------
    ScenariosError
        Without pyabc (with the install hint), or for a bad setting.
    """
    pyabc = require("pyabc", PURPOSE, "calibration")
    _check_settings(population, rounds, seed, min_acceptance)
    if not 0 <= min_drop < 1:
        raise ScenariosError(f"min_drop: {min_drop!r} is not allowed; allowed: a number in [0, 1)")
    keys = tuple(prior)
    observed = np.asarray(observed, dtype=float)
    done = list(resume)
    run = _Sampler(simulator, prior, observed, distance, seed, engine, chunk_size, progress)
    run.simulated = sum(one.simulations for one in done)
    stopped = f"the last of the {rounds} rounds allowed"
    for t in range(len(done), rounds):
        if done and done[-1].epsilon <= min_epsilon:
            stopped = f"threshold {done[-1].epsilon:.4g} reached min_epsilon"
            break
        if len(done) > 2 and done[-1].epsilon > (1 - min_drop) * done[-2].epsilon:
            stopped = f"round {t - 1}'s threshold fell under {min_drop:.0%}"
            break
        if not done:
            found = run.round_zero(population)
        else:
            last = done[-1]
            epsilon = float(pyabc.weighted_statistics.weighted_median(last.distances, last.weights))
            kernel = pyabc.MultivariateNormalTransition()
            kernel.fit(pd.DataFrame(last.draws, columns=list(keys)), last.weights)
            found = run.round(t, population, epsilon, kernel, population / min_acceptance)
            if found is None:
                stopped = f"round {t} accepted under {min_acceptance:.0%} of its simulations"
                break
        done.append(found)
        if on_round is not None:
            on_round(found)
    return Fit(keys=keys, rounds=tuple(done), seed=int(seed), stopped=stopped)


def _check_settings(population: Any, rounds: Any, seed: Any, min_acceptance: Any) -> None:
    for name, value, least in (("population", population, 2), ("rounds", rounds, 1)):
        if int(value) != value or value < least:
            raise ScenariosError(
                f"{name}: {value!r} is not allowed; allowed: an integer >= {least}"
            )
    if int(seed) != seed or seed < 0:
        raise ScenariosError(f"seed: {seed!r} is not allowed; allowed: an integer >= 0")
    if not 0 < min_acceptance <= 1:
        raise ScenariosError(
            f"min_acceptance: {min_acceptance!r} is not allowed; allowed: a number in (0, 1]"
        )


class _Sampler:
    """Proposes, simulates and accepts the draws of one fit's rounds."""

    def __init__(self, simulator, prior, observed, distance, seed, engine, chunk_size, progress):
        from scenarios.experiments.evaluate import resolve_engine

        self.simulator = simulator
        self.prior = prior
        self.observed = observed
        self.distance = distance
        self.seed = int(seed)
        self.executor, self.workers = resolve_engine(engine)
        self.chunk_size = chunk_size
        self.progress = progress
        self.simulated = 0  # members simulated so far: the next proposal's member index

    def _stream(self, t: int, block: int) -> np.random.Generator:
        return np.random.default_rng(
            np.random.SeedSequence(self.seed, spawn_key=(PROPOSALS, t, block))
        )

    def _log_prior(self, x: np.ndarray) -> np.ndarray:
        total = np.zeros(len(x))
        for column, law in enumerate(self.prior.values()):
            total += law.logpdf(x[:, column])
        return total

    def round_zero(self, population: int) -> Round:
        rng = self._stream(0, 0)
        draws = np.column_stack(
            [law.rvs(size=population, random_state=rng) for law in self.prior.values()]
        )
        with self._bar(0, population) as bar:
            distances = self._simulate(draws)
            bar.update(population)
        weights = np.full(population, 1.0 / population)
        return Round(draws, weights, distances, math.inf, population, population)

    def round(self, t, population, epsilon, kernel, budget) -> Round | None:
        accepted: list[np.ndarray] = []
        distances: list[np.ndarray] = []
        count = proposals = simulations = 0
        centres = kernel.X.to_numpy()
        with self._bar(t, population) as bar:
            block = 0
            while count < population:
                if simulations >= budget:
                    return None
                rng = self._stream(t, block)
                ancestors = rng.choice(len(centres), size=population, p=kernel.w)
                draws = centres[ancestors] + rng.multivariate_normal(
                    np.zeros(len(self.prior)), kernel.cov, size=population
                )
                proposals += population
                draws = draws[np.isfinite(self._log_prior(draws))]
                found = self._simulate(draws)
                keep = np.flatnonzero(found <= epsilon)[: population - count]
                # the proposals after the last one needed were simulated all the same
                simulations += len(draws)
                accepted.append(draws[keep])
                distances.append(found[keep])
                count += len(keep)
                bar.update(len(keep))
                block += 1
        draws = np.concatenate(accepted)
        # in logs: in tens of dimensions the kernel's density underflows to 0 (pyabc's
        # Transition.pdf does), which would make a weight infinite
        log_weights = self._log_prior(draws) - _log_kernel(kernel, draws)
        weights = np.exp(log_weights - log_weights.max())
        return Round(
            draws, weights / weights.sum(), np.concatenate(distances), epsilon, proposals,
            simulations,
        )  # fmt: skip

    def _simulate(self, draws: np.ndarray) -> np.ndarray:
        """Distances of ``draws``, members ``simulated ...``; chunks on the engine."""
        from scenarios.experiments.evaluate import chunk_bounds, members_per_chunk

        first = self.simulated
        self.simulated += len(draws)
        if not len(draws):
            return np.empty(0)
        size = members_per_chunk(self.chunk_size, len(draws), self.workers, "calibrate")
        bounds = chunk_bounds(len(draws), size)
        keys = list(self.prior)

        def chunk(start: int, stop: int) -> dict[str, np.ndarray]:
            return {key: draws[start:stop, k] for k, key in enumerate(keys)}

        if self.executor is None:
            blocks = [self.simulator(chunk(a, b), self.seed, first + a) for a, b in bounds]
        else:
            futures = [
                self.executor.submit(self.simulator, chunk(a, b), self.seed, first + a)
                for a, b in bounds
            ]
            blocks = [future.result() for future in futures]
        return np.asarray(self.distance(np.concatenate(blocks), self.observed), dtype=float)

    def _bar(self, t: int, population: int):
        from scenarios.experiments.evaluate import progress_bar

        return progress_bar(self.progress, population, f"round {t}", unit="draw")


def _log_kernel(kernel, draws: np.ndarray) -> np.ndarray:
    """Log of the fitted kernel's density (the weighted mixture of its normals) at ``draws``."""
    from scipy.special import logsumexp

    centres = kernel.X.to_numpy()
    log_w = np.log(kernel.w)
    return np.array([logsumexp(kernel.normal.logpdf(x - centres) + log_w) for x in draws])
