"""Mechanism attribution: exact decomposition, Shapley properties, one-line errors."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from scenarios.cli import main
from scenarios.errors import ScenariosError
from scenarios.experiments import attribution
from scenarios.experiments.attribution import (
    COMPONENTS,
    FIXED,
    attribute,
    attributions,
    shapley,
)
from scenarios.mechanisms import STEPS
from scenarios.model import MECHANISMS, NOTHING_OFF, Switches, simulate
from scenarios.quarters import format_quarter, parse_quarter
from scenarios.scenario import list_scenarios, load_scenario

SMALL = """description = "A smaller world."
[world]
actors = ["USA", "CHN", "RUS", "PRK", "JPN", "KOR"]
branch = "{branch}"
horizon_quarters = {horizon}
{levers}"""

EXACT = 1e-12


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Two small-world branches: A at 2024Q2, B at 2024Q1 with another lever."""
    folder = tmp_path_factory.mktemp("small")
    a, b = folder / "small_a.toml", folder / "small_b.toml"
    a.write_text(SMALL.format(branch="2024Q2", horizon=8, levers=""))
    b.write_text(
        SMALL.format(branch="2024Q1", horizon=9, levers="[levers]\nsecondary_sanctions = 0.5\n")
    )
    return a, b


@pytest.fixture(scope="module")
def split(small):
    # bipolarity is recorded with the blocs, here every 2 quarters (the branch is 10 quarters
    # from the start, the end 18): the other targets' quarters need not be bloc records
    targets = [("rus_prk_cohesion", "2025Q3"), ("bipolarity", None), ("RUS-JPN", "2024Q2")]
    return attributions(*small, targets, members=4, seed=2)


def test_the_parts_add_up_to_the_difference_member_by_member(split):
    for result in split:
        assert result.shares.shape == (len(COMPONENTS), 4)
        assert np.abs(result.shares.sum(axis=0) - result.effect).max() <= EXACT
        table = result.table
        assert len(table) == len(COMPONENTS) * 4
        by_member = table.groupby("member")["share"].sum().to_numpy()
        assert np.abs(by_member - result.effect).max() <= EXACT


def test_the_later_branch_carries_the_initial_state(split):
    cohesion, bipolarity, at_branch = split
    assert {r.branch for r in split} == {"2024Q2"}
    assert (cohesion.at, bipolarity.at, at_branch.at) == ("2025Q3", "2026Q2", "2024Q2")
    # B left the trunk a quarter earlier, so the two already differ at A's branch
    assert np.abs(cohesion.shares[0]).max() > 0
    # at the branch quarter itself the whole difference is the initial state
    assert np.array_equal(at_branch.shares[0], at_branch.effect)
    assert not at_branch.shares[1:].any()


def test_the_summary_and_built_in_share(split):
    result = split[0]
    summary = result.summary.set_index("component")
    assert list(summary.index) == [*COMPONENTS, "total"]
    assert summary.loc["total", "median"] == pytest.approx(np.median(result.effect))
    assert (summary["q10"] <= summary["median"]).all()
    assert (summary["median"] <= summary["q90"]).all()
    fixed = result.shares[: len(FIXED)].sum(axis=0)
    assert np.allclose(result.built_in, fixed / result.effect)
    assert result.built_in_share == pytest.approx(np.median(fixed / result.effect))


def test_a_subset_of_members_is_the_same_split_cut(split):
    result = split[0]
    half = result.subset([1, 3])
    assert half.members == (result.members[1], result.members[3])
    assert np.array_equal(half.shares, result.shares[:, [1, 3]])
    assert np.array_equal(half.effect, result.effect[[1, 3]])
    assert np.array_equal(half.start_values, result.start_values[:, [1, 3]])
    assert (half.metric, half.at, half.branch) == (result.metric, result.at, result.branch)


def test_the_same_members_give_the_same_split(small):
    once = attribute(*small, "rus_prk_cohesion", "2025Q2", members=4, seed=2)
    again = attribute(*small, "rus_prk_cohesion", "2025Q2", members=4, seed=2, threads=1)
    assert np.array_equal(once.shares, again.shares)


