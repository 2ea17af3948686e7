"""Scenario files: the validator's one-line errors, extends, with_values, shipped files."""

from __future__ import annotations

import math
import pickle
import tempfile
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios._meta import data_dir
from scenarios.cli import main
from scenarios.errors import ScenarioError, allowed_list, suggest
from scenarios.facts import load_facts
from scenarios.quarters import parse_quarter, quarter_of_date
from scenarios.registry.events import EVENT_KINDS
from scenarios.registry.levers import LEVERS
from scenarios.registry.parameters import PARAMETER_SECTIONS, PARAMETERS
from scenarios.scenario import Event, list_scenarios, load_scenario
from scenarios.scenario.trunk import end_of_record

HEAD = 'description = "A test scenario."\n'
WORLD = """
[world]
actors = ["USA", "RUS", "PRK", "KOR", "JPN", "CHN", "UKR"]
branch = "2024Q3"
horizon_quarters = 8
"""
VALID = HEAD + WORLD
EVENT = '\n[[events]]\nkind = "sanctions"\ndate = "2025Q1"\nactors = ["USA", "RUS"]\n'
CODES = allowed_list(load_facts().codes, limit=6)
# Parts of the messages that quote the registries are built from them, so that the
# table tests the validator's wording, not today's list of parameters.
REGISTRY = {
    "kinds": allowed_list(EVENT_KINDS),
    "levers": allowed_list(LEVERS),
    "sanctions": allowed_list(k.split(".")[1] for k in PARAMETERS if k.startswith("sanctions.")),
    "allowed": {
        **{
            key: f"a number from {spec.low:g} to {spec.high:g} ({spec.unit})"
            for key, spec in PARAMETERS.items()
        },
        **{
            f"levers.{key}": f"a number from {lever.low:g} to {lever.high:g} ({lever.unit})"
            for key, lever in LEVERS.items()
            if lever.kind == "float"
        },
        **{
            f"events.{key}": f"a number from {kind.low:g} to {kind.high:g} for {key}"
            for key, kind in EVENT_KINDS.items()
        },
    },
}
SEVEN = "CHN, JPN, KOR, PRK, RUS, UKR, ... (7 in all)"
SHIPPED = (
    "arms_interdiction",
    "baseline",
    "ceasefire_2025",
    "china_distancing",
    "china_supportive",
    "no_pact",
    "pact_2024q2",
    "replay_2022",
    "secondary_sanctions",
    "us_retrenchment",
)


@dataclass(frozen=True)
class Case:
    """A malformed scenario: the files to write, which to load, the exact error."""

    id: str
    files: dict[str, str | bytes]
    error: str
    target: str = "case.toml"


