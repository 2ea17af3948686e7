"""The engine: time convention, events, levers, determinism, batch invariance, output."""

import json

import numpy as np
import pandas as pd
import pytest

import scenarios.model as model
import scenarios.model.engine as engine
from scenarios.errors import ResultsError, ScenarioError
from scenarios.metrics import METRICS
from scenarios.model import Results, apply_events, simulate
from scenarios.model.from_facts import build, code_facts
from scenarios.model.params import default_params, resolve_params
from scenarios.model.synthetic import synthetic
from scenarios.quarters import format_quarter, parse_quarter
from scenarios.registry.levers import LEVERS
from scenarios.registry.parameters import PARAMETERS
from scenarios.scenario import Event, load_scenario

PARAMETERS_DEFAULTS = {key: spec.default for key, spec in PARAMETERS.items()}
LEVER_DEFAULTS = {name: lever.default for name, lever in LEVERS.items()}


@pytest.fixture(scope="module")
def baseline():
    return load_scenario("baseline")


@pytest.fixture(scope="module")
def short(baseline):
    return baseline.with_values({}).__class__(
        **{**baseline.__dict__, "horizon": 6, "name": "baseline-short"}
    )


def member_rows(results: Results, member: int) -> dict[str, pd.DataFrame]:
    return {
        name: getattr(results, name)[getattr(results, name)["member"] == member].reset_index(
            drop=True
        )
        for name in model.TABLES
    }


def test_records_run_from_the_start_to_the_end_quarter(short):
    results = simulate(short, seed=1)
    labels = [format_quarter(q) for q in range(short.start, short.end + 1)]
    assert list(results.states["quarter"].unique()) == labels
    assert list(results.blocs["quarter"].unique()) == [labels[0], labels[4], labels[6]]
    assert set(results.states["iso3"]) == set(short.actors)
    assert results.seed == 1 and results.scenario is short and results.members == (0,)


def test_the_initial_record_is_the_initial_state(short):
    results = simulate(short, seed=1)
    params = resolve_params(short.parameters, short.levers)
    state, _ = build(short, params, 1)
    first = results.states[results.states["quarter"] == format_quarter(short.start)]
    np.testing.assert_array_equal(first["milex"].to_numpy(), state.milex[0])
    np.testing.assert_array_equal(first["threat"].to_numpy(), state.threat[0])


def test_facts_coded_once_build_what_the_facts_build(baseline):
    # the levers that act on the coded facts vary by member here
    params = resolve_params(
        baseline.parameters,
        baseline.levers,
        {"levers.pact": np.array([True, False]), "levers.sanctions_intensity": [0.5, 1.5]},
        2,
    )
    coded = code_facts(baseline)
    for left, right in zip(
        build(baseline, params, 2), build(baseline, params, 2, coded), strict=True
    ):
        for name, value in vars(left).items():
            np.testing.assert_array_equal(getattr(right, name), value, strict=True)
    assert not coded.pact.flags.writeable and not coded.initial.alliance.flags.writeable
    other = load_scenario("replay_2022")
    with pytest.raises(ScenarioError, match="coded for other actors or start than replay_2022"):
        build(other, resolve_params(other.parameters, other.levers), 1, coded)


def test_same_seed_gives_identical_results_and_another_seed_differs(short):
    first, again = simulate(short, seed=4, members=2), simulate(short, seed=4, members=2)
    for name in model.TABLES:
        pd.testing.assert_frame_equal(getattr(first, name), getattr(again, name), check_exact=True)
    other = simulate(short, seed=5, members=2)
    assert not np.array_equal(other.states["milex"], first.states["milex"])


def test_members_are_bit_identical_alone_in_batches_chunks_and_threads(short, monkeypatch):
    batch = simulate(short, seed=7, members=5, first_member=10)
    monkeypatch.setattr(engine, "CHUNK", 2)
    chunked = simulate(short, seed=7, members=5, first_member=10, threads=2)
    for m in (10, 12, 14):
        alone = simulate(short, seed=7, members=1, first_member=m)
        expected = member_rows(alone, m)
        for source in (batch, chunked):
            for name, frame in member_rows(source, m).items():
                pd.testing.assert_frame_equal(frame, expected[name], check_exact=True)


def test_a_sweep_in_one_batch_equals_separate_runs(short):
    values = [0.0, 0.5, 1.0]
    swept = simulate(
        short,
        seed=2,
        members=3,
        params_override={"levers.secondary_sanctions": values, "levers.china_stance": "supportive"},
    )
    for m, value in enumerate(values):
        alone = simulate(
            short,
            seed=2,
            members=1,
            first_member=m,
            params_override={
                "levers.secondary_sanctions": value,
                "levers.china_stance": "supportive",
            },
        )
        pd.testing.assert_frame_equal(
            member_rows(swept, m)["metrics"], member_rows(alone, m)["metrics"], check_exact=True
        )


