"""Landscape theory on Europe 1936: Axelrod & Bennett (1993) rebuilt from coded factors.

The paper's propensity matrix is not public. It is rebuilt from five factors coded per pair
(or per country) from documented historical facts in ``data/validation/landscape_1936/``,
under rules fixed before any result was computed (``coding_rules.md`` there). The project's
own exact search (:func:`scenarios.blocs.exact_minimum`, all 2**16 splits with Britain held
in bloc A) then gives the predicted 1936 alignment, which is compared with the sides the
states fought on and with the split Axelrod & Bennett reported (15 of 17 right).

Every public function returns a tidy :class:`pandas.DataFrame`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from scenarios._meta import data_dir
from scenarios.blocs import exact_minimum, is_local_minimum, landscape_energy, local_minima
from scenarios.errors import DataError, allowed_list, suggest
from scenarios.validation.inputs import read_input

#: The five factors, in the order used in every table.
FACTORS = ("ethnic_conflict", "religion", "border_disputes", "government", "past_wars")
#: Axelrod & Bennett's reported result: states on their actual side in the 1936 minimum.
PUBLISHED_CORRECT = 15
#: Weight multipliers of the sensitivity analysis.
SENSITIVITY_SCALES = tuple(np.linspace(0.0, 2.0, 9))

_PAIR_TABLES = {
    "ethnic_conflict": "ethnic_conflict.csv",
    "border_disputes": "border_disputes.csv",
    "past_wars": "past_wars.csv",
}
_RELIGIONS = ("Catholic", "Protestant", "Orthodox", "none")
_GOVERNMENTS = ("democracy", "limited", "authoritarian", "fascist", "communist")
# Pairs of regime types whose ideologies defined themselves against each other (rule 4).
_ANTAGONISTS = {("democracy", "fascist"), ("democracy", "communist"), ("fascist", "communist")}
_ANCHOR = "Britain"


@dataclass(frozen=True)
class Landscape1936:
    """The coded 1936 case.

    Attributes
    ----------
    countries : tuple of str
        The 17 states, in table order.
    sizes : ndarray, shape (17,)
        1936 CINC rescaled to shares of the 17 (sum 1).
    factors : Mapping[str, ndarray]
        Factor name -> (17, 17) symmetric matrix of factor values in {-1, 0, +1}, zero
        diagonal; positive = the pair should be together.
    weights : Mapping[str, float]
        Default factor weights (``weights.csv``).
    actual : ndarray of bool, shape (17,)
        True = fought on Germany's side (B), False = on Britain's side (A).
    ab1993 : ndarray of bool, shape (17,)
        Axelrod & Bennett's reported minimum-energy split, same coding.
    """

    countries: tuple[str, ...]
    sizes: np.ndarray
    factors: Mapping[str, np.ndarray]
    weights: Mapping[str, float]
    actual: np.ndarray
    ab1993: np.ndarray

    @property
    def anchor(self) -> int:
        """Index of Britain, held in bloc A by the search."""
        return self.countries.index(_ANCHOR)


def default_directory() -> Path:
    """``data/validation/landscape_1936`` (installed or source tree)."""
    return data_dir() / "validation" / "landscape_1936"


def _read(folder: Path, name: str, columns: Sequence[str]) -> pd.DataFrame:
    path = folder / name
    table = read_input(path, columns)
    return table


def _check_values(path: Path, table: pd.DataFrame, column: str, allowed: Sequence[str]) -> None:
    bad = ~table[column].isin(allowed)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        value = table[column].iloc[row]
        raise DataError(
            f"{path}: row {row + 2}, column {column!r}: {value!r} not allowed; "
            f"expected one of {allowed_list(allowed)}{suggest(value, allowed)}"
        )


def _country_column(folder: Path, name: str, columns: Sequence[str], countries) -> pd.DataFrame:
    """Read a per-country table and return it indexed in ``countries`` order."""
    table = _read(folder, name, columns)
    path = folder / name
    _check_values(path, table, "country", countries)
    if table["country"].duplicated().any() or len(table) != len(countries):
        raise DataError(f"{path}: column 'country' must list each of the 17 states once")
    return table.set_index("country").loc[list(countries)]


def _pair_matrix(folder: Path, name: str, countries: tuple[str, ...]) -> np.ndarray:
    path = folder / name
    table = _read(folder, name, ["country_a", "country_b", "value", "source", "confidence"])
    _check_values(path, table, "country_a", countries)
    _check_values(path, table, "country_b", countries)
    _check_values(path, table, "value", ["-1", "0"])
    index = {c: i for i, c in enumerate(countries)}
    a = table["country_a"].map(index).to_numpy()
    b = table["country_b"].map(index).to_numpy()
    keys = pd.Series(np.minimum(a, b) * 100 + np.maximum(a, b))
    n = len(countries)
    if (a == b).any() or keys.duplicated().any() or len(keys) != n * (n - 1) // 2:
        raise DataError(f"{path}: rows must list each of the {n * (n - 1) // 2} pairs once")
    matrix = np.zeros((n, n))
    matrix[a, b] = matrix[b, a] = table["value"].astype(float).to_numpy()
    return matrix


def load_landscape_1936(directory: str | Path | None = None) -> Landscape1936:
    """Load and check the coded 1936 tables.

    Parameters
    ----------
    directory : path, optional
        Folder with the tables (default: ``data/validation/landscape_1936``).

    Raises
    ------
    DataError
        One line naming the file, row and column of the first problem.
    """
    folder = Path(directory) if directory is not None else default_directory()
    sizes = _read(folder, "sizes.csv", ["country", "cinc_1936", "source"])
    countries = tuple(sizes["country"])
    if len(countries) != 17 or len(set(countries)) != 17 or _ANCHOR not in countries:
        raise DataError(f"{folder / 'sizes.csv'}: column 'country' must list the 17 states once")
    cinc = pd.to_numeric(sizes["cinc_1936"], errors="coerce").to_numpy()
    if not np.all(cinc > 0):
        row = int(np.flatnonzero(~(cinc > 0))[0])
        raise DataError(f"{folder / 'sizes.csv'}: row {row + 2}, column 'cinc_1936': expected > 0")

    factors = {f: _pair_matrix(folder, table, countries) for f, table in _PAIR_TABLES.items()}
    religion = _country_column(folder, "religion.csv", ["country", "religion", "source"], countries)
    _check_values(folder / "religion.csv", religion, "religion", _RELIGIONS)
    faith = religion["religion"].to_numpy()
    same_faith = (faith[:, None] == faith[None, :]) & (faith[:, None] != "none")
    factors["religion"] = same_faith.astype(float)
    regime = _country_column(
        folder, "government.csv", ["country", "government", "source"], countries
    )
    _check_values(folder / "government.csv", regime, "government", _GOVERNMENTS)
    factors["government"] = _government_matrix(regime["government"].to_numpy())
    for matrix in factors.values():
        np.fill_diagonal(matrix, 0.0)

    sides = _country_column(
        folder, "sides.csv", ["country", "actual_side", "ab1993_side"], countries
    )
    for column in ("actual_side", "ab1993_side"):
        _check_values(folder / "sides.csv", sides, column, ["A", "B"])
    weights = _read(folder, "weights.csv", ["factor", "weight"])
    _check_values(folder / "weights.csv", weights, "factor", FACTORS)
    values = pd.to_numeric(weights["weight"], errors="coerce")
    if values.isna().any() or set(weights["factor"]) != set(FACTORS):
        raise DataError(f"{folder / 'weights.csv'}: needs one numeric weight for each of {FACTORS}")
    return Landscape1936(
        countries=countries,
        sizes=cinc / cinc.sum(),
        factors=MappingProxyType({f: factors[f] for f in FACTORS}),
        weights=MappingProxyType(dict(zip(weights["factor"], values.astype(float), strict=True))),
        actual=sides["actual_side"].to_numpy() == "B",
        ab1993=sides["ab1993_side"].to_numpy() == "B",
    )


def _government_matrix(kind: np.ndarray) -> np.ndarray:
    same = kind[:, None] == kind[None, :]
    opposed = np.array(
        [[(a, b) in _ANTAGONISTS or (b, a) in _ANTAGONISTS for b in kind] for a in kind]
    )
    return same.astype(float) - opposed.astype(float)


def _case(case: Landscape1936 | None) -> Landscape1936:
    return case if case is not None else load_landscape_1936()


def _weight_vector(case: Landscape1936, weights: Mapping[str, float] | None) -> np.ndarray:
    chosen = dict(case.weights)
    for name, value in (weights or {}).items():
        if name not in FACTORS:
            raise ValueError(
                f"weights: factor {name!r} not allowed; expected one of "
                f"{', '.join(FACTORS)}{suggest(name, FACTORS)}"
            )
        chosen[name] = float(value)
    return np.array([chosen[f] for f in FACTORS])


def coded_pairs(case: Landscape1936 | None = None) -> pd.DataFrame:
    """All 136 pairs with each factor's value (one row per pair, one column per factor)."""
    case = _case(case)
    i, j = np.triu_indices(len(case.countries), k=1)
    names = np.array(case.countries)
    columns = {"country_a": names[i], "country_b": names[j]}
    columns |= {f: case.factors[f][i, j] for f in FACTORS}
    return pd.DataFrame(columns)


