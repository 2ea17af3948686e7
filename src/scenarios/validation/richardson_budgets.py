"""Richardson's fit to the 1909-1913 budgets of the two pre-1914 blocs.

``data/validation/richardson_1909_1913.csv`` holds the defence budgets of France and Russia
(bloc U) and Germany and Austria-Hungary (bloc V). Richardson's additive form ``d(U+V)/dt =
(k - a)(U+V) + (g + h)`` is fitted by least squares to the yearly increments
(:func:`richardson_fit`), and the 1910-1913 totals it predicts from 1909 are set next to the
observed ones (:func:`richardson_prediction`). The table in the project's reference could
not be checked against a published source and is used as an illustration only; the same fit
runs on the Correlates of War budgets, which are sourced.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from scenarios._meta import data_dir
from scenarios.errors import DataError, allowed_list, suggest
from scenarios.validation.inputs import read_input

#: Series in the 1909-1913 table and whether each is sourced.
SERIES = {"richardson_recalled": False, "cow_nmc_v6": True}
#: Richardson's fit as the project's reference recalls it (unverified).
RECALLED_SLOPE = 0.73
RECALLED_EQUILIBRIUM = 194.0
#: Tolerance of the 1910-1913 predictions (project reference, stylized fact 6).
PREDICTION_BAND_PCT = 5.0

_BLOCS = {"France": "U", "Russia": "U", "Germany": "V", "Austria-Hungary": "V"}
_YEARS = tuple(range(1909, 1914))


def default_path() -> Path:
    """``data/validation/richardson_1909_1913.csv`` (installed or source tree)."""
    return data_dir() / "validation" / "richardson_1909_1913.csv"


def load_richardson_1909(path: str | Path | None = None) -> pd.DataFrame:
    """The 1909-1913 defence budgets, checked.

    Returns
    -------
    DataFrame
        year, state, bloc (``U`` = France + Russia, ``V`` = Germany + Austria-Hungary),
        series (``richardson_recalled``: unverified, illustration only; ``cow_nmc_v6``:
        Correlates of War budgets), value_gbp_m, source, confidence.

    Raises
    ------
    DataError
        One line naming the file, row and column of the first problem.
    """
    path = Path(path) if path is not None else default_path()
    columns = ["year", "state", "bloc", "series", "value_gbp_m", "source", "confidence"]
    table = read_input(path, columns)
    allowed = {
        "state": list(_BLOCS),
        "series": list(SERIES),
        "year": [str(y) for y in _YEARS],
        "confidence": ["verified", "unverified"],
    }
    for column, values in allowed.items():
        bad = ~table[column].isin(values)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            value = table[column].iloc[row]
            raise DataError(
                f"{path}: row {row + 2}, column {column!r}: {value!r} not allowed; expected "
                f"one of {allowed_list(values)}{suggest(value, values)}"
            )
    value = pd.to_numeric(table["value_gbp_m"], errors="coerce")
    wrong_bloc = table["bloc"] != table["state"].map(_BLOCS)
    for column, bad in (("value_gbp_m", ~(value > 0)), ("bloc", wrong_bloc)):
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            expected = "a positive number" if column == "value_gbp_m" else "U or V as in 1914"
            raise DataError(f"{path}: row {row + 2}, column {column!r}: expected {expected}")
    if table.duplicated(["year", "state", "series"]).any() or len(table) != len(_YEARS) * len(
        _BLOCS
    ) * len(SERIES):
        raise DataError(f"{path}: needs one row per year 1909-1913, state and series")
    return table.assign(year=table["year"].astype(int), value_gbp_m=value)


def bloc_totals(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Yearly bloc totals: series, year, U, V, total (GBP million)."""
    table = table if table is not None else load_richardson_1909()
    wide = table.pivot_table(
        index=["series", "year"], columns="bloc", values="value_gbp_m", aggfunc="sum"
    )
    wide = wide.reset_index()
    wide.columns.name = None
    return wide.assign(total=wide["U"] + wide["V"])


def richardson_fit(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Least-squares fit of ``d(U+V)/dt = (k - a)(U+V) + (g + h)`` per series.

    As Richardson did, each year's increment of the total is regressed on the mean of the
    two years' totals.

    Returns
    -------
    DataFrame
        series, sourced (False for the unverified recalled table), k_minus_a (per year),
        g_plus_h (GBP million per year), equilibrium (``-(g + h) / (k - a)``), r
        (correlation of increments and mid-year totals), years.
    """
    rows = []
    for series, group in bloc_totals(table).groupby("series", sort=False):
        total = group.sort_values("year")["total"].to_numpy()
        increment = np.diff(total)
        middle = 0.5 * (total[1:] + total[:-1])
        slope, intercept = np.polyfit(middle, increment, 1)
        rows.append(
            {
                "series": series,
                "sourced": SERIES[series],
                "k_minus_a": slope,
                "g_plus_h": intercept,
                "equilibrium": -intercept / slope,
                "r": float(np.corrcoef(middle, increment)[0, 1]),
                "years": f"{group['year'].min()}-{group['year'].max()}",
            }
        )
    return pd.DataFrame(rows)


def richardson_prediction(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Totals predicted from 1909 by the fitted equation, next to the observed ones.

    ``U+V(t) = E + (U+V(1909) - E) exp((k - a) t)`` with the fitted ``k - a`` and
    equilibrium ``E`` of :func:`richardson_fit`.

    Returns
    -------
    DataFrame
        series, sourced, year, observed, predicted (GBP million), error_pct.
    """
    table = table if table is not None else load_richardson_1909()
    fits = richardson_fit(table).set_index("series")
    totals = bloc_totals(table)
    frames = []
    for series, group in totals.groupby("series", sort=False):
        group = group.sort_values("year")
        fit = fits.loc[series]
        t = group["year"].to_numpy() - group["year"].min()
        start = group["total"].iloc[0]
        predicted = fit.equilibrium + (start - fit.equilibrium) * np.exp(fit.k_minus_a * t)
        frames.append(
            pd.DataFrame(
                {
                    "series": series,
                    "sourced": SERIES[series],
                    "year": group["year"].to_numpy(),
                    "observed": group["total"].to_numpy(),
                    "predicted": predicted,
                    "error_pct": 100.0 * (predicted - group["total"].to_numpy()) / group["total"],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