CASES = [
    Case(
        "toml-unquoted-quarter",
        {"case.toml": HEAD + '[world]\nbranch = 2024Q3\nactors = "all"\n'},
        "{dir}/case.toml: line 3, column 14: not valid TOML: expected newline or end of "
        'document after a statement; allowed values are quoted strings ("2024Q3"), numbers, '
        "true/false, dates and [arrays]",
    ),
    Case(
        "toml-unquoted-word",
        {"case.toml": VALID + "[levers]\nchina_stance = supportive\n"},
        "{dir}/case.toml: line 8, column 16: not valid TOML: invalid value; allowed values are "
        'quoted strings ("2024Q3"), numbers, true/false, dates and [arrays]',
    ),
    Case(
        "toml-duplicate-key",
        {"case.toml": VALID + "horizon_quarters = 9\n"},
        "{dir}/case.toml: line 7, column 21: not valid TOML: cannot overwrite a value",
    ),
    Case(
        "toml-unclosed-string",
        {"case.toml": 'description = "A test\n'},
        "{dir}/case.toml: line 1, column 22: not valid TOML: illegal character '\\n'",
    ),
    Case(
        "not-utf8",
        {"case.toml": (HEAD + "# caf\xe9\n" + WORLD).encode("latin-1")},
        "{dir}/case.toml: line 2: not UTF-8 text (byte 0xe9); allowed: UTF-8 encoded TOML "
        "(re-save the file as UTF-8)",
    ),
    Case(
        "missing-file",
        {},
        "{dir}/case.toml: no such scenario file",
    ),
    Case(
        "description-missing",
        {"case.toml": WORLD},
        "{dir}/case.toml: description: missing; required: one line saying what the scenario asks",
    ),
    Case(
        "description-two-lines",
        {"case.toml": 'description = """First line.\nSecond line."""\n' + WORLD},
        "{dir}/case.toml: description: spans 2 lines; allowed: one line of 1 to 160 characters",
    ),
    Case(
        "description-not-string",
        {"case.toml": "description = 3\n" + WORLD},
        "{dir}/case.toml: description: expected a one-line string, got an integer (3)",
    ),
    Case(
        "unknown-top-level-key",
        {"case.toml": VALID + "[lever]\npact = false\n"},
        "{dir}/case.toml: lever: unknown key (did you mean levers, lever_changes, events?); "
        "allowed: data_events, description, events, extends, lever_changes, levers, name, "
        "parameters, world",
    ),
    Case(
        "name-differs-from-file",
        {"case.toml": 'name = "other"\n' + VALID},
        "{dir}/case.toml: name: 'other' differs from the file name; allowed: 'case' (or leave "
        "name out)",
    ),
    Case(
        "world-unknown-key",
        {"case.toml": VALID + "horizon = 4\n"},
        "{dir}/case.toml: world.horizon: unknown key (did you mean horizon_quarters?); "
        "allowed: actors, branch, horizon_quarters",
    ),
    Case(
        "world-branch-not-a-quarter",
        {"case.toml": VALID.replace('"2024Q3"', '"2024-Q3"')},
        '{dir}/case.toml: world.branch: expected a quarter string like "2024Q3" (1800Q1 to '
        "2200Q4), got a string "
        "('2024-Q3')",
    ),
    Case(
        "world-branch-after-the-record",
        {"case.toml": VALID.replace('"2024Q3"', '"2026Q2"')},
        "{dir}/case.toml: world.branch: 2026Q2 is after the end of the record; allowed: "
        "2021Q4 (the start, data/scenarios/replay_2022.toml) to 2026Q1 (the end of the "
        "record, data/events.csv)",
    ),
    Case(
        "world-branch-before-the-start",
        {"case.toml": VALID.replace('"2024Q3"', '"2021Q3"')},
        "{dir}/case.toml: world.branch: 2021Q3 is before the trunk's start; allowed: "
        "2021Q4 (the start, data/scenarios/replay_2022.toml) to 2026Q1 (the end of the "
        "record, data/events.csv)",
    ),
    Case(
        "world-branch-in-parent-names-parent",
        {
            "case.toml": 'extends = "parent"\n' + HEAD,
            "parent.toml": VALID.replace('"2024Q3"', '"2030Q1"'),
        },
        "{dir}/parent.toml: world.branch: 2030Q1 is after the end of the record; allowed: "
        "2021Q4 (the start, data/scenarios/replay_2022.toml) to 2026Q1 (the end of the "
        "record, data/events.csv)",
    ),
    Case(
        "world-start-set-by-a-scenario",
        {"case.toml": VALID + 'start = "2024Q3"\n'},
        "{dir}/case.toml: world.start: set once by the trunk (data/scenarios/replay_2022.toml), "
        'not by a scenario; allowed: world.branch = "2024Q2" (the quarter the scenario leaves '
        "the trunk; default the end of the record), actors, branch, horizon_quarters",
    ),
    Case(
        "world-include-data-events-retired",
        {"case.toml": VALID + "include_data_events = true\n"},
        "{dir}/case.toml: world.include_data_events: the observed record is always replayed "
        'up to the branch; allowed: world.branch = "2024Q2" (the quarter the scenario leaves '
        "the trunk; default the end of the record), actors, branch, horizon_quarters",
    ),
    Case(
        "world-horizon-negative",
        {"case.toml": VALID.replace("= 8", "= -1")},
        "{dir}/case.toml: world.horizon_quarters: expected an integer from 0 to 200 "
        "(quarters after the branch), got an integer (-1)",
    ),
    Case(
        "world-horizon-float",
        {"case.toml": VALID.replace("= 8", "= 8.0")},
        "{dir}/case.toml: world.horizon_quarters: expected an integer from 0 to 200 "
        "(quarters after the branch), got a number (8.0)",
    ),
    Case(
        "world-horizon-missing",
        {"case.toml": VALID.replace("horizon_quarters = 8\n", "")},
        "{dir}/case.toml: world.horizon_quarters: missing (in this file and its parents); "
        "required: an integer from 0 to 200",
    ),
    Case(
        "world-actors-word",
        {
            "case.toml": VALID.replace(
                '["USA", "RUS", "PRK", "KOR", "JPN", "CHN", "UKR"]', '"every"'
            )
        },
        '{dir}/case.toml: world.actors: expected "all" or an array of iso3 codes from '
        "data/states.csv, got a string ('every')",
    ),
    Case(
        "world-actors-unknown-iso3",
        {"case.toml": VALID.replace('"RUS"', '"RUSS"')},
        "{dir}/case.toml: world.actors[1]: 'RUSS' is not a state in data/states.csv (did you "
        "mean RUS, USA, AUS?); allowed: iso3 codes listed there ({codes})",
    ),
    Case(
        "world-actors-lower-case",
        {"case.toml": VALID.replace('"JPN"', '"jpn"')},
        "{dir}/case.toml: world.actors[4]: 'jpn' is not a state in data/states.csv (did you "
        "mean JPN?); allowed: iso3 codes listed there ({codes})",
    ),
    Case(
        "world-actors-group",
        {"case.toml": VALID.replace('"UKR"', '"EU"')},
        "{dir}/case.toml: world.actors[6]: 'EU' is a group, not a state; allowed: iso3 codes "
        "of states in data/states.csv (list its members, e.g. DEU, FRA, ITA, POL)",
    ),
    Case(
        "world-actors-duplicate",
        {"case.toml": VALID.replace('"UKR"', '"USA"')},
        "{dir}/case.toml: world.actors[6]: 'USA' is listed twice; allowed: each state once",
    ),
    Case(
        "world-actors-too-few",
        {"case.toml": VALID.replace('"USA", "RUS", "PRK", "KOR", "JPN", "CHN", "UKR"', '"USA"')},
        '{dir}/case.toml: world.actors: needs at least 2 states, got 1; allowed: "all" or an '
        "array of 2 or more iso3 codes from data/states.csv",
    ),
    Case(
        "parameters-unknown-section",
        {"case.toml": VALID + "[parameters.sanction]\nisolation_pull = 0.1\n"},
        "{dir}/case.toml: parameters.sanction: unknown section (did you mean sanctions?); "
        "allowed: " + ", ".join(sorted(PARAMETER_SECTIONS)),
    ),
    Case(
        "parameters-unknown-name",
        {"case.toml": VALID + "[parameters.sanctions]\nisolation = 0.1\n"},
        "{dir}/case.toml: parameters.sanctions.isolation: unknown parameter (did you mean "
        "isolation_pull?); allowed: {sanctions}",
    ),
    Case(
        "parameters-out-of-range",
        {"case.toml": VALID + "[parameters.sanctions]\nisolation_pull = 0.5\n"},
        "{dir}/case.toml: parameters.sanctions.isolation_pull: 0.5 is out of range; allowed: "
        "{allowed[sanctions.isolation_pull]}",
    ),
    Case(
        "parameters-negative",
        {"case.toml": VALID + "[parameters.deterrence]\nmax_burden = -0.01\n"},
        "{dir}/case.toml: parameters.deterrence.max_burden: -0.01 is out of range; allowed: "
        "{allowed[deterrence.max_burden]}",
    ),
    Case(
        "parameters-string",
        {"case.toml": VALID + '[parameters.alignment]\nnoise = "0.1"\n'},
        "{dir}/case.toml: parameters.alignment.noise: expected {allowed[alignment.noise]}, got "
        "a string ('0.1')",
    ),
    Case(
        "parameters-nan",
        {"case.toml": VALID + "[parameters.alignment]\nnoise = nan\n"},
        "{dir}/case.toml: parameters.alignment.noise: expected {allowed[alignment.noise]}, got "
        "a number (nan)",
    ),
    Case(
        "parameters-bool",
        {"case.toml": VALID + "[parameters.arms]\nmunitions_gap = true\n"},
        "{dir}/case.toml: parameters.arms.munitions_gap: expected {allowed[arms.munitions_gap]}, "
        "got a boolean (True)",
    ),
    Case(
        "parameters-section-not-table",
        {"case.toml": VALID + "[parameters]\nsanctions = 0.1\n"},
        "{dir}/case.toml: parameters.sanctions: expected a table [parameters.sanctions], got a "
        "number (0.1)",
    ),
    Case(
        "levers-unknown",
        {"case.toml": VALID + "[levers]\nchina = 'supportive'\n"},
        "{dir}/case.toml: levers.china: unknown lever (did you mean china_stance?); allowed: "
        "{levers}",
    ),
    Case(
        "levers-float-out-of-range",
        {"case.toml": VALID + "[levers]\nsanctions_intensity = 2.5\n"},
        "{dir}/case.toml: levers.sanctions_intensity: 2.5 is out of range; allowed: "
        "{allowed[levers.sanctions_intensity]}",
    ),
    Case(
        "levers-bool-as-string",
        {"case.toml": VALID + '[levers]\npact = "false"\n'},
        "{dir}/case.toml: levers.pact: expected true or false, got a string ('false')",
    ),
    Case(
        "levers-choice-unknown",
        {"case.toml": VALID + '[levers]\nchina_stance = "suportive"\n'},
        "{dir}/case.toml: levers.china_stance: a string ('suportive') is not allowed (did you "
        'mean supportive?); allowed: one of "distancing", "cautious", "supportive"',
    ),
    Case(
        "levers-quarter-bad",
        {"case.toml": VALID + '[levers]\nceasefire = "2025-06-01"\n'},
        '{dir}/case.toml: levers.ceasefire: expected a quarter like "2025Q2" (1800Q1 to 2200Q4), '
        'or "none", got a '
        "string ('2025-06-01')",
    ),
    Case(
        "events-not-tables",
        {"case.toml": 'events = "none"\n' + VALID},
        "{dir}/case.toml: events: expected [[events]] tables, got a string ('none')",
    ),
    Case(
        "event-unknown-kind",
        {"case.toml": VALID + EVENT.replace('"sanctions"', '"sanction"')},
        "{dir}/case.toml: events[0].kind: a string ('sanction') is not an event kind (did you "
        "mean sanctions, sanctions_lift?); allowed: {kinds}",
    ),
    Case(
        "event-unknown-key",
        {"case.toml": VALID + EVENT + "magnitud = 0.3\n"},
        "{dir}/case.toml: events[0].magnitud: unknown key (did you mean magnitude?); allowed: "
        "actors, date, kind, magnitude, note",
    ),
    Case(
        "event-missing-actors",
        {"case.toml": VALID + EVENT.replace('actors = ["USA", "RUS"]\n', "")},
        "{dir}/case.toml: events[0].actors: missing; required: an array of iso3 codes",
    ),
    Case(
        "event-date-outside-horizon",
        {"case.toml": VALID + EVENT + EVENT.replace("2025Q1", "2026Q3")},
        "{dir}/case.toml: events[1].date: 2026Q3 is after the horizon; allowed: 2024Q3 to "
        "2026Q2 (world.branch plus world.horizon_quarters)",
    ),
    Case(
        "event-iso-date-before-branch",
        {"case.toml": VALID + EVENT.replace('"2025Q1"', "2024-06-19")},
        "{dir}/case.toml: events[0].date: 2024Q2 is before the branch; allowed: 2024Q3 to "
        "2026Q2 (world.branch plus world.horizon_quarters)",
    ),
    Case(
        "event-before-a-branch-set-by-the-child",
        {
            "case.toml": 'extends = "parent"\n' + HEAD + '[world]\nbranch = "2025Q2"\n',
            "parent.toml": VALID + EVENT,
        },
        "{dir}/parent.toml: events[0].date: 2025Q1 is before the branch; allowed: 2025Q2 to "
        "2027Q1 (world.branch plus world.horizon_quarters)",
    ),
    Case(
        "event-with-no-quarter-after-the-branch",
        {"case.toml": VALID.replace("= 8", "= 0") + EVENT},
        "{dir}/case.toml: events[0].date: 2025Q1 is after the horizon; allowed: none "
        "(world.horizon_quarters = 0: the trunk alone)",
    ),
    Case(
        "ceasefire-lever-before-branch",
        {"case.toml": VALID + '[levers]\nceasefire = "2024Q2"\n'},
        "{dir}/case.toml: levers.ceasefire: 2024Q2 is before the branch (2024Q3); allowed: "
        '"none" or a quarter from world.branch on (levers act only from the branch)',
    ),
    Case(
        "pact-false-after-the-treaty",
        {"case.toml": VALID + "[levers]\npact = false\n"},
        "{dir}/case.toml: levers.pact: false has no effect after the treaty, which is in the "
        "trunk (2024Q2); allowed: true, or false with world.branch = 2024Q2 or earlier",
    ),
    Case(
        "event-date-invalid",
        {"case.toml": VALID + EVENT.replace('"2025Q1"', '"2025-02-30"')},
        '{dir}/case.toml: events[0].date: expected a quarter like "2025Q1" or a date like '
        "2025-02-24 (1800Q1 to 2200Q4), got a string ('2025-02-30')",
    ),
    Case(
        "event-wrong-actor-count",
        {"case.toml": VALID + EVENT.replace('["USA", "RUS"]', '["USA", "JPN", "RUS"]')},
        "{dir}/case.toml: events[0].actors: a sanctions event takes 2 iso3 codes [sender, "
        "target], got 3 actors",
    ),
    Case(
        "event-unknown-iso3",
        {"case.toml": VALID + EVENT + EVENT.replace('"RUS"]', '"RSU"]')},
        "{dir}/case.toml: events[1].actors[1]: 'RSU' is not a state in data/states.csv (did "
        "you mean SAU, RUS?); allowed: iso3 codes listed there ({codes})",
    ),
    Case(
        "event-actor-outside-world",
        {"case.toml": VALID + EVENT.replace('"RUS"]', '"IRN"]')},
        "{dir}/case.toml: events[0].actors[1]: 'IRN' is not among the scenario's actors; "
        "allowed: states in world.actors (" + SEVEN + ")",
    ),
    Case(
        "event-same-actor-twice",
        {"case.toml": VALID + EVENT.replace('"RUS"]', '"USA"]')},
        "{dir}/case.toml: events[0].actors[1]: 'USA' is listed twice; allowed: each state once",
    ),
    Case(
        "event-magnitude-out-of-range",
        {"case.toml": VALID + EVENT + "magnitude = 1.5\n"},
        "{dir}/case.toml: events[0].magnitude: 1.5 is out of range; allowed: "
        "{allowed[events.sanctions]}",
    ),
    Case(
        "event-note-not-string",
        {"case.toml": VALID + EVENT + "note = 3\n"},
        "{dir}/case.toml: events[0].note: expected a string, got an integer (3)",
    ),
    Case(
        "extends-missing-parent",
        {"case.toml": 'extends = "basline"\n' + HEAD, "baseline.toml": VALID},
        "{dir}/case.toml: extends: no scenario 'basline' in {dir} or among the shipped "
        "scenarios (did you mean baseline?); allowed: the name of another scenario in the same "
        "folder (baseline) or a shipped one (scenarios list names them)",
    ),
    Case(
        "extends-path",
        {"case.toml": 'extends = "../baseline"\n' + HEAD},
        "{dir}/case.toml: extends: expected the name of a scenario in the same folder or a "
        "shipped one (letters, digits, _ and -, no .toml), got a string ('../baseline')",
    ),
    Case(
        "extends-cycle",
        {
            "case.toml": 'extends = "middle"\n' + HEAD,
            "middle.toml": 'extends = "case"\n' + HEAD,
        },
        "{dir}/middle.toml: extends: 'case' makes a cycle (case -> middle -> case); allowed: a "
        "chain of parents that ends in a scenario without extends",
    ),
    Case(
        "extends-itself",
        {"case.toml": 'extends = "case"\n' + VALID},
        "{dir}/case.toml: extends: 'case' makes a cycle (case -> case); allowed: a chain of "
        "parents that ends in a scenario without extends",
    ),
    Case(
        "error-in-parent-names-parent",
        {
            "case.toml": 'extends = "parent"\n' + HEAD,
            "parent.toml": VALID + "[levers]\ninterdiction = 2\n",
        },
        "{dir}/parent.toml: levers.interdiction: 2 is out of range; allowed: "
        "{allowed[levers.interdiction]}",
    ),
    Case(
        "child-drops-actor-of-parent-event",
        {
            "case.toml": 'extends = "parent"\n' + HEAD + '[world]\nactors = ["USA", "CHN"]\n',
            "parent.toml": VALID + EVENT,
        },
        "{dir}/parent.toml: events[0].actors[1]: 'RUS' is not among the scenario's actors; "
        "allowed: states in world.actors (CHN, USA)",
    ),
    Case(
        "data-events-outside-the-trunk",
        {"case.toml": VALID + "[data_events]\ncamp_david_2023 = 0.5\n"},
        "{dir}/case.toml: data_events: the observed record's magnitudes are set once, in the "
        "trunk (data/scenarios/replay_2022.toml); allowed: only there (a scenario adds "
        "[[events]] from its branch on)",
    ),
    Case(
        "data-events-unknown-id",
        {"case.toml": VALID + "[data_events]\ncamp_david = 0.5\n"},
        "{dir}/case.toml: data_events.camp_david: no event 'camp_david' with a model_kind in "
        "data/events.csv (did you mean camp_david_2023?); allowed: an event_id of a modelled "
        "event",
    ),
    Case(
        "data-events-magnitude-out-of-range",
        {"case.toml": VALID + "[data_events]\nassad_falls_2024 = -2\n"},
        "{dir}/case.toml: data_events.assad_falls_2024: -2 is out of range; allowed: "
        "{allowed[events.alignment_shock]}",
    ),
]


