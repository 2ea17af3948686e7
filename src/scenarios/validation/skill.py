"""Skill of a data check: its error against the record, beside two null models' errors.

A ``data`` check (the model against the observed record) is judged against two nulls:

- **persistence**: the trunk's start (2021Q4, the facts as they stood) carried forward
  unchanged to every quarter the check reads;
- **mechanism off**: the same runs with the mechanism under test switched off, by a
  parameter (a rate set to 0) or, where no parameter does it, by an engine switch
  (:mod:`scenarios.model.switches`: the mechanism's step does not run from the run's start);
  :data:`SWITCHES` names it per check, in one place.

The rules, written down before the model was run against them (``docs/validation.md``,
section 1):

- *error*: where the check has an observed point value (a replay comparison with a
  comparable size), the absolute difference from it; otherwise the distance from the band
  (0 inside it). A value the measure cannot give (NaN) has an infinite error.
- *beats*: the model's error is strictly smaller than the null's.
- *pass*: in band **and** beats both nulls.
- *cannot fail*: the model is in band and so is the run with the mechanism off; the check
  cannot tell the mechanism from its absence, so it counts neither as a pass nor as a fail.

Every data check has a switch: where no parameter switches a mechanism off (the arms
deliveries), its engine step is switched off instead, so no check is left without its
mechanism-off null.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from scenarios.model import MECHANISMS, Results, Switches

DATA, THEORY = "data", "theory"
"""Kinds of check: the model against the observed record, or a mechanism against its
classic model."""

STATUSES = ("pass", "fail", "cannot fail", "n/a")
"""Entries of the scorecard's ``pass/fail`` column."""


@dataclasses.dataclass(frozen=True)
class Switch:
    """The mechanism a check tests and what switches it off.

    Attributes
    ----------
    mechanism : str
        Plain name of the mechanism.
    overrides : Mapping
        ``"section.name"`` -> value (0 for a rate) for the null run.
    steps : frozenset of str
        Mechanisms of :data:`~scenarios.model.switches.MECHANISMS` whose step does not run
        in the null run, from its start (for a mechanism no parameter switches off).
    """

    mechanism: str
    overrides: Mapping[str, float] = dataclasses.field(default_factory=dict)
    steps: frozenset[str] = frozenset()

    def label(self) -> str:
        """``mechanism (a = 0, b = 0)`` or ``mechanism (step arms off)``."""
        values = [f"{k} = {v:g}" for k, v in self.overrides.items()]
        values += [f"step {name} off" for name in MECHANISMS if name in self.steps]
        return f"{self.mechanism} ({', '.join(values)})"

    def switches(self) -> Switches:
        """The engine switches of the null run (from the run's start)."""
        return Switches.off(self.steps, 0)

    def over(self, drawn: Mapping[str, object] | None) -> dict[str, object]:
        """The null run's parameter overrides: the model run's draws, this switch's winning.

        ``drawn`` (``"section.name"`` -> one value per member, or None) are the parameters
        the model run's members drew; the null run's members keep the same draws (the
        null is paired with the model run) except for the mechanism switched off.
        """
        return {**(drawn or {}), **self.overrides}


_SPENDING = Switch("deterrence: spending response to threat", {"deterrence.reaction": 0.0})
_AFFINITY = Switch(
    "affinity dynamics: relaxation to the structural baseline and every pull",
    {
        "alignment.decay": 0.0,
        "alignment.balance_rate": 0.0,
        "arms.affinity_gain": 0.0,
        "sanctions.isolation_pull": 0.0,
        "sanctions.sender_repulsion": 0.0,
        "sanctions.knight_attraction": 0.0,
        "deterrence.shared_threat_pull": 0.0,
    },
)
_BALANCE = Switch("balance pull", {"alignment.balance_rate": 0.0})
_THIRD_PARTIES = Switch(
    "pulls on third parties: balance and shared threat",
    {"alignment.balance_rate": 0.0, "deterrence.shared_threat_pull": 0.0},
)
_RESTRAINT = Switch(
    "restraint dynamics: patron shield and hedging",
    {"deterrence.patron_shield": 0.0, "deterrence.hedging_rate": 0.0},
)

SWITCHES: dict[str, Switch] = {
    # stylized facts, by fact_id
    "sanctions_cost_ratio": Switch(
        "sanctions bite on growth", {"sanctions.growth_cost_multilateral": 0.0}
    ),
    "japan_burden_fy2027": _SPENDING,
    "rok_budget_growth": _SPENDING,
    "dprk_patron_restraint": Switch("patron shield", {"deterrence.patron_shield": 0.0}),
    "imbalance_persists": _BALANCE,
    "treaty_shock_rok_russia": _THIRD_PARTIES,
    "treaty_shock_rok_allies": _THIRD_PARTIES,
    # the 2022 replay, by comparison
    "rus_prk": _AFFINITY,
    "rus_irn": _AFFINITY,
    "trilateral": _AFFINITY,
    "japan_spending": _SPENDING,
    "rok_spending": _SPENDING,
    "dprk_missiles": _RESTRAINT,
    # the sanity table, by measure
    "gdp_growth": Switch(
        "economic dynamics: sanctions bite and arms revenue",
        {"sanctions.growth_cost_multilateral": 0.0, "arms.munitions_gap": 0.0},
    ),
    "military_burden": _SPENDING,
    # Deliveries follow war intensity, sourced capacity and willingness (affinity, tilt,
    # risk): no parameter zeroes them, so the arms step itself is switched off; scheduled
    # shipments (events) still arrive, as they do in the world the check reads.
    "supplier_share": Switch(
        "arms: deliveries by need, capacity and willingness", steps=frozenset({"arms"})
    ),
    "pinned_pairs": _BALANCE,
    "syria_affinity": _AFFINITY,
    "syria_bloc": _AFFINITY,
}
"""Check key (stylized fact_id, replay comparison, sanity measure) -> its mechanism switch.
Engine steps (``Switch.steps``) are run only by the sanity table's nulls
(:func:`scenarios.validation.nulls.sanity_skill`); the other groups switch by parameters."""

