"""What a posterior says and how far to trust it: prior, correlations, predictive coverage.

Three checks: each parameter's posterior against its prior, the correlations of the
posterior, and the coverage of its predictive intervals on the record's test set.

The rules are fixed here before any posterior was looked at (``docs/calibration.md``,
section 6): a parameter counts as *constrained* by the record when its posterior spread
is under :data:`CONSTRAINED` of its prior spread; an observation is *covered* when it
lies inside the central :data:`LEVEL` interval of the members (for a one-sided
observation, when the interval reaches past its bound). Coverage is reported three ways,
so that what the parameters add can be seen: members with the registry defaults (the
noise alone), members drawn from the prior, and members drawn from the posterior.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CONSTRAINED = 0.5
"""Posterior over prior standard deviation below which the record constrains a parameter."""

LEVEL = 0.9
"""The central predictive interval whose coverage is checked."""

PRIOR_COLUMNS = (
    "parameter", "low", "high", "prior_mean", "prior_sd", "posterior_mean", "posterior_sd",
    "q05", "q95", "sd_ratio", "constrained",
)  # fmt: skip
"""Columns of :func:`prior_posterior`."""


def _weighted(draws: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    weights = draws["weight"].to_numpy(dtype=float)
    return weights / weights.sum(), draws.drop(columns="weight")


def _quantile(values: np.ndarray, weights: np.ndarray, level: float) -> float:
    order = np.argsort(values, kind="stable")
    edges = np.cumsum(weights[order])
    return float(values[order][min(np.searchsorted(edges, level), len(values) - 1)])


def prior_posterior(draws: pd.DataFrame) -> pd.DataFrame:
    """Every fitted parameter's prior (uniform over its range) beside its posterior.

    Parameters
    ----------
    draws : pandas.DataFrame
        ``weight``, then one column per parameter (:func:`~.posterior.posterior`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PRIOR_COLUMNS`, one row per parameter, most constrained first.
    """
    from scenarios.registry.parameters import PARAMETERS

    weights, values = _weighted(draws)
    rows = []
    for key in values.columns:
        spec, column = PARAMETERS[key], values[key].to_numpy(dtype=float)
        mean = float(weights @ column)
        sd = float(np.sqrt(weights @ (column - mean) ** 2))
        prior_sd = (spec.high - spec.low) / 12**0.5
        rows.append(
            (key, spec.low, spec.high, (spec.low + spec.high) / 2, prior_sd, mean, sd,
             _quantile(column, weights, 0.05), _quantile(column, weights, 0.95),
             sd / prior_sd, sd / prior_sd < CONSTRAINED)
        )  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(PRIOR_COLUMNS))
    return frame.sort_values("sd_ratio", kind="stable").reset_index(drop=True)


def correlations(draws: pd.DataFrame) -> pd.DataFrame:
    """Weighted correlations of every pair of parameters, strongest first.

    Returns
    -------
    pandas.DataFrame
        Columns ``a``, ``b``, ``r``; pairs with a parameter that does not vary are left out.
    """
    weights, values = _weighted(draws)
    matrix = values.to_numpy(dtype=float)
    centred = matrix - weights @ matrix
    cov = (centred * weights[:, None]).T @ centred
    sd = np.sqrt(np.diag(cov))
    keys = list(values.columns)
    rows = [
        (keys[i], keys[j], float(cov[i, j] / (sd[i] * sd[j])))
        for i in range(len(keys))
        for j in range(i + 1, len(keys))
        if sd[i] > 0 and sd[j] > 0
    ]
    frame = pd.DataFrame(rows, columns=["a", "b", "r"])
    return frame.reindex(frame["r"].abs().sort_values(ascending=False).index).reset_index(drop=True)


def predictive(
    table: pd.DataFrame,
    members_params: dict[str, np.ndarray] | None,
    members: int,
    seed: int,
    simulator=None,
) -> pd.DataFrame:
    """The members' central :data:`LEVEL` interval of every target, and whether it covers it.

    Parameters
    ----------
    table : pandas.DataFrame
        The targets (:func:`~.statistics.targets`), e.g. the test set.
    members_params : dict of str to numpy.ndarray, or None
        One value per member for each parameter drawn (None: the registry defaults).
    members : int
        Members to run.
    seed : int
        The run's seed.
    simulator : TrunkSimulator, optional
        A simulator of ``table`` (default one of the trunk, made here).

    Returns
    -------
    pandas.DataFrame
        ``statistic``, ``state``, ``year``, ``bound``, ``observed``, ``low``, ``median``,
        ``high`` (on the record's own scale: spending in US$ bn) and ``covered``.
    """
    from scenarios.calibration.simulator import TrunkSimulator
    from scenarios.calibration.statistics import natural_scale

    simulator = simulator if simulator is not None else TrunkSimulator(table)
    simulated = simulator.batch(members_params or {}, seed, 0, members)
    tail = (1 - LEVEL) / 2
    with np.errstate(invalid="ignore"):
        low, median, high = np.nanquantile(simulated, [tail, 0.5, 1 - tail], axis=0)
    observed = table["value"].to_numpy(dtype=float)
    bound = table["bound"].to_numpy()
    covered = np.where(
        bound == "lower",
        high >= observed,
        np.where(bound == "upper", low <= observed, (low <= observed) & (observed <= high)),
    )
    return pd.DataFrame(
        {
            "statistic": table["statistic"].to_numpy(),
            "state": table["state"].to_numpy(),
            "year": table["year"].to_numpy(),
            "bound": bound,
            "observed": natural_scale(table, observed),
            "low": natural_scale(table, low),
            "median": natural_scale(table, median),
            "high": natural_scale(table, high),
            "covered": covered,
        }
    )


def coverage(intervals: pd.DataFrame) -> pd.DataFrame:
    """The share of targets each statistic's intervals cover (and all of them together).

    Returns
    -------
    pandas.DataFrame
        ``statistic``, ``targets``, ``covered``, ``share``; the last row is ``all``.
    """
    grouped = intervals.groupby("statistic", sort=True)["covered"]
    frame = pd.DataFrame({"targets": grouped.size(), "covered": grouped.sum()})
    frame.loc["all"] = [len(intervals), int(intervals["covered"].sum())]
    frame["share"] = frame["covered"] / frame["targets"]
    return frame.rename_axis("statistic").reset_index()


SOURCES = ("default", "prior", "posterior")
"""The three kinds of members whose coverage :func:`coverage_by_source` compares."""


def coverage_by_source(
    posterior, *, split: str = "test", members: int = 200, seed: int = 0, record=None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Predictive intervals of one set of the record for default, prior and posterior members.

    Parameters
    ----------
    posterior : scenarios.calibration.posterior.Posterior
        The posterior (its parameters are the ones the prior members draw too).
    split : str
        The set of the record to check (``test``: held back from the fit).
    members : int
        Members per source.
    seed : int
        The runs' seed (the same members' noise for every source).
    record : pandas.DataFrame, optional
        Default the shipped record (:func:`scenarios.facts.load_observed`).

    Returns
    -------
    intervals : pandas.DataFrame
        :func:`predictive`'s columns and ``source``.
    summary : pandas.DataFrame
        :func:`coverage`'s columns and ``source``.
    """
    from scenarios.calibration.posterior import PICK
    from scenarios.calibration.simulator import TrunkSimulator
    from scenarios.calibration.statistics import targets, wartime
    from scenarios.facts.observed import load_observed
    from scenarios.registry.parameters import PARAMETERS
    from scenarios.scenario.layers import load_scenario

    trunk = load_scenario("replay_2022")
    record = load_observed() if record is None else record
    table = targets(record, trunk.actors, split=split, exclude=wartime(trunk.events))
    simulator = TrunkSimulator(table, trunk)  # one coding of the trunk for all three runs
    keys = list(posterior.draws.columns[1:])
    # the prior members' own stream, apart from the members' noise and their posterior picks
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(PICK - 1,)))
    drawn = {
        "default": None,
        # uniform over the registry ranges, as calibration's prior (numpy alone: loading
        # and checking a posterior needs no optional package)
        "prior": {
            key: rng.uniform(PARAMETERS[key].low, PARAMETERS[key].high, members) for key in keys
        },
        "posterior": posterior.overrides(seed, 0, members),
    }
    intervals, summaries = [], []
    for source in SOURCES:
        one = predictive(table, drawn[source], members, seed, simulator)
        intervals.append(one.assign(source=source))
        summaries.append(coverage(one).assign(source=source))
    return pd.concat(intervals, ignore_index=True), pd.concat(summaries, ignore_index=True)
