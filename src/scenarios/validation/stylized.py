"""Stylized facts with bands: what the model says about published regularities.

``data/validation/stylized_facts.csv`` holds, per fact, the published figure, the band a
simulated value must fall in (interval notation: ``[1.5, 3]``, ``(0, 1]``,
``(-inf, 0]``), its unit and source, and how the simulation measures it. Each fact has a
measuring function here that runs the model (ensemble members differ by their noise
streams) and returns one value per member (and target, where there are several).

The model is never tuned to pass: a fact outside its band is reported as a fail, with
what it implies, in ``docs/validation.md``.

Every public function returns a tidy :class:`pandas.DataFrame`.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from scenarios._meta import data_dir
from scenarios.blocs import NONALIGNED_THRESHOLD, balanced_triad_fraction
from scenarios.errors import DataError, allowed_list, suggest
from scenarios.model import FOCUS, Results, run, simulate
from scenarios.model.from_facts import build
from scenarios.model.params import resolve_params
from scenarios.quarters import parse_quarter
from scenarios.scenario import Event, load_scenario
from scenarios.validation.inputs import read_input

#: Targets of the sanctions-cost experiment: economies no regime in the data sanctions.
COST_TARGETS = ("BRA", "IDN", "TUR", "ZAF", "SAU")
#: Years over which the published UN and US effects last (Neuenkirch & Neumeier 2015).
MULTILATERAL_YEARS, UNILATERAL_YEARS = 10, 7
#: End of the extended replay: the last quarter of Japan's FY2027.
REPLAY_END = "2028Q1"
FY2027 = ("2027Q2", "2027Q3", "2027Q4", "2028Q1")

Overrides = Mapping[str, object] | None
"""Parameter overrides of a measure's runs (``"section.name"`` -> value), or None."""

_COLUMNS = ("fact_id", "theory_ref", "fact", "published", "band", "unit", "source", "confidence")
_BAND = re.compile(r"^([\[(])\s*([^,\s]+)\s*,\s*([^,\s]+)\s*([\])])$")


@dataclasses.dataclass(frozen=True)
class Band:
    """An interval with open or closed ends."""

    low: float
    high: float
    low_open: bool
    high_open: bool

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies in the interval (NaN never does)."""
        if math.isnan(value):
            return False
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return bool(above and below)


def parse_band(text: str) -> Band:
    """Parse ``"[1.5, 3]"``, ``"(0, 1]"``, ``"(-inf, 0]"`` into a :class:`Band`.

    Raises
    ------
    ValueError
        For text that is not an interval with numeric (or +-inf) ends, low <= high.
    """
    match = _BAND.match(text.strip())
    if not match:
        raise ValueError(f"band {text!r}: expected an interval such as [1.5, 3] or (0, inf)")
    opening, low, high, closing = match.groups()
    try:
        lo, hi = float(low), float(high)
    except ValueError:
        raise ValueError(f"band {text!r}: ends must be numbers or inf") from None
    if lo > hi:
        raise ValueError(f"band {text!r}: low end above high end")
    return Band(lo, hi, opening == "(", closing == ")")


def default_path() -> Path:
    """``data/validation/stylized_facts.csv`` (installed or source tree)."""
    return data_dir() / "validation" / "stylized_facts.csv"


def load_stylized_facts(path: str | Path | None = None) -> pd.DataFrame:
    """The published facts, checked: one row per fact, in file order.

    Raises
    ------
    DataError
        One line naming the file, row and column of the first problem.
    """
    path = Path(path) if path is not None else default_path()
    columns = [*_COLUMNS, "measure"]
    table = read_input(path, columns)
    for row, record in enumerate(table.itertuples(index=False), start=2):
        if record.fact_id not in MEASURES:
            raise DataError(
                f"{path}: row {row}, column 'fact_id': {record.fact_id!r} has no measure; "
                f"expected one of {allowed_list(MEASURES)}{suggest(record.fact_id, MEASURES)}"
            )
        try:
            parse_band(record.band)
        except ValueError as error:
            raise DataError(f"{path}: row {row}, column 'band': {error}") from None
        empty = [c for c in columns if not str(getattr(record, c)).strip()]
        if empty:
            raise DataError(f"{path}: row {row}, column {empty[0]!r}: empty; a value is required")
    if table["fact_id"].duplicated().any():
        raise DataError(f"{path}: column 'fact_id': each fact once")
    return table


# -- measures -----------------------------------------------------------------------------


def _per_member(values, members: int, target: str = "") -> pd.DataFrame:
    return pd.DataFrame(
        {"member": np.arange(members), "target": target, "value": np.asarray(values, float)}
    )


def _wide(results: Results, code: str, variable: str) -> pd.DataFrame:
    """(member x quarter label) table of one state's variable."""
    states = results.states
    frame = states[states["iso3"] == code]
    table = frame.pivot_table(index="member", columns="quarter", values=variable, observed=True)
    table.columns = table.columns.astype(str)
    return table


