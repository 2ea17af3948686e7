"""``scenarios calibrate`` and the posterior it writes, loaded by ``scenarios.posterior``."""

import json
import sys

import pytest

import scenarios
from scenarios.calibration.posterior import DRAWS, MANIFEST
from scenarios.cli import main
from scenarios.errors import ResultsError, ScenariosError

SMALL = ["--param", "deterrence.reaction", "--statistic", "milex_usd_bn", "--rounds", "1"]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    pytest.importorskip("pyabc")
    out = tmp_path_factory.mktemp("calibrate") / "posterior"
    assert main(["calibrate", *SMALL, "--draws", "12", "--seed", "3", "--out", str(out)]) == 0
    return out


def test_calibrate_writes_a_posterior_that_loads(written):
    draws, manifest = scenarios.posterior(written)
    assert list(draws.columns) == ["weight", "deterrence.reaction"]
    assert len(draws) == 12 and draws["weight"].sum() == pytest.approx(1)
    assert manifest["seed"] == 3 and manifest["model_version"] == scenarios.__version__
    assert len(manifest["fit_set_hash"]) == 64
    assert manifest["statistics"] == ["milex_usd_bn"]
    assert manifest["record"] == "data/observed"


def test_calibrate_is_bit_identical_for_a_seed(written, tmp_path):
    again = tmp_path / "again"
    assert main(["calibrate", *SMALL, "--draws", "12", "--seed", "3", "--out", str(again)]) == 0
    assert (again / DRAWS).read_bytes() == (written / DRAWS).read_bytes()


def test_the_shipped_posterior_loads_or_its_absence_is_said():
    if (scenarios.data_dir() / "posterior" / MANIFEST).is_file():
        draws, _ = scenarios.posterior()
        assert draws["weight"].sum() == pytest.approx(1)
        return
    with pytest.raises(ScenariosError, match=r"^no posterior in data/posterior/") as error:
        scenarios.posterior()
    assert "\n" not in str(error.value)


def test_a_corrupted_or_foreign_posterior_is_refused(written, tmp_path):
    import shutil

    altered = tmp_path / "altered"
    shutil.copytree(written, altered)
    text = (altered / DRAWS).read_text()
    (altered / DRAWS).write_text(text.replace("0.", "1.", 1))
    with pytest.raises(ResultsError, match="altered or corrupted"):
        scenarios.posterior(altered)
    other = tmp_path / "other"
    shutil.copytree(written, other)
    manifest = json.loads((other / MANIFEST).read_text())
    manifest["model_version"] = "0.0.1-other"
    (other / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(ResultsError, match=r"'model_version' is '0\.0\.1-other'"):
        scenarios.posterior(other)
    with pytest.raises(ResultsError, match="not found"):
        scenarios.posterior(tmp_path / "missing")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--param", "alignment.decai"], "parameter 'alignment.decai' has no prior range"),
        (["--statistic", "unga_votes"], "statistic 'unga_votes' is unknown"),
        (["--param", "deterrence.reach_floor"], "cannot vary by draw"),
    ],
)
def test_bad_input_gets_one_line_and_writes_nothing(tmp_path, capsys, extra, message):
    pytest.importorskip("pyabc")
    out = tmp_path / "posterior"
    assert main(["calibrate", "--draws", "5", "--out", str(out), *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_foreign_folder_is_refused_before_the_fit(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["calibrate", "--draws", "5", "--out", str(tmp_path)]) == 2
    assert "notes.txt" not in capsys.readouterr().out
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_without_the_extra_the_error_names_the_install(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "pyabc", None)
    assert main(["calibrate", "--out", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert 'needs the optional package pyabc: pip install "alignment-scenarios[calibration]"' in err


def test_an_interrupted_fit_resumes_after_its_kept_rounds_bit_identical(
    written, tmp_path, monkeypatch
):
    from scenarios.calibration.checkpoint import Checkpoint

    out = tmp_path / "posterior"
    args = ["calibrate", *SMALL[:-1], "2", "--draws", "12", "--seed", "3", "--out", str(out)]
    whole = tmp_path / "whole"
    assert main([*args[:-1], str(whole)]) == 0
    assert not (tmp_path / ".whole.rounds").exists()  # removed once the posterior is written
    save = Checkpoint.save

    def save_then_stop(self, one):
        save(self, one)
        raise KeyboardInterrupt

    monkeypatch.setattr(Checkpoint, "save", save_then_stop)
    assert main(args) == 130
    assert not out.exists()
    assert sorted(p.name for p in (tmp_path / ".posterior.rounds").iterdir()) == [
        "round-0.npz",
        "settings.json",
    ]
    monkeypatch.setattr(Checkpoint, "save", save)
    assert main(args) == 0
    assert (out / DRAWS).read_bytes() == (whole / DRAWS).read_bytes()
    assert not (tmp_path / ".posterior.rounds").exists()


def test_workers_give_the_same_posterior(written, tmp_path):
    out = tmp_path / "pooled"
    assert main(["calibrate", *SMALL, "--draws", "12", "--seed", "3", "--workers", "2",
                 "--chunk-size", "5", "--out", str(out)]) == 0  # fmt: skip
    assert (out / DRAWS).read_bytes() == (written / DRAWS).read_bytes()


def test_scenarios_posterior_shows_the_checks(written, capsys):
    assert main(["posterior", str(written), "--members", "10", "--correlations", "3"]) == 0
    out = capsys.readouterr().out
    assert "prior against posterior (" in out and "deterrence.reaction" in out
    assert "coverage of the 90 % predictive intervals, test set, 10 members each" in out
    for source in ("default", "prior", "posterior"):
        assert source in out.split("coverage of")[1]


def test_scenarios_posterior_refuses_a_folder_without_one_in_one_line(tmp_path, capsys):
    assert main(["posterior", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "not found; not a posterior folder" in err and "\n" not in err


def test_a_dask_cluster_gives_the_same_posterior(written, tmp_path):
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    from scenarios.experiments.evaluate import DASK_WORKER_CONFIG

    out = tmp_path / "dask"
    with (
        dask.config.set(DASK_WORKER_CONFIG),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=40,
        ) as cluster,
    ):  # fmt: skip
        args = ["calibrate", *SMALL, "--draws", "12", "--seed", "3", "--chunk-size", "4"]
        assert main([*args, "--scheduler", cluster.scheduler_address, "--out", str(out)]) == 0
    assert (out / DRAWS).read_bytes() == (written / DRAWS).read_bytes()
