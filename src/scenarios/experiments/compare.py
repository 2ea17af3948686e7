"""Comparing scenarios: paired differences with bands, and probabilities of named outcomes.

:func:`compare` runs every scenario with the same seed and member count and sets each
against the first, the *reference*. Member ``m`` of every scenario draws from the same
stream, ``SeedSequence(seed, spawn_key=(m,))`` (see :mod:`scenarios.experiments`), so
member ``m`` of B minus member ``m`` of A is a paired difference (common random
numbers): the noise the two share cancels and what is left is what B changes. The
pairing is exact when the scenarios start in the same quarter with the same states, as
every variant of the baseline does. A scenario that starts in another quarter
(``replay_2022``) is still paired member by member, but its k-th quarter's draws fall
in another calendar quarter, so its differences carry noise as well
(:attr:`Comparison.aligned` says which case holds).

A :class:`Comparison` holds the runs and gives two tidy tables:

- :attr:`~Comparison.differences`: per scenario, metric and quarter recorded in every
  run, each side's median, the median paired difference with its 5-95 % band, and the
  shares of members above and below their reference member (P(B > A), P(B < A));
- :attr:`~Comparison.outcomes`: per scenario, the probability of each named outcome
  (:data:`OUTCOMES`) in the comparison quarter, with its 95 % Wilson interval;

and :meth:`~Comparison.write` puts both, a figure and the scenarios into a folder.
"""

from __future__ import annotations

import numbers
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from scenarios.calibration.posterior import DEFAULT_SOURCE
from scenarios.errors import ScenariosError, allowed_list, suggest
from scenarios.experiments.comparison import Comparison
from scenarios.experiments.design import check_count
from scenarios.experiments.outcomes import OUTCOMES, Outcome
from scenarios.experiments.results import EnsembleResult
from scenarios.experiments.run import run_ensemble
from scenarios.metrics import METRICS
from scenarios.quarters import format_quarter, parse_quarter
from scenarios.scenario import Scenario, load_scenario


def compare(
    scenarios: Sequence[Scenario | str | Path],
    members: int,
    seed: int,
    metrics: str | Sequence[str] | None = None,
    at: str | None = None,
    *,
    outcomes: Sequence[Outcome] | None = None,
    engine: Any = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    parameters: str | os.PathLike = DEFAULT_SOURCE,
) -> Comparison:
    """Run scenarios with one seed and compare each with the first, member by member.

    Parameters
    ----------
    scenarios : sequence of Scenario, str or pathlib.Path
        Two or more distinct scenarios of the same world (the same actors), or names
        or files for :func:`~scenarios.scenario.load_scenario`; the first is the
        reference.
    members : int
        Members per scenario (member ``m`` of each draws from the same stream).
    seed : int
        The one seed (>= 0).
    metrics : str or sequence of str, optional
        Metrics to compare; each must be recorded in quarter ``at`` by every run.
        Default: every metric every run records in some common quarter.
    at : str, optional
        The comparison quarter (``"2030Q1"``), one every run records: the quarter of
        the outcome probabilities and of the command's table. Default: the last such
        quarter.
    outcomes : sequence of Outcome, optional
        Named outcomes; each one's metric must be compared and recorded in ``at``.
        Default: those of :data:`OUTCOMES` whose metric is.
    engine, chunk_size, progress
        As in :func:`~scenarios.experiments.run.run_ensemble`; they do not change the
        numbers.
    parameters : str or path
        As in :func:`~scenarios.experiments.run.run_ensemble`; with a posterior, member
        ``m`` runs with the same draw in every scenario, so the pairs stay paired.

    Returns
    -------
    Comparison

    Raises
    ------
    ScenariosError
        One line naming the key: fewer than two scenarios, one given twice, scenarios
        of different worlds, an unknown metric, a quarter
        outside the runs or one where a metric is not recorded.
    """
    loaded = check_scenarios(scenarios)
    members = check_count(members, "members", "compare")
    if not isinstance(seed, numbers.Integral) or isinstance(seed, bool) or seed < 0:
        raise ScenariosError(f"compare: seed: expected a whole number >= 0, got {seed!r}")
    # every run starts at the trunk's start, so the runs overlap up to the earliest end
    first = max(scenario.start for scenario in loaded)
    last = min(scenario.end for scenario in loaded)
    if at is not None:
        at = format_quarter(check_at(at, first, last, "compare"))
    chosen = None if metrics is None else _check_metrics(metrics)
    runs = {
        scenario.name: run_ensemble(
            scenario,
            members,
            seed,
            engine=engine,
            chunk_size=chunk_size,
            progress=progress,
            parameters=parameters,
        )
        for scenario in loaded
    }
    return _assemble(runs, chosen, at, outcomes)