def _affinity(results: Results, a: str, b: str, quarter: str) -> np.ndarray:
    rel = results.relations
    chosen = rel[(rel["a"] == a) & (rel["b"] == b) & (rel["quarter"].astype(str) == quarter)]
    return chosen.sort_values("member")["affinity"].to_numpy()


def sanctions_cost_ratio(members: int, seed: int, overrides: Overrides = None) -> pd.DataFrame:
    """UN-style over US-only cumulative GDP loss, per member and target (fact #5)."""
    scenario = load_scenario("baseline")
    params = resolve_params(scenario.parameters, scenario.levers, overrides, members)
    state, world = build(scenario, params, members)
    horizon = 4 * MULTILATERAL_YEARS
    frames = []
    for target in COST_TARGETS:
        coalitions = {
            "none": (),
            "unilateral": ("USA",),
            "multilateral": tuple(c for c in world.codes if c != target),
        }
        gdp = {}
        for name, senders in coalitions.items():
            events = [Event("sanctions", scenario.start, (s, target), 1.0) for s in senders]
            result = run(
                state, world, params, horizon, seed=seed, events=events, record=("states",)
            )
            gdp[name] = _wide(result, target, "gdp").to_numpy()
        loss = {
            name: 1.0 - gdp[name][:, 4 * years] / gdp["none"][:, 4 * years]
            for name, years in (
                ("multilateral", MULTILATERAL_YEARS),
                ("unilateral", UNILATERAL_YEARS),
            )
        }
        with np.errstate(invalid="ignore"):  # 0/0 when the bite is switched off: no value
            ratio = loss["multilateral"] / loss["unilateral"]
        frames.append(_per_member(ratio, members, target))
    return pd.concat(frames, ignore_index=True)


def extended_replay(members: int, seed: int, overrides: Overrides = None) -> Results:
    """replay_2022 run on to :data:`REPLAY_END` (no events after its own horizon)."""
    replay = load_scenario("replay_2022")
    horizon = parse_quarter(REPLAY_END) - replay.start
    return simulate(
        dataclasses.replace(replay, horizon=horizon),
        seed=seed,
        members=members,
        params_override=overrides,
        record=("states", "relations"),
    )


def japan_burden_fy2027(
    members: int, seed: int, replay: Results | None = None, overrides: Overrides = None
) -> pd.DataFrame:
    """Japan's military spending over GDP in FY2027, % (fact #14)."""
    replay = replay if replay is not None else extended_replay(members, seed, overrides)
    burden = _wide(replay, "JPN", "milex")[list(FY2027)] / _wide(replay, "JPN", "gdp")[list(FY2027)]
    return _per_member(100.0 * burden.mean(axis=1), members)


