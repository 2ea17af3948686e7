"""Reading the validation checks' input tables (``data/validation/``).

Every check reads a small CSV of text cells and needs certain columns; a missing file or
column is one :class:`~scenarios.errors.DataError` line naming the file. The checks then
apply their own rules to the cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from scenarios.errors import DataError


def read_input(path: Path, columns: Sequence[str]) -> pd.DataFrame:
    """Read an input table as text cells, after checking the file and its columns.

    Parameters
    ----------
    path : pathlib.Path
        The CSV file.
    columns : sequence of str
        Columns the table must have (it may have more).

    Returns
    -------
    pandas.DataFrame
        Every cell as a string; blanks stay empty strings.

    Raises
    ------
    DataError
        When the file is missing or lacks a column.
    """
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise DataError(f"{path}: column {missing[0]!r} missing; expected {', '.join(columns)}")
    return table
