"""Mechanism switches: nothing off is the model as it is; off means the step does not run."""

from __future__ import annotations

import numpy as np
import pytest

from scenarios.errors import ScenarioError
from scenarios.model import simulate_records
from scenarios.model.switches import MECHANISMS, NOTHING_OFF, Switches, advance
from scenarios.quarters import parse_quarter
from scenarios.scenario import load_scenario
from scenarios.state import MemberStreams

SEED = 5
MEMBERS = 3


@pytest.fixture(scope="module")
def pact():
    return load_scenario("pact_2024q2")


@pytest.fixture(scope="module")
def reference(pact):
    return simulate_records(pact, SEED, MEMBERS)


def _arrays(records):
    return [
        records.states,
        records.relations,
        records.labels,
        *records.metrics.values(),
        *records.bloc_metrics.values(),
    ]


def _same(a, b) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(_arrays(a), _arrays(b), strict=True))


@pytest.mark.parametrize(
    "switches",
    [NOTHING_OFF, Switches.off([], "2024Q2"), Switches.off(MECHANISMS, "2040Q1")],
    ids=["default", "empty set", "after the run"],
)
def test_nothing_off_is_bit_identical(pact, reference, switches):
    assert _same(simulate_records(pact, SEED, MEMBERS, switches=switches), reference)


def test_switched_off_runs_agree_up_to_the_start_and_part_there(pact, reference):
    start = parse_quarter("2024Q2")
    off = simulate_records(pact, SEED, MEMBERS, switches=Switches.off(["alignment"], start))
    upto = off.quarters.index(start) + 1
    assert np.array_equal(off.states[:, :upto], reference.states[:, :upto])
    assert not np.array_equal(off.states[:, upto:], reference.states[:, upto:])


def test_everything_off_freezes_the_state_between_events():
    # the baseline has no event after its branch: with every mechanism off from the quarter
    # after it, each record repeats the one before (transfers are zeroed every quarter)
    baseline = load_scenario("baseline")
    start = baseline.branch + 1
    records = simulate_records(
        baseline, SEED, 2, switches=Switches.off(MECHANISMS, start), record=("states",)
    )
    first = records.quarters.index(start) + 1
    frozen = records.states[:, first:]
    assert np.array_equal(frozen, np.broadcast_to(frozen[:, :1], frozen.shape))


class _Counting:
    """A noise source that logs the shapes drawn."""

    def __init__(self, streams):
        self.streams, self.shapes = streams, []

    def normal(self, shape):
        self.shapes.append(shape)
        return self.streams.normal(shape)


def test_alignment_off_draws_the_same_noise(pact):
    from scenarios.model import build, resolve_params

    params = resolve_params(pact.parameters, pact.levers, None, 2, where="test")
    state, world = build(pact, params, 2)
    logs = []
    for off in (frozenset(), frozenset({"alignment"}), frozenset(MECHANISMS)):
        noise = _Counting(MemberStreams(SEED, [0, 1]))
        for _ in range(3):
            advance(state, world, params, noise, off)
        logs.append((noise.shapes, noise.streams.normal((1,))))
    assert all(log[0] == logs[0][0] for log in logs)
    assert all(np.array_equal(log[1], logs[0][1]) for log in logs)


def test_a_switched_member_is_the_same_alone_or_in_a_batch(pact):
    switches = Switches.off(["alignment", "arms"], "2025Q1")
    batch = simulate_records(pact, SEED, 3, switches=switches, record=("states",))
    alone = simulate_records(pact, SEED, 1, 2, switches=switches, record=("states",))
    assert np.array_equal(batch.states[2:], alone.states)


@pytest.mark.parametrize(
    ("mechanisms", "start", "match"),
    [
        (["alignmnet"], "2024Q2", r"mechanism 'alignmnet': unknown \(did you mean alignment\?\)"),
        (["arms"], "2024Q5", "start: '2024Q5' not allowed"),
        (["arms"], 2.5, "start: 2.5 not allowed"),
    ],
)
def test_bad_switches_get_one_line(mechanisms, start, match):
    with pytest.raises(ScenarioError, match=match) as caught:
        Switches.off(mechanisms, start)
    assert "\n" not in str(caught.value)


def test_switches_describe_themselves():
    assert str(NOTHING_OFF) == "no mechanism switched off"
    assert str(Switches.off(["alignment", "arms"], "2024Q2")) == (
        "arms, alignment switched off from 2024Q2"
    )