def pair(results: Results, a: str, b: str, column: str) -> pd.Series:
    rows = results.relations[(results.relations["a"] == a) & (results.relations["b"] == b)]
    return rows.set_index(rows["quarter"].astype(str))[column]


def test_replay_applies_data_events_in_their_quarter():
    replay = load_scenario("replay_2022")
    results = simulate(replay, seed=0)
    war = pair(results, "RUS", "UKR", "war")
    assert war["2021Q4"] == 0 and war["2022Q1"] == 0 and war["2022Q2"] == 1
    sanctions = pair(results, "USA", "RUS", "sanctions")
    assert sanctions["2022Q2"] > sanctions["2021Q4"]
    alliance = pair(results, "RUS", "PRK", "alliance")
    assert alliance["2024Q2"] == 0 and alliance["2024Q3"] == 1


def test_without_the_pact_the_treaty_event_is_dropped():
    replay = load_scenario("replay_2022").with_values({"levers.pact": False})
    alliance = pair(simulate(replay, seed=0), "RUS", "PRK", "alliance")
    assert (alliance == 0).all()


def test_a_ceasefire_lever_ends_the_war_and_with_it_the_arms_flows(baseline):
    quarter = parse_quarter("2025Q2")
    results = simulate(baseline.with_values({"levers.ceasefire": quarter}), seed=0)
    war = pair(results, "RUS", "UKR", "war")
    assert war["2025Q2"] == 1 and war["2025Q3"] == 0
    arms = pair(results, "PRK", "RUS", "transfers")
    assert arms["2025Q2"] > 0 and (arms.loc["2025Q4":] == 0).all()


def test_a_per_member_ceasefire_acts_on_its_member_only(baseline):
    quarters = [parse_quarter("2025Q2"), None]
    results = simulate(baseline, seed=0, members=2, params_override={"levers.ceasefire": quarters})
    rows = results.relations
    war = rows[(rows["a"] == "RUS") & (rows["b"] == "UKR") & (rows["quarter"] == "2026Q1")]
    assert war["war"].tolist() == [0.0, 1.0]


@pytest.fixture(scope="module")
def small():
    params = default_params(2) | {"levers.sanctions_intensity": np.array([1.0, 0.5])}
    state, world = synthetic(9, members=2, seed=1, params=params)
    return state, world, params


def schedule(world, params, *events):
    return model._schedule(events, world, params, 2)[8000]


def test_sanctions_events_scale_with_the_intensity_lever(small):
    state, world, params = small
    event = Event("sanctions", 8000, ("JPN", "CHN"), 0.8)
    after = apply_events(state, world, params, schedule(world, params, event))
    jpn, chn = world.index("JPN"), world.index("CHN")
    assert after.sanctions[:, jpn, chn].tolist() == [0.8, 0.4]
    lift = Event("sanctions_lift", 8000, ("JPN", "CHN"), 1.0)
    lifted = apply_events(after, world, params, schedule(world, params, lift))
    assert (lifted.sanctions[:, jpn, chn] == 0).all()


def test_events_shift_affinity_symmetrically_and_treaties_ally(small):
    state, world, params = small
    events = (
        Event("alignment_shock", 8000, ("KOR", "CHN"), -0.3),
        Event("treaty", 8000, ("JPN", "KOR", "UKR"), 0.5),
        Event("missile_test", 8000, ("PRK",), 0.2),
        Event("war_start", 8000, ("CHN", "JPN"), 0.7),
    )
    after = apply_events(state, world, params, schedule(world, params, *events))
    kor, chn, jpn, ukr, prk = (world.index(c) for c in ("KOR", "CHN", "JPN", "UKR", "PRK"))
    np.testing.assert_allclose(after.affinity[:, kor, chn], state.affinity[:, kor, chn] - 0.3)
    assert np.array_equal(after.affinity, after.affinity.swapaxes(1, 2))
    assert (after.alliance[:, jpn, ukr] >= 0.5).all() and (after.alliance[:, ukr, kor] >= 0.5).all()
    assert (after.affinity[:, jpn, ukr] > state.affinity[:, jpn, ukr]).all()
    assert (after.tech[:, prk] > state.tech[:, prk]).all()
    assert (after.war[:, chn, jpn] == 0.7).all() and (after.war[:, jpn, chn] == 0.7).all()
    assert (state.war[:, chn, jpn] == 0).all()


def test_interdiction_cuts_scheduled_dprk_shipments_too(small):
    state, world, params = small
    params = params | {"levers.interdiction": 0.25}
    event = Event("arms_shipment", 8000, ("PRK", "RUS"), 2.0)
    after = apply_events(state, world, params, schedule(world, params, event))
    assert (after.transfers[:, world.index("PRK"), world.index("RUS")] == 1.5).all()


def test_every_metric_is_reported_for_the_baseline(short):
    results = simulate(short, seed=0)
    assert list(results.metrics["metric"].cat.categories) == list(METRICS)
    summary = results.summary()
    assert list(summary.index) == list(METRICS)
    assert list(summary.columns) == ["unit", "start", "end"]
    assert np.isfinite(summary[["start", "end"]].to_numpy()).all()
    ensemble = simulate(short, seed=0, members=3).summary()
    assert {"end_p05", "end_p95"} <= set(ensemble.columns)
    assert (ensemble["end_p05"] <= ensemble["end_p95"]).all()