def test_a_mechanism_that_does_nothing_gets_nothing(small, monkeypatch):
    # arms replaced by a step that returns its state: a null player in every coalition
    idle = tuple((name, (lambda s, w, p, n: s) if name == "arms" else step) for name, step in STEPS)
    monkeypatch.setattr("scenarios.model.switches.STEPS", idle)
    result = attribute(*small, "rus_prk_cohesion", "2025Q2", members=3, seed=1)
    assert not result.shares[COMPONENTS.index("arms")].any()
    assert np.abs(result.shares.sum(axis=0) - result.effect).max() <= EXACT


# -- the Shapley values themselves ----------------------------------------------------------


def _game(worth, k=4):
    return np.array([worth({i for i in range(k) if c >> i & 1}) for c in range(1 << k)])


def test_shapley_of_an_additive_game_is_each_players_own_worth():
    own = np.array([0.3, -1.0, 2.5, 0.0])
    shares = shapley(_game(lambda s: sum(own[i] for i in s)))
    assert np.allclose(shares, own)


def test_shapley_symmetry_null_player_and_efficiency():
    # players 0 and 1 are interchangeable, player 3 adds nothing to any coalition
    def worth(s):
        pair = len(s & {0, 1})
        return 1.0 * pair**2 + 3.0 * (2 in s) * pair - 0.5 * (2 in s)

    values = _game(worth)
    shares = shapley(values)
    assert shares[0] == pytest.approx(shares[1])
    assert shares[3] == 0.0
    assert shares.sum() == pytest.approx(values[-1] - values[0])


def test_shapley_carries_member_axes():
    rng = np.random.default_rng(0)
    values = rng.normal(size=(8, 5))
    shares = shapley(values)
    assert shares.shape == (3, 5)
    assert np.abs(shares.sum(axis=0) - (values[-1] - values[0])).max() <= EXACT
    for m in range(5):
        assert np.allclose(shares[:, m], shapley(values[:, m]))
    # mean marginal contribution over the 3! orders, computed the long way
    orders = list(itertools.permutations(range(3)))
    brute = np.zeros((3, 5))
    for order in orders:
        coalition = 0
        for player in order:
            brute[player] += values[coalition | 1 << player] - values[coalition]
            coalition |= 1 << player
    assert np.allclose(shares, brute / len(orders))
    with pytest.raises(ValueError, match="not a power of two"):
        shapley(values[:6])


def test_components_are_the_fixed_parts_then_the_mechanisms():
    assert ("initial state", "inputs", *MECHANISMS) == COMPONENTS


# -- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"metric": "rus_prk_cohesian"},
            "attribute: metric 'rus_prk_cohesian': unknown (did you mean rus_prk_cohesion,",
        ),
        ({"metric": "RUS-XYZ"}, "attribute: metric 'RUS-XYZ': XYZ not in the world"),
        ({"metric": "RUS-RUS"}, "attribute: metric 'RUS-RUS': a state with itself"),
        (
            {"at": "2024Q1"},
            "attribute: at: 2024Q1 is outside both runs' common part; allowed: a quarter "
            "from 2024Q2 (the later branch) to 2034Q2 (the earlier end)",
        ),
        ({"at": "2040Q1"}, "attribute: at: 2040Q1 is outside both runs' common part"),
        ({"at": "soon"}, "attribute: at: expected a quarter like 2030Q1, got 'soon'"),
        ({"members": 0}, "attribute: members: expected a whole number from 1"),
        ({"seed": -1}, "attribute: seed: expected a whole number >= 0"),
    ],
)
def test_bad_input_gets_one_line(kwargs, message):
    arguments = {"metric": "rus_prk_cohesion", "members": 2, **kwargs}
    with pytest.raises(ScenariosError) as caught:
        attribute("pact_2024q2", "no_pact", **arguments)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_different_worlds_and_one_scenario_twice_are_refused(small):
    with pytest.raises(ScenariosError, match=r"^attribute: world.actors: small_a and baseline"):
        attribute("baseline", small[0], "rus_prk_cohesion")
    with pytest.raises(ScenariosError, match=r"^attribute: scenarios: no_pact is given twice"):
        attribute("no_pact", "no_pact", "rus_prk_cohesion")


