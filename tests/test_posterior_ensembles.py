"""Ensembles whose members run with posterior draws: the pick, its bit-identity, reruns, files."""

import numpy as np
import pandas as pd
import pytest

from scenarios.calibration.posterior import Posterior, parameter_source, write_posterior
from scenarios.calibration.smc import Fit, Round
from scenarios.errors import ScenariosError
from scenarios.experiments.run import run_ensemble
from scenarios.experiments.store import load, save

KEYS = ("deterrence.reaction", "alignment.decay")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A posterior of four weighted draws, written as calibrate writes one."""
    draws = np.array([[0.05, 0.01], [0.2, 0.03], [0.35, 0.05], [0.5, 0.08]])
    weights = np.array([0.1, 0.2, 0.3, 0.4])
    one = Round(draws, weights, np.zeros(4), 1.0, 4, 4)
    fit = Fit(keys=KEYS, rounds=(one,), seed=0, stopped="test")
    table = pd.DataFrame(
        {"statistic": ["milex_usd_bn"], "state": ["USA"], "year": [2022], "value": [6.7],
         "bound": ["point"], "scale": [0.05]}
    )  # fmt: skip
    return write_posterior(fit, tmp_path_factory.mktemp("p") / "posterior", table=table,
                           settings={})  # fmt: skip


def test_members_pick_by_weight_from_their_own_streams(folder):
    source = parameter_source(folder)
    picks = source.picks(seed=9, first_member=0, members=4000)
    # the same members picked in other batches pick the same rows
    assert np.array_equal(source.picks(9, 1000, 500), picks[1000:1500])
    assert not np.array_equal(source.picks(10, 0, 4000), picks)
    shares = np.bincount(picks, minlength=4) / len(picks)
    assert shares == pytest.approx([0.1, 0.2, 0.3, 0.4], abs=0.03)


def test_a_posterior_ensemble_is_the_same_on_any_chunking_and_reruns_its_members(tiny, folder):
    whole = run_ensemble(tiny, 9, seed=4, parameters=folder)
    chunked = run_ensemble(tiny, 9, seed=4, parameters=folder, chunk_size=2)
    assert np.array_equal(whole.values, chunked.values, equal_nan=True)
    assert whole.draws.equals(chunked.draws)
    assert list(whole.draws.columns) == list(KEYS)
    rows = parameter_source(folder).picks(4, 0, 9)
    assert np.array_equal(
        whole.draws["deterrence.reaction"], np.array([0.05, 0.2, 0.35, 0.5])[rows]
    )
    default = run_ensemble(tiny, 9, seed=4, parameters="default")
    assert default.draws is None and "noise only" in default.uncertainty
    assert set(default.summary["uncertainty"]) == {"noise"}
    assert set(whole.summary["uncertainty"]) == {"noise and parameters"}
    assert "parameter uncertainty" in whole.uncertainty
    assert not np.array_equal(whole.values, default.values, equal_nan=True)
    member = whole.member_run(5).metrics
    mine = whole.metrics[whole.metrics["member"] == 5]
    assert np.array_equal(member["value"].to_numpy(), mine["value"].to_numpy())


def test_saved_and_loaded_it_keeps_each_members_parameters(tiny, folder, tmp_path):
    result = run_ensemble(tiny, 5, seed=4, parameters=folder)
    back = load(save(result, tmp_path / "saved", format="csv"))
    assert back.draws.equals(result.draws)
    assert np.array_equal(
        back.member_run(3).metrics["value"], result.member_run(3).metrics["value"]
    )


def test_a_bad_parameter_source_gets_one_line(tiny, tmp_path):
    with pytest.raises(ScenariosError, match=r"^parameters: 'priors' is not allowed") as error:
        run_ensemble(tiny, 2, seed=0, parameters="priors")
    assert "\n" not in str(error.value)
    with pytest.raises(ScenariosError, match="not found; not a posterior folder"):
        run_ensemble(tiny, 2, seed=0, parameters=tmp_path)


def test_posterior_objects_compare_by_their_draws(folder):
    assert isinstance(parameter_source(folder), Posterior)
    assert parameter_source("default") is None


def test_scenarios_run_takes_its_members_parameters_from_a_posterior(tiny_path, folder, tmp_path):
    from scenarios.cli import main
    from scenarios.model import simulate
    from scenarios.scenario import load_scenario

    out = tmp_path / "run"
    args = ["run", str(tiny_path), "--members", "3", "--seed", "2", "--out", str(out)]
    assert main([*args, "--parameters", str(folder)]) == 0
    written = pd.read_csv(out / "metrics.csv")
    override = parameter_source(folder).overrides(2, 0, 3)
    expected = simulate(load_scenario(tiny_path), seed=2, members=3, params_override=override)
    assert np.allclose(written["value"], expected.metrics["value"], equal_nan=True)


def test_scenarios_run_refuses_an_unknown_parameter_source_in_one_line(tiny_path, tmp_path, capsys):
    from scenarios.cli import main

    assert main(["run", str(tiny_path), "--parameters", "prior", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: parameters: 'prior' is not allowed") and "\n" not in err
    assert not (tmp_path / "r").exists()


@pytest.fixture(scope="module")
def twin(tiny_toml, tmp_path_factory):
    """The tiny scenario without the pact: a branch of the same world."""
    from scenarios.scenario import load_scenario

    path = tmp_path_factory.mktemp("twin") / "tiny_no_pact.toml"
    path.write_text(tiny_toml + "\n[levers]\npact = false\n")
    return load_scenario(path)


def test_compared_scenarios_keep_each_members_draw_in_both(tiny, twin, folder):
    from scenarios.experiments import compare

    paired = compare([tiny, twin], 6, seed=2, metrics="rus_prk_cohesion", parameters=folder)
    runs = paired.runs
    assert runs[tiny.name].draws.equals(runs[twin.name].draws)  # member m: one draw in both
    alone = run_ensemble(twin, 6, seed=2, parameters=folder)
    assert np.array_equal(runs[twin.name].values, alone.values, equal_nan=True)
    noise_only = compare([tiny, twin], 6, seed=2, metrics="rus_prk_cohesion", parameters="default")
    assert noise_only.runs[twin.name].draws is None
    assert set(noise_only.differences["uncertainty"]) == {"noise"}
    assert set(paired.differences["uncertainty"]) == {"noise and parameters"}
    assert not np.array_equal(paired.values, noise_only.values, equal_nan=True)


def test_attribution_with_posterior_draws_still_sums_member_by_member(tiny, twin, folder):
    from scenarios.experiments import attribute

    found = attribute(tiny, twin, "rus_prk_cohesion", members=4, seed=2, parameters=folder)
    total = found.values[0] - found.values[1]
    assert np.allclose(found.shares.sum(axis=0), total, atol=1e-12)
    default = attribute(tiny, twin, "rus_prk_cohesion", members=4, seed=2, parameters="default")
    assert not np.array_equal(found.values, default.values)
    plain = run_ensemble(tiny, 4, seed=2, parameters=folder)
    end = plain.metrics[
        (plain.metrics["metric"] == "rus_prk_cohesion")
        & (plain.metrics["quarter"].astype(str) == found.at)
    ]
    assert np.allclose(found.values[0], end["value"].to_numpy())


def test_compare_attribute_and_claims_commands_take_a_parameter_source(
    tiny_path, tiny_toml, folder, tmp_path, capsys
):
    from scenarios.cli import main

    twin = tmp_path / "tiny_no_pact.toml"
    twin.write_text(tiny_toml + "\n[levers]\npact = false\n")
    common = ["--members", "3", "--metric", "rus_prk_cohesion"]
    outputs = {}
    for source in ("default", str(folder)):
        for command in ("compare", "attribute"):
            pair = [str(tiny_path), str(twin)] if command == "compare" else [
                str(tiny_path), "--against", str(twin)]  # fmt: skip
            assert main([command, *pair, *common, "--parameters", source]) == 0
            outputs[command, source] = capsys.readouterr().out
    for command in ("compare", "attribute"):
        assert outputs[command, "default"] != outputs[command, str(folder)]
    for command in (["compare", str(tiny_path), str(twin)], ["claims", "--members", "2"]):
        assert main([*command, "--parameters", "prior"]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("error: parameters: 'prior' is not allowed") and "\n" not in err


def test_a_sweep_draws_every_key_but_the_designs_from_the_posterior(tiny, folder):
    from scenarios.experiments import design_table, sweep

    design = design_table(pd.DataFrame({"deterrence.reaction": [0.1, 0.4]}))
    swept = sweep(tiny, design, 3, seed=5, parameters=folder)
    again = sweep(tiny, design, 3, seed=5, parameters=folder, chunk_size=3)
    assert swept.metrics.equals(again.metrics)
    plain = sweep(tiny, design, 3, seed=5, parameters="default")
    assert not swept.metrics["value"].equals(plain.metrics["value"])
    # point 1's members are global members 3-5: their draws, with the point's own reaction
    from scenarios.model import simulate

    override = parameter_source(folder).overrides(5, 3, 3)
    override["deterrence.reaction"] = np.full(3, 0.4)
    alone = simulate(tiny, seed=5, members=3, first_member=3, params_override=override)
    point = swept.metrics[swept.metrics["point"] == 1]
    mine = alone.metrics.dropna(subset=["value"])
    assert np.allclose(
        np.sort(point["value"].dropna().to_numpy()), np.sort(mine["value"].to_numpy())
    )


# -- the posterior by default, and every band labelled ------------------------------------


def test_the_posterior_is_the_default_of_every_runner_and_command():
    import inspect

    from scenarios.calibration.posterior import DEFAULT_SOURCE
    from scenarios.cli import build_parser
    from scenarios.experiments import attribute, attributions, claims_table, compare, sweep

    assert DEFAULT_SOURCE == "posterior"
    for runner in (run_ensemble, sweep, compare, attribute, attributions, claims_table):
        assert inspect.signature(runner).parameters["parameters"].default == DEFAULT_SOURCE
    parser = build_parser()
    for argv in (["run", "x"], ["sweep", "x", "--out", "o"], ["compare", "x", "y"],
                 ["attribute", "x", "--against", "y"], ["claims"]):  # fmt: skip
        assert parser.parse_args(argv).parameters == DEFAULT_SOURCE


def test_simulate_draws_from_a_posterior_when_told_and_says_so(tiny, folder):
    from scenarios.model import simulate

    plain = simulate(tiny, seed=2, members=3)
    assert (plain.parameters, plain.uncertainty) == ("default", "noise")
    drawn = simulate(tiny, seed=2, members=3, first_member=4, parameters=folder)
    assert (drawn.parameters, drawn.uncertainty) == ("posterior", "noise and parameters")
    override = parameter_source(folder).overrides(2, 4, 3)
    by_hand = simulate(tiny, seed=2, members=3, first_member=4, params_override=override)
    assert np.array_equal(drawn.metrics["value"], by_hand.metrics["value"], equal_nan=True)
    # an explicit override wins over the drawn value
    pinned = simulate(tiny, seed=2, members=3, first_member=4, parameters=folder,
                      params_override={"deterrence.reaction": 0.3})  # fmt: skip
    override["deterrence.reaction"] = np.full(3, 0.3)
    by_hand = simulate(tiny, seed=2, members=3, first_member=4, params_override=override)
    assert np.array_equal(pinned.metrics["value"], by_hand.metrics["value"], equal_nan=True)
    with pytest.raises(ScenariosError, match=r"^parameters: 'prior' is not allowed"):
        simulate(tiny, parameters="prior")


def test_a_sweep_keeps_where_its_parameters_came_from_on_disk(tiny, folder, tmp_path):
    from scenarios.experiments import design_table, sweep

    design = design_table(pd.DataFrame({"deterrence.reaction": [0.1, 0.4]}))
    streamed = sweep(tiny, design, 2, seed=5, parameters=folder, out=tmp_path / "s", format="csv")
    assert streamed.parameters == "posterior"
    back = load(tmp_path / "s")
    assert back.parameters == "posterior"
    assert set(back.summary["uncertainty"]) == {"noise and parameters"}
    held = sweep(tiny, design, 2, seed=5, parameters="default")
    again = load(save(held, tmp_path / "h", format="csv"))
    assert again.parameters == "default" and set(again.summary["uncertainty"]) == {"noise"}


def test_a_summary_part_with_an_unknown_label_is_refused_in_one_line(tiny, folder, tmp_path):
    from scenarios.errors import ResultsError
    from scenarios.experiments import design_table, sweep

    design = design_table(pd.DataFrame({"deterrence.reaction": [0.1, 0.4]}))
    sweep(tiny, design, 2, seed=5, parameters=folder, out=tmp_path / "s", format="csv")
    part = tmp_path / "s" / "summary" / "part-00000.csv"
    part.write_text(part.read_text().replace("noise and parameters", "everything"))
    manifest = tmp_path / "s" / "manifest.json"
    import hashlib
    import json

    listed = json.loads(manifest.read_text())
    entry = listed["files"]["summary/part-00000.csv"]
    entry["sha256"] = hashlib.sha256(part.read_bytes()).hexdigest()
    manifest.write_text(json.dumps(listed))
    with pytest.raises(ResultsError, match=r"uncertainty 'everything' is not allowed") as error:
        _ = load(tmp_path / "s").summary
    assert "\n" not in str(error.value)


def test_scenarios_run_says_what_its_spread_covers(tiny_path, tmp_path, capsys):
    from scenarios.cli import main

    assert main(["run", str(tiny_path), "--members", "2", "--out", str(tmp_path / "a")]) == 0
    assert "a posterior draw each (the spread over members covers noise and parameters)" in (
        capsys.readouterr().out
    )
    args = ["run", str(tiny_path), "--members", "2", "--parameters", "default"]
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    assert "default parameters (the spread over members covers noise)" in capsys.readouterr().out


def test_plots_label_what_the_band_covers(tiny, twin, folder):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from scenarios import plot
    from scenarios.experiments import compare
    from scenarios.model import simulate

    fig, axes = plt.subplots(1, 3)
    run = simulate(tiny, seed=1, members=4, parameters=folder)
    plot.metric_series(run, "rus_prk_cohesion", axes[0])
    assert "band 5–95 % (noise and parameters)" in axes[0].get_title()
    ensemble = run_ensemble(tiny, 4, seed=1, parameters=folder)
    plot.fan_chart(ensemble.summary, "rus_prk_cohesion", axes[1])
    _, labels = axes[1].get_legend_handles_labels()
    assert "5–95 %: noise and parameters" in labels
    paired = compare([tiny, twin], 4, seed=1, metrics="rus_prk_cohesion", parameters="default")
    from scenarios.plot.compare import difference_paths

    difference_paths(paired, "rus_prk_cohesion", axes[2])
    assert axes[2].get_title().endswith("band 5–95 % (noise)")
    plt.close(fig)
