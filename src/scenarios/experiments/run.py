"""Runners: :func:`run_ensemble` (one scenario, many members) and :func:`sweep` (a design).

Member ``m`` of an ensemble draws from global stream ``m``; member ``m`` of sweep point
``p`` from global stream ``p * members_per_point + m`` (see :mod:`scenarios.experiments`).
The runners check their arguments, cut the members into chunks for
:mod:`scenarios.experiments.evaluate`, and gather the chunks' blocks into a result or
stream them into a results folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scenarios.calibration.posterior import DEFAULT_SOURCE, parameter_source
from scenarios.errors import ScenariosError
from scenarios.experiments import evaluate, files
from scenarios.experiments.design import Design, check_count, check_seed, design_table
from scenarios.experiments.evaluate import Task
from scenarios.experiments.records import agreed
from scenarios.experiments.results import EnsembleResult, SweepResult
from scenarios.experiments.store import write_common
from scenarios.experiments.tables import sweep_metrics, sweep_summary
from scenarios.model import code_facts
from scenarios.model.results import UNCERTAINTY
from scenarios.scenario import Scenario, load_scenario


def _scenario(scenario: Scenario | str | Path) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def run_ensemble(
    scenario: Scenario | str | Path,
    members: int,
    seed: int,
    *,
    engine: Any = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    parameters: str | os.PathLike = DEFAULT_SOURCE,
) -> EnsembleResult:
    """Run ``members`` members of a scenario and summarise them per quarter.

    Parameters
    ----------
    scenario : Scenario, str or pathlib.Path
        A scenario, or a name or file for :func:`~scenarios.scenario.load_scenario`.
    members : int
        Number of members (global indices 0..members-1).
    seed : int
        The one seed (>= 0); member ``m`` draws from ``SeedSequence(seed, spawn_key=(m,))``.
    engine : None, concurrent.futures.Executor or dask.distributed.Client
        Where chunks run (default: in this process).
    chunk_size : int, optional
        Members per chunk; does not change results. Default
        :data:`~scenarios.experiments.evaluate.DEFAULT_CHUNK_SIZE`, or fewer so that
        each worker of an executor gets at least two chunks.
    progress : bool, optional
        Show a progress bar on stderr; default: only when stderr is a terminal.
    parameters : str or path
        ``"posterior"`` (the default): member *m* runs with a draw of the shipped
        posterior that it picks from its own stream (``scenarios.posterior``), so the
        spread covers parameter uncertainty as well as the noise; ``"default"``: every
        member runs with the registry defaults, so the spread is the alignment noise
        alone; or a posterior folder.

    Returns
    -------
    EnsembleResult
        ``.summary`` (quantile bands per quarter and metric), ``.metrics`` (member
        level) and ``.member_run(m)`` (one member in full).
    """
    scenario = _scenario(scenario)
    seed = check_seed(seed, "run_ensemble")
    members = check_count(members, "members", "run_ensemble")
    executor, workers = evaluate.resolve_engine(engine)
    size = evaluate.members_per_chunk(chunk_size, members, workers, "run_ensemble")
    threads = None if executor is None else 1
    source = parameter_source(parameters)
    draws = None if source is None else pd.DataFrame(source.overrides(seed, 0, members))
    facts = code_facts(scenario)
    tasks = [
        Task(scenario, seed, start, stop - start, _rows(draws, start, stop), threads, facts)
        for start, stop in evaluate.chunk_bounds(members, size)
    ]
    runs = evaluate.execute(tasks, executor, workers, progress, f"ensemble {scenario.name}")
    block = evaluate.gather(runs, len(tasks))
    return EnsembleResult(scenario, seed, members, block.layout, block.values, draws)


def _rows(draws: pd.DataFrame | None, start: int, stop: int) -> dict[str, np.ndarray]:
    """The overrides of members ``start..stop-1`` (none for default parameters)."""
    if draws is None:
        return {}
    return {key: draws[key].to_numpy()[start:stop] for key in draws.columns}


def _overrides(design: Design, first_point: int, stop_point: int, per_point: int) -> dict:
    """Each key's value for every member of points ``first_point..stop_point-1``."""
    overrides = {}
    for key in design.keys:
        column = design.table[key].iloc[first_point:stop_point]
        if column.dtype == "Int64":
            # the engine reads a quarter lever as a float quarter index, NaN for none
            values = column.to_numpy(dtype=float, na_value=np.nan)
        elif column.dtype == object:
            values = column.to_numpy(dtype=object)
        else:
            values = column.to_numpy()
        overrides[key] = np.repeat(values, per_point)
    return overrides