def check_scenarios(scenarios: Any, source: str = "compare") -> list[Scenario]:
    """Load two or more distinct scenarios of one world (the same actors).

    Parameters
    ----------
    scenarios : sequence of Scenario, str or pathlib.Path
        Scenarios, or names or files for :func:`~scenarios.scenario.load_scenario`.
    source : str
        What starts an error line (the command or function checking).

    Returns
    -------
    list of Scenario

    Raises
    ------
    ScenariosError
        Fewer than two scenarios, one given twice, or scenarios of different worlds.
    """
    if isinstance(scenarios, str | Path | Scenario) or len(scenarios) < 2:
        count = 1 if isinstance(scenarios, str | Path | Scenario) else len(scenarios)
        raise ScenariosError(
            f"{source}: scenarios: got {count}; allowed: two or more, the first being the reference"
        )
    loaded = [s if isinstance(s, Scenario) else load_scenario(s) for s in scenarios]
    reference = loaded[0]
    seen = set()
    for scenario in loaded:
        if scenario.name in seen:
            raise ScenariosError(
                f"{source}: scenarios: {scenario.name} is given twice; allowed: distinct scenarios"
            )
        seen.add(scenario.name)
        if scenario.actors != reference.actors:
            only_here = set(scenario.actors) - set(reference.actors)
            only_there = set(reference.actors) - set(scenario.actors)
            detail = "; ".join(
                f"only in {name}: {allowed_list(codes, limit=5)}"
                for name, codes in ((scenario.name, only_here), (reference.name, only_there))
                if codes
            )
            raise ScenariosError(
                f"{source}: world.actors: {scenario.name} and {reference.name} are different "
                f"worlds ({detail or 'same states in another order'}); allowed: scenarios "
                "with the same actors"
            )
    return loaded


def check_at(
    at: Any,
    first: int,
    last: int,
    source: str,
    span: str = "the runs",
    ends: tuple[str, str] = ("", ""),
) -> int:
    """A quarter of the window ``first .. last`` where runs are compared (the ``at`` key).

    Parameters
    ----------
    at : str
        A quarter label such as ``"2030Q1"``.
    first, last : int
        Quarter indices of the window's ends (both allowed).
    source : str
        What starts an error line (the command or function checking).
    span : str
        What the window is, for the error line ("the runs").
    ends : tuple of str
        What each end is ("the later branch", ...), shown beside it; empty for nothing.

    Returns
    -------
    int
        The quarter's index.

    Raises
    ------
    ScenariosError
        One line: not a quarter, or outside the window; it names the window.
    """
    low, high = (
        format_quarter(q) + (f" ({note})" if note else "")
        for q, note in zip((first, last), ends, strict=True)
    )
    allowed = f"allowed: a quarter from {low} to {high}"
    try:
        quarter = parse_quarter(at)
    except ValueError:
        raise ScenariosError(
            f"{source}: at: expected a quarter like 2030Q1, got {at!r}; {allowed}"
        ) from None
    if not first <= quarter <= last:
        raise ScenariosError(f"{source}: at: {at} is outside {span}; {allowed}")
    return quarter


def _check_metrics(metrics: str | Sequence[str]) -> tuple[str, ...]:
    names = (metrics,) if isinstance(metrics, str) else tuple(metrics)
    if not names:
        raise ScenariosError("compare: metrics: none given; allowed: one or more metric names")
    for name in names:
        if name not in METRICS:
            raise ScenariosError(
                f"compare: metric {name!r}: unknown{suggest(str(name), METRICS)}; allowed: "
                f"{allowed_list(METRICS, limit=20)}"
            )
    return tuple(dict.fromkeys(names))


def _assemble(
    runs: dict[str, EnsembleResult],
    chosen: tuple[str, ...] | None,
    at: str | None,
    outcomes: Sequence[Outcome] | None,
) -> Comparison:
    """Line the runs up on their common quarters and metrics and check the choices."""
    layouts = [run.layout for run in runs.values()]
    quarters = tuple(q for q in layouts[0].quarters if all(q in lay.quarters for lay in layouts))
    names = chosen or tuple(m for m in METRICS if all(m in lay.metrics for lay in layouts))
    grids = []
    recorded = np.ones((len(quarters), len(names)), dtype=bool)
    for run in runs.values():
        rows = [run.layout.quarters.index(q) for q in quarters]
        columns = [run.layout.metrics.index(m) if m in run.layout.metrics else -1 for m in names]
        grid = np.ix_(rows, columns)
        recorded &= run.layout.recorded[grid] & (np.array(columns) >= 0)
        grids.append(grid)
    values = np.stack(
        [
            np.where(recorded, run.values[:, rows, columns], np.nan)
            for run, (rows, columns) in zip(runs.values(), grids, strict=True)
        ]
    )
    at = at or quarters[-1]
    q = quarters.index(at)
    if chosen is None:
        keep = recorded.any(axis=0)
        names = tuple(m for m, on in zip(names, keep, strict=True) if on)
        recorded, values = recorded[:, keep], values[..., keep]
    else:
        for k, metric in enumerate(names):
            if not recorded[q, k]:
                where = [qq for qq, on in zip(quarters, recorded[:, k], strict=True) if on]
                allowed = _quarter_list(where) if where else "none: no common quarter records it"
                raise ScenariosError(
                    f"compare: metric {metric!r}: not recorded in {at} by every run; allowed "
                    f"quarters: {allowed}"
                )
    at_record = dict(zip(names, recorded[q], strict=True))
    if outcomes is None:
        specs = tuple(o for o in OUTCOMES.values() if at_record.get(o.metric, False))
    else:
        specs = tuple(outcomes)
        for outcome in specs:
            if not at_record.get(outcome.metric, False):
                raise ScenariosError(
                    f"compare: outcome {outcome.name!r}: its metric {outcome.metric!r} is not "
                    f"compared in {at}; allowed: outcomes on {allowed_list(names, limit=20)}"
                )
    return Comparison(runs, names, quarters, at, specs, values, recorded)


def _quarter_list(quarters: Sequence[str]) -> str:
    shown = quarters if len(quarters) <= 12 else [*quarters[:3], "...", quarters[-1]]
    return ", ".join(shown)
