"""Mechanism attribution: which mechanism carries a difference between two branches.

For two scenarios A and B of one world, a metric and a quarter, the paired difference
``d = metric(A) - metric(B)`` of member ``m`` is split exactly into

- **initial state**: the difference already present at the record of the *later* branch
  quarter ``b`` of the two (the runs are identical up to the earlier branch);
- **inputs**: what the difference becomes, beyond that, with every mechanism of
  :data:`~scenarios.model.switches.MECHANISMS` switched off from ``b`` on: the scheduled
  events (the treaty), lever changes and lever values, acting by design;
- one **Shapley share** per mechanism: with ``v(S)`` the difference at ``at`` when only
  the mechanisms in ``S`` run from ``b`` on, mechanism ``i`` gets the mean of
  ``v(S + i) - v(S)`` over the orders in which the mechanisms can be switched on (exact:
  every one of the ``2^k`` coalitions is run).

The parts add up to ``d`` member by member (``v`` of every mechanism is the full run). The
**built-in share** of a member is ``(initial state + inputs) / d``: the part of the
difference that is there by construction, against the part the dynamics produce
(``docs/attribution.md``). Each coalition is one batched run of every member per
scenario, with the same seed and member indices, so members stay paired across all
``2 x 2^k`` runs (:mod:`scenarios.model.switches` keeps the noise streams in step).

Metrics are those of :data:`scenarios.metrics.METRICS`, or ``"AAA-BBB"``: the affinity of
a pair of states, read from the recorded relations.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from scenarios.calibration.posterior import DEFAULT_SOURCE, parameter_source
from scenarios.errors import ScenariosError, allowed_list, suggest
from scenarios.experiments.compare import check_at, check_scenarios
from scenarios.experiments.design import check_count, check_seed
from scenarios.metrics import METRICS, WITH_BLOCS
from scenarios.model import RELATION_VARIABLES, code_facts, simulate_records
from scenarios.model.switches import MECHANISMS, Switches
from scenarios.quarters import format_quarter
from scenarios.scenario import Scenario

FIXED = ("initial state", "inputs")
"""The components that are not mechanisms, in table order."""

COMPONENTS = (*FIXED, *MECHANISMS)
"""Every component of a difference, in table order."""

BAND = (0.10, 0.90)
"""Quantiles of the band over members (``docs/attribution.md``)."""

_PAIR = re.compile(r"^([A-Z]{3})-([A-Z]{3})$")


@dataclass(frozen=True, eq=False)
class Attribution:
    """A difference between two branches, split by component, member by member.

    Build it with :func:`attribute` (or :func:`attributions` for several metrics).

    Attributes
    ----------
    scenarios : tuple of str
        Names of A and B; the difference is A minus B.
    metric : str
        The metric (a name of :data:`~scenarios.metrics.METRICS` or ``"AAA-BBB"``).
    at : str
        The quarter of the difference.
    branch : str
        The later branch quarter: mechanisms are switched off from it on.
    seed : int
        The one seed.
    members : tuple of int
        Global member indices.
    shares : numpy.ndarray, shape (len(COMPONENTS), members)
        Each component's part of each member's difference.
    values : numpy.ndarray, shape (2, members)
        The metric in A and in B at ``at`` (every mechanism on).
    start_values : numpy.ndarray, shape (2, members)
        The metric in A and in B at the trunk's start (the first record).
    """

    scenarios: tuple[str, str]
    metric: str
    at: str
    branch: str
    seed: int
    members: tuple[int, ...]
    shares: np.ndarray
    values: np.ndarray
    start_values: np.ndarray

    @property
    def effect(self) -> np.ndarray:
        """Each member's difference A minus B (the sum of its shares)."""
        return self.values[0] - self.values[1]

    @property
    def built_in(self) -> np.ndarray:
        """Each member's built-in share: (initial state + inputs) / difference (NaN at 0)."""
        fixed = self.shares[: len(FIXED)].sum(axis=0)
        effect = self.effect
        return np.divide(fixed, effect, out=np.full_like(effect, np.nan), where=effect != 0)

    @property
    def built_in_share(self) -> float:
        """Median built-in share over the members whose difference is not zero."""
        built_in = self.built_in[~np.isnan(self.built_in)]
        return float(np.median(built_in)) if built_in.size else math.nan

    def subset(self, positions: Sequence[int] | np.ndarray) -> Attribution:
        """The same attribution restricted to some of its members.

        Parameters
        ----------
        positions : sequence of int
            Positions in :attr:`members` (not global member indices).

        Returns
        -------
        Attribution
            Every per-member array cut to those members; a subset of paired members is
            itself a paired ensemble of the same comparison.
        """
        chosen = np.asarray(positions, dtype=int)
        return replace(
            self,
            members=tuple(np.array(self.members)[chosen].tolist()),
            shares=self.shares[:, chosen],
            values=self.values[:, chosen],
            start_values=self.start_values[:, chosen],
        )

    @cached_property
    def table(self) -> pd.DataFrame:
        """Tidy: one row per member and component (``member``, ``component``, ``share``)."""
        return pd.DataFrame(
            {
                "member": np.tile(np.array(self.members), len(COMPONENTS)),
                "component": pd.Categorical(
                    np.repeat(COMPONENTS, len(self.members)), categories=COMPONENTS
                ),
                "share": self.shares.ravel(),
            }
        )

    @cached_property
    def summary(self) -> pd.DataFrame:
        """Per component, and the total difference: median and 10-90 band over members."""
        rows = np.vstack([self.shares, self.effect])
        low, high = np.quantile(rows, BAND, axis=1)
        return pd.DataFrame(
            {
                "component": [*COMPONENTS, "total"],
                "median": np.median(rows, axis=1),
                "q10": low,
                "q90": high,
            }
        )