def sweep(
    scenario: Scenario | str | Path,
    design: Design | pd.DataFrame,
    members_per_point: int,
    seed: int,
    *,
    engine: Any = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    out: str | Path | None = None,
    format: str | None = None,
    parameters: str | os.PathLike = DEFAULT_SOURCE,
) -> SweepResult:
    """Run every point of a design, ``members_per_point`` members each.

    Parameters
    ----------
    scenario : Scenario, str or pathlib.Path
        The scenario each point modifies (keys not in the design keep its values).
    design : Design or pandas.DataFrame
        The points; a DataFrame is checked with
        :func:`~scenarios.experiments.design.design_table`.
    members_per_point : int
        Members per point. Member ``m`` of point ``p`` is global member
        ``p * members_per_point + m`` and draws from ``SeedSequence(seed,
        spawn_key=(p * members_per_point + m,))``.
    seed : int
        The one seed (>= 0).
    engine : None, concurrent.futures.Executor or dask.distributed.Client
        Where chunks run (default: in this process).
    chunk_size : int, optional
        Members per chunk, rounded down to whole points (at least one point); does not
        change results. Default
        :data:`~scenarios.experiments.evaluate.DEFAULT_CHUNK_SIZE`, or fewer so that
        each worker of an executor gets at least two chunks.
    progress : bool, optional
        Show a progress bar on stderr; default: only when stderr is a terminal.
    out : str or pathlib.Path, optional
        Stream the results into this folder (one part file per chunk) instead of
        holding them in memory. The folder appears complete or not at all; an existing
        results folder there is replaced.
    format : {"parquet", "csv"}, optional
        File format with ``out`` (default Parquet when pyarrow is installed, else CSV).
    parameters : str or path
        As in :func:`run_ensemble`: with a posterior, global member *g* runs with the
        draw it picks, except for the design's own keys, which the point sets.

    Returns
    -------
    SweepResult

    Raises
    ------
    ScenarioError
        For a bad count or seed, or a design value the engine rejects.
    ResultsError
        When ``out`` cannot be written.
    """
    scenario = _scenario(scenario)
    if isinstance(design, pd.DataFrame):
        design = design_table(design)
    if not isinstance(design, Design):
        raise ScenariosError(
            f"design: expected a Design or a pandas DataFrame, got {type(design).__name__}"
        )
    seed = check_seed(seed, "sweep")
    per_point = check_count(members_per_point, "members_per_point", "sweep")
    executor, workers = evaluate.resolve_engine(engine)
    size = evaluate.members_per_chunk(chunk_size, design.points * per_point, workers, "sweep")
    spans = evaluate.chunk_bounds(design.points, max(1, size // per_point))
    # coded once here, not once per batch: a sweep over a run-wide key runs each point
    # as its own batch, and coding the facts cost as much as a five-member batch's run
    facts = code_facts(scenario)
    source = parameter_source(parameters)

    def overrides(start: int, stop: int) -> dict:
        drawn = (
            {}
            if source is None
            else source.overrides(seed, start * per_point, (stop - start) * per_point)
        )
        return {**drawn, **_overrides(design, start, stop, per_point)}  # the point's keys win

    tasks = [
        Task(
            scenario,
            seed,
            start * per_point,
            (stop - start) * per_point,
            overrides(start, stop),
            None if executor is None else 1,
            facts,
        )
        for start, stop in spans
    ]
    runs = evaluate.execute(tasks, executor, workers, progress, f"sweep {scenario.name}")
    kind = "default" if source is None else "posterior"
    if out is None:
        block = evaluate.gather(runs, len(tasks))
        values = block.values.reshape(design.points, per_point, *block.values.shape[1:])
        return SweepResult(scenario, design, per_point, seed, block.layout, values, parameters=kind)
    layout = None
    with files.ResultsWriter(Path(out), files.storage(format)) as writer:
        for index, block in runs:
            layout = agreed(layout, block)
            start, stop = spans[index]
            values = block.values.reshape(stop - start, per_point, *block.values.shape[1:])
            writer.write_table(f"metrics/part-{index:05d}", sweep_metrics(values, start, layout))
            writer.write_table(
                f"summary/part-{index:05d}",
                sweep_summary(values, start, layout, UNCERTAINTY[kind]),
            )
        write_common(
            writer, SweepResult(scenario, design, per_point, seed, layout, parameters=kind)
        )
    return SweepResult(scenario, design, per_point, seed, layout, path=Path(out), parameters=kind)
