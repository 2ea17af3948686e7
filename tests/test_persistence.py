"""Saving and loading results: round trips, atomic writes, corrupted and mismatched files."""

import json

import numpy as np
import pandas as pd
import pytest

import scenarios
from scenarios.errors import ResultsError
from scenarios.experiments import evaluate, files
from scenarios.experiments.results import EnsembleResult, SweepResult
from scenarios.experiments.run import run_ensemble, sweep
from scenarios.experiments.sampling import latin_hypercube
from scenarios.experiments.store import load, save
from scenarios.scenario import load_scenario

RANGES = {
    "sanctions.isolation_pull": (0.0, 0.1),
    "levers.ceasefire": ("2025Q2", "2025Q3"),
    "levers.china_stance": None,
    "levers.pact": None,
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, tiny_toml):
    """The tiny scenario with China supportive (so that the arms trade moves)."""
    path = tmp_path_factory.mktemp("scenarios") / "tiny.toml"
    path.write_text(tiny_toml + '\n[levers]\nchina_stance = "supportive"\n')
    return load_scenario(path)


@pytest.fixture(scope="module")
def members(tiny):
    return run_ensemble(tiny, 5, seed=6)


@pytest.fixture(scope="module")
def swept(tiny):
    return sweep(tiny, latin_hypercube(RANGES, 4, seed=3), 2, seed=6, chunk_size=4)


def _same_design(a, b):
    assert a.kind == b.kind and a.seed == b.seed and a.options == b.options
    assert a.table.equals(b.table)
    assert {k: tuple(v) for k, v in a.ranges.items()} == {k: tuple(v) for k, v in b.ranges.items()}
    assert np.array_equal(a.unit, b.unit)


@pytest.mark.parametrize("format", ["parquet", "csv"])
def test_ensemble_round_trip(members, tmp_path, format):
    folder = save(members, tmp_path / "ens", format=format)
    back = load(folder)
    assert isinstance(back, EnsembleResult)
    assert back.seed == 6 and back.members == 5
    assert back.scenario.to_dict() == members.scenario.to_dict()
    assert np.array_equal(back.values, members.values, equal_nan=True)
    assert back.metrics.equals(members.metrics)
    assert back.summary.equals(members.summary)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["package_version"] == scenarios.__version__
    assert manifest["storage"] == format and manifest["kind"] == "ensemble"
    assert (folder / "tiny.toml").is_file()
    assert (folder / f"metrics/part-00000.{format}").is_file()


@pytest.mark.parametrize("format", ["parquet", "csv"])
def test_sweep_round_trip_in_memory_and_streamed(tiny, swept, tmp_path, format):
    back = load(save(swept, tmp_path / "saved", format=format))
    assert isinstance(back, SweepResult) and back.members_per_point == 2 and back.seed == 6
    _same_design(back.design, swept.design)
    assert back.metrics.equals(swept.metrics)
    assert back.summary.equals(swept.summary)
    assert back.outcomes("bipolarity").equals(swept.outcomes("bipolarity"))
    streamed = sweep(tiny, swept.design, 2, seed=6, chunk_size=2, out=tmp_path / "s", format=format)
    assert streamed.values is None and streamed.path == tmp_path / "s"
    assert streamed.metrics.equals(swept.metrics)
    assert streamed.summary.equals(swept.summary)
    assert len(list((tmp_path / "s" / "metrics").iterdir())) == 4  # one part per chunk
    copied = load(save(streamed, tmp_path / "copy", format=format))
    # outcomes() of a folder reads only the cells it needs, part by part
    picked = ["bipolarity", "dprk_restraint@2025Q1"]
    assert copied.outcomes(picked, statistic="q95").equals(swept.outcomes(picked, statistic="q95"))
    assert "summary" not in copied.__dict__
    assert copied.metrics.equals(swept.metrics)


def test_csv_is_the_fallback_without_pyarrow(members, tmp_path, monkeypatch):
    parquet = save(members, tmp_path / "pq")
    monkeypatch.setattr(files, "_has_pyarrow", lambda: False)
    folder = save(members, tmp_path / "plain")
    assert json.loads((folder / "manifest.json").read_text())["storage"] == "csv"
    assert load(folder).summary.equals(members.summary)
    with pytest.raises(ResultsError, match=r"part-00000.parquet: reading Parquet needs pyarrow"):
        load(parquet).metrics  # noqa: B018
    with pytest.raises(ResultsError, match="format 'parquet' needs pyarrow"):
        save(members, tmp_path / "again", format="parquet")


