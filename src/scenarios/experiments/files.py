"""The results folder on disk: atomic writes, checksums, the manifest's checks, reading.

A folder holds ``manifest.json`` (the table of contents, with a SHA-256 and row count
for every file), the scenario as TOML and the tables as Parquet or CSV, the big ones as
numbered part files (``metrics/part-00000.parquet``, one per chunk). What goes into the
manifest is :mod:`scenarios.experiments.store`'s business; this module writes and reads
the files and refuses any that do not match.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from scenarios.errors import ResultsError, show
from scenarios.experiments.records import Layout
from scenarios.experiments.tables import STATISTICS
from scenarios.memory import MAX_MEMBERS
from scenarios.model.results import CSV_FLOATS, UNCERTAINTY
from scenarios.output import StagedFolder

FORMAT_VERSION = 1
"""Version of the saved-results layout; :func:`~scenarios.experiments.store.load`
refuses newer ones."""

MANIFEST = "manifest.json"
"""Name of the manifest file in a results folder."""

FORMAT_NAME = "alignment-scenarios results"
"""The manifest's ``format``: marks a folder as ours."""


def storage(format: str | None) -> str:
    """The file format: ``parquet`` (needs pyarrow) or ``csv``; None picks the best present."""
    if format is None:
        return "parquet" if _has_pyarrow() else "csv"
    if format not in ("parquet", "csv"):
        raise ResultsError(f"format {format!r}: unknown; allowed: parquet, csv")
    if format == "parquet" and not _has_pyarrow():
        raise ResultsError("format 'parquet' needs pyarrow: pip install pyarrow (or use csv)")
    return format


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ResultsWriter:
    """Write a results folder atomically (see :class:`~scenarios.output.StagedFolder`).

    The files go into a staging folder beside the target, renamed into place at the
    end. On any error, Ctrl-C or SIGTERM the staging folder is removed and the target is
    left as it was. An existing target is replaced only when it is a results folder (it
    holds a manifest) or empty, so a mistyped path cannot delete unrelated files.

    Attributes
    ----------
    target : pathlib.Path
    storage : str
        ``"parquet"`` or ``"csv"``.
    files : dict
        File name -> ``{"rows": ..., "sha256": ...}`` of every file written so far.
    temp : pathlib.Path
        The folder being written.
    """

    def __init__(self, target: Path, storage: str):
        self.target = target
        self.storage = storage
        self.files: dict[str, dict[str, Any]] = {}
        self.folder = StagedFolder(target, MANIFEST)
        self.temp = self.folder.path

    def __enter__(self) -> ResultsWriter:
        return self

    def __exit__(self, kind: type | None, error: BaseException | None, trace: object) -> None:
        self.folder.__exit__(kind, error, trace)

    def write_table(self, stem: str, frame: pd.DataFrame) -> None:
        """Write ``frame`` as ``<stem>.<storage>`` and list it with its rows and checksum."""
        name = f"{stem}.{self.storage}"
        path = self.temp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.storage == "parquet":
            frame.to_parquet(path, index=False)
        else:
            frame.to_csv(path, index=False)
        self.files[name] = {"rows": len(frame), "sha256": _sha256(path)}

    def write_text(self, name: str, text: str) -> None:
        """Write a UTF-8 text file and list it with its checksum."""
        (self.temp / name).write_text(text, encoding="utf-8")
        self.files[name] = {"sha256": _sha256(self.temp / name)}

    def write_manifest(self, manifest: Mapping[str, Any]) -> None:
        """Write the manifest with the list of files; last, as it marks a complete folder."""
        content = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, **manifest}
        content["files"] = dict(sorted(self.files.items()))
        text = json.dumps(content, indent=2, ensure_ascii=False) + "\n"
        (self.temp / MANIFEST).write_text(text, encoding="utf-8")


def read_manifest(folder: Path) -> dict[str, Any]:
    """The folder's manifest, after checking its format, version, kind and fields."""
    path = folder / MANIFEST
    if not path.is_file():
        raise ResultsError(f"{folder}: no saved results here ({MANIFEST} is missing)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ResultsError(f"{path}: not valid JSON ({error}); the file is corrupted") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise ResultsError(f"{path}: not an alignment-scenarios results manifest")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ResultsError(
            f"{path}: format_version {version!r} is newer than this package reads "
            f"(up to {FORMAT_VERSION}); upgrade alignment-scenarios"
        )
    required: dict[str, type] = {
        "storage": str,
        "scenario": str,
        "seed": int,
        "layout": dict,
        "files": dict,
    }
    kind = manifest.get("kind")
    if kind == "sweep":
        required |= {"members_per_point": int, "design": dict}
    elif kind == "ensemble":
        required |= {"members": int}
    else:
        raise ResultsError(f"{path}: kind {kind!r} is unknown; allowed: ensemble, sweep")
    for key, type_ in required.items():
        value = manifest.get(key)
        if not isinstance(value, type_) or isinstance(value, bool):
            raise ResultsError(f"{path}: {key}: missing or not a {type_.__name__}")
    if manifest["storage"] not in ("parquet", "csv"):
        raise ResultsError(f"{path}: storage {manifest['storage']!r}; allowed: parquet, csv")
    if manifest["seed"] < 0:
        raise ResultsError(f"{path}: seed: {manifest['seed']}; allowed: an integer >= 0")
    for key in ("members", "members_per_point"):
        if key in required and not 1 <= manifest[key] <= MAX_MEMBERS:
            raise ResultsError(
                f"{path}: {key}: {show(manifest[key])}; allowed: 1 to {MAX_MEMBERS:,}"
            )
    names = _listed_names(path, manifest["scenario"], manifest["storage"])
    for name, entry in manifest["files"].items():
        # only the files this package writes: no path leads outside the folder
        if not names.fullmatch(name):
            raise ResultsError(f"{path}: files: {show(name)} is not a file of a results folder")
        rows = entry.get("rows", 0) if isinstance(entry, dict) else None
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("sha256"), str)
            or not (isinstance(rows, int) and not isinstance(rows, bool) and rows >= 0)
        ):
            raise ResultsError(f"{path}: files: {name}: expected its sha256 and row count")
    return manifest


