"""``scenarios validate-model``: prints every check of the scorecard with its kind and skill,
the landscape's rule table, and a summary counting data checks apart; exit 0."""

import importlib
import io

import pandas as pd
import pytest

from scenarios.cli import main
from scenarios.validation.scorecard import COLUMNS, scorecard
from scenarios.validation.skill import STATUSES


@pytest.fixture(scope="module")
def table():
    return scorecard(members=2, seed=0)


def test_scorecard_has_every_section(table):
    assert list(table.columns) == list(COLUMNS)
    assert set(table["pass/fail"]) <= set(STATUSES)
    assert set(table["kind"]) == {"theory", "data"}
    data = table[table["kind"] == "data"]
    assert data["persistence"].str.len().min() > 0 and data["skill"].str.len().min() > 0
    theory = table[table["kind"] == "theory"]
    assert (theory["skill"] == "").all() and set(theory["pass/fail"]) <= {"pass", "fail", "n/a"}
    assert table["check"].str.startswith("Richardson").sum() == (
        theory["check"].str.startswith("Richardson").sum()
    )
    checks = " ".join(table["check"])
    for word in ("Landscape", "Richardson", "Structural balance", "Stylized fact", "replay"):
        assert word in checks
    assert table["published"].str.len().min() > 0 and table["simulated"].str.len().min() > 0


def test_cli_prints_every_check(capsys, table):
    assert main(["validate-model", "--members", "2", "--seed", "0"]) == 0
    out, err = capsys.readouterr()
    for check in table["check"]:
        assert check in out
    assert sum(out.count(f"[{s:^11}]") for s in STATUSES) == len(table)
    assert " data " in out and " theory " in out and "persistence:" in out
    assert "Landscape 1936 against chance" in out and "without government" in out
    assert err.startswith("data checks (") and "; theory checks (" in err
    assert "cannot fail" in err and "checks, members 2, seed 0" in err


def test_cli_csv(capsys, monkeypatch, table):
    # The scorecard itself ran end to end above; here only the CSV output is at stake.
    module = importlib.import_module("scenarios.validation.scorecard")
    monkeypatch.setattr(module, "scorecard", lambda members, seed, parameters: table)
    assert main(["validate-model", "--members", "1", "--csv"]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[0] == ",".join(COLUMNS)
    assert len(pd.read_csv(io.StringIO(out))) == len(table)


def test_bad_members_is_one_line_error(capsys):
    assert main(["validate-model", "--members", "0"]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "members 0: expected an integer >= 1" in err