def propensity_matrix(
    case: Landscape1936 | None = None, weights: Mapping[str, float] | None = None
) -> np.ndarray:
    """``p = sum_f w_f x_f``: shape (17, 17), or (K, 17, 17) for a (K, 5) weight array.

    Parameters
    ----------
    case : Landscape1936, optional
    weights : mapping of factor -> weight, or ndarray of shape (5,) or (K, 5), optional
        Missing factors keep their default weight; an array gives weights in ``FACTORS`` order.
    """
    case = _case(case)
    stack = np.stack([case.factors[f] for f in FACTORS])
    w = (
        np.asarray(weights, dtype=float)
        if isinstance(weights, np.ndarray)
        else _weight_vector(case, weights)
    )
    return np.tensordot(w, stack, axes=(-1, 0))


def count_correct(predicted, actual) -> int:
    """States on their actual side, under the better naming of the two predicted blocs."""
    agree = int(np.sum(np.asarray(predicted, bool) == np.asarray(actual, bool)))
    return max(agree, len(actual) - agree)


def _orient(predicted: np.ndarray, actual: np.ndarray) -> np.ndarray:
    """Name the predicted blocs so that they match the actual ones best."""
    agree = np.sum(predicted == actual, axis=-1, keepdims=True)
    return np.where(2 * agree >= actual.size, predicted, ~predicted)


