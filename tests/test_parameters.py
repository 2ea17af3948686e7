import math

import pytest

from scenarios.parameters import EVENT_KINDS, LEVERS, PARAMETER_SECTIONS, PARAMETERS


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