def test_save_replaces_earlier_results_but_never_other_folders(members, tmp_path):
    folder = save(members, tmp_path / "r")
    save(members, folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]
    other = tmp_path / "notes"
    other.mkdir()
    (other / "thesis.txt").write_text("keep me")
    with pytest.raises(ResultsError, match="notes: exists and is not a results folder"):
        save(members, other)
    assert (other / "thesis.txt").read_text() == "keep me"


def test_an_interrupted_streamed_sweep_leaves_earlier_results_and_no_debris(
    tiny, swept, tmp_path, monkeypatch
):
    folder = save(swept, tmp_path / "r")
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    real = evaluate._run_task

    def fail_second(task):
        if task.first_member > 0:
            raise KeyboardInterrupt
        return real(task)

    monkeypatch.setattr(evaluate, "_run_task", fail_second)
    with pytest.raises(KeyboardInterrupt):
        sweep(tiny, swept.design, 2, seed=6, chunk_size=2, out=folder)
    after = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


def _corrupt(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_corrupted_table_fails_with_its_name(swept, tmp_path):
    folder = save(swept, tmp_path / "r")
    part = folder / "metrics" / "part-00000.parquet"
    _corrupt(part)
    with pytest.raises(ResultsError) as error:
        load(folder)
    assert str(error.value) == (
        f"{part}: contents do not match the checksum in {folder / 'manifest.json'}; the file "
        "is corrupted or from another run"
    )


def test_a_table_from_another_run_is_a_mismatch(members, tiny, tmp_path):
    first = save(members, tmp_path / "a")
    second = save(run_ensemble(tiny, 5, seed=7), tmp_path / "b")
    (first / "metrics" / "part-00000.parquet").write_bytes(
        (second / "metrics" / "part-00000.parquet").read_bytes()
    )
    with pytest.raises(ResultsError, match=r"part-00000\.parquet: contents do not match"):
        load(first)


def test_a_manifest_that_does_not_match_its_tables_fails(members, tmp_path):
    folder = save(members, tmp_path / "r", format="csv")
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["members"] = 6
    manifest_path.write_text(json.dumps(manifest))
    # the counts are checked against each other before any table is read
    counts = r"metrics: \d+ rows listed in .*manifest.json; its members and layout make \d+"
    with pytest.raises(ResultsError, match=counts):
        load(folder)
    manifest["members"] = 5
    manifest["files"]["metrics/part-00000.csv"]["rows"] += 1
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(ResultsError, match=counts):
        load(folder)


def test_a_sweep_manifest_that_does_not_match_its_design_fails(swept, tmp_path):
    folder = save(swept, tmp_path / "r")
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["members_per_point"] = 3
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(ResultsError) as error:
        load(folder)
    cells = int(swept.layout.recorded.sum())
    assert str(error.value).startswith(f"{folder / 'metrics'}: {4 * 2 * cells} rows listed in ")
    assert str(error.value).endswith(f"its design and layout make {4 * 3 * cells}")


def test_a_table_with_foreign_columns_fails(members, tmp_path):
    folder = save(members, tmp_path / "r", format="csv")
    part = folder / "metrics" / "part-00000.csv"
    pd.read_csv(part).rename(columns={"value": "v"}).to_csv(part, index=False)
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"]["metrics/part-00000.csv"]["sha256"] = files._sha256(part)
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(ResultsError, match="columns member, quarter, metric, v; expected"):
        load(folder)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda text: text[: len(text) // 2], "manifest.json: not valid JSON"),
        (lambda text: "[]", "manifest.json: not an alignment-scenarios results manifest"),
        (lambda text: text.replace('"format_version": 1', '"format_version": 99'), "newer"),
        (lambda text: text.replace('"seed": 6', '"seed": "6"'), "seed: missing or not a int"),
        (lambda text: text.replace('"kind": "ensemble"', '"kind": "run"'), "kind 'run'"),
    ],
)
def test_a_broken_manifest_fails_with_its_name(members, tmp_path, edit, message):
    folder = save(members, tmp_path / "r")
    manifest = folder / "manifest.json"
    manifest.write_text(edit(manifest.read_text()))
    with pytest.raises(ResultsError, match=message) as error:
        load(folder)
    assert str(manifest) in str(error.value)


def test_missing_results_and_missing_files(members, tmp_path):
    with pytest.raises(ResultsError, match="no saved results here"):
        load(tmp_path / "nothing")
    folder = save(members, tmp_path / "r")
    (folder / "summary" / "part-00000.parquet").unlink()
    with pytest.raises(ResultsError, match=r"summary/part-00000.parquet: missing"):
        load(folder)
