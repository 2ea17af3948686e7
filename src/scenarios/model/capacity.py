"""Supplier capacity: what each state can export in munitions, from sourced figures.

:func:`export_capacity` turns ``data/arms_capacity.csv`` into the per-state vector
``World.arms_capacity``: the munitions a state can send abroad per quarter when it is at
peace, in the model's unit, quarters of a belligerent's wartime munitions gap. The rules
(documented in ``docs/model.md``, section 2; the constants below are named assumptions):

Common unit
    Every product is counted in *shell equivalents* (one 152/155 mm artillery round) by
    value, at the prices of :data:`PRICE_USD`; products without a price (missiles, decoys,
    tonnes of ammunition, dual-use goods) are not counted.
Model unit
    One quarter of a belligerent's wartime munitions gap is :data:`SHELLS_PER_UNIT` shell
    equivalents, for every belligerent (``replay_2022.toml``'s conversion for Russia, taken
    for Ukraine as well).
Rows used
    ``production``, ``production_capacity`` and ``deliveries`` rows in a unit of count
    (``rounds``, ``drones`` over their period, or ``*_per_month`` / ``*_per_year`` rates):
    what a state has made or sent, not what it plans (``production_target`` rows are left
    out). A row's value is the mean of its bounds, or the one bound it gives (the DPRK's
    counts are container-capacity upper bounds). Stock transfers in tonnes (Belarus's
    2022 deliveries from its arsenals) are not a sustained capacity and are not counted:
    a scenario represents them as ``arms_shipment`` events.
Capacity
    Per state and product, the largest annual rate among its rows; summed over products.
    Capacity is structural: every row counts, whenever it was reported, since the record
    dates when a capacity became visible, not when it was built (when it is used is up to
    the willingness of the mechanism and the scheduled events).
Fallback
    A state with no usable row can export ``arms.fallback_share`` of its initial military
    spending per year, valued at the shell price (a small arms industry scaled by its
    budget; assumed), so that a state the record does not show as a supplier (Belarus,
    China's weapons) is a small one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from scenarios.facts import FactBase
from scenarios.mechanisms.kernels import Params
from scenarios.model.params import run_wide

SHELLS_PER_UNIT = 450_000.0
"""Shell equivalents in one quarter of a belligerent's wartime munitions gap (assumed):
``data/scenarios/replay_2022.toml``'s conversion, 1,000 DPRK containers (about 450,000
rounds at the ROK defence ministry's 6,700 containers ~ 3 million rounds) ~ one quarter of
Russia's gap."""

PRICE_USD = {
    "artillery_shells": 1_000.0,
    "one_way_attack_drones": 7_000.0,
}
"""US$ per item of each product counted in shell equivalents. Shell: Russia's production
cost of a 152 mm round, about $1,000 (Bain & Company via Sky News, 26 May 2024, e.g.
https://menafn.com/1108258524/); drone: Iran's production cost of a Shahed-type drone,
about $7,000 (Ukrainian Air Force figure reported in 2022,
https://ubn.news/fr/les-forces-armees-ont-deja-detruit-28-de-la-deuxieme-livraison-de-drones-iraniens-a-la-federation-de-russie/),
a lower bound of its price to Russia."""

MEASURES = ("production", "production_capacity", "deliveries")
"""The measures that show a capacity (targets are plans, not capacity)."""

_PER_YEAR = {"per_month": 12.0, "per_year": 1.0}
_COUNTS = ("rounds", "drones")
_PERIOD = {"year": pd.DateOffset(years=1), "month": pd.DateOffset(months=1)}


def annual_rate(row) -> float | None:
    """Items per year of one ``arms_capacity.csv`` row, or None for a unit not counted.

    A rate unit (``*_per_month``, ``*_per_year``) is converted to a year; a count
    (``rounds``, ``drones``) is divided by its period, from ``period_start`` to the end of
    ``period_end`` at its precision (None without both dates).
    """
    bounds = [v for v in (row.value_low, row.value_high) if not pd.isna(v)]
    if not bounds:
        return None
    value = float(np.mean(bounds))
    for suffix, factor in _PER_YEAR.items():
        if row.unit.endswith(suffix) and row.unit.split("_per_")[0] in _COUNTS:
            return value * factor
    if row.unit not in _COUNTS or pd.isna(row.period_start) or pd.isna(row.period_end):
        return None
    end = row.period_end + _PERIOD.get(row.period_end_precision, pd.DateOffset(days=1))
    years = (end - row.period_start).days / 365.25
    return value / years if years > 0 else None


def sourced_capacity(facts: FactBase) -> dict[str, float]:
    """Shell equivalents per year each producer in the table can export (by the rules)."""
    rates: dict[tuple[str, str], float] = {}
    table = facts.arms_capacity
    for row in table[table["measure"].isin(MEASURES)].itertuples(index=False):
        price = PRICE_USD.get(row.product)
        rate = annual_rate(row) if price is not None else None
        if rate is None:
            continue
        key = (row.producer, row.product)
        rates[key] = max(rates.get(key, 0.0), rate * price / PRICE_USD["artillery_shells"])
    totals: dict[str, float] = {}
    for (producer, _), rate in sorted(rates.items()):
        totals[producer] = totals.get(producer, 0.0) + rate
    return totals


def fallback_capacity(milex: np.ndarray, params: Params) -> np.ndarray:
    """The fallback rule: ``arms.fallback_share`` of military spending, in the model unit.

    Parameters
    ----------
    milex : ndarray, shape (N,)
        Military spending, US$ bn per year.
    params : Mapping
        Resolved parameters (``arms.fallback_share`` is run-wide).

    Returns
    -------
    ndarray, shape (N,)
        Quarters of a belligerent's munitions gap per quarter.
    """
    dollars = run_wide(params, "arms.fallback_share") * np.asarray(milex, dtype=float) * 1e9
    return dollars / PRICE_USD["artillery_shells"] / 4.0 / SHELLS_PER_UNIT


def export_capacity(
    sourced: Mapping[str, float], codes: Sequence[str], milex: np.ndarray, params: Params
) -> np.ndarray:
    """Each state's munitions export capacity, (N,) in quarters of a gap per quarter.

    Parameters
    ----------
    sourced : Mapping
        Shell equivalents a year by producer, from :func:`sourced_capacity` (the
        ``arms_capacity`` table; computed once per coding, as it takes no parameter).
    codes : sequence of str
        The run's states, in array order.
    milex : ndarray, shape (N,)
        Initial military spending, US$ bn per year (for the fallback rule).
    params : Mapping
        Resolved parameters.

    Returns
    -------
    ndarray, shape (N,)
        From the sourced rows where a state has any, else :func:`fallback_capacity`.
    """
    capacity = fallback_capacity(milex, params)
    for i, code in enumerate(codes):
        if code in sourced:
            capacity[i] = sourced[code] / 4.0 / SHELLS_PER_UNIT
    return capacity
