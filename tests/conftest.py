"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest

from scenarios.scenario import load_scenario

TINY = """description = "A small world for fast experiment tests."
[world]
actors = ["USA", "CHN", "RUS", "PRK", "KOR", "JPN", "UKR"]
branch = "2024Q3"
horizon_quarters = 4
"""
"""Seven states, four quarters: the scenario the experiment tests run many times."""


@pytest.fixture(scope="session")
def tiny_toml():
    """The tiny scenario's text, for tests that add to it."""
    return TINY


@pytest.fixture(scope="session")
def tiny_path(tmp_path_factory):
    """The tiny scenario's file."""
    path = tmp_path_factory.mktemp("scenarios") / "tiny.toml"
    path.write_text(TINY)
    return path


@pytest.fixture(scope="session")
def tiny(tiny_path):
    """The tiny scenario, loaded."""
    return load_scenario(tiny_path)
