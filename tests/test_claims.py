"""The claims table: the claims as data, the verdict rule, shared runs, the command."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from scenarios.cli import main
from scenarios.experiments import attribution
from scenarios.experiments.attribution import COMPONENTS, Attribution
from scenarios.experiments.claims import (
    CLAIMS,
    UNIT_INTERVAL,
    VERDICTS,
    Claim,
    claims_markdown,
    claims_table,
    halves,
    member_check,
    verdict,
)
from scenarios.metrics import METRICS
from scenarios.model import MECHANISMS
from scenarios.scenario import list_scenarios, load_scenario

MEMBERS = 2


@pytest.fixture(scope="module")
def counted():
    """The table with 2 members, and the number of runs it took."""
    calls = []
    original = attribution.simulate_records

    def counting(*args, **kwargs):
        calls.append(args[0].name)
        return original(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(attribution, "simulate_records", counting)
        table = claims_table(MEMBERS, 0)
    return table, calls


def test_every_article_claim_is_read_as_a_shipped_comparison():
    keys = [claim.key for claim in CLAIMS]
    assert len(set(keys)) == len(keys)
    assert sorted({key.rstrip("ab") for key in keys}, key=int) == [str(n) for n in range(1, 10)]
    shipped = set(list_scenarios()["name"])
    for claim in CLAIMS:
        assert {claim.scenario, claim.against} <= shipped
        assert claim.sign in (1, -1)
        a, b = (load_scenario(name) for name in claim.comparison)
        assert a.actors == b.actors
        pair = claim.metric.split("-")
        assert claim.metric in METRICS or (len(pair) == 2 and set(pair) <= set(a.actors))


def test_the_unit_interval_metrics_are_those_whose_unit_says_so():
    bounded = {
        name
        for name, spec in METRICS.items()
        if "[0, 1]" in spec.unit or spec.unit.startswith("share")
    }
    assert set(UNIT_INTERVAL) == bounded


def _result(effect, reference=1.0, fixed=0.0):
    """An attribution whose members differ by ``effect``, ``fixed`` of it built in."""
    effect = np.asarray(effect, dtype=float)
    shares = np.zeros((len(COMPONENTS), len(effect)))
    shares[1] = fixed * effect
    shares[-1] = (1 - fixed) * effect
    values = np.vstack([reference + effect, np.full_like(effect, reference)])
    return Attribution(
        ("a", "b"), "m", "2030Q1", "2024Q2", 0, tuple(range(len(effect))), shares, values, values
    )


PLUS = Claim("0", "test", "a", "b", "rus_prk_cohesion", +1, "")
MINUS = Claim("0", "test", "a", "b", "rus_prk_cohesion", -1, "")
BOUNDED = Claim("0", "test", "a", "b", "bipolarity", +1, "")
SPREAD = np.linspace(0.0, 1.0, 11)


@pytest.mark.parametrize(
    ("claim", "result", "word"),
    [
        (PLUS, _result(-0.5 - SPREAD), "contradicted"),
        (MINUS, _result(0.5 + SPREAD), "contradicted"),
        # a band around zero is not robust, even when the median is large
        (PLUS, _result(SPREAD * 4 - 0.5), "not robust"),
        (MINUS, _result(-0.5 - SPREAD), "supported"),
        # 5 % of the second branch's median (2.0) is 0.1: a median of 0.05 is small
        (PLUS, _result(0.04 + SPREAD / 50, reference=2.0), "small"),
        (PLUS, _result(0.04 + SPREAD / 50, reference=-2.0), "small"),
        (PLUS, _result(0.2 + SPREAD / 50, reference=2.0), "supported"),
        # a [0, 1] metric is small below 0.02 whatever its level
        (BOUNDED, _result(0.01 + SPREAD / 500, reference=0.1), "small"),
        (BOUNDED, _result(0.03 + SPREAD / 500, reference=0.9), "supported"),
        (PLUS, _result(1 + SPREAD, fixed=0.5), "built in"),
        (PLUS, _result(1 + SPREAD, fixed=0.49), "supported"),
    ],
)
def test_the_verdict_rule_in_its_order(claim, result, word):
    assert verdict(claim, result) == word


def test_the_halves_are_judged_apart():
    # 11 members: the first 6 and the last 5, each judged as a whole ensemble
    robust = _result(1 + SPREAD)
    assert halves(PLUS, robust) == ("supported", "supported")
    assert member_check("supported", halves(PLUS, robust)) == "stable"
    # bimodal: half the members carry a large effect, half almost none; the whole
    # ensemble's median falls in one mode, each half's in its own
    bimodal = _result(np.r_[np.full(6, 0.5) + SPREAD[:6] / 10, np.full(5, 0.01) + SPREAD[:5] / 1e3])
    split = halves(PLUS, bimodal)
    assert split == ("supported", "small")
    assert member_check(verdict(PLUS, bimodal), split) == "changes"
    # halves of fewer than 2 members are not judged
    assert halves(PLUS, _result([1.0, 2.0, 3.0])) is None
    assert member_check("supported", None) == "n/a"
    assert halves(PLUS, _result([1.0, 2.0, 3.0, 4.0])) == ("supported", "supported")


def test_one_set_of_coalition_runs_per_comparison(counted):
    _, calls = counted
    comparisons = {claim.comparison for claim in CLAIMS}
    coalitions = 1 << len(MECHANISMS)
    assert len(calls) == len(comparisons) * 2 * coalitions
    for comparison in comparisons:
        for name in comparison:
            assert calls.count(name) == coalitions * sum(name in c for c in comparisons)


def test_the_table_has_one_row_per_claim(counted):
    table, _ = counted
    assert list(table["key"]) == [claim.key for claim in CLAIMS]
    assert set(table["verdict"]) <= set(VERDICTS)
    assert (table["effect_q10"] <= table["effect"]).all()
    assert (table["effect"] <= table["effect_q90"]).all()
    assert set(COMPONENTS) <= set(table.columns)
    note = table.set_index("key").loc["8", "note"]
    assert "built in by construction" in note
    text = claims_markdown(table)
    assert text.count("\n") == len(CLAIMS) + 1
    assert text.startswith("| # | claim | comparison |")
    assert text.splitlines()[0].endswith("| verdict | halves |")
    # with 2 members the halves hold one member each: too few to judge
    assert set(table["members_check"]) == {"n/a"} and set(table["halves"]) == {"n/a"}


def test_the_command_prints_the_table(counted, monkeypatch, capsys):
    table, _ = counted
    monkeypatch.setattr("scenarios.experiments.claims.claims_table", lambda m, s, parameters: table)
    assert main(["claims", "--members", "2"]) == 0
    captured = capsys.readouterr()
    assert "verdict" in captured.out.splitlines()[0]
    assert len(captured.out.splitlines()) == len(CLAIMS) + 1
    assert f"of {len(CLAIMS)} verdicts change between the two halves" in captured.err
    assert "members 2, seed 0," in captured.err
    assert "members_check" in captured.out.splitlines()[0]
    assert main(["claims", "--csv"]) == 0
    read = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"key": str})
    assert list(read["key"]) == list(table["key"])
    assert main(["claims", "--markdown"]) == 0
    assert capsys.readouterr().out == claims_markdown(table) + "\n"


def test_the_command_refuses_bad_input_in_one_line(capsys):
    assert main(["claims", "--members", "none"]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("error: argument --members: 'none' not allowed")
    assert captured.err.count("\n") == 1


def test_the_markdown_flags_a_verdict_that_changes(counted):
    table, _ = counted
    flagged = table.assign(
        halves=["supported / small", *["small / small"] * (len(table) - 1)],
        members_check=["changes", *["stable"] * (len(table) - 1)],
    )
    rows = claims_markdown(flagged).splitlines()[2:]
    assert rows[0].endswith("| **changes**: supported / small |")
    assert rows[1].endswith("| stable: small / small |")