def attribute(
    scenario_a: Scenario | str | Path,
    scenario_b: Scenario | str | Path,
    metric: str,
    at: str | None = None,
    members: int = 50,
    seed: int = 0,
    *,
    threads: int | None = None,
    parameters: str | os.PathLike = DEFAULT_SOURCE,
) -> Attribution:
    """Split the difference A minus B of a metric by mechanism (exact Shapley shares).

    Parameters
    ----------
    scenario_a, scenario_b : Scenario, str or pathlib.Path
        Two distinct scenarios of the same world, or names or files for
        :func:`~scenarios.scenario.load_scenario`.
    metric : str
        A name of :data:`~scenarios.metrics.METRICS`, or ``"AAA-BBB"`` for the affinity
        of two states of the world.
    at : str, optional
        The quarter (``"2030Q1"``), from the later branch quarter to the earlier end of
        the two runs; default that end.
    members : int
        Members (each run of each coalition holds all of them).
    seed : int
        The one seed (>= 0).
    threads : int, optional
        As in :func:`~scenarios.model.simulate`; it does not change the numbers.
    parameters : str or path
        As in :func:`~scenarios.experiments.run.run_ensemble`: with a posterior, member
        ``m`` runs every coalition of both scenarios with the same draw.

    Returns
    -------
    Attribution

    Raises
    ------
    ScenariosError
        One line naming the key: scenarios of different worlds (or the same one twice),
        an unknown metric, a quarter outside both runs, a bad member count or seed.
    """
    return attributions(
        scenario_a, scenario_b, [(metric, at)], members, seed, threads=threads,
        parameters=parameters,
    )[0]  # fmt: skip


def attributions(
    scenario_a: Scenario | str | Path,
    scenario_b: Scenario | str | Path,
    targets: Sequence[tuple[str, str | None]],
    members: int = 50,
    seed: int = 0,
    *,
    threads: int | None = None,
    parameters: str | os.PathLike = DEFAULT_SOURCE,
) -> list[Attribution]:
    """Attribute several (metric, quarter) targets from one set of coalition runs.

    Parameters
    ----------
    scenario_a, scenario_b, members, seed, threads, parameters
        As in :func:`attribute`.
    targets : sequence of (str, str or None)
        ``(metric, at)`` pairs, each as in :func:`attribute`.

    Returns
    -------
    list of Attribution
        One per target, in order. The ``2 x 2^k`` runs are shared.
    """
    pair = check_scenarios([scenario_a, scenario_b], "attribute")
    members = check_count(members, "members", "attribute")
    seed = check_seed(seed, "attribute")
    branch = max(s.branch for s in pair)
    end = min(s.end for s in pair)
    if not targets:
        raise ScenariosError("attribute: metric: none given; allowed: one or more metrics")
    checked = [(_check_metric(m, pair[0].actors), _check_at(at, branch, end)) for m, at in targets]
    source = parameter_source(parameters)
    overrides = None if source is None else source.overrides(seed, 0, members)
    runs = _CoalitionRuns(pair, branch, checked, members, seed, threads, overrides)
    return [runs.attribution(metric, at) for metric, at in checked]


def shapley(values: np.ndarray) -> np.ndarray:
    """Exact Shapley values of a game given on every coalition.

    Parameters
    ----------
    values : numpy.ndarray, shape (2^k, ...)
        ``values[c]``: the worth of the coalition whose members are the set bits of ``c``
        (bit ``i`` for player ``i``); any trailing axes (members) are carried along.

    Returns
    -------
    numpy.ndarray, shape (k, ...)
        Player ``i``'s share: the weighted mean of ``values[c | 2^i] - values[c]`` over
        the coalitions ``c`` without ``i``. The shares add up to
        ``values[-1] - values[0]``.
    """
    k = len(values).bit_length() - 1
    if len(values) != 1 << k:
        raise ValueError(f"shapley: {len(values)} coalitions is not a power of two")
    weights = [math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k) for s in range(k)]
    shares = np.zeros((k, *np.shape(values)[1:]))
    for i in range(k):
        for c in range(1 << k):
            if not c >> i & 1:
                shares[i] += weights[c.bit_count()] * (values[c | 1 << i] - values[c])
    return shares


