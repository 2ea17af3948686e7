"""Issue 10's dynamics defects, each with the test that would have caught it.

The baseline checks run the shipped ``baseline`` scenario (20 members, seed 0). Before the
fixes it showed: DPRK GDP x2.33 and Belarus x2.09 in ten years (arms revenue added to the
GDP level for good); Belarus 61 % of Russia's deliveries in 2024-25, Iran none; US-Japan at
0.99 and Russia-DPRK at 0.96 affinity within two years, 36 pairs at |A| >= 0.95 by 2034;
and a threat that depended on the rival's *share* of capability, so that two states could
not race (see tests/test_validation_richardson.py for the reduction).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scenarios.facts import load_facts
from scenarios.mechanisms import alignment, deterrence
from scenarios.mechanisms.kernels import nudge
from scenarios.model import capacity
from scenarios.model.engine import simulate
from scenarios.model.events import Scope, apply_effect
from scenarios.model.initial import assemble
from scenarios.model.params import default_params
from scenarios.scenario import load_scenario
from scenarios.validation.richardson_deterrence import two_bloc_world

MEMBERS = 20


@pytest.fixture(scope="module")
def baseline():
    """The baseline with every pair recorded, as plain-string tables."""
    results = simulate(load_scenario("baseline"), seed=0, members=MEMBERS, pairs="all")
    states = results.states.astype({"iso3": str, "quarter": str})
    relations = results.relations.astype({"a": str, "b": str, "quarter": str})
    metrics = results.metrics.astype({"metric": str, "quarter": str})
    return states, relations, metrics


# -- 1. arms revenue is a flow --------------------------------------------------------------


def growth_band(code: str) -> tuple[float, float]:
    """Lowest and highest annual real GDP growth of a state in data/economy.csv, 2020-2024.

    The band of every state the test checks is the record's own range: Bank of Korea
    estimates for the DPRK (-4.5 % in 2020 to 3.7 % in 2024), IMF World Economic Outlook /
    Belstat figures for Belarus (-4.7 % in 2022 to 4.0 % in 2024).
    """
    table = load_facts().economy
    rows = table[
        (table["iso3"] == code)
        & (table["quantity"] == "gdp_growth_pct")
        & table["year"].between(2020, 2024)
    ]
    values = pd.to_numeric(rows["value"]).dropna()
    assert len(values) == 5, f"{code}: economy.csv lacks a growth figure for 2020-2024"
    return float(values.min()), float(values.max())


@pytest.mark.parametrize("code", ["PRK", "BLR"])
def test_suppliers_gdp_grows_within_the_records_band(baseline, code):
    states, _, _ = baseline
    low, high = growth_band(code)
    gdp = states[states["iso3"] == code].pivot(index="quarter", columns="member", values="gdp")
    yearly = 100.0 * (gdp.to_numpy()[4:] / gdp.to_numpy()[:-4] - 1.0)
    assert yearly.min() >= low and yearly.max() <= high, (code, yearly.min(), yearly.max())


def test_arms_revenue_is_paid_in_its_quarter_only(baseline):
    states, relations, _ = baseline
    prk = states[states["iso3"] == "PRK"].set_index(["member", "quarter"])
    sold = relations[(relations["a"] == "PRK")].groupby(["member", "quarter"])["transfers"].sum()
    # revenue where the DPRK delivered, none where it did not (a flow, not a stock)
    assert (prk.loc[sold[sold > 0].index, "revenue"] > 0).all()
    assert (prk.loc[sold[sold == 0].index, "revenue"] == 0).all()


# -- 2. suppliers from capacity -------------------------------------------------------------


def supplier_shares(relations, years) -> pd.Series:
    """Each supplier's share of Russia's deliveries recorded in ``years``."""
    into = relations[
        (relations["b"] == "RUS") & relations["quarter"].str[:4].astype(int).isin(years)
    ]
    totals = into.groupby("a")["transfers"].sum()
    return totals / totals.sum()


def test_the_dprk_is_among_russias_suppliers_and_belarus_is_not_the_main_one(baseline):
    _, relations, _ = baseline
    shares = supplier_shares(relations, range(2024, 2026))
    assert shares["PRK"] >= 0.01
    assert shares.idxmax() != "BLR"
    assert shares["BLR"] < shares["PRK"]


def test_iran_is_among_russias_suppliers(baseline):
    _, relations, _ = baseline
    assert supplier_shares(relations, range(2024, 2026)).get("IRN", 0.0) >= 0.01


def test_a_cautious_china_supplies_little(baseline):
    _, relations, _ = baseline
    # the baseline's stance is cautious; "little": under 5 % of Russia's deliveries
    assert supplier_shares(relations, range(2024, 2035)).get("CHN", 0.0) < 0.05


def test_capacity_comes_from_the_sourced_rows_and_the_fallback_rule():
    facts = load_facts()
    sourced = capacity.sourced_capacity(facts)
    # the DPRK: the MSMT's up to 9 million rounds in 2024 (the largest of its rates; a
    # leap year of 366 days against the mean year of 365.25)
    assert sourced["PRK"] == pytest.approx(9e6 * 365.25 / 366)
    # Iran: 300,000 shells in 2023 plus 8,060 drones over Sep 2022-Aug 2024 valued in shells
    drones = 8060 / ((pd.Timestamp("2024-09-01") - pd.Timestamp("2022-09-01")).days / 365.25)
    assert sourced["IRN"] == pytest.approx(3e5 * 365.25 / 365 + drones * 7.0)
    # Belarus's 2022 stock transfers (tonnes) are not a capacity
    assert "BLR" not in sourced
    params = default_params()
    codes = ("PRK", "BLR", "IRN")
    milex = np.array([7.65, 1.69, 10.3])
    vector = capacity.export_capacity(capacity.sourced_capacity(facts), codes, milex, params)
    assert vector[0] == pytest.approx(sourced["PRK"] / 4 / capacity.SHELLS_PER_UNIT)
    fallback = 0.01 * 1.69e9 / capacity.PRICE_USD["artillery_shells"] / 4
    assert vector[1] == pytest.approx(fallback / capacity.SHELLS_PER_UNIT)
    assert vector[1] < vector[0] / 100


def test_a_troop_deployment_relieves_the_gap_and_draws_the_pair_together():
    n = 3
    arrays = {"transfers": np.zeros((2, n, n)), "affinity": np.zeros((2, n, n))}
    scope = Scope(np.array([1]), 2, default_params(2), (0, 1))
    apply_effect("troop_deployment", arrays, (0, 1), 2.0, scope)
    assert arrays["transfers"][1, 0, 1] == 2.0  # not interdicted although on the route
    assert arrays["affinity"][1, 0, 1] == arrays["affinity"][1, 1, 0] == pytest.approx(0.1)
    assert not arrays["transfers"][0].any() and not arrays["affinity"][0].any()


# -- 3. affinity with interior equilibria ---------------------------------------------------


def quiet_world(n: int, alliance: np.ndarray, sanctions: np.ndarray, params):
    """n states with the given treaties and sanctions, nothing else."""
    return assemble(
        codes=tuple(f"S{i}" for i in range(n)),
        names=tuple(f"S{i}" for i in range(n)),
        quarter=0,
        members=1,
        params=params,
        gdp=np.full(n, 100.0),
        milex=np.full(n, 2.0),
        population=np.full(n, 10.0),
        warheads=np.zeros(n),
        distance=np.full((n, n), 5000.0) * (1 - np.eye(n)),
        alliance=alliance,
        war=np.zeros((n, n)),
        sanctions=sanctions,
        shared_groups=np.zeros((n, n)),
        arms_ties=np.zeros((n, n)),
        tech=np.full(n, 0.5),
        restraint_base=np.full(n, 0.9),
    )


def test_a_persistently_nudged_pair_settles_inside_at_the_derived_steady_state():
    params = default_params()
    alliance = np.array([[0.0, 1.0], [1.0, 0.0]])
    state, world = quiet_world(2, alliance, np.zeros((2, 2)), params)
    push = np.array([[[0.0, 0.01], [0.0, 0.0]]])  # 0.01 a quarter, every quarter
    for _ in range(2000):
        state = alignment.step(state.evolve(affinity=nudge(state.affinity, push)), world, params)
    a = state.affinity[0, 0, 1]
    # each quarter: a -> a1 = a + n (1 - a), then a1 - delta (a1 - B); at rest
    # a* = (1 - delta)(a* + n (1 - a*)) + delta B, with no third parties (S = m = 0)
    delta, base, n = params["alignment.decay"], 0.6, 0.01
    rest = ((1 - delta) * n + delta * base) / (1 - (1 - delta) * (1 - n))
    assert a == pytest.approx(rest, abs=1e-9)
    assert a < 0.95


def test_the_steady_state_is_the_weighted_mean_of_baseline_and_balance():
    params = default_params()
    rng = np.random.default_rng(3)
    n = 8
    upper = np.triu(rng.choice([0.0, 0.5, 1.0], (n, n)), 1)
    alliance = upper + upper.T
    sanctions = np.triu(rng.random((n, n)) < 0.2, 1).astype(float) * (alliance == 0)
    state, world = quiet_world(n, alliance, sanctions, params)
    for _ in range(3000):
        state = alignment.step(state, world, params)
    a = state.affinity[0]
    b = alignment.baseline(state.alliance, state.war, state.sanctions, world, params)[0]
    s, m = a @ a / (n - 2), np.abs(a) @ np.abs(a) / (n - 2)
    beta, delta = params["alignment.balance_rate"], params["alignment.decay"]
    rest = (delta * b + beta * s) / (delta + beta * m)
    off = ~np.eye(n, dtype=bool)
    np.testing.assert_allclose(a[off], rest[off], atol=1e-9)
    assert np.abs(a).max() < 1.0


def test_an_imbalanced_triad_stays_imbalanced_where_balance_has_little_evidence():
    params = default_params()
    n = 12
    alliance, sanctions = np.zeros((n, n)), np.zeros((n, n))
    alliance[0, 1] = alliance[1, 0] = alliance[1, 2] = alliance[2, 1] = 1.0
    sanctions[0, 2] = 1.0
    state, world = quiet_world(n, alliance, sanctions, params)
    for _ in range(400):
        state = alignment.step(state, world, params)
    a = state.affinity[0]
    assert a[0, 1] > 0 and a[1, 2] > 0 and a[0, 2] < 0


def test_no_tie_pins_at_one_without_a_treaty_that_holds_it(baseline):
    _, relations, _ = baseline
    end = relations[(relations["quarter"] == relations["quarter"].max())]
    end = end[end["a"] < end["b"]]
    pinned = end["affinity"].abs() >= 0.95
    # pairs held by neither a mutual-defence treaty nor a war (whose structural baseline is
    # -1 for a full war between rivals): fewer than one in a thousand ("~0")
    free = (end["alliance"] < 1.0) & (end["war"] == 0.0)
    assert (pinned & free).sum() / free.sum() < 1e-3
    # two years after the treaty (2026Q3), Russia-DPRK stays short of 0.95 in every member:
    # the treaty holds the pair near its structural baseline, not at 1
    early = relations[relations["quarter"] == "2026Q3"]
    early = early.set_index(["a", "b", "member"]).sort_index()
    assert (early.loc[("PRK", "RUS"), "affinity"].abs() < 0.95).all()


def test_an_attack_ruptures_the_relation_at_once(baseline):
    _, relations, _ = baseline
    pair = relations[(relations["a"] == "RUS") & (relations["b"] == "UKR")]
    # the invasion of 24 February 2022 shows in the record of 2022Q2
    after = pair[pair["quarter"] == "2022Q2"]["affinity"]
    war = pair[pair["quarter"] == "2022Q2"]["war"]
    assert (war == 1.0).all() and (after < -0.8).all()


def test_the_network_does_not_end_perfectly_balanced(baseline):
    _, _, metrics = baseline
    last = metrics[(metrics["metric"] == "balanced_triads")]
    last = last[last["quarter"] == last["quarter"].max()]
    assert (last["value"] < 1.0).all()


# -- 4. deterrence that can escalate --------------------------------------------------------


def race(reaction: float, fatigue: float, quarters: int = 200):
    """Spending of two hostile states after a 1 % rise of the first's, and the condition."""
    params = default_params() | {
        "deterrence.reaction": reaction,
        "deterrence.fatigue": fatigue,
        "deterrence.max_burden": 0.4,
    }
    state, world = two_bloc_world(params)
    rest = state.milex[0].copy()
    state = state.evolve(milex=state.milex * np.array([1.01, 1.0]))
    for _ in range(quarters):
        state = deterrence.step(state, world, params)
    # the runaway condition of docs/model.md, at the start (m: military, c: capability
    # shares, s: theta0 / (theta0 + theta_ref))
    e, scale = params["deterrence.economic_weight"], params["deterrence.threat_scale"]
    start, _ = two_bloc_world(params)
    m = start.milex[0] / start.milex[0].sum()
    c = start.capability[0]
    s = world.threat0[0] / (world.threat0[0] + scale)
    effective = reaction * (1 - e) * (m / c[::-1]) * s
    return state.milex[0] / rest, effective.prod() > fatigue**2


def test_two_rivals_settle_when_fatigue_outweighs_reaction():
    ratio, runaway = race(reaction=0.03, fatigue=0.05)
    assert not runaway
    assert np.all(ratio < 1.01)


def test_two_rivals_race_when_the_runaway_condition_holds():
    ratio, runaway = race(reaction=0.3, fatigue=0.05)
    assert runaway
    # both arm far beyond the first state's 1 % rise, up to the burden cap of 40 %
    assert np.all(ratio > 5.0)


def test_a_rivals_arming_raises_the_threat_even_when_both_arm():
    params = default_params()
    state, world = two_bloc_world(params)
    both = deterrence.step(state.evolve(milex=state.milex * 2.0), world, params)
    assert np.all(both.threat[0] > world.threat0[0])
    assert deterrence.power(state, world, params) == pytest.approx(state.capability)
