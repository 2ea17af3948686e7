"""What a well-kept seminar notebook looks like, and the checks that say where one is not.

Conventions a notebook must follow (checked by :func:`check_notebook`):

- file name ``NN_name.ipynb`` (two digits, underscore);
- first cell: markdown with a ``# Title`` heading and a one-paragraph summary;
- first code cell contains the line ``%matplotlib inline``;
- level-2 headings ``## The question``, ``## What this shows``,
  ``## What this cannot show`` and ``## Exercises``, in this order;
- every code cell executed once, in order, from a fresh kernel (counts 1..N);
- intended errors carry the ``raises-exception`` cell tag; ``# NBVAL_SKIP`` cells are
  neither run nor stored with outputs;
- no timestamps, timings, absolute paths, memory addresses, progress bars or warnings in
  outputs;
- metadata as written by :func:`~scenarios.report.notebooks.write_notebook` (kernelspec
  ``python3``, no timings, no widget state, no Python version).

Used by ``tests/test_notebooks_stored.py`` on the stored notebooks and by
``notebooks/regenerate.py`` on freshly run ones.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from scenarios.report.extra import require
from scenarios.report.notebooks import (
    KERNELSPEC,
    RAISES_TAG,
    _comment_markers,
    _label,
    is_skipped,
    normalise,
    notebook_bytes,
)

if TYPE_CHECKING:
    from nbformat import NotebookNode

REQUIRED_SECTIONS = ("The question", "What this shows", "What this cannot show", "Exercises")

_FORBIDDEN_OUTPUT = (
    ("a memory address", re.compile(r"0x[0-9a-fA-F]{6,}")),
    ("a timestamp", re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\b\d{1,2}:\d{2}:\d{2}\b")),
    ("a timing", re.compile(r"Wall time:|CPU times:|\bper loop\b")),
    ("a progress bar", re.compile(r"\d+%\|[^|\n]*\||it/s\]|s/it\]")),
    ("warnings text", re.compile(r"Warning:")),
    (
        "an absolute path",
        re.compile(r"(?:^|[\s'\"(=\[>])(?:/(?:[\w.-]+/)+[\w.-]*|~/[\w.-]+|[A-Za-z]:\\\w)", re.M),
    ),
)


def _code_cells(nb: NotebookNode) -> Iterable[tuple[int, NotebookNode]]:
    return ((number, cell) for number, cell in enumerate(nb.cells, 1) if cell.cell_type == "code")


def execution_problems(nb: NotebookNode) -> list[str]:
    """Describe code cells that were not executed once each, in order, from a fresh kernel.

    nbval runs a cell stored without an execution count but never compares it, so a
    notebook saved without outputs would pass silently; this check closes that gap.
    """
    runnable = [
        (number, cell)
        for number, cell in _code_cells(nb)
        if cell.source.strip() and not is_skipped(cell)
    ]
    if runnable and all(cell.get("execution_count") is None for _, cell in runnable):
        return ["no code cell has been executed: run notebooks/regenerate.py"]
    problems = []
    for number, cell in _code_cells(nb):
        if (not cell.source.strip() or is_skipped(cell)) and (
            cell.get("execution_count") is not None or cell.outputs
        ):
            problems.append(
                f"{_label(number, cell)}: an empty or NBVAL_SKIP cell has stored outputs"
            )
    expected = 1
    for number, cell in runnable:
        count = cell.get("execution_count")
        if count is None:
            problems.append(f"{_label(number, cell)}: not executed (no execution count)")
            continue
        if count != expected:
            problems.append(
                f"{_label(number, cell)}: execution count {count}, expected {expected} "
                "(cells were run out of order or more than once)"
            )
        expected = count + 1
        has_error = any(output.output_type == "error" for output in cell.outputs)
        tagged = RAISES_TAG in cell.metadata.get("tags", [])
        if tagged and not has_error:
            problems.append(f"{_label(number, cell)}: tagged '{RAISES_TAG}' but raised nothing")
        if has_error and not tagged:
            problems.append(
                f"{_label(number, cell)}: stored an error but is not tagged '{RAISES_TAG}'"
            )
    return problems


def output_problems(nb: NotebookNode) -> list[str]:
    """Describe stored outputs that would differ between runs or machines."""
    problems = []
    for number, cell in _code_cells(nb):
        for text in _output_texts(cell):
            for what, pattern in _FORBIDDEN_OUTPUT:
                match = pattern.search(text)
                if match:
                    found = match.group().strip()
                    problems.append(f"{_label(number, cell)}: output contains {what} ({found!r})")
    return problems


def _output_texts(cell: NotebookNode) -> Iterable[str]:
    for output in cell.outputs:
        if output.output_type == "stream":
            yield output.text
        elif output.output_type == "error":
            yield "\n".join([output.ename, output.evalue, *output.traceback])
        else:
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/"):
                    yield value if isinstance(value, str) else "".join(value)
                elif mime.endswith("json"):
                    yield json.dumps(value)


def describe(nb: NotebookNode) -> tuple[str, str]:
    """Return the notebook's title (first heading) and summary (first paragraph), as markdown.

    Either is ``""`` when the notebook has none.
    """
    title = summary = ""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        paragraph: list[str] = []
        for line in [*cell.source.splitlines(), ""]:
            stripped = line.strip()
            heading = re.match(r"#{1,6}\s+(.*?)\s*#*$", stripped)
            if heading and not title:
                title = heading.group(1)
            if stripped and not heading:
                paragraph.append(stripped)
                continue
            if paragraph and not summary and not re.match(r"[-*+>|<!`]|\d+\.\s", paragraph[0]):
                summary = " ".join(paragraph)
            paragraph = []
        if title and summary:
            break
    return title, summary


def convention_problems(nb: NotebookNode) -> list[str]:
    """Describe departures from the notebook conventions listed in this module's docstring."""
    nbformat = require("nbformat", "checking a notebook's conventions")
    problems = []
    if nb.metadata.get("kernelspec") != KERNELSPEC:
        problems.append(
            f"kernelspec is {nb.metadata.get('kernelspec')!r}, expected {KERNELSPEC!r}: "
            "run notebooks/regenerate.py"
        )
    elif notebook_bytes(normalise(nb)) != notebook_bytes(nb):
        problems.append(
            "volatile metadata or full tracebacks stored (timings, widget state, Python "
            "version): run notebooks/regenerate.py"
        )
    first = nb.cells[0] if nb.cells else None
    first_title, first_summary = describe(nbformat.v4.new_notebook(cells=[first] if first else []))
    if first is None or first.cell_type != "markdown" or not first.source.lstrip().startswith("# "):
        problems.append("the first cell must be markdown starting with a '# Title' heading")
    elif not first_summary:
        problems.append(f"the first cell ({first_title!r}) needs a one-paragraph summary")
    code = [cell for _, cell in _code_cells(nb)]
    if not code or "%matplotlib inline" not in [
        line.strip() for line in code[0].source.splitlines()
    ]:
        problems.append("the first code cell must contain the line '%matplotlib inline'")
    headings = [
        line.strip()[3:].strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("## ")
    ]
    found = [heading for heading in headings if heading in REQUIRED_SECTIONS]
    missing = [section for section in REQUIRED_SECTIONS if section not in found]
    if missing:
        problems.append("missing section headings: " + ", ".join(f"'## {m}'" for m in missing))
    elif found != list(REQUIRED_SECTIONS):
        problems.append(
            "section headings must each appear once, in the order "
            + ", ".join(f"'## {section}'" for section in REQUIRED_SECTIONS)
        )
    for number, cell in _code_cells(nb):
        if "NBVAL_RAISES_EXCEPTION" in _comment_markers(cell) or "nbval-raises-exception" in (
            cell.metadata.get("tags", [])
        ):
            problems.append(
                f"{_label(number, cell)}: mark intended errors with the '{RAISES_TAG}' tag "
                "(regeneration does not honour nbval's own marker)"
            )
    return problems


def check_notebook(nb: NotebookNode) -> list[str]:
    """All problems found by the execution, output and convention checks."""
    return execution_problems(nb) + output_problems(nb) + convention_problems(nb)
