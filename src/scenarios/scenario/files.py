"""Scenario files on disk: finding them, reading them as TOML, listing a folder."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd

from scenarios._meta import data_dir
from scenarios.errors import ScenarioError, allowed_list, shorten, suggest
from scenarios.scenario.checks import check_description

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
"""What a scenario name (a file name without ``.toml``) may look like: at most 100
ASCII letters, digits, ``_`` and ``-``."""

MAX_FILE_BYTES = 1 << 20
"""Largest scenario file read, in bytes (the shipped ones are a few KB)."""

_TOML_POSITION = re.compile(
    r"^(?P<message>.*?) \("
    r"(?:at line (?P<line>\d+), column (?P<column>\d+)|(?P<end>at end of document))\)$"
)


def list_scenarios(directory: str | Path | None = None) -> pd.DataFrame:
    """List the scenario files in a folder.

    Only each file's ``description`` is read (use :func:`~scenarios.scenario.load_scenario` or
    ``scenarios validate`` to check a file fully).

    Parameters
    ----------
    directory : str or pathlib.Path, optional
        Folder of ``*.toml`` files; default ``data/scenarios``.

    Returns
    -------
    pandas.DataFrame
        Columns ``name`` and ``description``, one row per file, sorted by name.

    Raises
    ------
    ScenarioError
        If the folder is missing, or a file is not valid TOML or lacks a description.
    """
    folder = _scenario_dir(directory)
    rows = []
    for path in sorted(folder.glob("*.toml")):
        document = read_document(path, str(path))
        rows.append({"name": path.stem, "description": check_description(document, str(path))})
    return pd.DataFrame(rows, columns=["name", "description"])


def _scenario_dir(directory: str | Path | None) -> Path:
    folder = Path(directory) if directory is not None else data_dir() / "scenarios"
    if not folder.is_dir():
        raise ScenarioError(f"{folder}: scenario folder not found")
    return folder


def locate(name_or_path: str | Path, directory: str | Path | None) -> Path:
    """Return the file of a scenario name or path (see :func:`~scenarios.scenario.load_scenario`).

    Raises
    ------
    ScenarioError
        If there is no such file, naming the scenarios there are.
    """
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or text.endswith(".toml") or "/" in text or "\\" in text:
        path = Path(name_or_path)
        try:
            folder, found = path.is_dir(), path.is_file()
        except OSError as error:  # a name too long, say
            raise ScenarioError(f"{path}: cannot read the file ({error.strerror})") from None
        if folder:
            raise ScenarioError(f"{path}: is a folder; expected a scenario .toml file")
        if not found:
            raise ScenarioError(f"{path}: no such scenario file")
        return path
    folder = _scenario_dir(directory)
    path = folder / f"{text}.toml"
    if not NAME.fullmatch(text) or not path.is_file():
        names = [p.stem for p in folder.glob("*.toml")]
        raise ScenarioError(
            f"no scenario named '{shorten(text)}' in {folder}{suggest(text, names)}; "
            f"allowed: {allowed_list(names) or 'none found'}, or the path of a .toml file"
        )
    return path


def parent_candidates(name: str, child: Path) -> tuple[Path, ...]:
    """The files ``extends = name`` in ``child`` may mean, in the order they are tried.

    A scenario file of that name beside the child comes first, so that a folder of
    one's own scenarios can override a shipped one; then the shipped scenario of that
    name, so that ``extends = "baseline"`` works from any folder.
    """
    beside = child.parent / f"{name}.toml"
    shipped = data_dir() / "scenarios" / f"{name}.toml"
    return (beside,) if beside.resolve() == shipped.resolve() else (beside, shipped)


def scenario_names(folder: Path) -> list[str]:
    """Names of the scenario files in a folder (none if it is missing)."""
    return sorted(path.stem for path in folder.glob("*.toml")) if folder.is_dir() else []


def read_document(path: Path, where: str) -> dict[str, Any]:
    """Read a file as TOML data; nothing in it is executed.

    Raises
    ------
    ScenarioError
        If the file cannot be read, is larger than :data:`MAX_FILE_BYTES`, is not UTF-8
        or not valid TOML (values nested too deeply and integers too long to convert
        included), naming ``where`` and the line.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ScenarioError(f"{where}: cannot read the file ({error.strerror})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(
            f"{where}: file is larger than {MAX_FILE_BYTES >> 10} KB; allowed: a scenario "
            "file of at most that size"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ScenarioError(
            f"{where}: line {line}: not UTF-8 text (byte 0x{raw[error.start]:02x}); "
            "allowed: UTF-8 encoded TOML (re-save the file as UTF-8)"
        ) from None
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"{where}: {_toml_problem(str(error))}") from None
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively
        raise ScenarioError(
            f"{where}: not valid TOML here: arrays or inline tables nested too deeply; "
            "allowed: values nested a few levels at most"
        ) from None
    except ValueError:
        # the one other ValueError tomllib lets out: int() refuses more than 4300 digits
        raise ScenarioError(
            f"{where}: not valid TOML here: an integer with thousands of digits; allowed: "
            "numbers within the ranges in docs/model.md"
        ) from None


def _toml_problem(message: str) -> str:
    match = _TOML_POSITION.match(message)
    if match is None:
        return f"not valid TOML: {message}"
    where = "end of file" if match["end"] else f"line {match['line']}, column {match['column']}"
    problem = match["message"]
    hint = ""
    if problem in ("Invalid value", "Expected newline or end of document after a statement"):
        hint = (
            '; allowed values are quoted strings ("2024Q3"), numbers, true/false, dates '
            "and [arrays]"
        )
    return f"{where}: not valid TOML: {problem[:1].lower()}{problem[1:]}{hint}"