def test_a_metric_whose_states_are_not_in_the_world(tmp_path):
    files = []
    for name, branch in (("tiny_a", "2024Q3"), ("tiny_b", "2024Q2")):
        path = tmp_path / f"{name}.toml"
        path.write_text(
            'description = "Two states."\n[world]\nactors = ["RUS", "PRK"]\n'
            f'branch = "{branch}"\nhorizon_quarters = 1\n'
        )
        files.append(path)
    with pytest.raises(ScenariosError, match=r"^attribute: metric 'trilateral_cohesion': its"):
        attribute(*files, "trilateral_cohesion", members=1)


# -- every pair of shipped branches ---------------------------------------------------------

SHORT_END = "2026Q3"
"""Every shipped run is cut to end here (two quarters past the latest branch, 2026Q1), so
that every pair has a common part after its later branch and the 45 pairs stay quick."""

PAIR_TARGETS = (("rus_prk_cohesion", None), ("RUS-IRN", None))
"""A metric and a pair of states, read on every pair."""

BLOC_TARGET = ("bipolarity", None)
"""A bloc metric, whose records follow the pair's quarters: read on the first pair of each
later branch and common end (the bloc cadence depends on nothing else), as a bloc search
every quarter on all 45 pairs would take a minute."""


@pytest.fixture(scope="module")
def shipped():
    """Every shipped scenario (all of one world), cut at :data:`SHORT_END`."""
    end = parse_quarter(SHORT_END)
    loaded = {}
    for name in list_scenarios()["name"]:
        scenario = load_scenario(name)
        if scenario.end > end:
            scenario = dataclasses.replace(scenario, horizon=end - scenario.start)
        loaded[name] = scenario
    return loaded


@pytest.fixture(scope="module")
def shared_runs():
    """Memoise the coalition runs and coded facts: a scenario's 16 runs from one branch
    quarter serve every pair it is in with that later branch (runs are deterministic:
    tests/test_switches.py)."""
    runs, coded_facts = {}, {}
    simulate_records, code_facts = attribution.simulate_records, attribution.code_facts

    def run(
        scenario, seed, members, *, params_override, facts, blocs_every, pairs, record,
        threads, switches,
    ):  # fmt: skip
        key = (scenario.name, seed, members, blocs_every, tuple(pairs), tuple(record), switches)
        if params_override is not None:  # posterior draws: the memo's key leaves them out
            return simulate_records(
                scenario, seed, members, params_override=params_override, facts=facts,
                blocs_every=blocs_every, pairs=pairs, record=record, threads=threads,
                switches=switches,
            )  # fmt: skip
        if key not in runs:
            runs[key] = simulate_records(
                scenario, seed, members, facts=facts, blocs_every=blocs_every, pairs=pairs,
                record=record, threads=threads, switches=switches,
            )  # fmt: skip
        return runs[key]

    def coded(scenario):
        if scenario.name not in coded_facts:
            coded_facts[scenario.name] = code_facts(scenario)
        return coded_facts[scenario.name]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(attribution, "simulate_records", run)
        patch.setattr(attribution, "code_facts", coded)
        yield


def _plain(scenario, switches=NOTHING_OFF):
    """One scenario run as it is (no coalition machinery): metric -> quarter -> members."""
    results = simulate(
        scenario, seed=3, members=2, pairs=["RUS", "IRN"], record=("metrics", "relations"),
        switches=switches,
    )  # fmt: skip
    table = results.metrics.pivot_table(
        index=["metric", "quarter"], columns="member", values="value", observed=True
    )
    rel = results.relations[(results.relations["a"] == "RUS") & (results.relations["b"] == "IRN")]
    pair = rel.pivot_table(index="quarter", columns="member", values="affinity", observed=True)
    return {
        "rus_prk_cohesion": table.loc["rus_prk_cohesion"],
        "RUS-IRN": pair,
    }


