"""Save and load results: what a results folder holds for an ensemble or a sweep.

:func:`save` and :func:`load` keep a result in a folder: a ``manifest.json`` (kind,
seed, design, package version, metrics, quarters, and a SHA-256 of every file), the
scenario as TOML, the design, and the tables as Parquet (CSV when pyarrow is missing).
A sweep given ``out=DIR`` streams one part file per chunk into the same layout as it
runs (see :func:`scenarios.experiments.run.sweep`), so memory stays flat however many
points there are. The files themselves are written and checked by
:mod:`scenarios.experiments.files`.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scenarios import _meta
from scenarios.errors import ResultsError, ScenarioError, ScenariosError
from scenarios.experiments import files
from scenarios.experiments.design import Design, design_table
from scenarios.experiments.files import MANIFEST, ResultsWriter
from scenarios.experiments.records import Layout
from scenarios.experiments.results import EnsembleResult, SweepResult
from scenarios.experiments.tables import tidy
from scenarios.model.results import MANIFEST as RUN_MANIFEST
from scenarios.model.results import UNCERTAINTY, Results
from scenarios.quarters import format_quarter
from scenarios.scenario import Scenario, load_scenario


def write_common(writer: ResultsWriter, result: EnsembleResult | SweepResult) -> None:
    """The scenario, the design and (last, so that it marks a complete folder) the manifest."""
    scenario_file = f"{result.scenario.name}.toml"
    writer.write_text(scenario_file, result.scenario.to_toml())
    manifest: dict[str, Any] = {
        "kind": "ensemble" if isinstance(result, EnsembleResult) else "sweep",
        "package_version": _meta.version(),
        "storage": writer.storage,
        "scenario": scenario_file,
        "seed": result.seed,
        "layout": result.layout.to_dict(),
    }
    if isinstance(result, EnsembleResult):
        manifest["members"] = result.members
        manifest["parameters"] = "default" if result.draws is None else "posterior"
        if result.draws is not None:  # what each member ran with, so member_run reruns it
            writer.write_table("parameters", result.draws)
    else:
        design = result.design
        table = design.table.reset_index()
        for key in design.keys:
            if design.table[key].dtype == "Int64":
                # CSV has no nullable integers: quarter labels and "none" read back exactly
                table[key] = [
                    "none" if q is pd.NA else format_quarter(q) for q in design.table[key]
                ]
        writer.write_table("design", table)
        if design.unit is not None:
            writer.write_table("design_unit", pd.DataFrame(design.unit, columns=design.keys))
        manifest["members_per_point"] = result.members_per_point
        manifest["design"] = design.to_dict()
        manifest["parameters"] = result.parameters
    writer.write_manifest(manifest)


def save(
    result: EnsembleResult | SweepResult, path: str | Path, *, format: str | None = None
) -> Path:
    """Save an ensemble or sweep result in a folder, atomically.

    The folder holds ``manifest.json`` (kind, seed, members, design, recorded quarters
    and metrics, package version, and the SHA-256 and row count of every file),
    ``<scenario>.toml`` (the fully resolved scenario), for sweeps ``design`` and
    ``design_unit``, for ensembles of posterior draws ``parameters`` (each member's), and
    the tables ``metrics/part-*`` and ``summary/part-*``.

    Parameters
    ----------
    result : EnsembleResult or SweepResult
    path : str or pathlib.Path
        The folder. An existing results folder there is replaced; any other existing
        path is refused.
    format : {"parquet", "csv"}, optional
        Default Parquet when pyarrow is installed, else CSV.

    Returns
    -------
    pathlib.Path
        The folder.

    Raises
    ------
    ResultsError
        When the folder cannot be written.
    """
    target = Path(path)
    if not isinstance(result, EnsembleResult | SweepResult):
        raise ResultsError(
            f"{target}: can only save an EnsembleResult or a SweepResult, "
            f"got {type(result).__name__}"
        )
    storage = files.storage(format)
    if isinstance(result, SweepResult) and result.path is not None:
        if result.path.resolve() == target.resolve():
            return target
        if files.read_manifest(result.path)["storage"] == storage:
            # a streamed sweep may not fit in memory: copy its files as they are
            with ResultsWriter(target, storage) as writer:
                shutil.copytree(result.path, writer.temp, dirs_exist_ok=True)
            return target
    with ResultsWriter(target, storage) as writer:
        writer.write_table("metrics/part-00000", result.metrics)
        writer.write_table("summary/part-00000", result.summary)
        write_common(writer, result)
    return target


def load(path: str | Path) -> EnsembleResult | SweepResult | Results:
    """Load a result written by :func:`save`, ``sweep(..., out=...)`` or ``scenarios run``.

    Every file's checksum is verified against the manifest first, and the row counts it
    lists against its members, design and layout before anything is read into memory.
    An ensemble's table is read at once; a sweep's metrics and summary are read when
    first asked for. A folder that ``scenarios run --out`` (:meth:`Results.write
    <scenarios.model.Results.write>`) wrote is read by :meth:`Results.read
    <scenarios.model.Results.read>`.

    Parameters
    ----------
    path : str or pathlib.Path
        The results folder.

    Returns
    -------
    EnsembleResult or SweepResult or Results

    Raises
    ------
    ResultsError
        Naming the file: a missing folder or manifest, a corrupted or altered file, a
        manifest that lists files outside the folder or counts that do not match, a
        table whose shape or values do not match the manifest, Parquet without pyarrow,
        or a layout newer than this package reads. Nothing else.
    """
    folder = Path(path)
    if not (folder / MANIFEST).is_file() and (folder / RUN_MANIFEST).is_file():
        return Results.read(folder)
    manifest = files.read_manifest(folder)
    for name, entry in manifest["files"].items():
        files.check_file(folder, name, entry)
    layout = Layout.from_dict(manifest["layout"], folder / MANIFEST)
    scenario_file = folder / manifest["scenario"]
    if manifest["scenario"] not in manifest["files"]:
        raise ResultsError(f"{scenario_file}: not listed in {folder / MANIFEST}")
    try:
        scenario = load_scenario(scenario_file)
    except ScenariosError as error:
        raise ResultsError(f"{scenario_file}: the saved scenario does not load: {error}") from None
    if manifest["kind"] == "ensemble":
        _check_rows(folder, manifest, 1, manifest["members"], layout)
        return _load_ensemble(folder, manifest, scenario, layout)
    design = _load_design(folder, manifest)
    _check_rows(folder, manifest, design.points, manifest["members_per_point"], layout)
    return SweepResult(
        scenario,
        design,
        manifest["members_per_point"],
        manifest["seed"],
        layout,
        path=folder,
        parameters=_source(folder, manifest),
    )


def _check_rows(
    folder: Path, manifest: Mapping[str, Any], points: int, per_point: int, layout: Layout
) -> None:
    """The rows the manifest lists for each table must be what its counts make."""
    cells = int(layout.recorded.sum())
    for table, rows in (("metrics", points * per_point * cells), ("summary", points * cells)):
        listed = sum(
            manifest["files"][name].get("rows", 0) for name in files.part_names(manifest, table)
        )
        if listed != rows:
            what = "design and layout" if manifest["kind"] == "sweep" else "members and layout"
            raise ResultsError(
                f"{folder / table}: {listed} rows listed in {folder / MANIFEST}; its {what} "
                f"make {rows}"
            )


def _load_ensemble(
    folder: Path, manifest: Mapping[str, Any], scenario: Scenario, layout: Layout
) -> EnsembleResult:
    frame = files.read_parts(folder, "metrics", layout)
    members = manifest["members"]
    quarter, metric = layout.cells()
    expected = tidy(
        np.zeros((members, *layout.recorded.shape)), layout, {"member": np.arange(members)}
    )
    same = len(frame) == len(expected) and all(
        np.array_equal(np.asarray(frame[c]), np.asarray(expected[c]))
        for c in ("member", "quarter", "metric")
    )
    if not same:
        raise ResultsError(
            f"{folder / 'metrics'}: rows do not match the {members} members and recorded "
            f"quarters and metrics of {folder / MANIFEST}"
        )
    values = np.full((members, *layout.recorded.shape), np.nan)
    values[:, quarter, metric] = frame["value"].to_numpy(dtype=float).reshape(members, -1)
    draws = None
    if _source(folder, manifest) == "posterior":
        draws = files.read_table(folder, f"parameters.{manifest['storage']}", manifest)
        if len(draws) != members:
            raise ResultsError(
                f"{folder}: the parameters table has {len(draws)} rows, not {members}"
            )
    result = EnsembleResult(scenario, manifest["seed"], members, layout, values, draws)
    result.__dict__["metrics"] = frame  # already read: spare rebuilding it
    return result


def _source(folder: Path, manifest: Mapping[str, Any]) -> str:
    """Where the members' parameters came from, as the manifest says."""
    source = manifest.get("parameters", "default")
    if source not in UNCERTAINTY:
        raise ResultsError(
            f"{folder / MANIFEST}: key 'parameters' is {source!r}; allowed: "
            f"{', '.join(UNCERTAINTY)}"
        )
    return source


def _load_design(folder: Path, manifest: Mapping[str, Any]) -> Design:
    info = manifest["design"]
    name = f"design.{manifest['storage']}"
    where = folder / name
    table = files.read_table(folder, name, manifest)
    keys = info.get("keys")
    if not isinstance(keys, list) or list(table.columns) != ["point", *keys]:
        raise ResultsError(f"{where}: columns do not match the design keys in {MANIFEST}")
    if not np.array_equal(table["point"].to_numpy(), np.arange(len(table))):
        raise ResultsError(f"{where}: the point column is not 0..{len(table) - 1}")
    try:
        design = design_table(table.drop(columns="point"), source=str(where))
    except ScenarioError as error:
        raise ResultsError(str(error)) from None
    unit = None
    unit_name = f"design_unit.{manifest['storage']}"
    if unit_name in manifest["files"]:
        unit = files.read_table(folder, unit_name, manifest).to_numpy(dtype=float)
        if unit.shape != (design.points, len(keys)):
            raise ResultsError(
                f"{folder / unit_name}: shape {unit.shape} does not match the design"
            )
    ranges = {key: tuple(bounds) for key, bounds in info.get("ranges", {}).items()}
    return Design(
        table=design.table,
        kind=str(info.get("kind", "table")),
        ranges=ranges,
        seed=info.get("seed"),
        unit=unit,
        options=dict(info.get("options", {})),
    )