def rok_budget_growth(
    members: int, seed: int, replay: Results | None = None, overrides: Overrides = None
) -> pd.DataFrame:
    """Annualised growth of South Korea's military spending 2024Q4-2026Q4, % (fact #15)."""
    replay = replay if replay is not None else extended_replay(members, seed, overrides)
    milex = _wide(replay, "KOR", "milex")
    return _per_member(100.0 * (np.sqrt(milex["2026Q4"] / milex["2024Q4"]) - 1.0), members)


def dprk_patron_restraint(members: int, seed: int, overrides: Overrides = None) -> pd.DataFrame:
    """DPRK restraint 5 years on, with minus without the treaty (fact #16)."""
    when = "2029Q3"
    values = []
    # the twin branches at 2024Q2 differ only by the treaty
    for name in ("pact_2024q2", "no_pact"):
        result = simulate(
            load_scenario(name),
            seed=seed,
            members=members,
            params_override=overrides,
            record=("states",),
        )
        values.append(_wide(result, "PRK", "restraint")[when].to_numpy())
    return _per_member(values[0] - values[1], members)


def imbalance_persists(members: int, seed: int, overrides: Overrides = None) -> pd.DataFrame:
    """Share of imbalanced triads of real ties among the focus states in 2034Q3 (fact #11)."""
    result = simulate(
        load_scenario("baseline"),
        seed=seed,
        members=members,
        params_override=overrides,
        record=("relations",),
    )
    return imbalance_at(result.relations, "2034Q3", members)


def imbalance_at(relations: pd.DataFrame, quarter: str, members: int) -> pd.DataFrame:
    """Per member, the share of imbalanced triads of real ties among the focus states.

    Ties smaller than the non-aligned threshold count as absent (see fact #11).
    """
    end = relations[relations["quarter"].astype(str) == quarter]
    codes = [c for c in FOCUS if c in set(end["a"].astype(str))]
    index = {c: i for i, c in enumerate(codes)}
    matrix = np.zeros((members, len(codes), len(codes)))
    matrix[
        end["member"].to_numpy(),
        end["a"].astype(str).map(index).to_numpy(),
        end["b"].astype(str).map(index).to_numpy(),
    ] = end["affinity"].to_numpy()
    real = np.where(np.abs(matrix) >= NONALIGNED_THRESHOLD, matrix, 0.0)
    return _per_member(1.0 - balanced_triad_fraction(real), members)


def _treaty_shock(members: int, seed: int, overrides: Overrides = None) -> dict[str, np.ndarray]:
    # the twin branches at 2024Q2: the trunk up to it, with and without the treaty event
    quarter = "2024Q3"
    runs = [
        simulate(
            load_scenario(name),
            seed=seed,
            members=members,
            params_override=overrides,
            record=("relations",),
        )
        for name in ("pact_2024q2", "no_pact")
    ]
    diff = {
        other: _affinity(runs[0], "KOR", other, quarter) - _affinity(runs[1], "KOR", other, quarter)
        for other in ("RUS", "USA", "JPN")
    }
    return {"russia": diff["RUS"], "allies": 0.5 * (diff["USA"] + diff["JPN"])}


def treaty_shock_rok_russia(members: int, seed: int, overrides: Overrides = None) -> pd.DataFrame:
    """ROK-Russia affinity one step after the treaty, with minus without it (fact #19)."""
    return _per_member(_treaty_shock(members, seed, overrides)["russia"], members)


def treaty_shock_rok_allies(members: int, seed: int, overrides: Overrides = None) -> pd.DataFrame:
    """Mean ROK-US and ROK-Japan affinity one step after the treaty, with minus without."""
    return _per_member(_treaty_shock(members, seed, overrides)["allies"], members)


