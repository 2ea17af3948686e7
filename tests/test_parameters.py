import math

import pytest

from scenarios.registry.events import EVENT_KINDS
from scenarios.registry.levers import LEVERS
from scenarios.registry.parameters import PARAMETER_SECTIONS, PARAMETERS, run_wide_keys


@pytest.mark.parametrize("spec", PARAMETERS.values(), ids=list(PARAMETERS))
def test_parameter_default_lies_in_its_range(spec):
    assert spec.section in PARAMETER_SECTIONS
    assert spec.low <= spec.default <= spec.high
    assert math.isfinite(spec.low) and math.isfinite(spec.high)
    assert spec.unit and spec.description and spec.calibration


@pytest.mark.parametrize("lever", LEVERS.values(), ids=list(LEVERS))
def test_lever_default_is_allowed(lever):
    if lever.kind == "float":
        assert lever.low <= lever.default <= lever.high
    elif lever.kind == "choice":
        assert lever.default in lever.choices
    elif lever.kind == "bool":
        assert isinstance(lever.default, bool)
    else:
        assert lever.kind == "quarter"


@pytest.mark.parametrize("kind", EVENT_KINDS.values(), ids=list(EVENT_KINDS))
def test_event_kind_default_magnitude_is_allowed(kind):
    assert 1 <= kind.min_actors <= kind.max_actors
    assert kind.low <= kind.default_magnitude <= kind.high


def test_run_wide_keys_are_the_shared_world_parameters():
    # the geography and the fallback rule of the suppliers' capacity (both in World)
    assert run_wide_keys() == (
        "arms.fallback_share",
        "deterrence.distance_scale",
        "deterrence.reach_floor",
    )


@pytest.mark.parametrize(
    ("spec", "value", "expected"),
    [
        (PARAMETERS["alignment.noise"], 0, 0.0),
        (LEVERS["pact"], False, False),
        (LEVERS["china_stance"], "supportive", "supportive"),
        (LEVERS["ceasefire"], "2025Q2", 2025 * 4 + 1),
        (LEVERS["ceasefire"], "none", None),
        (LEVERS["ceasefire"], float("nan"), None),
        (LEVERS["ceasefire"], 8100.0, 8100),
    ],
)
def test_checks_normalise_and_accept_their_own_output(spec, value, expected):
    checked = spec.check(value, "here")
    assert checked == expected and type(checked) is type(expected)
    assert spec.check(checked, "here") == checked


@pytest.mark.parametrize(
    ("spec", "value", "message"),
    [
        (
            PARAMETERS["alignment.noise"],
            0.5,
            "here: alignment.noise: 0.5 is out of range; allowed: a number from 0 to 0.2 "
            "(affinity per quarter (s.d.))",
        ),
        (
            PARAMETERS["alignment.noise"],
            True,
            "here: alignment.noise: expected a number from 0 to 0.2 (affinity per quarter "
            "(s.d.)), got a boolean (True)",
        ),
        (
            LEVERS["china_stance"],
            "suportive",
            "here: levers.china_stance: a string ('suportive') is not allowed (did you mean "
            'supportive?); allowed: one of "distancing", "cautious", "supportive"',
        ),
        (
            LEVERS["ceasefire"],
            "2025-06-01",
            'here: levers.ceasefire: expected a quarter like "2025Q2" (1800Q1 to 2200Q4), or '
            '"none", got a string '
            "('2025-06-01')",
        ),
        (
            EVENT_KINDS["sanctions"],
            1.5,
            "here: magnitude: 1.5 is out of range; allowed: a number from 0 to 1 for sanctions",
        ),
    ],
)
def test_checks_give_one_line_errors_saying_what_is_allowed(spec, value, message):
    from scenarios.errors import ScenarioError

    key = message.split(": ")[1]
    with pytest.raises(ScenarioError) as error:
        spec.check(value, "here", key)
    assert str(error.value) == message


def test_choice_levers_code_every_choice():
    for lever in LEVERS.values():
        assert len(lever.coding) == len(lever.choices)
    assert LEVERS["china_stance"].number("distancing") == -1.0


def test_each_mechanism_declares_the_parameters_of_its_own_section():
    import importlib

    from scenarios.mechanisms import STEPS

    modules = [importlib.import_module(f"scenarios.mechanisms.{name}") for name, _ in STEPS]
    assert [step for _, step in STEPS] == [module.step for module in modules]
    assert list(PARAMETER_SECTIONS) == [name for name, _ in STEPS]
    for name, module in zip(PARAMETER_SECTIONS, modules, strict=True):
        assert {spec.section for spec in module.PARAMETERS} == {name}
    assert list(PARAMETERS) == [spec.key for m in modules for spec in m.PARAMETERS]