def _names(case: Landscape1936, mask: np.ndarray) -> str:
    return "; ".join(np.array(case.countries)[mask])


def landscape_prediction(
    case: Landscape1936 | None = None, weights: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Predicted 1936 side of each state next to its actual side and Axelrod & Bennett's.

    Returns
    -------
    DataFrame
        One row per state: country, size (share of the 17), predicted_side, actual_side,
        ab1993_side (``"A"`` = Britain's side, ``"B"`` = Germany's), correct, ab1993_correct.
    """
    case = _case(case)
    sides, _ = exact_minimum(propensity_matrix(case, weights), case.sizes, anchor=case.anchor)
    predicted = _orient(sides, case.actual)
    label = np.array(["A", "B"])
    return pd.DataFrame(
        {
            "country": case.countries,
            "size": case.sizes,
            "predicted_side": label[predicted.astype(int)],
            "actual_side": label[case.actual.astype(int)],
            "ab1993_side": label[case.ab1993.astype(int)],
            "correct": predicted == case.actual,
            "ab1993_correct": case.ab1993 == case.actual,
        }
    )


def landscape_summary(
    case: Landscape1936 | None = None, weights: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """The model's minimum, Axelrod & Bennett's split and the actual sides, compared.

    Returns
    -------
    DataFrame
        One row per configuration (``model_minimum``, ``ab1993_reported``, ``actual``):
        energy in the rebuilt landscape (units: size share^2 x propensity), correct (of 17),
        local_minimum (no single state can lower the energy by switching), mispredicted,
        bloc_b (states on the side without Britain).
    """
    case = _case(case)
    p = propensity_matrix(case, weights)
    model, _ = exact_minimum(p, case.sizes, anchor=case.anchor)
    configs = {"model_minimum": model, "ab1993_reported": case.ab1993, "actual": case.actual}
    rows = []
    for name, sides in configs.items():
        oriented = _orient(sides, case.actual)
        in_b = sides != sides[case.anchor]
        rows.append(
            {
                "configuration": name,
                "energy": float(landscape_energy(p, case.sizes, sides)),
                "correct": count_correct(sides, case.actual),
                "local_minimum": bool(is_local_minimum(p, case.sizes, sides)),
                "mispredicted": _names(case, oriented != case.actual),
                "bloc_b": _names(case, in_b),
            }
        )
    return pd.DataFrame(rows)


def landscape_local_minima(
    case: Landscape1936 | None = None, weights: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Every local minimum of the rebuilt 1936 landscape, lowest energy first.

    Returns
    -------
    DataFrame
        rank (0 = global minimum), energy, basin (of the 2**16 configurations, those whose
        steepest single-flip descent ends here), basin_share, correct (of 17),
        differs_from_global (states on the other side than in the global minimum),
        bloc_b (states on the side without Britain), mispredicted.
    """
    case = _case(case)
    found = local_minima(propensity_matrix(case, weights), case.sizes, anchor=case.anchor)
    best = found.sides[0]
    rows = []
    for rank, (sides, energy, basin) in enumerate(
        zip(found.sides, found.energy, found.basin, strict=True)
    ):
        rows.append(
            {
                "rank": rank,
                "energy": float(energy),
                "basin": int(basin),
                "basin_share": basin / found.basin.sum(),
                "correct": count_correct(sides, case.actual),
                "differs_from_global": _names(case, sides != best),
                "bloc_b": _names(case, sides),
                "mispredicted": _names(case, _orient(sides, case.actual) != case.actual),
            }
        )
    return pd.DataFrame(rows)


def landscape_sensitivity(
    case: Landscape1936 | None = None, scales: Sequence[float] = SENSITIVITY_SCALES
) -> pd.DataFrame:
    """How the count depends on each factor's weight (one factor varied at a time).

    Each factor's default weight is multiplied by every value in ``scales`` (0 drops the
    factor) while the other factors keep theirs; all variants are solved exactly in one
    batched search.

    Returns
    -------
    DataFrame
        factor, scale, weight, correct (of 17), energy of the minimum, mispredicted.
    """
    case = _case(case)
    base = _weight_vector(case, None)
    grid = list(itertools.product(range(len(FACTORS)), scales))
    weights = np.tile(base, (len(grid), 1))
    for row, (f, scale) in enumerate(grid):
        weights[row, f] = base[f] * scale
    p = propensity_matrix(case, weights)
    sides, energy = exact_minimum(p, np.broadcast_to(case.sizes, p.shape[:2]), anchor=case.anchor)
    oriented = _orient(sides, case.actual)
    return pd.DataFrame(
        {
            "factor": [FACTORS[f] for f, _ in grid],
            "scale": [float(s) for _, s in grid],
            "weight": weights[np.arange(len(grid)), [f for f, _ in grid]],
            "correct": [count_correct(x, case.actual) for x in sides],
            "energy": energy,
            "mispredicted": [_names(case, x != case.actual) for x in oriented],
        }
    )


def landscape_check(case: Landscape1936 | None = None) -> pd.DataFrame:
    """Scorecard row: states placed right by the rebuilt model vs the paper's 15 of 17.

    Returns
    -------
    DataFrame
        One row: check, published, simulated, band, passed (``correct >= 15``, the level
        at which the project's reference asks the propensity builder to be trusted).
    """
    prediction = landscape_prediction(case)
    correct = int(prediction["correct"].sum())
    n = len(prediction)
    return pd.DataFrame(
        [
            {
                "check": "Landscape theory, Europe 1936 (Axelrod & Bennett 1993)",
                "published": f"{PUBLISHED_CORRECT} of {n}",
                "simulated": f"{correct} of {n}",
                "band": f">= {PUBLISHED_CORRECT} of {n}",
                "passed": correct >= PUBLISHED_CORRECT,
            }
        ]
    )
