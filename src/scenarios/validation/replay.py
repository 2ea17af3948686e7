"""The 2022 replay: the model's path from 2021Q4 to 2024Q4 against what happened.

``replay_2022`` starts from the facts as they stood before the invasion and schedules the
real events (invasion, sanctions waves, shipments, summits, the treaty). Its path is
compared with what had happened by the end of 2024 (``data/validation/
replay_2024_observed.csv``):

- alignment of Russia-DPRK, Russia-Iran and the US-Japan-ROK trilateral. The observed
  direction comes from the events; the observed size is the project's own rule for initial
  affinity (:func:`scenarios.model.from_facts.build`) applied to the facts in force at the end of
  2024, i.e. what the model would code as the relation at 2025Q1. Where the replay
  schedules the events that drive a relation (the treaty, the summits), the direction is
  partly an input; the size of the response is the model's;
- Japan's and South Korea's defence budgets: growth from 2022 to 2024 (fiscal years for
  Japan, calendar years for the ROK), against the model's spending growth over the same
  quarters;
- the DPRK's missile-testing tempo. The model has no launches, so the proxy is its nuclear
  drive ``1 - restraint``: its mean over 2022-2023 relative to 2021Q4, against the mean
  launches of 2022-2023 relative to the 2019 record. Only the direction is comparable.

A comparison passes when the direction is right and, where the size is comparable, the
simulated change is within a factor of two of the observed one.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from scenarios._meta import data_dir
from scenarios.errors import DataError, allowed_list, suggest
from scenarios.metrics import TRILATERAL
from scenarios.model import Results, simulate
from scenarios.model.from_facts import build
from scenarios.model.params import resolve_params
from scenarios.quarters import parse_quarter
from scenarios.scenario import load_scenario
from scenarios.validation.inputs import read_input

SCENARIO = "replay_2022"
#: Quarter whose record shows what had happened by the end of 2024.
END = "2024Q4"
#: The facts-coded observation: the initial-state rule at the first quarter of 2025.
CODED_AT = "2025Q1"
#: A simulated change counts as the right size within this factor of the observed one.
FACTOR = 2.0

PAIRS = {
    "rus_prk": (("RUS", "PRK"),),
    "rus_irn": (("RUS", "IRN"),),
    "trilateral": tuple((a, b) for i, a in enumerate(TRILATERAL) for b in TRILATERAL[i + 1 :]),
}
"""Alignment comparisons: the pairs whose mean affinity is compared."""

SPENDING = {
    "japan_spending": ("JPN", ("FY2022", "FY2024"), ("2022Q2", "2024Q2")),
    "rok_spending": ("KOR", ("2022", "2024"), ("2022Q1", "2024Q1")),
}
"""Spending comparisons: state, observed periods (from, to), model records (from, to)."""

TEMPO = ("PRK", ("2019",), ("2022", "2023"), ("2022Q1", "2023Q4"))
"""Missile tempo: state, benchmark years, later years, model quarters of the later years."""

_COMPARISONS = (*PAIRS, *SPENDING, "dprk_missiles")
_LABELS = {
    "rus_prk": "Russia-DPRK rapprochement",
    "rus_irn": "Russia-Iran ties",
    "trilateral": "US-Japan-ROK trilateral",
    "japan_spending": "Japan's defence spending",
    "rok_spending": "South Korea's defence spending",
    "dprk_missiles": "DPRK missile-testing tempo (proxy: 1 - restraint)",
}


def default_path() -> Path:
    """``data/validation/replay_2024_observed.csv`` (installed or source tree)."""
    return data_dir() / "validation" / "replay_2024_observed.csv"


def load_observed(path: str | Path | None = None) -> pd.DataFrame:
    """What happened by 2024, checked.

    Columns: comparison, quantity, period, value, unit, source, confidence, note.

    Raises
    ------
    DataError
        One line naming the file, row and column of the first problem.
    """
    path = Path(path) if path is not None else default_path()
    columns = ["comparison", "quantity", "period", "value", "unit", "source", "confidence", "note"]
    table = read_input(path, columns)
    bad = ~table["comparison"].isin(_COMPARISONS)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        value = table["comparison"].iloc[row]
        raise DataError(
            f"{path}: row {row + 2}, column 'comparison': {value!r} not allowed; expected one "
            f"of {allowed_list(_COMPARISONS)}{suggest(value, _COMPARISONS)}"
        )
    number = pd.to_numeric(table["value"], errors="coerce")
    if number.isna().any():
        row = int(np.flatnonzero(number.isna())[0])
        raise DataError(f"{path}: row {row + 2}, column 'value': expected a number")
    needed = [
        *((c, p) for c, (_, periods, _) in SPENDING.items() for p in periods),
        *(("dprk_missiles", p) for p in (*TEMPO[1], *TEMPO[2])),
        *((c, "2021-2024") for c in PAIRS),
    ]
    have = set(zip(table["comparison"], table["period"], strict=True))
    absent = [pair for pair in needed if pair not in have]
    if absent:
        raise DataError(f"{path}: no row for comparison {absent[0][0]!r}, period {absent[0][1]!r}")
    return table.assign(value=number)


def replay_results(
    members: int = 50,
    seed: int = 0,
    overrides: Mapping[str, object] | None = None,
    *,
    parameters: str | os.PathLike = "default",
) -> Results:
    """The replay's ensemble (states and focus-pair relations).

    ``overrides`` (``"section.name"`` -> a value, or one per member) switch a mechanism off
    for a null model, or carry the members' parameter draws. ``parameters`` is where the
    members' parameters come from, as in :func:`scenarios.simulate` (``"default"``,
    ``"posterior"`` or a posterior's folder); ``overrides`` win over a drawn value.
    """
    return simulate(
        load_scenario(SCENARIO),
        seed=seed,
        members=members,
        params_override=overrides,
        record=("states", "relations"),
        parameters=parameters,
    )


def coded_affinity(at: str = CODED_AT) -> tuple[np.ndarray, tuple[str, ...]]:
    """Affinity (N, N) the initial-state rule gives for the replay's states at ``at``.

    Returned with the states' codes in array order.
    """
    replay = load_scenario(SCENARIO)
    scenario = dataclasses.replace(replay, start=parse_quarter(at))
    params = resolve_params(scenario.parameters, scenario.levers, None, 1)
    state, world = build(scenario, params, 1)
    return state.affinity[0], world.codes


def _pair_mean(results: Results, pairs, quarter: str) -> np.ndarray:
    rel = results.relations
    rel = rel[rel["quarter"].astype(str) == quarter]
    values = []
    for a, b in pairs:
        chosen = rel[(rel["a"] == a) & (rel["b"] == b)].sort_values("member")
        values.append(chosen["affinity"].to_numpy())
    return np.mean(values, axis=0)


def _wide(results: Results, code: str, variable: str) -> pd.DataFrame:
    states = results.states
    table = states[states["iso3"] == code].pivot_table(
        index="member", columns="quarter", values=variable, observed=True
    )
    table.columns = table.columns.astype(str)
    return table


def replay_comparison(
    members: int = 50, seed: int = 0, results: Results | None = None
) -> pd.DataFrame:
    """Each comparison quantified.

    Returns
    -------
    DataFrame
        One row per comparison: comparison, label, measure, observed_direction (+1 or -1),
        observed_change (NaN where no observed size exists), change_median, change_p05,
        change_p95 (over members), direction_right (median change has the observed sign),
        size_ratio (median simulated over observed change; NaN where the size is not
        comparable), size_error (median simulated minus observed change, in the measure's
        units; NaN likewise), passed, note.
    """
    results = results if results is not None else replay_results(members, seed)
    observed = load_observed()
    start = results.relations["quarter"].astype(str).iloc[0]
    coded, codes = coded_affinity()
    rows = []
    for name, pairs in PAIRS.items():
        change = _pair_mean(results, pairs, END) - _pair_mean(results, pairs, start)
        initial = _pair_mean(results, pairs, start)[0]
        seen = np.mean([coded[codes.index(a), codes.index(b)] for a, b in pairs]) - initial
        direction = np.sign(observed[observed["comparison"] == name]["value"].iloc[0])
        comparable = bool(np.sign(seen) == direction)
        rows.append(
            _row(
                name,
                f"affinity change {start}-{END}",
                direction,
                seen if comparable else np.nan,
                change,
                comparable=comparable,
                note=(
                    f"Observed size: the initial-state rule on the facts in force at "
                    f"{CODED_AT} ({initial + seen:+.2f} against {initial:+.2f} at {start})."
                    if comparable
                    else f"The facts in force at {CODED_AT} code no change of this tie (it "
                    "rests on episodic cooperation, not treaties or sanctions): only the "
                    "direction is compared."
                ),
            )
        )
    for name, (code, periods, quarters) in SPENDING.items():
        table = observed[observed["comparison"] == name].set_index("period")["value"]
        seen = table[periods[1]] / table[periods[0]] - 1.0
        milex = _wide(results, code, "milex")
        change = milex[quarters[1]].to_numpy() / milex[quarters[0]].to_numpy() - 1.0
        rows.append(
            _row(
                name,
                f"relative growth {periods[0]}-{periods[1]} (model {quarters[0]}-{quarters[1]})",
                np.sign(seen),
                seen,
                change,
                comparable=True,
                note="Budgets in local currency; model spending in US$ at 2023 prices.",
            )
        )
    code, benchmark, later, (first, last) = TEMPO
    table = observed[observed["comparison"] == "dprk_missiles"].set_index("period")["value"]
    seen = table[list(later)].mean() / table[list(benchmark)].mean() - 1.0
    drive = 1.0 - _wide(results, code, "restraint")
    labels = list(drive.columns)
    window = labels[labels.index(first) : labels.index(last) + 1]
    change = drive[window].mean(axis=1).to_numpy() / drive[start].to_numpy() - 1.0
    rows.append(
        _row(
            "dprk_missiles",
            f"relative change of launches, mean {'-'.join(later)} vs {benchmark[0]} record "
            f"(model: drive 1 - restraint, mean {first}-{last} vs {start})",
            np.sign(seen),
            seen,
            change,
            comparable=False,
            note=(
                "Observed: mean launches 2022-2023 (NTI) against the 2019 record; the model "
                "has no launches, so only the direction is compared."
            ),
        )
    )
    return pd.DataFrame(rows)


def _row(name, measure, direction, seen, change, *, comparable: bool, note: str) -> dict:
    median = float(np.median(change))
    right = bool(direction != 0 and np.sign(median) == direction)
    ratio = median / seen if comparable else np.nan
    sized = bool(1.0 / FACTOR <= ratio <= FACTOR) if comparable else True
    return {
        "comparison": name,
        "label": _LABELS[name],
        "measure": measure,
        "observed_direction": int(direction),
        "observed_change": float(seen),
        "change_median": median,
        "change_p05": float(np.quantile(change, 0.05)),
        "change_p95": float(np.quantile(change, 0.95)),
        "direction_right": right,
        "size_ratio": ratio,
        "size_error": median - seen if comparable else np.nan,
        "passed": right and sized,
        "note": note,
    }


def replay_check(members: int = 50, seed: int = 0, results: Results | None = None) -> pd.DataFrame:
    """Scorecard rows of the replay comparisons."""
    table = replay_comparison(members, seed, results)
    simulated, bands = [], []
    for row in table.itertuples(index=False):
        text = (
            f"median {row.change_median:+.3g} (5-95%: {row.change_p05:+.3g} to "
            f"{row.change_p95:+.3g}); direction {'right' if row.direction_right else 'wrong'}"
        )
        if np.isfinite(row.size_ratio):
            text += f"; {row.size_ratio:.2f} x observed"
            bands.append(f"same sign, {1 / FACTOR:g}-{FACTOR:g} x observed")
        else:
            bands.append("same sign (size not comparable)")
        simulated.append(text)
    return pd.DataFrame(
        {
            "check": [f"2022 replay: {label}" for label in table["label"]],
            "published": [
                (f"{value:+.3g}" if np.isfinite(value) else ("up" if sign > 0 else "down"))
                + f" ({measure})"
                for sign, value, measure in zip(
                    table["observed_direction"],
                    table["observed_change"],
                    table["measure"],
                    strict=True,
                )
            ],
            "simulated": simulated,
            "band": bands,
            "passed": table["passed"],
            "note": table["note"],
        }
    )
