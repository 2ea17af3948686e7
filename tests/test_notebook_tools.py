"""Notebook execution, normalisation and checks (scenarios.report, regenerate.py)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from scenarios.report.conventions import (
    check_notebook,
    convention_problems,
    describe,
    execution_problems,
    output_problems,
)
from scenarios.report.notebooks import (
    KERNELSPEC,
    NotebookError,
    execute_notebook,
    normalise,
    notebook_bytes,
    numbered_notebooks,
    read_notebook,
    write_notebook,
)
from scenarios.report.regenerate import regenerate_command

ROOT = Path(__file__).resolve().parents[1]
STORY = "## The question\n\nWhy?\n\n## What this shows\n\n## What this cannot show\n\n## Exercises"
# cell numbers (1-based, markdown included) in the notebook below
FIGURE, ENVIRONMENT, RAISES, AFTER_RAISES, EMPTY, SKIPPED = 3, 4, 5, 6, 7, 8


def _good_notebook() -> nbformat.NotebookNode:
    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "someone-elses-env",
        "display_name": "x",
        "language": "python",
    }
    nb.metadata["widgets"] = {"state": {}}
    nb.cells = [
        v4.new_markdown_cell("# A tiny story\n\nA notebook small enough for a unit test."),
        v4.new_code_cell("%matplotlib inline\nimport os\nimport matplotlib.pyplot as plt"),
        v4.new_code_cell("fig, ax = plt.subplots()\nax.plot([1, 3, 2])\nplt.show()"),
        v4.new_code_cell(
            "print(hash('alignment'), os.path.basename(os.getcwd()), os.environ['MPLBACKEND'])"
        ),
        v4.new_code_cell("1 / 0", metadata={"tags": ["raises-exception"]}),
        v4.new_code_cell("for i in range(3):\n    print(i)\nsorted({'b', 'a'})"),
        v4.new_code_cell(""),
        v4.new_code_cell("# NBVAL_SKIP\nprint('never run')"),
        v4.new_markdown_cell(STORY),
    ]
    nb.cells[2].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    return nb


def _bad_notebook() -> nbformat.NotebookNode:
    nb = v4.new_notebook()
    nb.cells = [
        v4.new_code_cell("%matplotlib inline"),
        v4.new_code_cell("undefined_name + 1"),
    ]
    return nb


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """Regenerate a good and a failing notebook once (two kernels) for the whole module."""
    folder = tmp_path_factory.mktemp("stories")
    good, bad = folder / "01_good.ipynb", folder / "02_bad.ipynb"
    nbformat.write(_good_notebook(), good)
    nbformat.write(_bad_notebook(), bad)
    bad_before = bad.read_bytes()
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        status = regenerate_command([str(good), str(bad)], directory=folder)
    return {
        "folder": folder,
        "good": good,
        "bad": bad,
        "bad_before": bad_before,
        "status": status,
        "stderr": stderr.getvalue(),
        "nb": read_notebook(good),
    }


def test_counts_run_one_to_n_over_executed_cells(regenerated):
    counts = [cell.get("execution_count") for cell in regenerated["nb"].cells]
    assert counts == [None, 1, 2, 3, 4, 5, None, None, None]
    assert execution_problems(regenerated["nb"]) == []


def test_skipped_and_empty_cells_keep_no_outputs(regenerated):
    cells = regenerated["nb"].cells
    assert cells[EMPTY - 1].outputs == []
    assert cells[SKIPPED - 1].outputs == []


def test_no_timing_widget_or_version_metadata(regenerated):
    nb, text = regenerated["nb"], regenerated["good"].read_text()
    assert nb.metadata["kernelspec"] == KERNELSPEC
    assert set(nb.metadata) == {"kernelspec", "language_info"}
    assert "version" not in nb.metadata["language_info"]
    assert all("execution" not in cell.metadata for cell in nb.cells)
    assert "iopub" not in text and "execute_reply" not in text


def test_kernel_runs_in_the_notebook_folder_with_fixed_hash_seed(regenerated):
    expected_hash = subprocess.run(
        [sys.executable, "-c", "print(hash('alignment'))"],
        env={**os.environ, "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    output = regenerated["nb"].cells[ENVIRONMENT - 1].outputs[0]
    assert output.text == f"{expected_hash} {regenerated['folder'].name} Agg\n"


def test_first_cell_inline_backend_stores_figures(regenerated):
    outputs = regenerated["nb"].cells[FIGURE - 1].outputs
    assert [output.output_type for output in outputs] == ["display_data"]
    assert outputs[0].data["image/png"]


def test_streams_are_coalesced(regenerated):
    outputs = regenerated["nb"].cells[AFTER_RAISES - 1].outputs
    assert [output.output_type for output in outputs] == ["stream", "execute_result"]
    assert outputs[0].text == "0\n1\n2\n"
    assert outputs[1].data["text/plain"] == "['a', 'b']"


def test_raises_exception_tag_stores_the_error_and_execution_continues(regenerated):
    cells = regenerated["nb"].cells
    (error,) = cells[RAISES - 1].outputs
    assert error.ename == "ZeroDivisionError"
    # frames above the last line hold machine-specific paths
    assert len(error.traceback) == 1 and "ZeroDivisionError" in error.traceback[0]
    assert cells[AFTER_RAISES - 1].execution_count == 5


def test_regeneration_is_byte_identical(regenerated):
    again = execute_notebook(regenerated["good"])
    assert notebook_bytes(again) == regenerated["good"].read_bytes()


def test_failing_notebook_is_left_untouched_and_reported(regenerated):
    assert regenerated["status"] == 1
    assert regenerated["bad"].read_bytes() == regenerated["bad_before"]
    stderr = regenerated["stderr"]
    assert "02_bad.ipynb" in stderr and "cell 2 ('undefined_name + 1')" in stderr
    assert "NameError" in stderr
    assert [line for line in stderr.splitlines() if line.startswith("01_good.ipynb: ")]
    assert not [path.name for path in regenerated["folder"].iterdir() if path.name.startswith(".")]


def test_good_notebook_passes_every_check(regenerated):
    assert check_notebook(regenerated["nb"]) == []


def test_regenerate_script_reports_a_missing_notebook(tmp_path):
    completed = subprocess.run(
        [sys.executable, str(ROOT / "notebooks" / "regenerate.py"), str(tmp_path / "01_x.ipynb")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "01_x.ipynb" in completed.stderr and "no such notebook" in completed.stderr


def test_regenerate_with_no_notebooks_does_nothing(tmp_path, capsys):
    assert regenerate_command([], directory=tmp_path) == 0
    assert "nothing to do" in capsys.readouterr().err


def _executed(nb_counts: list[int | None]) -> nbformat.NotebookNode:
    nb = v4.new_notebook()
    nb.cells = [v4.new_code_cell(f"x = {index}") for index in range(len(nb_counts))]
    for cell, count in zip(nb.cells, nb_counts, strict=True):
        cell.execution_count = count
    return nb


def test_in_order_check_accepts_one_to_n():
    assert execution_problems(_executed([1, 2, 3])) == []


def test_in_order_check_flags_an_unexecuted_notebook():
    assert execution_problems(_executed([None, None])) == [
        "no code cell has been executed: run notebooks/regenerate.py"
    ]


def test_in_order_check_flags_a_cell_left_unexecuted():
    (problem,) = execution_problems(_executed([1, None, 2]))
    assert problem.startswith("cell 2 ('x = 1'): not executed")


@pytest.mark.parametrize("counts", [[2, 1, 3], [1, 3, 4], [1, 2, 2], [3, 4, 5]])
def test_in_order_check_flags_out_of_order_counts(counts):
    problems = execution_problems(_executed(counts))
    assert problems and all("execution count" in problem for problem in problems)


def test_in_order_check_flags_errors_that_do_not_match_the_tag():
    nb = _executed([1, 2])
    nb.cells[0].metadata["tags"] = ["raises-exception"]
    nb.cells[1].outputs = [v4.new_output("error", ename="KeyError", evalue="'x'", traceback=[])]
    problems = execution_problems(nb)
    assert any("cell 1" in p and "raised nothing" in p for p in problems)
    assert any("cell 2" in p and "not tagged" in p for p in problems)


def test_in_order_check_flags_outputs_on_a_skipped_cell():
    nb = _executed([1, 2])
    nb.cells[1].source = "# NBVAL_SKIP\nx = 2"
    assert any("NBVAL_SKIP" in problem for problem in execution_problems(nb))


def _with_output(output) -> nbformat.NotebookNode:
    nb = _executed([1])
    nb.cells[0].outputs = [output]
    return nb


def _stdout(text: str):
    return v4.new_output("stream", name="stdout", text=text)


@pytest.mark.parametrize(
    ("output", "what"),
    [
        (_stdout("<Line2D at 0x7f3a2c1b9d90>\n"), "a memory address"),
        (_stdout("run at 2026-11-28 03:54:07\n"), "a timestamp"),
        (_stdout("Wall time: 1.2 s\n"), "a timing"),
        (_stdout("100%|██████████| 50/50 [00:01<00:00, 42.1it/s]\n"), "a progress bar"),
        (v4.new_output("stream", name="stderr", text="FutureWarning: soon\n"), "warnings text"),
        (_stdout("saved to /home/ana/project/results.csv\n"), "an absolute path"),
        (_stdout("File ~/.venv/lib/site.py\n"), "an absolute path"),
        (
            v4.new_output("error", ename="E", evalue="C:\\Users\\ana\\x.toml", traceback=[]),
            "an absolute path",
        ),
        (
            v4.new_output("execute_result", data={"text/html": "<p>/tmp/ipykernel_1/2.py</p>"}),
            "an absolute path",
        ),
    ],
)
def test_output_check_flags_run_specific_text(output, what):
    problems = output_problems(_with_output(output))
    assert any(f"contains {what}" in problem for problem in problems), problems


@pytest.mark.parametrize(
    "text",
    [
        "treaty signed 2024-06-19; in force 2024-12-04\n",
        "Russia/DPRK transfers: 1/4 of output, see https://www.sipri.org/databases/armstransfers\n",
        '<table class="dataframe">\n<tr><th>iso3</th></tr>\n</table>\n',
        "<Figure size 640x480 with 1 Axes>",
    ],
)
def test_output_check_accepts_ordinary_results(text):
    assert output_problems(_with_output(_stdout(text))) == []


def test_output_check_ignores_images():
    image = v4.new_output("display_data", data={"image/png": "0x7f3a2c1b9d90Warning:"})
    assert output_problems(_with_output(image)) == []


def _conforming() -> nbformat.NotebookNode:
    nb = _executed([1])
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.cells[0].source = "%matplotlib inline"
    nb.cells.insert(0, v4.new_markdown_cell("# Title\n\nSummary."))
    nb.cells.append(v4.new_markdown_cell(STORY))
    return nb


def test_convention_check_accepts_a_conforming_notebook():
    assert convention_problems(_conforming()) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda nb: nb.cells.pop(0), "'# Title' heading"),
        (lambda nb: setattr(nb.cells[0], "source", "# Title\n\n- a list"), "summary"),
        (lambda nb: setattr(nb.cells[1], "source", "import numpy"), "%matplotlib inline"),
        (lambda nb: setattr(nb.cells[2], "source", STORY.replace("## Exercises", "")), "missing"),
        (
            lambda nb: setattr(nb.cells[2], "source", "## Exercises\n\n" + STORY),
            "in the order",
        ),
        (lambda nb: nb.metadata.pop("kernelspec"), "kernelspec"),
        (lambda nb: nb.metadata.update(widgets={}), "volatile metadata"),
        (lambda nb: nb.cells[1].metadata.update(execution={}), "volatile metadata"),
        (lambda nb: nb.cells[1].metadata.update(tags=["nbval-raises-exception"]), "tag"),
    ],
)
def test_convention_check_flags_departures(change, expected):
    nb = _conforming()
    change(nb)
    problems = convention_problems(nb)
    assert any(expected in problem for problem in problems), problems


def test_describe_takes_first_heading_and_first_paragraph():
    nb = v4.new_notebook()
    nb.cells = [
        v4.new_code_cell("# a comment, not a heading"),
        v4.new_markdown_cell("# The *pact*\n- a list item\n\nFirst paragraph\ncontinues.\n\nNext."),
    ]
    assert describe(nb) == ("The *pact*", "First paragraph continues.")


def test_read_notebook_gives_missing_cell_ids_stable_values(tmp_path):
    raw = json.loads(nbformat.writes(_good_notebook()))
    for cell in raw["cells"]:
        del cell["id"]
    path = tmp_path / "01_no_ids.ipynb"
    path.write_text(json.dumps(raw))
    first, second = read_notebook(path), read_notebook(path)
    assert notebook_bytes(first) == notebook_bytes(second)
    assert len({cell.id for cell in first.cells}) == len(first.cells)


def test_read_notebook_rejects_a_broken_file_in_one_line(tmp_path):
    path = tmp_path / "01_broken.ipynb"
    path.write_text('{"cells": [')
    with pytest.raises(NotebookError, match=r"01_broken\.ipynb: not a readable notebook") as info:
        read_notebook(path)
    assert "\n" not in str(info.value)


def test_write_notebook_replaces_the_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "01_a.ipynb"
    path.write_text("old")
    path.chmod(0o640)
    nb = _conforming()
    write_notebook(nb, path)
    assert path.read_bytes() == notebook_bytes(nb)
    assert path.stat().st_mode & 0o777 == 0o640
    assert [entry.name for entry in tmp_path.iterdir()] == ["01_a.ipynb"]


def test_numbered_notebooks_only_lists_nn_name(tmp_path):
    for name in ["02_b.ipynb", "01_a.ipynb", "1_c.ipynb", "draft.ipynb", "03_d.py"]:
        (tmp_path / name).write_text("{}")
    assert [path.name for path in numbered_notebooks(tmp_path)] == ["01_a.ipynb", "02_b.ipynb"]


def test_normalise_drops_widget_views_but_keeps_their_text():
    cell = v4.new_code_cell("slider", execution_count=1)
    cell.outputs = [
        v4.new_output(
            "display_data",
            data={
                "text/plain": "IntSlider(value=3)",
                "application/vnd.jupyter.widget-view+json": {
                    "model_id": "f3a9",
                    "version_major": 2,
                },
            },
        )
    ]
    stored = normalise(v4.new_notebook(cells=[cell]))
    assert dict(stored.cells[0].outputs[0].data) == {"text/plain": "IntSlider(value=3)"}