SKILL_COLUMNS = (
    "value",
    "error",
    "persistence",
    "persistence_error",
    "switch",
    "off",
    "off_error",
    "off_in_band",
)
"""Columns a group of data checks reports for :func:`judge` (one row per check)."""


def band_error(low: float, high: float, value_low: float, value_high: float | None = None) -> float:
    """Distance of a value (or the range ``value_low .. value_high``) from a band.

    Parameters
    ----------
    low, high : float
        The band's ends (``-inf``/``inf`` for an open side).
    value_low, value_high : float
        The value, or the lowest and highest value of a range (growth's median path).

    Returns
    -------
    float
        0 inside the band, else the distance of the farthest part outside it; ``inf``
        for NaN.
    """
    value_high = value_low if value_high is None else value_high
    if math.isnan(value_low) or math.isnan(value_high):
        return math.inf
    return max(low - value_low, value_high - high, 0.0)


def point_error(observed: float, value: float) -> float:
    """``|value - observed|``; ``inf`` for a NaN value."""
    return math.inf if math.isnan(value) else abs(value - observed)


def judge(in_band: bool | None, error: float, nulls: Mapping[str, float], off_in_band: bool) -> str:
    """A data check's result from its band, its error and the nulls' errors.

    Parameters
    ----------
    in_band : bool or None
        Whether the model's value is in band (None: the run does not cover the check).
    error : float
        The model's error (:func:`band_error` or :func:`point_error`).
    nulls : Mapping
        Null name -> that null's error.
    off_in_band : bool
        Whether the run with the mechanism off is in band too.

    Returns
    -------
    str
        ``"n/a"``, ``"cannot fail"`` (in band, and so is the mechanism-off run),
        ``"pass"`` (in band and strictly smaller error than every null) or ``"fail"``.
    """
    if in_band is None:
        return "n/a"
    if in_band and off_in_band:
        return "cannot fail"
    if in_band and all(error < other for other in nulls.values()):
        return "pass"
    return "fail"


def skill_text(error: float, nulls: Mapping[str, float]) -> str:
    """``beats persistence, not mechanism off`` and the like."""
    parts = [f"{'beats' if error < e else 'not'} {name}" for name, e in nulls.items()]
    return ", ".join(parts)


def number(value: float) -> str:
    """A value in three significant figures (scientific when very small or large)."""
    if isinstance(value, float) and math.isnan(value):
        return "none"
    if math.isinf(value):
        return "inf"
    if value == 0 or 1e-3 <= abs(value) < 1e4:
        return f"{value:.3g}"
    return f"{value:.2e}"


def carried_forward(trunk: Results, like: Results) -> Results:
    """The persistence null of a run: the trunk's first record at every quarter of ``like``.

    Parameters
    ----------
    trunk : Results
        The trunk's ensemble (its first record is the facts-coded start).
    like : Results
        The run whose quarters (and bloc records) the null copies; same members as the
        trunk, and tables recorded by the trunk for every table it holds.

    Returns
    -------
    Results
        ``like`` with its states, relations and blocs replaced by the trunk's first record,
        repeated at each of its quarter labels; no metrics.
    """

    def carry(source: pd.DataFrame, target: pd.DataFrame) -> pd.DataFrame:
        if source.empty or target.empty:
            return target.iloc[:0]
        first = str(source["quarter"].iloc[0])
        start = source[source["quarter"].astype(str) == first]
        labels = list(dict.fromkeys(target["quarter"].astype(str)))
        table = pd.concat([start.assign(quarter=q) for q in labels], ignore_index=True)
        table["quarter"] = pd.Categorical(table["quarter"], categories=labels)
        return table

    return dataclasses.replace(
        like,
        states=carry(trunk.states, like.states),
        relations=carry(trunk.relations, like.relations),
        blocs=carry(trunk.blocs, like.blocs),
        metrics=like.metrics.iloc[:0],
    )


def at_quarter(results: Results, code: str, variable: str, quarter: str) -> np.ndarray:
    """One state's variable at one quarter, per member (in member order)."""
    states = results.states
    chosen = states[(states["iso3"] == code) & (states["quarter"].astype(str) == quarter)]
    return chosen.sort_values("member")[variable].to_numpy()
