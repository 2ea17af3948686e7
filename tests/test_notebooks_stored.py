"""The stored seminar notebooks are complete, reproducible and follow the conventions.

nbval (``pytest notebooks --nbval``) compares fresh outputs with the stored ones, but it
runs and never compares a cell stored without outputs, and it cannot tell a stored
timestamp from a result. These tests cover what nbval misses; the rules themselves are in
``scenarios.report``. Each test checks every notebook and lists every problem, so
one run shows all that ``notebooks/regenerate.py`` or an author has to fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from scenarios.report.bound_text import unbacked_figures
from scenarios.report.conventions import convention_problems, execution_problems, output_problems
from scenarios.report.notebooks import NOTEBOOK_NAME, numbered_notebooks, read_notebook

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = numbered_notebooks(NOTEBOOKS_DIR)


def _problems(check: Callable) -> str:
    report = []
    for path in NOTEBOOKS:
        report += [f"{path.name}: {problem}" for problem in check(read_notebook(path))]
    return "\n".join(report)


def test_every_code_cell_executed_in_order():
    problems = _problems(execution_problems)
    assert not problems, "\n" + problems


def test_outputs_hold_nothing_run_or_machine_specific():
    problems = _problems(output_problems)
    assert not problems, "\n" + problems


def test_notebooks_follow_the_conventions():
    problems = _problems(convention_problems)
    assert not problems, "\n" + problems


def test_prose_states_only_figures_the_run_backs():
    """Issue 12: a number in the prose is printed above it, held by a code cell or allowed."""
    problems = _problems(unbacked_figures)
    assert not problems, "\n" + problems


def _well_placed(path: Path) -> bool:
    """notebooks/NN_name.ipynb, or its solutions as solutions/NN_name_solutions.ipynb."""
    if path.parent == NOTEBOOKS_DIR:
        return bool(NOTEBOOK_NAME.match(path.name))
    if path.parent == NOTEBOOKS_DIR / "solutions" and path.name.endswith("_solutions.ipynb"):
        return bool(NOTEBOOK_NAME.match(path.name.removesuffix("_solutions.ipynb") + ".ipynb"))
    return False


def test_every_notebook_is_numbered_once():
    stray = sorted(
        str(path.relative_to(NOTEBOOKS_DIR))
        for path in NOTEBOOKS_DIR.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in path.parts and not _well_placed(path)
    )
    assert not stray, f"misplaced or misnamed notebooks: {stray}"
    numbers = [re.match(r"\d+", path.name).group() for path in NOTEBOOKS]
    assert len(numbers) == len(set(numbers)), f"two notebooks share a number: {numbers}"


PUBLIC_FACES = frozenset(
    {
        "scenarios",
        "scenarios.blocs",
        "scenarios.calibration",
        "scenarios.experiments",
        "scenarios.facts",
        "scenarios.metrics",
        "scenarios.model",
        "scenarios.plot",
        "scenarios.registry",
        "scenarios.validation",
    }
)
"""The modules notebooks import from: package faces, never the modules behind them."""


def test_notebooks_import_from_the_public_faces_only():
    pattern = re.compile(
        r"^\s*(?:from\s+(scenarios[\w.]*)\s+import|import\s+(scenarios[\w.]*))", re.M
    )
    found = []
    for path in sorted(NOTEBOOKS_DIR.rglob("*.ipynb")):
        for cell in read_notebook(path).cells:
            if cell.cell_type != "code":
                continue
            for match in pattern.finditer(cell.source):
                module = match.group(1) or match.group(2)
                if module not in PUBLIC_FACES:
                    found.append(f"{path.relative_to(NOTEBOOKS_DIR)}: {module}")
    assert not found, "imports behind the public faces:\n" + "\n".join(found)