MEASURES: dict[str, Callable[..., pd.DataFrame]] = {
    "sanctions_cost_ratio": sanctions_cost_ratio,
    "japan_burden_fy2027": japan_burden_fy2027,
    "rok_budget_growth": rok_budget_growth,
    "dprk_patron_restraint": dprk_patron_restraint,
    "imbalance_persists": imbalance_persists,
    "treaty_shock_rok_russia": treaty_shock_rok_russia,
    "treaty_shock_rok_allies": treaty_shock_rok_allies,
}
"""fact_id -> function(members, seed, overrides=None) returning member, target, value.

``overrides`` (``"section.name"`` -> value) switch a mechanism off for a null model.
"""


def stylized_values(members: int = 50, seed: int = 0, overrides: Overrides = None) -> pd.DataFrame:
    """Every fact's simulated values: fact_id, member, target, value.

    Runs shared by several facts (the extended replay, the treaty counterfactual) run once.
    ``overrides`` apply to every run: the members' parameter draws, from the scorecard.
    """
    replay = extended_replay(members, seed, overrides)
    shock = _treaty_shock(members, seed, overrides)
    shared = {
        "japan_burden_fy2027": lambda m, s, overrides: japan_burden_fy2027(m, s, replay),
        "rok_budget_growth": lambda m, s, overrides: rok_budget_growth(m, s, replay),
        "treaty_shock_rok_russia": lambda m, s, overrides: _per_member(shock["russia"], m),
        "treaty_shock_rok_allies": lambda m, s, overrides: _per_member(shock["allies"], m),
    }
    frames = []
    for fact_id in load_stylized_facts()["fact_id"]:
        measure = shared.get(fact_id, MEASURES[fact_id])
        frames.append(measure(members, seed, overrides=overrides).assign(fact_id=fact_id))
    table = pd.concat(frames, ignore_index=True)
    return table[["fact_id", "member", "target", "value"]]


def stylized_facts(
    members: int = 50, seed: int = 0, values: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per fact: published figure and band next to the ensemble's value.

    Parameters
    ----------
    members, seed : int
        Ensemble size and seed (ignored when ``values`` is given).
    values : DataFrame, optional
        From :func:`stylized_values`.

    Returns
    -------
    DataFrame
        fact_id, theory_ref, fact, published, band, unit, median, p05, p95 (over members
        and targets), n (values), passed (median inside the band), source, confidence,
        measure.
    """
    facts = load_stylized_facts()
    values = values if values is not None else stylized_values(members, seed)
    grouped = values.groupby("fact_id")["value"]
    summary = pd.DataFrame(
        {
            "median": grouped.median(),
            "p05": grouped.quantile(0.05),
            "p95": grouped.quantile(0.95),
            "n": grouped.size(),
        }
    )
    table = facts.join(summary, on="fact_id")
    table["passed"] = [
        parse_band(band).contains(value)
        for band, value in zip(table["band"], table["median"], strict=True)
    ]
    order = [
        *_COLUMNS[:6],
        "median",
        "p05",
        "p95",
        "n",
        "passed",
        "source",
        "confidence",
        "measure",
    ]
    return table[order]


def stylized_check(
    members: int = 50, seed: int = 0, values: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Scorecard rows of the stylized facts (see :func:`stylized_facts`)."""
    table = stylized_facts(members, seed, values)
    return pd.DataFrame(
        {
            "check": [
                f"Stylized fact #{r}: {f}"
                for r, f in zip(table["theory_ref"], table["fact"], strict=True)
            ],
            "published": table["published"],
            "simulated": [
                f"median {_number(m)} (5-95%: {_number(lo)} to {_number(hi)}; n = {n}) {u}"
                for m, lo, hi, n, u in zip(
                    table["median"],
                    table["p05"],
                    table["p95"],
                    table["n"],
                    table["unit"],
                    strict=True,
                )
            ],
            "band": table["band"],
            "passed": table["passed"].astype(bool),
            "note": table["measure"],
        }
    )


def _number(value: float) -> str:
    if value == 0 or 1e-3 <= abs(value) < 1e4:
        return f"{value:.3g}"
    return f"{value:.2e}"
