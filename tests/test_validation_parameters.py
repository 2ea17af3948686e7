"""Where the scorecard's members take their parameters: the registry defaults give the table
the scorecard gave before it drew from the posterior; with a posterior every model run and
its mechanism-off null run with the same draws (paired), the switch's own values winning."""

import numpy as np
import pandas as pd
import pytest

from scenarios.cli import main
from scenarios.errors import ScenariosError
from scenarios.validation import replay, sanity, stylized
from scenarios.validation.balance import balance_check
from scenarios.validation.landscape import landscape_check
from scenarios.validation.nulls import landscape_skill, replay_skill, sanity_skill, stylized_skill
from scenarios.validation.replay import replay_check, replay_comparison, replay_results
from scenarios.validation.richardson import richardson_check
from scenarios.validation.sanity import sanity_check, sanity_runs, sanity_table
from scenarios.validation.scorecard import COLUMNS, _rows, member_draws, scorecard
from scenarios.validation.skill import SWITCHES
from scenarios.validation.stylized import stylized_check, stylized_facts, stylized_values

MEMBERS = 2


def _before_the_posterior(members: int, seed: int) -> pd.DataFrame:
    """The scorecard as it was composed before it drew parameters: no draws anywhere."""
    trunk = replay_results(members, seed)
    values = stylized_values(members, seed)
    runs = sanity_runs(min(members, sanity.MEMBERS), seed)
    parts = [
        (landscape_check(), landscape_skill()),
        (richardson_check(), None),
        (balance_check(seed=seed), None),
        (
            stylized_check(values=values),
            stylized_skill(stylized_facts(values=values), trunk, members, seed),
        ),
        (
            replay_check(results=trunk),
            replay_skill(replay_comparison(results=trunk), members, seed),
        ),
        (
            sanity_check(results=runs),
            sanity_skill(sanity_table(results=runs), runs, min(members, sanity.MEMBERS), seed),
        ),
    ]
    table = pd.concat([_rows(t, s) for t, s in parts], ignore_index=True)
    return table[list(COLUMNS)]


def test_default_parameters_give_the_table_of_before():
    assert member_draws("default", 0, MEMBERS) is None
    pd.testing.assert_frame_equal(
        scorecard(MEMBERS, 0, parameters="default"), _before_the_posterior(MEMBERS, 0)
    )


def test_a_switch_keeps_the_draws_and_wins_over_them():
    drawn = {"deterrence.reaction": np.array([0.1, 0.2]), "deterrence.fatigue": np.array([1, 2])}
    null = SWITCHES["rok_spending"].over(drawn)
    assert null["deterrence.reaction"] == 0.0
    assert null["deterrence.fatigue"] is drawn["deterrence.fatigue"]
    assert SWITCHES["supplier_share"].over(None) == {}


@pytest.fixture(scope="module")
def calls():
    """Every ensemble the posterior scorecard runs: (members, its parameter overrides)."""
    seen = []
    with pytest.MonkeyPatch.context() as patch:
        for module in (replay, sanity, stylized):

            def spy(*args, real=module.simulate, **kwargs):
                seen.append((kwargs["members"], dict(kwargs["params_override"] or {})))
                return real(*args, **kwargs)

            patch.setattr(module, "simulate", spy)
        real = stylized.resolve_params

        def resolve(parameters, levers, overrides, members, **kwargs):
            seen.append((members, dict(overrides or {})))
            return real(parameters, levers, overrides, members, **kwargs)

        patch.setattr(stylized, "resolve_params", resolve)  # the sanctions-cost runs
        table = scorecard(MEMBERS, 0, parameters="posterior")
    return table, seen


def test_every_run_and_its_null_share_the_members_draws(calls):
    table, seen = calls
    assert list(table.columns) == list(COLUMNS)
    drawn = member_draws("posterior", 0, MEMBERS)
    switched = {key for switch in SWITCHES.values() for key in switch.overrides}
    nulls = []
    for members, overrides in seen:
        off = {k for k in switched & set(overrides) if np.isscalar(overrides[k])}
        for key, values in drawn.items():
            if key not in off:  # a null's switch wins over the draw; the rest is the draw
                assert np.array_equal(overrides[key], values[:members]), key
        nulls += [overrides] if off else []
    assert 0 < len(nulls) < len(seen)
    # e.g. the spending checks' nulls: reaction 0, every other drawn rate the member's own
    assert any(np.isscalar(o["deterrence.reaction"]) for o in nulls)


def test_a_member_draws_as_in_any_ensemble():
    drawn = member_draws("posterior", 3, MEMBERS)
    by_engine = replay_results(MEMBERS, 3, parameters="posterior")
    by_scorecard = replay_results(MEMBERS, 3, drawn)
    pd.testing.assert_frame_equal(by_engine.states, by_scorecard.states)
    assert by_engine.parameters == "posterior"


def test_a_bad_parameter_source_is_one_line(capsys, tmp_path):
    with pytest.raises(ScenariosError, match=r"^parameters: 'priors' is not allowed"):
        scorecard(1, 0, parameters="priors")
    for bad in ("priors", str(tmp_path)):
        assert main(["validate-model", "--members", "1", "--parameters", bad]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and err.startswith("error: ")
