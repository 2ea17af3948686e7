"""Tests for the facts-coded start (issue 10): each rule of scenarios.model.from_facts
checked at the trunk's start, 2021Q4, the last quarter before the invasion. Each test
fails on the coding it replaced (2023 figures, no rivalries, no military presence, evaders
coded as enforcers, levers in the initial state)."""

import dataclasses

import numpy as np
import pytest

from scenarios.errors import DataError
from scenarios.facts import load_facts
from scenarios.mechanisms import alignment
from scenarios.model.from_facts import build
from scenarios.model.pair_facts import PRESENCE_ALLIANCE
from scenarios.model.params import default_params, resolve_params
from scenarios.model.synthetic import synthetic
from scenarios.quarters import parse_quarter
from scenarios.scenario import load_scenario

RIVALS = (
    ("USA", "CHN"),
    ("JPN", "CHN"),
    ("TWN", "CHN"),
    ("IND", "PAK"),
    ("KOR", "PRK"),
    ("ISR", "IRN"),
    ("SAU", "IRN"),
    ("USA", "IRN"),
    ("RUS", "UKR"),
)
"""Pairs in an active strategic rivalry in 2021 (rivalries.csv)."""


def start(name: str, quarter: str, **levers):
    """A scenario's initial state and world when it starts in ``quarter``."""
    scenario = dataclasses.replace(load_scenario(name), start=parse_quarter(quarter))
    overrides = {f"levers.{key}": value for key, value in levers.items()}
    params = resolve_params(scenario.parameters, scenario.levers, overrides)
    return build(scenario, params, 1)


@pytest.fixture(scope="module", params=["replay_2022", "baseline"])
def trunk(request):
    """The trunk's start, 2021Q4, from the replay and from the baseline's actors."""
    return start(request.param, "2021Q4")


def value(state, world, field, a, b):
    return getattr(state, field)[0, world.index(a), world.index(b)]


def test_figures_are_those_of_the_start_year(trunk):
    state, world = trunk
    facts = load_facts()
    gdp = facts.series("gdp_usd_bn")[2021].reindex(list(world.codes)).to_numpy()
    milex = facts.series("milex_usd_bn")[2021].reindex(list(world.codes)).to_numpy()
    assert np.array_equal(state.gdp[0], gdp) and np.array_equal(state.milex[0], milex)
    assert np.array_equal(world.burden0, milex / gdp)
    # Ukraine's peacetime burden, not the 36 % of 2023
    assert world.burden0[world.index("UKR")] < 0.05


def test_a_start_after_the_table_uses_its_last_year_and_before_it_is_refused():
    state, world = start("replay_2022", "2027Q1")
    facts = load_facts()
    ukr = world.index("UKR")
    assert state.gdp[0, ukr] == facts.series("gdp_usd_bn").at["UKR", 2025]
    with pytest.raises(DataError, match=r"^data/economy.csv: no figures for 2019, the year"):
        start("replay_2022", "2019Q4")


def test_rivals_start_hostile(trunk):
    state, world = trunk
    assert np.array_equal(world.rivalry, world.rivalry.T)
    assert set(np.unique(world.rivalry)) <= {0.0, 1.0}
    for a, b in RIVALS:
        assert world.rivalry[world.index(a), world.index(b)] == 1, (a, b)
        assert value(state, world, "affinity", a, b) < 0, (a, b)
    # the Sino-Soviet rivalry ended in 1989
    assert world.rivalry[world.index("CHN"), world.index("RUS")] == 0


def test_russia_and_ukraine_are_rivals_but_not_yet_at_war(trunk):
    state, world = trunk
    assert value(state, world, "war", "RUS", "UKR") == 0
    assert value(state, world, "affinity", "RUS", "UKR") < 0


