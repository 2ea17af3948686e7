"""The two null models of every data check, run and scored.

One function per group of data checks (landscape, stylized facts, replay, sanity table);
each returns one row per check of the group, in the group's order, with the columns of
:data:`scenarios.validation.skill.SKILL_COLUMNS` (plus ``persistence_label``). The rules
(errors, what beats what) are in :mod:`scenarios.validation.skill`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from scenarios.model import Results
from scenarios.validation.landscape import landscape_prediction, load_landscape_1936
from scenarios.validation.landscape_rules import chance_level
from scenarios.validation.replay import replay_comparison, replay_results
from scenarios.validation.sanity import sanity_runs, sanity_table
from scenarios.validation.skill import (
    SWITCHES,
    Switch,
    at_quarter,
    band_error,
    carried_forward,
    number,
    point_error,
)
from scenarios.validation.stylized import MEASURES, imbalance_at, parse_band

PERSISTENCE = "trunk start carried forward"
"""Label of the persistence null."""

Drawn = Mapping[str, object] | None
"""The model runs' parameter draws, ``"section.name"`` -> one value per member (None: the
registry defaults). A mechanism-off run keeps them, its switch's overrides winning
(:meth:`~scenarios.validation.skill.Switch.over`), so it is paired with its model run."""

#: Landscape 1936: at least this many of the 17 states placed right (Axelrod & Bennett's
#: 15); the scorecard's band for the check.
LANDSCAPE_BAND = (15.0, 17.0)


def _key(switch: Switch) -> tuple:
    """Checks whose switches have the same key share their null runs."""
    return (tuple(sorted(switch.overrides.items())), tuple(sorted(switch.steps)))


def _row(value, error, persistence, persistence_error, switch, off, off_error, off_in_band):
    return {
        "value": value,
        "error": error,
        "persistence_label": PERSISTENCE,
        "persistence": persistence,
        "persistence_error": persistence_error,
        "switch": switch.label() if isinstance(switch, Switch) else switch,
        "off": off,
        "off_error": off_error,
        "off_in_band": bool(off_in_band),
    }


def landscape_skill() -> pd.DataFrame:
    """The 1936 landscape against chance.

    There is no run in time, so persistence has no meaning; its slot holds the chance
    level (the mean count of a random two-bloc split, exact). Switching the mechanism off
    (every coding rule's weight 0) gives every split the same energy, so its prediction is
    an arbitrary split: chance again.
    """
    case = load_landscape_1936()
    count = float(landscape_prediction(case).correct.sum())
    chance = chance_level(case.actual, int(count))["mean"]
    low, high = LANDSCAPE_BAND
    row = _row(
        number(count),
        band_error(low, high, count),
        number(chance),
        band_error(low, high, chance),
        "propensities (every coding rule's weight = 0: any split, i.e. chance)",
        number(chance),
        band_error(low, high, chance),
        low <= chance <= high,
    )
    row["persistence_label"] = "chance (a random two-bloc split, exact mean)"
    return pd.DataFrame([row])


def stylized_persistence(trunk: Results) -> dict[str, float]:
    """Each stylized fact's value with the trunk's start carried forward.

    Nothing moves: no GDP is lost to sanctions (the cost ratio is 0/0, undefined), budgets
    do not grow, the branches with and without the treaty do not differ, Japan's burden
    and the focus network stay as they were in the trunk's first quarter.
    """
    start = str(trunk.states["quarter"].iloc[0])
    burden = at_quarter(trunk, "JPN", "milex", start) / at_quarter(trunk, "JPN", "gdp", start)
    members = trunk.states["member"].nunique()
    return {
        "sanctions_cost_ratio": math.nan,
        "japan_burden_fy2027": float(np.median(100.0 * burden)),
        "rok_budget_growth": 0.0,
        "dprk_patron_restraint": 0.0,
        "imbalance_persists": float(
            np.median(imbalance_at(trunk.relations, start, members)["value"])
        ),
        "treaty_shock_rok_russia": 0.0,
        "treaty_shock_rok_allies": 0.0,
    }


def stylized_skill(
    facts: pd.DataFrame, trunk: Results, members: int, seed: int, drawn: Drawn = None
) -> pd.DataFrame:
    """Nulls of the stylized facts.

    Parameters
    ----------
    facts : DataFrame
        From :func:`scenarios.validation.stylized.stylized_facts`.
    trunk : Results
        The trunk's ensemble (states and focus relations), for persistence.
    members, seed : int
        Ensemble of the mechanism-off runs.
    drawn : mapping, optional
        The model runs' parameter draws (:data:`Drawn`), kept by their nulls.
    """
    persistence = stylized_persistence(trunk)
    rows = []
    for fact in facts.itertuples(index=False):
        band = parse_band(fact.band)
        switch = SWITCHES[fact.fact_id]
        off_values = MEASURES[fact.fact_id](members, seed, overrides=switch.over(drawn))["value"]
        off = float(np.median(off_values))
        kept = persistence[fact.fact_id]
        rows.append(
            _row(
                number(fact.median),
                band_error(band.low, band.high, fact.median),
                number(kept),
                band_error(band.low, band.high, kept),
                switch,
                number(off),
                band_error(band.low, band.high, off),
                band.contains(off),
            )
        )
    return pd.DataFrame(rows)


def _replay_error(row, value: float) -> float:
    if np.isfinite(row.size_ratio):
        return point_error(row.observed_change, value)
    # direction only: the distance from the observed side of zero
    side = (0.0, math.inf) if row.observed_direction > 0 else (-math.inf, 0.0)
    return band_error(*side, value)


def replay_skill(table: pd.DataFrame, members: int, seed: int, drawn: Drawn = None) -> pd.DataFrame:
    """Nulls of the replay comparisons.

    Persistence changes nothing, so each simulated change is 0. The mechanism-off runs are
    the replay with that comparison's switch; runs with the same switch are shared.

    Parameters
    ----------
    table : DataFrame
        From :func:`scenarios.validation.replay.replay_comparison`.
    members, seed : int
        Ensemble of the mechanism-off runs.
    drawn : mapping, optional
        The model run's parameter draws (:data:`Drawn`), kept by its nulls.
    """
    off_tables: dict[tuple, pd.DataFrame] = {}
    rows = []
    for row in table.itertuples(index=False):
        switch = SWITCHES[row.comparison]
        if _key(switch) not in off_tables:
            results = replay_results(members, seed, switch.over(drawn))
            off_tables[_key(switch)] = replay_comparison(results=results).set_index("comparison")
        off = off_tables[_key(switch)].loc[row.comparison]
        rows.append(
            _row(
                number(row.change_median),
                _replay_error(row, row.change_median),
                number(0.0),
                _replay_error(row, 0.0),
                switch,
                number(off.change_median),
                _replay_error(row, off.change_median),
                off.passed,
            )
        )
    return pd.DataFrame(rows)


def _span(low: float, high: float) -> str:
    return number(low) if low == high or math.isnan(low) else f"{number(low)} to {number(high)}"


def sanity_skill(
    table: pd.DataFrame, runs: dict[str, Results], members: int, seed: int, drawn: Drawn = None
) -> pd.DataFrame:
    """Nulls of the sanity table.

    Persistence: each run replaced by the trunk's first record (``runs["history"]``) at
    each of its quarters (:func:`~scenarios.validation.skill.carried_forward`), measured by
    the same code. Mechanism off: each measure's switch (its parameters, and its engine
    steps off from the run's start), only the run roles it needs.

    Parameters
    ----------
    table : DataFrame
        From :func:`scenarios.validation.sanity.sanity_table` (its ``bands`` in its order).
    runs : dict
        Run role -> Results the table was measured on.
    members, seed : int
        Ensemble of the mechanism-off runs.
    drawn : mapping, optional
        The runs' parameter draws (:data:`Drawn`), kept by their nulls.
    """
    bands = table[["check", "run", "subject", "period", "low", "high", "unit"]].copy()
    bands[["source", "confidence", "note"]] = table[["source", "confidence", "note"]]
    kept = {role: carried_forward(runs["history"], run) for role, run in runs.items()}
    persistence = sanity_table(results=kept, bands=bands)
    off = pd.DataFrame(index=bands.index, columns=["measured_min", "measured_max", "passed"])
    switches = {_key(SWITCHES[c]): SWITCHES[c] for c in bands["check"]}
    for key, switch in switches.items():
        chosen = bands[[_key(SWITCHES[c]) == key for c in bands["check"]]]
        roles = {role: name for role, name in _roles(runs).items() if role in set(chosen["run"])}
        results = sanity_runs(members, seed, roles, switch.over(drawn), switch.switches())
        measured = sanity_table(results=results, bands=chosen)
        measured.index = chosen.index
        off.loc[chosen.index] = measured[["measured_min", "measured_max", "passed"]]
    rows = []
    for i, band in enumerate(table.itertuples(index=False)):
        lo, hi = band.low, band.high
        p, o = persistence.iloc[i], off.iloc[i]
        rows.append(
            _row(
                _span(band.measured_min, band.measured_max),
                band_error(lo, hi, band.measured_min, band.measured_max),
                _span(p.measured_min, p.measured_max),
                band_error(lo, hi, p.measured_min, p.measured_max),
                SWITCHES[band.check],
                _span(float(o.measured_min), float(o.measured_max)),
                band_error(lo, hi, float(o.measured_min), float(o.measured_max)),
                bool(pd.notna(o.passed) and o.passed),
            )
        )
    return pd.DataFrame(rows)


def _roles(runs: dict[str, Results]) -> dict[str, str]:
    """Run role -> scenario name of the runs given."""
    return {role: run.scenario.name for role, run in runs.items()}