def _check_metric(metric: object, actors: Sequence[str]) -> str:
    pair = _PAIR.match(metric) if isinstance(metric, str) else None
    if pair:
        missing = [code for code in pair.groups() if code not in actors]
        if not missing and pair[1] != pair[2]:
            return metric
        problem = f"{', '.join(missing)} not in the world" if missing else "a state with itself"
        raise ScenariosError(
            f"attribute: metric {metric!r}: {problem}; allowed: two distinct states of "
            f"{allowed_list(actors, limit=8)}"
        )
    if metric not in METRICS:
        raise ScenariosError(
            f"attribute: metric {metric!r}: unknown{suggest(str(metric), METRICS)}; allowed: "
            f"{allowed_list(METRICS, limit=20)} or a pair of states like RUS-PRK (affinity)"
        )
    return metric


def _check_at(at: object, branch: int, end: int) -> int:
    if at is None:
        return end
    common = ("the later branch", "the earlier end")
    return check_at(at, branch, end, "attribute", "both runs' common part", common)


class _CoalitionRuns:
    """The ``2 x 2^k`` runs: each scenario with each coalition of mechanisms on."""

    def __init__(self, pair, branch, targets, members, seed, threads, overrides=None):
        self.names = tuple(s.name for s in pair)
        self.branch, self.seed = branch, seed
        self.start = min(s.start for s in pair)
        codes = sorted({c for m, _ in targets if _PAIR.match(m) for c in m.split("-")})
        blocs = [at for m, at in targets if m in METRICS and METRICS[m].rhythm == WITH_BLOCS]
        # bloc metrics are recorded every `every` quarters from the start: every quarter
        # asked for (and the branch, for the initial state) must be one of them
        every = max(s.horizon for s in pair) + 1
        if blocs:
            every = math.gcd(*(q - s.start for s in pair for q in (branch, *blocs))) or 1
        tables = ("metrics", "relations") if codes else ("metrics",)
        needed = {(m, q) for m, at in targets for q in (self.start, branch, at)}
        # values[(metric, quarter)]: (scenario, coalition, member)
        self.values: dict[tuple[str, int], np.ndarray] = {}
        for s, scenario in enumerate(pair):
            facts = code_facts(scenario)
            for coalition in range(1 << len(MECHANISMS)):
                off = [name for i, name in enumerate(MECHANISMS) if not coalition >> i & 1]
                records = simulate_records(
                    scenario,
                    seed,
                    members,
                    params_override=overrides,
                    facts=facts,
                    blocs_every=every,
                    pairs=codes,
                    record=tables,
                    threads=threads,
                    switches=Switches(frozenset(off), branch),
                )
                for metric, q in needed:
                    grid = self.values.setdefault(
                        (metric, q), np.empty((2, 1 << len(MECHANISMS), members))
                    )
                    grid[s, coalition] = _value(records, metric, q)
        self.members = records.members

    def attribution(self, metric: str, at: int) -> Attribution:
        grid = self.values[(metric, at)]
        games = grid[0] - grid[1]
        initial = self.values[(metric, self.branch)][:, -1]
        start = initial[0] - initial[1]
        shares = np.vstack([start[None], (games[0] - start)[None], shapley(games)])
        return Attribution(
            scenarios=self.names,
            metric=metric,
            at=format_quarter(at),
            branch=format_quarter(self.branch),
            seed=self.seed,
            members=self.members,
            shares=shares,
            values=grid[:, -1],
            start_values=self.values[(metric, self.start)][:, -1],
        )


def _value(records, metric: str, quarter: int) -> np.ndarray:
    """A metric's value in one record, every member."""
    if metric in records.metrics:
        return records.metrics[metric][:, records.quarters.index(quarter)]
    if metric in records.bloc_metrics:
        return records.bloc_metrics[metric][:, records.bloc_quarters.index(quarter)]
    if metric in METRICS:
        raise ScenariosError(
            f"attribute: metric {metric!r}: its states are not all in the world; allowed: a "
            "metric this world records"
        )
    a, b = (records.codes.index(code) for code in metric.split("-"))
    column = RELATION_VARIABLES.index("affinity")
    return records.relations[
        :, records.quarters.index(quarter), records.pairs.index((a, b)), column
    ]