def test_the_rivalry_term_is_its_weight_times_the_rivalry():
    state, world = synthetic(6, seed=3)
    rivalry = np.zeros((6, 6))
    rivalry[0, 1] = rivalry[1, 0] = 1.0
    params = default_params() | {"alignment.rivalry_affinity": 0.25}
    args = (state.alliance, state.war, state.sanctions)
    without = alignment.baseline(*args, world, params)
    with_ = alignment.baseline(*args, dataclasses.replace(world, rivalry=rivalry), params)
    assert with_[0, 0, 1] == pytest.approx(max(without[0, 0, 1] - 0.25, -1.0))
    assert np.argwhere(with_[0] != without[0]).tolist() == [[0, 1], [1, 0]]


def test_russia_in_syria_binds_the_pair_until_assad_falls(trunk):
    state, world = trunk
    assert value(state, world, "alliance", "RUS", "SYR") == PRESENCE_ALLIANCE
    assert value(state, world, "affinity", "RUS", "SYR") > 0
    # US troops in Syria are there against the government's will: no tie
    assert value(state, world, "alliance", "USA", "SYR") == 0


def test_the_intervention_ends_with_the_government_it_supported():
    facts = load_facts()
    presence = facts.military_presence
    only = presence[presence["presence_id"] == "rus_syr_intervention_2015"]
    facts = dataclasses.replace(facts, military_presence=only)
    scenario = dataclasses.replace(load_scenario("replay_2022"), start=parse_quarter("2024Q4"))
    params = resolve_params(scenario.parameters, scenario.levers)
    before, world = build(scenario, params, 1, facts=facts)
    later = dataclasses.replace(scenario, start=parse_quarter("2025Q1"))
    after, _ = build(later, params, 1, facts=facts)
    assert value(before, world, "alliance", "RUS", "SYR") == PRESENCE_ALLIANCE
    assert value(after, world, "alliance", "RUS", "SYR") == 0


def test_treaties_count_while_in_force(trunk):
    state, world = trunk
    # the 2000 friendship treaty, without an assistance clause, superseded only in 2024
    assert value(state, world, "alliance", "RUS", "PRK") == 0.5
    # the 1954 US-ROC treaty ended in 1980; the Taiwan Relations Act is ambiguous
    assert value(state, world, "alliance", "USA", "TWN") == 0.5


def only(facts, table: str, column: str, keys):
    frame = getattr(facts, table)
    return dataclasses.replace(facts, **{table: frame[frame[column].isin(keys)]})


def test_evaders_are_not_coded_as_enforcers():
    scenario = dataclasses.replace(load_scenario("replay_2022"), start=parse_quarter("2021Q4"))
    params = resolve_params(scenario.parameters, scenario.levers)
    # the UN measures of 2016-2017 alone: Russia-flagged ship-to-ship transfers break
    # them from 2018, Chinese coal imports from 2019; the other permanent members enforce
    facts = only(load_facts(), "sanctions", "regime_id", ["unsc_prk_2016"])
    state, world = build(scenario, params, 1, facts=facts)
    assert value(state, world, "sanctions", "RUS", "PRK") == 0
    assert value(state, world, "sanctions", "CHN", "PRK") == 0
    assert value(state, world, "sanctions", "GBR", "PRK") == 0.6
    # 2023Q2, without the arms ties: Russia's own arms trade breaks every UN regime
    facts = only(load_facts(), "arms_flows", "supplier", ["USA"])
    later = dataclasses.replace(scenario, start=parse_quarter("2023Q2"))
    state, world = build(later, params, 1, facts=facts)
    assert value(state, world, "sanctions", "RUS", "PRK") == 0
    assert value(state, world, "sanctions", "GBR", "PRK") > 0


def test_the_trunk_start_is_free_of_levers():
    state, world = start("replay_2022", "2021Q4")
    other, other_world = start(
        "replay_2022",
        "2021Q4",
        pact=False,
        sanctions_intensity=0.5,
        us_commitment=0.2,
        china_stance="supportive",
        secondary_sanctions=0.8,
    )
    for name in ("affinity", "alliance", "sanctions", "threat", "restraint", "bite"):
        assert np.array_equal(getattr(other, name), getattr(state, name)), name
    assert np.array_equal(other_world.threat0, world.threat0)