def _listed_names(path: Path, scenario: str, storage: str) -> re.Pattern[str]:
    """The names a manifest may list: scenario, design, members' parameters, part files."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*\.toml", scenario):
        raise ResultsError(f"{path}: scenario: {show(scenario)} is not a scenario file name")
    return re.compile(
        rf"{re.escape(scenario)}|(design(_unit)?|parameters)\.{storage}|(metrics|summary)/part-[0-9]{{5,9}}\.{storage}"
    )


def check_file(folder: Path, name: str, entry: Any) -> Path:
    """The path of a listed file, after checking it exists and matches its checksum."""
    path = folder / name
    if not isinstance(entry, dict) or not path.is_file():
        raise ResultsError(f"{path}: missing; {folder / MANIFEST} lists it")
    if _sha256(path) != entry.get("sha256"):
        raise ResultsError(
            f"{path}: contents do not match the checksum in {folder / MANIFEST}; the file is "
            "corrupted or from another run"
        )
    return path


def read_table(folder: Path, name: str, manifest: Mapping[str, Any]) -> pd.DataFrame:
    """Read one listed table, checking its checksum and row count."""
    path = check_file(folder, name, manifest["files"].get(name))
    if name.endswith(".parquet") and not _has_pyarrow():
        raise ResultsError(f"{path}: reading Parquet needs pyarrow: pip install pyarrow")
    try:
        if name.endswith(".parquet"):
            frame = pd.read_parquet(path)
        else:
            frame = pd.read_csv(path, **CSV_FLOATS)
    except Exception as error:  # whatever the reader raises, the file is unusable
        raise ResultsError(f"{path}: cannot be read ({type(error).__name__})") from None
    rows = manifest["files"][name].get("rows")
    if rows is not None and len(frame) != rows:
        raise ResultsError(f"{path}: {len(frame)} rows; {folder / MANIFEST} says {rows}")
    return frame


def part_names(manifest: Mapping[str, Any], table: str) -> list[str]:
    """A table's part files in chunk order (the number in ``part-N``, not the text)."""
    names = [name for name in manifest["files"] if name.startswith(f"{table}/part-")]
    return sorted(names, key=lambda name: int(name.split("-")[-1].split(".")[0]))


def read_parts(
    folder: Path,
    table: str,
    layout: Layout,
    rows: int | None = None,
    select: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Read a table's part files in order, restoring dtypes and checking columns.

    ``select`` filters each part as it is read, so that picking a few cells of a large
    streamed sweep needs the memory of one part; without it the table must have
    ``rows`` rows in all.
    """
    manifest = read_manifest(folder)
    names = part_names(manifest, table)
    where = folder / table
    if not names:
        raise ResultsError(f"{where}: no part files listed in {folder / MANIFEST}")
    ids = ["member"] if manifest["kind"] == "ensemble" else ["point", "member"]
    expected = (
        [*ids[:-1], "quarter", "metric", *STATISTICS, "uncertainty"]
        if table == "summary"
        else [*ids, "quarter", "metric", "value"]
    )
    frames = []
    for name in names:
        frame = read_table(folder, name, manifest)
        if list(frame.columns) != expected:
            raise ResultsError(
                f"{folder / name}: columns {', '.join(map(str, frame.columns))}; expected "
                f"{', '.join(expected)}"
            )
        numbers = [c for c in expected if c not in ("quarter", "metric", "uncertainty")]
        text = [column for column in numbers if not pd.api.types.is_numeric_dtype(frame[column])]
        if text:
            raise ResultsError(f"{folder / name}: column {text[0]} holds text; expected numbers")
        for column, labels in (("quarter", layout.quarters), ("metric", layout.metrics)):
            text = frame[column].astype(str)
            unknown = ~text.isin(labels)
            if unknown.any():
                raise ResultsError(
                    f"{folder / name}: {column} {text[unknown].iloc[0]!r} is not in "
                    f"{folder / MANIFEST}"
                )
            frame[column] = pd.Categorical(text, categories=list(labels), ordered=True)
        if table == "summary":
            labels = frame["uncertainty"].astype(str)
            unknown = ~labels.isin(UNCERTAINTY.values())
            if unknown.any():
                raise ResultsError(
                    f"{folder / name}: uncertainty {labels[unknown].iloc[0]!r} is not allowed; "
                    f"allowed: {', '.join(UNCERTAINTY.values())}"
                )
            frame["uncertainty"] = labels.to_numpy(dtype=object)
        frames.append(frame if select is None else select(frame))
    frame = pd.concat(frames, ignore_index=True)
    if select is None and rows is not None and len(frame) != rows:
        raise ResultsError(
            f"{where}: {len(frame)} rows in all; the design and layout in {folder / MANIFEST} "
            f"make {rows}"
        )
    return frame
