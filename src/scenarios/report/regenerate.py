"""Regenerate the stored outputs of the seminar notebooks: what ``notebooks/regenerate.py`` runs.

Each notebook is executed afresh (:func:`~scenarios.report.notebooks.execute_notebook`) and
rewritten in place only if every cell ran as intended; the problems left in it
(:func:`~scenarios.report.conventions.check_notebook`) and its run time go to stderr.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from scenarios.report.conventions import check_notebook
from scenarios.report.notebooks import (
    DEFAULT_TIMEOUT,
    NOTEBOOK_GLOB,
    NotebookError,
    execute_notebook,
    numbered_notebooks,
    write_notebook,
)


def regenerate_notebook(
    path: str | os.PathLike[str], *, timeout: int = DEFAULT_TIMEOUT
) -> list[str]:
    """Execute a notebook and store its outputs in place; return the problems left in it.

    The file is written only when every cell ran as intended; it is written even when
    :func:`check_notebook` finds problems, so that they can be inspected in Jupyter.
    """
    nb = execute_notebook(path, timeout=timeout)
    write_notebook(nb, path)
    return check_notebook(nb)


def regenerate_command(argv: list[str] | None = None, *, directory: str | os.PathLike[str]) -> int:
    """Regenerate the given notebooks (default: every numbered one in ``directory``).

    Prints each notebook's run time and problems to stderr and returns the exit status:
    0 when all ran cleanly, 1 otherwise.
    """
    import argparse
    import time

    parser = argparse.ArgumentParser(
        prog="regenerate.py",
        description="Execute the seminar notebooks and store their outputs for nbval.",
    )
    parser.add_argument(
        "notebooks", nargs="*", type=Path, help=f"notebooks to run (default: {NOTEBOOK_GLOB})"
    )
    args = parser.parse_args(argv)
    paths = args.notebooks or numbered_notebooks(directory)
    if not paths:
        print(f"no notebooks named {NOTEBOOK_GLOB} in {directory}: nothing to do", file=sys.stderr)
        return 0
    failed = 0
    started = time.perf_counter()
    for path in paths:
        began = time.perf_counter()
        try:
            problems = regenerate_notebook(path)
        except NotebookError as error:
            problems = [f"not written: {error}"]
        seconds = time.perf_counter() - began
        budget = "  (over the 60 s budget)" if seconds > 60 else ""
        print(f"{path.name}: {seconds:.1f} s{budget}", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        failed += bool(problems)
    total = time.perf_counter() - started
    print(f"{len(paths)} notebook(s) in {total:.1f} s, {failed} with problems", file=sys.stderr)
    return 1 if failed else 0
