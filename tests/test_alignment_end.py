"""Instruments that end inside the trunk stop counting from their end quarter (issue 10).

Before, the alliance matrix was coded at the start and changed afterwards only by treaty
events, so a consented military presence that ended during the trunk (Russia's and Iran's
interventions in Syria, 8 December 2024) kept binding its pair for the whole run.
"""

import dataclasses

import numpy as np
import pandas as pd

from scenarios.facts import load_facts
from scenarios.model.engine import simulate
from scenarios.model.events import Scope, apply_effect
from scenarios.model.pair_facts import PRESENCE_ALLIANCE
from scenarios.quarters import parse_quarter
from scenarios.scenario import load_scenario
from scenarios.scenario.trunk import alignment_ends, trunk_events

BASES = ("rus_syr_hmeimim_2015", "rus_syr_tartus_2017")


def alliance(results, quarter, a, b):
    rows = results.relations
    row = rows[(rows["quarter"] == quarter) & (rows["a"] == a) & (rows["b"] == b)]
    return float(row["alliance"].iloc[0])


def test_the_effect_lowers_the_pair_to_what_remains_and_never_raises_it():
    alliance_ = np.array([[[0.0, 1.0, 0.5], [1.0, 0.0, 0.0], [0.5, 0.0, 0.0]]])
    arrays = {"alliance": alliance_.copy()}
    scope = Scope(np.arange(1), 1)
    apply_effect("alignment_end", arrays, (0, 1), 0.5, scope)
    apply_effect("alignment_end", arrays, (0, 2), 1.0, scope)
    assert arrays["alliance"][0, 0, 1] == arrays["alliance"][0, 1, 0] == 0.5
    assert arrays["alliance"][0, 0, 2] == 0.5
    assert arrays["alliance"][0, 1, 2] == 0.0


def test_the_trunk_replays_the_ends_of_consented_presence():
    replay = load_scenario("replay_2022")
    ends = {e.actors: e for e in replay.events if e.kind == "alignment_end"}
    fall = parse_quarter("2024Q4")
    # Iran's forces leave with Assad: nothing else ties Iran and Syria
    assert (ends[("IRN", "SYR")].quarter, ends[("IRN", "SYR")].magnitude) == (fall, 0.0)
    # Russia's intervention ends, but the Hmeimim and Tartus bases (no sourced end) remain
    assert (ends[("RUS", "SYR")].quarter, ends[("RUS", "SYR")].magnitude) == (
        fall,
        PRESENCE_ALLIANCE,
    )
    # the CSTO force leaves Kazakhstan; the CSTO treaty still binds the pair
    assert ends[("RUS", "KAZ")].magnitude == 1.0
    # a branch before the end does not replay it
    early = alignment_ends(load_facts(), replay.actors, replay.start, fall)
    assert all("SYR" not in e.actors for e in early)


def test_syria_russia_alliance_drops_in_the_quarter_the_bases_end():
    # The bases' end is not sourced (military_presence.csv); give them one in 2025Q1 to
    # check that the trunk then unties the pair from the end quarter on.
    facts = load_facts()
    presence = facts.military_presence.copy()
    presence.loc[presence["presence_id"].isin(BASES), "end"] = pd.Timestamp("2025-01-20")
    facts = dataclasses.replace(facts, military_presence=presence)
    replay = load_scenario("replay_2022")
    events = tuple(trunk_events(facts, replay.actors, replay.start, replay.branch, {}))
    assert sum(e.kind == "alignment_end" and "SYR" in e.actors for e in events) == 4
    scenario = dataclasses.replace(replay, events=events)
    results = simulate(scenario, facts=facts, pairs=("RUS", "IRN", "SYR"))
    # the record labelled q + 1 is the first to have seen quarter q's events
    assert alliance(results, "2024Q4", "RUS", "SYR") == PRESENCE_ALLIANCE
    assert alliance(results, "2025Q1", "RUS", "SYR") == PRESENCE_ALLIANCE
    assert alliance(results, "2025Q2", "RUS", "SYR") == 0.0
    assert alliance(results, "2025Q1", "IRN", "SYR") == 0.0
    assert alliance(results, "2026Q1", "RUS", "SYR") == 0.0