def test_a_large_synthetic_world_runs_cleanly():
    state, world = synthetic(193, members=2, seed=3)
    params = default_params(2)
    results = model.run(state, world, params, 3, seed=1, record=("states", "metrics"))
    assert len(results.states) == 2 * 4 * 193
    assert np.isfinite(results.states[list(model.STATE_VARIABLES)].to_numpy()).all()


def test_write_produces_every_file_and_replaces_only_results(short, tmp_path):
    results = simulate(short, seed=3, members=2)
    out = results.write(tmp_path / "run")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*model.FILES.values(), model.OVERVIEW, model.MANIFEST]
    )
    back = pd.read_csv(out / "metrics.csv")
    assert len(back) == len(results.metrics)
    assert json.loads((out / model.MANIFEST).read_text())["seed"] == 3
    results.write(out)  # earlier results are replaced
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(ResultsError, match="other"):
        results.write(other)
    assert (other / "notes.txt").read_text() == "mine"


def test_a_failed_write_leaves_nothing_behind(short, tmp_path, monkeypatch):
    results = simulate(short, seed=3)

    def broken(self, path):
        raise KeyboardInterrupt

    monkeypatch.setattr(Results, "_write_overview", broken)
    with pytest.raises(KeyboardInterrupt):
        results.write(tmp_path / "run")
    assert list(tmp_path.iterdir()) == []


def test_bad_overrides_and_batches_are_one_line_errors(short):
    with pytest.raises(ScenarioError, match=r"sanctions\.isolation_pul: unknown key"):
        simulate(short, params_override={"sanctions.isolation_pul": 0.1})
    key = "alignment.noise"
    with pytest.raises(ScenarioError, match=f"{key}.*out of range"):
        simulate(short, params_override={key: PARAMETERS[key].high + 1})
    with pytest.raises(ScenarioError, match="2 values for 3 members"):
        simulate(short, members=3, params_override={key: [0.0, 0.1]})
    with pytest.raises(ScenarioError, match="members"):
        simulate(short, members=0)


def test_docs_tabulate_every_parameter_lever_event_kind_and_metric():
    from pathlib import Path

    from scenarios.registry.tables import regenerate

    text = (Path(__file__).parents[1] / "docs" / "model.md").read_text(encoding="utf-8")
    assert regenerate(text) == text, "run python -m scenarios.registry.tables"
    for name in METRICS:
        assert f"`{name}`" in text, name


def test_run_command_prints_a_summary_and_writes_results(tmp_path, capsys):
    from scenarios.cli import main

    out = tmp_path / "baseline"
    assert main(["run", "baseline", "--members", "2", "--seed", "3", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "rus_prk_cohesion" in printed and f"wrote {out}" in printed
    assert (out / "metrics.csv").is_file() and (out / model.OVERVIEW).is_file()
    assert main(["run", "no_such_scenario", "--out", str(tmp_path / "x")]) == 2
    assert "error:" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_every_event_kind_has_one_effect():
    from scenarios.model.events import EFFECTS
    from scenarios.registry.events import EVENT_KINDS

    assert list(EFFECTS) == list(EVENT_KINDS)


def test_records_hand_out_the_metrics_as_arrays(short):
    from scenarios.model import simulate_records

    records = simulate_records(short, seed=2, members=2, record=("metrics",))
    arrays = records.metric_arrays()
    tidy = records.results(short).metrics
    assert arrays.metrics == tuple(tidy["metric"].cat.categories)
    assert arrays.values.shape == (2, len(arrays.quarters), len(arrays.metrics))
    for row in tidy.sample(40, random_state=0).itertuples():
        r, k = arrays.quarters.index(row.quarter), arrays.metrics.index(row.metric)
        assert arrays.values[row.member, r, k] == row.value and arrays.recorded[r, k]
    assert np.isnan(arrays.values[:, ~arrays.recorded]).all()
    assert arrays.recorded.sum() * 2 == len(tidy)


def test_levers_are_decoded_once_into_numbers():
    params = resolve_params(
        PARAMETERS_DEFAULTS,
        {**LEVER_DEFAULTS, "china_stance": "supportive", "ceasefire": None},
        {"levers.pact": [True, False], "levers.china_stance": ["distancing", "cautious"]},
        members=2,
    )
    assert params["levers.china_stance"].tolist() == [-1.0, 0.0]
    assert params["levers.pact"].dtype == bool and np.isnan(params["levers.ceasefire"])
    with pytest.raises(ScenarioError, match=r"levers\.china_stance\[1\]: a string \('x'\)"):
        resolve_params(
            PARAMETERS_DEFAULTS, LEVER_DEFAULTS, {"levers.china_stance": ["cautious", "x"]}, 2
        )