def _write(folder: Path, case: Case) -> Path:
    for name, content in case.files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder / case.target


def _expected(case: Case, folder: Path) -> str:
    return case.error.format(dir=folder, codes=CODES, **REGISTRY)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_malformed_scenario_gives_one_exact_error(case, tmp_path):
    path = _write(tmp_path, case)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(caught.value) == _expected(case, tmp_path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_malformed_scenario_through_the_cli(case, tmp_path, capsys):
    path = _write(tmp_path, case)
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"error: {_expected(case, tmp_path)}\n"
    assert "Traceback" not in captured.err


def test_the_case_table_covers_at_least_25_inputs():
    assert len(CASES) >= 25
    assert len({case.id for case in CASES}) == len(CASES)


# -- valid files ---------------------------------------------------------------------------


def test_minimal_file_gets_every_default(tmp_path):
    (tmp_path / "mini.toml").write_text(VALID)
    scenario = load_scenario(tmp_path / "mini.toml")
    assert scenario.name == "mini"
    assert scenario.description == "A test scenario."
    assert scenario.extends is None
    # actors come back in data/states.csv order, whatever order the file lists them in
    assert scenario.actors == ("USA", "CHN", "RUS", "PRK", "KOR", "JPN", "UKR")
    # the run starts at the trunk's start and goes on 8 quarters after the branch
    assert scenario.start == parse_quarter("2021Q4")
    assert scenario.branch == parse_quarter("2024Q3")
    assert scenario.horizon == scenario.branch - scenario.start + 8
    assert list(scenario.quarters) == list(range(scenario.start, scenario.branch + 8))
    assert dict(scenario.parameters) == {key: spec.default for key, spec in PARAMETERS.items()}
    assert set(scenario.levers) == set(LEVERS)
    assert scenario.levers["ceasefire"] is None
    assert scenario.levers["pact"] is True
    assert scenario.own_events == ()
    assert scenario.trunk_events == scenario.events
    assert all(event.quarter < scenario.branch for event in scenario.events)


def test_all_actors_and_quarter_lever(tmp_path):
    text = VALID.replace('["USA", "RUS", "PRK", "KOR", "JPN", "CHN", "UKR"]', '"all"')
    (tmp_path / "s.toml").write_text(text + '[levers]\nceasefire = "2025Q2"\n')
    scenario = load_scenario(tmp_path / "s.toml")
    assert scenario.actors == load_facts().codes
    assert scenario.levers["ceasefire"] == parse_quarter("2025Q2")


def test_event_dates_defaults_and_order(tmp_path):
    text = VALID + (
        '[[events]]\nkind = "treaty"\ndate = 2025-12-04\nactors = ["RUS", "PRK"]\n'
        '[[events]]\nkind = "sanctions"\ndate = "2025-02-24"\nactors = ["USA", "CHN"]\n'
        'magnitude = 0.25\nnote = "secondary sanctions on a buster"\n'
        '[[events]]\nkind = "missile_test"\ndate = "2025Q1"\nactors = ["PRK"]\n'
    )
    (tmp_path / "s.toml").write_text(text)
    events = load_scenario(tmp_path / "s.toml").own_events
    assert events == (
        Event("sanctions", parse_quarter("2025Q1"), ("USA", "CHN"), 0.25, events[0].note),
        Event("missile_test", parse_quarter("2025Q1"), ("PRK",), 0.1, ""),
        Event("treaty", parse_quarter("2025Q4"), ("RUS", "PRK"), 1.0, ""),
    )
    assert events[0].note == "secondary sanctions on a buster"


def test_extends_merges_tables_key_by_key_and_appends_events(tmp_path):
    (tmp_path / "parent.toml").write_text(
        VALID
        + "[parameters.sanctions]\nisolation_pull = 0.05\nblack_knight_offset = 0.7\n"
        + '[levers]\nchina_stance = "supportive"\ninterdiction = 0.2\n'
        + EVENT.replace("2025Q1", "2025Q3")
    )
    (tmp_path / "child.toml").write_text(
        'extends = "parent"\ndescription = "The child."\n'
        + "[world]\nhorizon_quarters = 12\n"
        + "[parameters.sanctions]\nisolation_pull = 0.1\n"
        + "[levers]\ninterdiction = 0.9\n"
        + EVENT.replace('"sanctions"', '"missile_test"').replace('["USA", "RUS"]', '["PRK"]')
        + EVENT.replace("2025Q1", "2027Q1")
    )
    (tmp_path / "grandchild.toml").write_text(
        'extends = "child"\ndescription = "The grandchild."\n[levers]\nus_commitment = 0.5\n'
    )
    parent = load_scenario(tmp_path / "parent.toml")
    child = load_scenario(tmp_path / "child.toml")
    assert child.name == "child" and child.extends == "parent"
    assert child.description == "The child."
    assert (child.actors, child.start) == (parent.actors, parent.start)
    assert child.end - child.branch == 12
    assert child.parameters["sanctions.isolation_pull"] == 0.1
    assert child.parameters["sanctions.black_knight_offset"] == 0.7
    assert child.levers["china_stance"] == "supportive"
    assert child.levers["interdiction"] == 0.9
    # the child's 2027Q1 event is inside its longer horizon; events stay sorted
    assert [(e.kind, e.quarter) for e in child.own_events] == [
        ("missile_test", parse_quarter("2025Q1")),
        ("sanctions", parse_quarter("2025Q3")),
        ("sanctions", parse_quarter("2027Q1")),
    ]
    grandchild = load_scenario(tmp_path / "grandchild.toml")
    assert grandchild.extends == "child"
    assert grandchild.levers["us_commitment"] == 0.5
    assert grandchild.events == child.events
    assert grandchild.parameters == child.parameters


def test_trunk_events_expand_groups_within_the_actor_set(tmp_path):
    (tmp_path / "s.toml").write_text(
        HEAD
        + '[world]\nactors = ["USA", "RUS", "PRK", "UKR", "DEU", "FRA", "JPN", "KOR"]\n'
        + 'branch = "2024Q1"\nhorizon_quarters = 8\n'
    )
    scenario = load_scenario(tmp_path / "s.toml")
    events = scenario.events
    q1 = parse_quarter("2022Q1")
    eu = [e for e in events if "eu_rus_sanctions_2022" in e.note]
    # the EU sender becomes one event per member state in the scenario (states.csv order),
    # at the trunk's magnitude
    assert [(e.actors, e.magnitude, e.quarter) for e in eu] == [
        (("FRA", "RUS"), 0.6, q1),
        (("DEU", "RUS"), 0.6, q1),
    ]
    war = [e for e in events if e.kind == "war_start"]
    assert [(e.actors, e.magnitude) for e in war] == [(("RUS", "UKR"), 1.0)]
    camp_david = [e for e in events if "camp_david_2023" in e.note]
    assert [(e.actors, e.magnitude) for e in camp_david] == [(("USA", "JPN", "KOR"), 0.5)]
    # an accession of a state outside the scenario (Finland) is dropped, as are events
    # with a party outside it (Iran's drones) and events from the branch on
    assert not [e for e in events if "finland_nato_2023" in e.note]
    assert not [e for e in events if "IRN" in e.actors]
    assert all(scenario.start <= e.quarter < scenario.branch for e in events)
    assert [e.quarter for e in events] == sorted(e.quarter for e in events)


def test_own_events_follow_trunk_events_and_start_at_the_branch(tmp_path):
    (tmp_path / "s.toml").write_text(
        HEAD
        + '[world]\nactors = ["RUS", "UKR", "USA"]\nbranch = "2022Q1"\nhorizon_quarters = 2\n'
        + '[[events]]\nkind = "ceasefire"\ndate = "2022Q1"\nactors = ["RUS", "UKR"]\n'
    )
    scenario = load_scenario(tmp_path / "s.toml")
    # a branch at 2022Q1 stops the replay before the invasion: only the ceasefire is left
    assert [e.kind for e in scenario.events if e.quarter >= scenario.branch] == ["ceasefire"]
    assert not [e for e in scenario.events if e.kind == "war_start"]
    assert scenario.own_events == scenario.events[-1:]


# -- the Scenario object -------------------------------------------------------------------


@pytest.fixture(scope="module")
def baseline():
    return load_scenario("baseline")


def test_scenario_is_frozen_hashable_and_picklable(baseline):
    with pytest.raises(AttributeError):
        baseline.horizon = 3
    with pytest.raises(TypeError):
        baseline.parameters["alignment.noise"] = 0.0
    assert pickle.loads(pickle.dumps(baseline)) == baseline
    assert hash(pickle.loads(pickle.dumps(baseline))) == hash(baseline)


def test_with_values_returns_a_revalidated_copy(baseline):
    changed = baseline.with_values(
        {
            "sanctions.isolation_pull": np.float64(0.05),
            "levers.china_stance": "supportive",
            "levers.ceasefire": "2026Q1",
            "levers.pact": np.bool_(False),
        }
    )
    assert changed.parameters["sanctions.isolation_pull"] == 0.05
    assert type(changed.parameters["sanctions.isolation_pull"]) is float
    assert changed.levers["china_stance"] == "supportive"
    assert changed.levers["ceasefire"] == parse_quarter("2026Q1")
    assert changed.levers["pact"] is False
    assert baseline.parameters["sanctions.isolation_pull"] == 0.02
    assert baseline.levers["china_stance"] == "cautious"
    assert replace(changed, parameters=baseline.parameters, levers=baseline.levers) == baseline
    # a quarter lever also takes a quarter index or None, as a sweep would pass it
    later = parse_quarter("2026Q2")
    assert baseline.with_values({"levers.ceasefire": later}).levers["ceasefire"] == later
    assert changed.with_values({"levers.ceasefire": None}).levers["ceasefire"] is None


@pytest.mark.parametrize(
    ("values", "error"),
    [
        (
            {"sanctions.isolation_pull": 0.5},
            "sanctions.isolation_pull: 0.5 is out of range; allowed: "
            + REGISTRY["allowed"]["sanctions.isolation_pull"],
        ),
        (
            {"levers.china_stance": "friendly"},
            "levers.china_stance: a string ('friendly') is not allowed; allowed: one of "
            '"distancing", "cautious", "supportive"',
        ),
        (
            {"levers.ceasefire": "2025Q2"},
            'levers.ceasefire: 2025Q2 is before the branch (2026Q1); allowed: "none" or a '
            "quarter from the branch on (levers act only from the branch)",
        ),
        (
            {"levers.pact": 1},
            "levers.pact: expected true or false, got an integer (1)",
        ),
        (
            {"levers.chinastance": "supportive"},
            "levers.chinastance: unknown lever (did you mean china_stance?); allowed: "
            + REGISTRY["levers"],
        ),
        (
            {"isolation_pull": 0.1},
            "isolation_pull: unknown key"
            + suggest("isolation_pull", [*PARAMETERS, *(f"levers.{k}" for k in LEVERS)])
            + "; allowed: a parameter key such as "
            f"sanctions.isolation_pull, or levers.<name> ({REGISTRY['levers']})",
        ),
    ],
)
def test_with_values_rejects_bad_values(baseline, values, error):
    with pytest.raises(ScenarioError) as caught:
        baseline.with_values(values)
    assert str(caught.value) == f"{baseline.path} (with_values): {error}"


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_in_range_parameter_validates_from_a_file(data):
    spec = data.draw(st.sampled_from(list(PARAMETERS.values())))
    if spec.integer:
        value = data.draw(st.integers(math.ceil(spec.low), math.floor(spec.high)))
    else:
        value = data.draw(st.floats(spec.low, spec.high))
    section, name = spec.key.split(".")
    text = VALID + f"[parameters.{section}]\n{name} = {value!r}\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.toml"
        path.write_text(text)
        scenario = load_scenario(path)
    assert scenario.parameters[spec.key] == value
    others = {k: v for k, v in scenario.parameters.items() if k != spec.key}
    assert others == {k: s.default for k, s in PARAMETERS.items() if k != spec.key}


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_out_of_range_parameter_fails_naming_its_key(data):
    spec = data.draw(st.sampled_from(list(PARAMETERS.values())))
    value = data.draw(
        st.floats(max_value=spec.low, exclude_max=True)
        | st.floats(min_value=spec.high, exclude_min=True)
    )
    section, name = spec.key.split(".")
    text = VALID + f"[parameters.{section}]\n{name} = {value!r}\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.toml"
        path.write_text(text)
        with pytest.raises(ScenarioError) as caught:
            load_scenario(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: parameters.{section}.{name}: ")
    kind = "an integer" if spec.integer else "a number"
    assert f"{kind} from {spec.low:g} to {spec.high:g} ({spec.unit})" in message


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_with_values_accepts_exactly_the_allowed_lever_values(data, baseline):
    lever = data.draw(st.sampled_from([lv for lv in LEVERS.values() if lv.kind == "float"]))
    value = data.draw(st.floats(allow_nan=False))
    if lever.low <= value <= lever.high:
        assert baseline.with_values({f"levers.{lever.key}": value}).levers[lever.key] == value
    else:
        with pytest.raises(ScenarioError, match=rf"levers\.{lever.key}: .* is out of range"):
            baseline.with_values({f"levers.{lever.key}": value})


# -- listing and the shipped scenarios -----------------------------------------------------


def test_list_scenarios_reads_names_and_descriptions(tmp_path):
    (tmp_path / "b.toml").write_text(VALID)
    (tmp_path / "a.toml").write_text('extends = "b"\ndescription = "  Child of b.  "\n')
    table = list_scenarios(tmp_path)
    assert list(table.columns) == ["name", "description"]
    assert table.to_dict("records") == [
        {"name": "a", "description": "Child of b."},
        {"name": "b", "description": "A test scenario."},
    ]


def test_load_scenario_by_name_looks_in_the_given_folder(tmp_path):
    (tmp_path / "mine.toml").write_text(VALID)
    assert load_scenario("mine", directory=tmp_path).path == tmp_path / "mine.toml"
    with pytest.raises(ScenarioError) as caught:
        load_scenario("mien", directory=tmp_path)
    assert str(caught.value) == (
        f"no scenario named 'mien' in {tmp_path} (did you mean mine?); allowed: mine, or the "
        "path of a .toml file"
    )


def test_the_shipped_scenarios_are_the_guarded_list():
    table = list_scenarios()
    assert tuple(table["name"]) == SHIPPED
    assert all(0 < len(text) <= 160 and "\n" not in text for text in table["description"])


PARENTS = {"baseline": None, "replay_2022": None, "no_pact": "pact_2024q2"}


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_scenario_validates_and_round_trips(name, tmp_path):
    scenario = load_scenario(name)
    assert scenario.path == data_dir() / "scenarios" / f"{name}.toml"
    assert scenario.extends == PARENTS.get(name, "baseline")
    # show's TOML is self-contained: written to <name>.toml it loads to the same scenario
    text = scenario.to_toml()
    assert tomllib.loads(text) == scenario.to_dict()
    (tmp_path / f"{name}.toml").write_text(text)
    again = load_scenario(tmp_path / f"{name}.toml")
    provenance = {"path": None, "extends": None, "parents": ()}
    assert replace(again, **provenance) == replace(scenario, **provenance)


END = end_of_record(load_facts())
# each variant changes exactly these levers of the baseline and no parameter, and
# branches at this quarter (default: the end of the record, as the baseline)
VARIANTS = {
    "no_pact": ({"pact": False}, "2024Q2"),
    "pact_2024q2": ({}, "2024Q2"),
    "ceasefire_2025": ({"ceasefire": parse_quarter("2025Q2")}, "2025Q2"),
    "china_supportive": ({"china_stance": "supportive"}, None),
    "china_distancing": ({"china_stance": "distancing"}, None),
    "secondary_sanctions": ({"secondary_sanctions": 0.5}, None),
    "us_retrenchment": ({"us_commitment": 0.5}, None),
    "arms_interdiction": ({"interdiction": 0.5}, None),
    "replay_2022": ({}, None),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_variants_differ_from_the_baseline_only_as_intended(name, baseline):
    variant = load_scenario(name)
    levers, branch = VARIANTS[name]
    assert variant.parameters == baseline.parameters
    changed = {k: v for k, v in variant.levers.items() if baseline.levers[k] != v}
    assert changed == levers
    assert variant.actors == baseline.actors
    assert variant.start == baseline.start
    assert variant.branch == (END if branch is None else parse_quarter(branch))
    # the trunk up to the branch is the baseline's; ten years follow (the trunk alone for
    # the replay)
    assert variant.trunk_events == tuple(e for e in baseline.events if e.quarter < variant.branch)
    assert variant.end - variant.branch == (0 if name == "replay_2022" else 40)
    treaty = [(e.kind, e.quarter, e.actors) for e in variant.own_events]
    pact = [("treaty", parse_quarter("2024Q2"), ("RUS", "PRK"))]
    assert treaty == (pact if name in ("pact_2024q2", "no_pact") else [])


def test_baseline_branches_at_the_end_of_the_record_over_every_state(baseline):
    facts = load_facts()
    last = max(quarter_of_date(date) for date in facts.events["date"])
    assert last + 1 == END
    assert (baseline.start, baseline.branch) == (parse_quarter("2021Q4"), END)
    assert baseline.end - baseline.branch == 40
    assert baseline.actors == facts.codes
    assert baseline.own_events == ()


def test_the_trunk_replays_the_recorded_events_from_2021q4():
    replay = load_scenario("replay_2022")
    assert replay.start == parse_quarter("2021Q4")
    assert replay.end == replay.branch == END
    by_kind = {(e.kind, e.actors): e for e in replay.events}
    invasion = by_kind[("war_start", ("RUS", "UKR"))]
    assert invasion.quarter == parse_quarter("2022Q1")
    treaty = by_kind[("treaty", ("RUS", "PRK"))]
    assert (treaty.quarter, treaty.magnitude) == (parse_quarter("2024Q2"), 1.0)
    assert by_kind[("alignment_shock", ("SYR", "RUS"))].magnitude < 0
    assert by_kind[("alignment_shock", ("PRK", "KOR"))].magnitude < 0
    assert by_kind[("treaty", ("USA", "JPN", "KOR"))].magnitude < 1
    assert by_kind[("treaty", ("RUS", "IRN"))].magnitude < 1
    assert any(e.kind == "sanctions" and e.actors == ("DEU", "RUS") for e in replay.events)
    assert any(e.kind == "arms_shipment" and e.actors == ("PRK", "RUS") for e in replay.events)
    assert any(e.kind == "sanctions_lift" and e.actors == ("USA", "SYR") for e in replay.events)
    assert all(replay.start <= e.quarter < replay.branch for e in replay.events)
    assert all(math.isfinite(e.magnitude) for e in replay.events)
