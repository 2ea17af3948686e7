"""What a run produced: :class:`Results`, four tidy tables, their summary and files.

:meth:`Results.write` puts the tables, an overview figure and a manifest (``run.json``)
into a folder atomically.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from scenarios._meta import version
from scenarios.errors import ResultsError, show
from scenarios.memory import MAX_MEMBERS
from scenarios.metrics import METRICS
from scenarios.output import StagedFolder
from scenarios.state import recorded

TABLES = ("states", "relations", "blocs", "metrics")
"""The tables a run can record."""

FILES = {name: f"{name}.csv" for name in TABLES}
"""File written for each table by :meth:`Results.write`."""

UNCERTAINTY = {"default": "noise", "posterior": "noise and parameters"}
"""What the spread over members covers, by where their parameters came from: the
alignment noise alone (every member with the registry defaults), or the noise and the
parameter uncertainty (a posterior draw per member). The label of every band."""

MANIFEST = "run.json"
"""File that marks a results folder (and says what run made it)."""

OVERVIEW = "overview.png"
"""Overview figure written by :meth:`Results.write`."""


@dataclass(frozen=True)
class Results:
    """What a run produced: four tidy tables and where they came from.

    Attributes
    ----------
    states : pandas.DataFrame
        One row per (member, quarter, iso3); columns ``member``, ``quarter`` (label such
        as ``"2024Q3"``), ``iso3`` and one column per recorded state variable
        (:func:`scenarios.state.recorded`; units as in :data:`scenarios.state.UNITS`).
    relations : pandas.DataFrame
        One row per (member, quarter, a, b) for ordered pairs of the recorded states
        (default :data:`scenarios.model.record.FOCUS`); columns ``affinity``, ``alliance``, ``war``,
        ``sanctions`` (a on b) and ``transfers`` (a to b, delivered in the previous
        quarter).
    blocs : pandas.DataFrame
        One row per (member, quarter, iso3) at every bloc record; ``bloc`` is ``"A"``
        (the anchor's bloc), ``"B"`` or ``"non-aligned"``.
    metrics : pandas.DataFrame
        Tidy long: ``member``, ``quarter``, ``metric``, ``value``. The bloc metrics
        (bipolarity, balanced triads) appear at bloc records only.
    seed : int
        The run's seed.
    scenario : Scenario or None
        The scenario run (None for :func:`scenarios.model.run` on a bare state).
    members : tuple of int
        Global member indices, in batch order.
    parameters : {"default", "posterior"}
        Where the members' parameters came from: the registry defaults, or a posterior
        draw each (:func:`scenarios.simulate`'s ``parameters``). A key of
        :data:`UNCERTAINTY`, which labels the bands drawn from these results.
    """

    states: pd.DataFrame
    relations: pd.DataFrame
    blocs: pd.DataFrame
    metrics: pd.DataFrame
    seed: int
    scenario: object = None
    members: tuple[int, ...] = field(default=(0,))
    parameters: str = "default"

    @property
    def uncertainty(self) -> str:
        """What the spread over members covers: a value of :data:`UNCERTAINTY`."""
        return UNCERTAINTY[self.parameters]

    def summary(self) -> pd.DataFrame:
        """One row per metric: its value at the first and last record.

        Returns
        -------
        pandas.DataFrame
            Index ``metric``; columns ``unit``, ``start`` and ``end`` (means over
            members), and with more than one member ``end_p05`` and ``end_p95``
            (5th and 95th percentiles over members).
        """
        table = self.metrics
        if table.empty:
            return pd.DataFrame(columns=["unit", "start", "end"]).rename_axis("metric")
        quarters = table.groupby("metric", sort=False, observed=True)["quarter"]
        first = table["quarter"].astype(str) == quarters.transform("min").astype(str)
        last = table["quarter"].astype(str) == quarters.transform("max").astype(str)
        ends = table[last].groupby("metric", sort=False, observed=True)["value"]
        out = pd.DataFrame(
            {
                "start": table[first].groupby("metric", sort=False, observed=True)["value"].mean(),
                "end": ends.mean(),
            }
        )
        if len(self.members) > 1:
            out["end_p05"] = ends.quantile(0.05)
            out["end_p95"] = ends.quantile(0.95)
        order = [name for name in METRICS if name in out.index]
        out = out.loc[order]
        out.insert(0, "unit", [METRICS[name].unit for name in order])
        out.index.name = "metric"
        return out

    def write(self, out_dir: str | os.PathLike) -> Path:
        """Write the four tables as CSV, an overview figure and ``run.json``, atomically.

        Everything is written into a staging folder next to ``out_dir`` and renamed into
        place only when complete, so an error, Ctrl-C or SIGTERM leaves no half-written
        results and no folder that was not there before (see :mod:`scenarios.output`).
        An existing ``out_dir`` is replaced only if it is a results folder (holds
        ``run.json``) or empty.

        Parameters
        ----------
        out_dir : path
            Destination folder.

        Returns
        -------
        pathlib.Path
            The folder written.

        Raises
        ------
        ResultsError
            When ``out_dir`` is a file or a non-empty folder of something else, or
            cannot be created or written.
        """
        with StagedFolder(out_dir, MANIFEST) as staging:
            for name in TABLES:
                getattr(self, name).to_csv(staging / FILES[name], index=False)
            self._write_overview(staging / OVERVIEW)
            (staging / MANIFEST).write_text(json.dumps(self._manifest(), indent=2) + "\n")
        return Path(out_dir).resolve()

    @classmethod
    def read(cls, folder: str | os.PathLike) -> Results:
        """Read a folder that :meth:`write` (``scenarios run --out``) wrote.

        ``run.json`` is checked first (its members, seed and list of files), then each
        table's columns and values, so that a damaged folder raises one
        :class:`~scenarios.errors.ResultsError` naming the file. The tables come back
        with the values written (floats bit for bit); the scenario is not stored in the
        folder, so :attr:`scenario` is None.

        Parameters
        ----------
        folder : path
            The results folder.

        Returns
        -------
        Results

        Raises
        ------
        ResultsError
            For a missing or damaged ``run.json`` or table.
        """
        folder = Path(folder)
        members, seed, parameters = _read_manifest(folder / MANIFEST)
        tables = {name: _read_table(folder / FILES[name], name, members) for name in TABLES}
        return cls(**tables, seed=seed, scenario=None, members=members, parameters=parameters)

    def _write_overview(self, path: Path) -> None:
        # The figure belongs to the plotting package, imported only here so that results
        # (and the model) load without matplotlib.
        from scenarios.plot.overview import save_overview

        save_overview(self, path)

    def _manifest(self) -> dict:
        scenario = self.scenario
        return {
            "scenario": getattr(scenario, "name", None),
            "scenario_file": str(getattr(scenario, "path", "") or ""),
            "seed": self.seed,
            "members": list(self.members),
            "parameters": self.parameters,
            "version": version(),
            "files": [FILES[name] for name in TABLES] + [OVERVIEW],
        }


_KEYS = {
    "states": ("member", "quarter", "iso3"),
    "relations": ("member", "quarter", "a", "b"),
    "blocs": ("member", "quarter", "iso3"),
    "metrics": ("member", "quarter", "metric"),
}
"""Each table's label columns; the rest hold its values."""

_VALUES = {
    "states": recorded("states"),
    "relations": recorded("relations"),
    "blocs": ("bloc",),
    "metrics": ("value",),
}

CSV_FLOATS = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
"""Options of :func:`pandas.read_csv` that read floats back bit for bit: pandas 3 parses
them exactly by default (and deprecates the option); before 3 the default parser can miss
the last digit."""


def _read_manifest(path: Path) -> tuple[tuple[int, ...], int, str]:
    """The members, seed and parameter source of ``run.json``.

    Checked first: it must list the files of a run.
    """
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ResultsError(f"{path}: cannot be read ({error.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ResultsError(f"{path}: not valid JSON; the file is corrupted") from None
    if not isinstance(manifest, dict):
        raise ResultsError(f"{path}: not the manifest of a run")
    members, seed = manifest.get("members"), manifest.get("seed")
    if (
        not isinstance(members, list)
        or not 1 <= len(members) <= MAX_MEMBERS
        or not all(_natural(member) for member in members)
        or len(set(members)) < len(members)
    ):
        raise ResultsError(
            f"{path}: members: expected a list of 1 to {MAX_MEMBERS:,} different member "
            "indices >= 0"
        )
    if not _natural(seed):
        raise ResultsError(f"{path}: seed: expected an integer >= 0, got {show(seed)}")
    expected = [FILES[name] for name in TABLES] + [OVERVIEW]
    if manifest.get("files") != expected:
        # the files of a run are always these: anything else (a path outside the
        # folder, say) means the manifest is not one this package wrote
        raise ResultsError(f"{path}: files: expected {', '.join(expected)}")
    parameters = manifest.get("parameters", "default")  # folders written before it existed
    if parameters not in UNCERTAINTY:
        raise ResultsError(
            f"{path}: parameters: {show(parameters)} is not allowed; allowed: "
            f"{', '.join(UNCERTAINTY)}"
        )
    return tuple(members), seed, parameters


def _natural(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _read_table(path: Path, name: str, members: tuple[int, ...]) -> pd.DataFrame:
    """One table of a run folder, checked: its columns, numbers and members."""
    try:
        frame = pd.read_csv(path, dtype={key: "str" for key in _KEYS[name][1:]}, **CSV_FLOATS)
    except Exception as error:  # whatever the reader raises, the file is unusable
        raise ResultsError(f"{path}: cannot be read ({type(error).__name__})") from None
    columns = [*_KEYS[name], *_VALUES[name]]
    if list(frame.columns) != columns:
        raise ResultsError(
            f"{path}: columns {', '.join(map(str, frame.columns))}; expected {', '.join(columns)}"
        )
    numbers = ["member"] if name == "blocs" else ["member", *_VALUES[name]]
    for column in numbers:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            raise ResultsError(f"{path}: column {column} holds text; expected numbers")
    if not frame["member"].isin(members).all():
        raise ResultsError(f"{path}: a member is not one of those listed in {MANIFEST}")
    for column in _KEYS[name][1:]:
        frame[column] = pd.Categorical(frame[column], ordered=column == "quarter")
    return frame
