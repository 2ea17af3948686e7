"""Modules that moved keep forwarding old imports for one release, with a warning."""

import importlib

import pytest

MOVED = {
    "scenarios.data": ("load_facts", "scenarios.facts"),
    "scenarios.ensemble": ("run_ensemble", "scenarios.experiments.run"),
    "scenarios.analysis": ("sobol_indices", "scenarios.experiments.sensitivity"),
    "scenarios.plot_experiments": ("fan_chart", "scenarios.plot.experiments"),
    "scenarios.notebook_tools": ("read_notebook", "scenarios.report.notebooks"),
    "scenarios.plot.core": ("metric_series", "scenarios.plot.runs"),
}


@pytest.mark.parametrize("old", sorted(MOVED))
def test_an_old_import_forwards_with_a_deprecation_warning(old):
    name, home = MOVED[old]
    module = importlib.import_module(old)
    with pytest.warns(DeprecationWarning, match=f"import {name} from {home}"):
        value = getattr(module, name)
    assert value is getattr(importlib.import_module(home), name)
    assert name in dir(module)


def test_an_unknown_name_is_an_attribute_error():
    module = importlib.import_module("scenarios.data")
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        module.nothing_here  # noqa: B018
