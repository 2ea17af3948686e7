"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest

from scenarios.scenario import load_scenario

TINY = """description = "A small world for fast experiment tests."
[world]
actors = ["USA", "CHN", "RUS", "PRK", "KOR", "JPN", "UKR"]
branch = "2024Q2"
horizon_quarters = 5

[[events]]
kind = "treaty"
date = "2024Q2"
actors = ["RUS", "PRK"]
"""
"""Seven states, five quarters after a branch at the treaty's quarter (so that the pact
lever decides whether the treaty acts): the scenario the experiment tests run many times.
Its records run from the trunk's start, 2021Q4, to 2025Q3."""


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


@pytest.fixture
def ax():
    """Axes of a new figure (non-interactive backend), closed afterwards."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots()
    yield axes
    plt.close(figure)
