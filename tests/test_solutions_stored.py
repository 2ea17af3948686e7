"""The solution notebooks are stored, checked and complete like the seminar notebooks.

``notebooks/solutions/NN_name_solutions.ipynb`` holds worked answers to the exercises of
``notebooks/NN_name.ipynb``. nbval compares their outputs (``pytest notebooks --nbval``
collects the folder recursively); these tests apply the checks of
``tests/test_notebooks_stored.py`` to them and check that every exercise has an answer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scenarios.report.bound_text import unbacked_figures
from scenarios.report.conventions import convention_problems, execution_problems, output_problems
from scenarios.report.notebooks import numbered_notebooks, read_notebook

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
SOLUTIONS_DIR = NOTEBOOKS_DIR / "solutions"
SOLUTIONS = sorted(SOLUTIONS_DIR.glob("*.ipynb"))
SEMINAR = numbered_notebooks(NOTEBOOKS_DIR)


def _markdown(path: Path) -> str:
    return "\n".join(
        cell.source for cell in read_notebook(path).cells if cell.cell_type == "markdown"
    )


def _exercise_numbers(path: Path) -> list[int]:
    """Numbers of the items in the '## Exercises' section of a seminar notebook."""
    text = _markdown(path)
    section = re.split(r"^## Exercises\s*$", text, flags=re.M)
    if len(section) < 2:
        return []
    body = re.split(r"^#{1,2} ", section[1], flags=re.M)[0]
    return [int(number) for number in re.findall(r"^(\d+)\. ", body, flags=re.M)]


def test_every_notebook_with_exercises_has_a_solution_notebook():
    expected = {f"{path.stem}_solutions.ipynb" for path in SEMINAR if _exercise_numbers(path)}
    found = {path.name for path in SOLUTIONS}
    assert expected, "no seminar notebook has exercises"
    assert found == expected, (
        f"missing: {sorted(expected - found)}; without a seminar notebook: "
        f"{sorted(found - expected)}"
    )


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda path: path.name)
def test_solution_answers_every_exercise(path):
    seminar = NOTEBOOKS_DIR / path.name.replace("_solutions", "")
    numbers = _exercise_numbers(seminar)
    headings = re.findall(r"^## Exercise (\d+)\b", _markdown(path), flags=re.M)
    assert [int(number) for number in headings] == numbers


@pytest.mark.parametrize(
    "check",
    [execution_problems, output_problems, convention_problems, unbacked_figures],
    ids=lambda f: f.__name__,
)
def test_solutions_are_stored_like_the_seminar_notebooks(check):
    problems = [
        f"{path.name}: {problem}" for path in SOLUTIONS for problem in check(read_notebook(path))
    ]
    assert not problems, "\n" + "\n".join(problems)


def test_solutions_are_named_after_their_notebook():
    pattern = re.compile(r"^\d\d_[A-Za-z0-9_]+_solutions\.ipynb$")
    assert all(pattern.match(path.name) for path in SOLUTIONS), [p.name for p in SOLUTIONS]
    stray = [
        path.relative_to(SOLUTIONS_DIR).as_posix()
        for path in SOLUTIONS_DIR.rglob("*.ipynb")
        if path.parent != SOLUTIONS_DIR and ".ipynb_checkpoints" not in path.parts
    ]
    assert not stray, f"notebooks in subfolders of notebooks/solutions: {stray}"


def test_teaching_guide_plans_every_notebook_and_links_its_solutions():
    guide = (NOTEBOOKS_DIR.parent / "docs" / "teaching.md").read_text(encoding="utf-8")
    readme = (NOTEBOOKS_DIR.parent / "README.md").read_text(encoding="utf-8")
    for path in SEMINAR:
        assert re.search(rf"^### {path.name[:2]} ", guide, flags=re.M), f"no plan for {path.name}"
    for path in SOLUTIONS:
        assert f"../notebooks/solutions/{path.name}" in guide, f"teaching.md lacks {path.name}"
    assert "docs/teaching.md" in readme and "notebooks/solutions" in readme