@pytest.mark.usefixtures("shared_runs")
def test_every_pair_of_shipped_branches(shipped):
    names = sorted(shipped)
    assert len(names) >= 10
    plain = {name: _plain(shipped[name]) for name in names}
    inert: dict[tuple[str, str], dict] = {}
    pairs = list(itertools.combinations(names, 2))
    cadences = set()
    for a, b in pairs:
        branch = max(shipped[a].branch, shipped[b].branch)
        cadence = (branch, min(shipped[a].end, shipped[b].end))
        targets = PAIR_TARGETS if cadence in cadences else (*PAIR_TARGETS, BLOC_TARGET)
        cadences.add(cadence)
        # the default parameters: the algebra is the same for any, and runs are memoised
        results = attributions(
            shipped[a], shipped[b], targets, members=2, seed=3, parameters="default"
        )
        assert {r.branch for r in results} == {format_quarter(branch)}, (a, b)
        for result in results:
            where = (a, b, result.metric)
            # the parts add up to the whole difference, exactly, member by member
            assert result.shares.shape == (len(COMPONENTS), 2), where
            assert np.abs(result.shares.sum(axis=0) - result.effect).max() <= EXACT, where
            if result.metric == "bipolarity":
                continue  # recorded at the pair's own cadence (docs/attribution.md)
            # the full coalition is the model as it is, and the initial state is the
            # difference the plain runs show at the later branch
            for side, name in enumerate((a, b)):
                expected = plain[name][result.metric].loc[result.at].to_numpy()
                assert np.array_equal(result.values[side], expected), (*where, name)
            start = (
                plain[a][result.metric].loc[result.branch].to_numpy()
                - plain[b][result.metric].loc[result.branch].to_numpy()
            )
            assert np.array_equal(result.shares[0], start), where
            # the inputs are what the difference becomes with every mechanism off
            for name in (a, b):
                if (name, result.branch) not in inert:
                    off = Switches.off(MECHANISMS, branch)
                    inert[(name, result.branch)] = _plain(shipped[name], off)
            without = (
                inert[(a, result.branch)][result.metric].loc[result.at].to_numpy()
                - inert[(b, result.branch)][result.metric].loc[result.at].to_numpy()
            )
            assert np.allclose(result.shares[1], without - start, rtol=0, atol=EXACT), where
    # the twins differ by the treaty alone: it moves Russia-DPRK cohesion in every member
    twins = attribute(
        shipped["pact_2024q2"], shipped["no_pact"], "rus_prk_cohesion", members=2, seed=3
    )
    assert (twins.effect > 0).all()


# -- the command ---------------------------------------------------------------------------


def test_the_command_prints_the_split(small, capsys):
    a, b = (str(path) for path in small)
    argv = ["attribute", a, "--against", b, "--at", "2025Q2", "--members", "3"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "rus_prk_cohesion in 2025Q2: small_a minus small_b, 3 members paired member by member "
        "(seed 0); mechanisms switched off from 2024Q2"
    )
    rows = [line.split()[0] for line in out.splitlines()[2:9]]
    assert rows == ["initial", "inputs", *MECHANISMS, "total"]
    assert "built-in share (initial state + inputs" in out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--metric", "cohesion"], "error: attribute: metric 'cohesion': unknown"),
        (["--at", "2050Q1"], "error: attribute: at: 2050Q1 is outside both runs' common part"),
        (["--members", "0"], "error: argument --members: '0' not allowed"),
        (["--against", "nowhere"], "error: no scenario named 'nowhere'"),
    ],
)
def test_the_command_refuses_bad_input_in_one_line(argv, fragment, capsys):
    base = ["attribute", "pact_2024q2", "--against", "no_pact"]
    assert main([*base, *argv]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(fragment)
    assert captured.err.count("\n") == 1


def test_the_command_refuses_different_worlds_in_one_line(small, capsys):
    assert main(["attribute", "baseline", "--against", str(small[0]), "--members", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: attribute: world.actors: small_a and baseline are different")
    assert err.count("\n") == 1
