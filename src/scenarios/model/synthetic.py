"""A random but plausible world of any size, for tests and benchmarks."""

from __future__ import annotations

import numpy as np

from scenarios.mechanisms.kernels import Params
from scenarios.model.initial import InitialFacts, great_circle, initialise, technology
from scenarios.model.pair_facts import PARTIAL_ALLIANCE
from scenarios.model.params import default_params
from scenarios.state import World, WorldState


def synthetic(
    n_states: int, members: int = 1, seed: int = 0, params: Params | None = None
) -> tuple[WorldState, World]:
    """A random but plausible world of ``n_states`` states, for tests and benchmarks.

    The first states are the ones the levers act on (USA, CHN, RUS, PRK, KOR, JPN, UKR,
    when ``n_states`` allows), the rest are named ``S007``, ``S008``, ... Figures are
    drawn from one ``numpy.random.default_rng(seed)``; every member starts from the same
    facts, and Russia and Ukraine are at war when both exist.

    Parameters
    ----------
    n_states : int
        N >= 2.
    members : int
        M.
    seed : int
        Seed of the facts (not of the run).
    params : Mapping, optional
        Resolved parameters; default every registry default.

    Returns
    -------
    state : WorldState
    world : World
    """
    if n_states < 2:
        raise ValueError(f"n_states: {n_states} not allowed; expected at least 2")
    params = params if params is not None else default_params(members)
    core = ("USA", "CHN", "RUS", "PRK", "KOR", "JPN", "UKR")
    codes = core[:n_states] + tuple(f"S{i:03d}" for i in range(len(core), n_states))
    rng = np.random.default_rng(seed)
    gdp = np.exp(rng.normal(4.5, 1.6, n_states))
    milex = gdp * rng.uniform(0.008, 0.05, n_states)
    population = np.exp(rng.normal(3.0, 1.5, n_states))
    warheads = np.where(rng.random(n_states) < 0.05, rng.integers(10, 500, n_states), 0)
    if n_states > 3:
        warheads[:4] = (5000, 500, 5500, 50)[: min(4, n_states)]
    lat = rng.uniform(-50, 65, n_states)
    lon = rng.uniform(-180, 180, n_states)
    upper = np.triu(rng.random((n_states, n_states)), 1)
    alliance = np.where(upper > 0.97, 1.0, np.where(upper > 0.93, PARTIAL_ALLIANCE, 0.0))
    alliance = alliance + alliance.T
    regimes = np.where(rng.random((n_states, n_states)) < 0.03, 0.6, 0.0)
    np.fill_diagonal(regimes, 0.0)
    war = np.zeros((n_states, n_states))
    if "RUS" in codes and "UKR" in codes:
        r, u = codes.index("RUS"), codes.index("UKR")
        war[r, u] = war[u, r] = 1.0
    groups = (np.triu(rng.random((n_states, n_states)), 1) > 0.9).astype(float)
    initial = InitialFacts(
        codes=codes,
        names=codes,
        quarter=2024 * 4 + 2,
        gdp=gdp,
        milex=milex,
        population=population,
        warheads=warheads.astype(float),
        distance=great_circle(lat, lon),
        alliance=alliance,
        war=war,
        sanctions=regimes,
        shared_groups=groups + groups.T,
        arms_ties=np.zeros((n_states, n_states)),
        rivalry=np.zeros((n_states, n_states)),
        tech=technology(gdp, milex, population),
        restraint_base=np.where(warheads > 0, 0.5, 0.9),
    )
    return initialise(initial, params, members)
