"""Execute, normalise and check the seminar notebooks.

The stored outputs of ``notebooks/NN_name.ipynb`` are regression-checked by ``pytest --nbval``,
so they must be exactly reproducible. This module is the one place that executes notebooks
(for ``notebooks/regenerate.py`` and for ``scenarios report``) and the one place that says
what a well-kept notebook looks like (for ``tests/test_notebooks_stored.py``).

Execution mirrors the test run: a fresh ``python3`` kernel from the current environment,
started in the notebook's own folder with ``PYTHONHASHSEED=0`` and ``MPLBACKEND=Agg`` (the
values ``tasks.py`` sets for pytest). Because an inherited ``MPLBACKEND=Agg`` silences
figures, every notebook's first code cell runs ``%matplotlib inline``.

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
- metadata as written by :func:`write_notebook` (kernelspec ``python3``, no timings,
  no widget state, no Python version).
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from scenarios.errors import ScenariosError

NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
NOTEBOOK_NAME = re.compile(r"^\d\d_[A-Za-z0-9_]+\.ipynb$")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
REQUIRED_SECTIONS = ("The question", "What this shows", "What this cannot show", "Exercises")
RAISES_TAG = "raises-exception"
SKIP_TAG = "nbval-skip"
SKIP_COMMENT = "NBVAL_SKIP"
DEFAULT_TIMEOUT = 600
# Set for every notebook kernel, by regeneration, the report and the nbval run alike.
KERNEL_SETTINGS = {"PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}

# Top-level metadata worth keeping; everything else (widget state, jupytext pairing,
# editor settings) is volatile or belongs to one person's setup.
_KEPT_NOTEBOOK_METADATA = ("kernelspec", "language_info", "title", "authors")
# Cell metadata written by frontends and executors that changes on every run or scroll.
_VOLATILE_CELL_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled", "papermill")

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


class NotebookError(ScenariosError):
    """A notebook cannot be read, executed or written."""


def numbered_notebooks(directory: str | os.PathLike[str]) -> list[Path]:
    """Return the seminar notebooks (``NN_name.ipynb``) in ``directory``, sorted by name."""
    return sorted(
        path for path in Path(directory).glob(NOTEBOOK_GLOB) if NOTEBOOK_NAME.match(path.name)
    )


def read_notebook(path: str | os.PathLike[str]) -> NotebookNode:
    """Read a notebook, giving cells without an id a deterministic one.

    nbformat would otherwise invent random ids on every read, and a regenerated
    notebook would differ from the last one in every cell.
    """
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotebookError(f"{path}: no such notebook") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NotebookError(f"{path}: not a readable notebook ({error})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        raise NotebookError(f"{path}: not a notebook (no 'cells' list at the top level)")
    if (raw.get("nbformat"), raw.get("nbformat_minor", 0)) >= (4, 5):
        taken = {cell.get("id") for cell in raw["cells"] if isinstance(cell, dict)}
        for index, cell in enumerate(raw["cells"]):
            if isinstance(cell, dict) and not cell.get("id"):
                candidate = f"cell-{index}"
                while candidate in taken:
                    candidate += "x"
                cell["id"] = candidate
                taken.add(candidate)
    try:
        return nbformat.reads(json.dumps(raw), as_version=4)
    except Exception as error:  # nbformat raises several unrelated types for bad input
        raise NotebookError(f"{path}: not a valid notebook ({error})") from None


def notebook_bytes(nb: NotebookNode) -> bytes:
    """Serialise a notebook exactly as :func:`write_notebook` stores it."""
    text = nbformat.writes(nb, version=4)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def write_notebook(nb: NotebookNode, path: str | os.PathLike[str]) -> None:
    """Write a notebook atomically (temporary file in the same folder, then rename)."""
    atomic_write_bytes(Path(path), notebook_bytes(nb))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers never see a half-written file."""
    mode = path.stat().st_mode & 0o777 if path.exists() else _default_file_mode()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _default_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
"""MIME type of a live widget view, dropped from stored outputs."""


def normalise(nb: NotebookNode) -> NotebookNode:
    """Return a copy with volatile metadata removed and the kernelspec set to ``python3``.

    Error tracebacks are cut to their last line (``Name: message``): the frames above it
    hold absolute paths that differ between machines, and nbval does not compare them.
    """
    nb = copy.deepcopy(nb)
    metadata = {key: nb.metadata[key] for key in _KEPT_NOTEBOOK_METADATA if key in nb.metadata}
    metadata["kernelspec"] = dict(KERNELSPEC)
    if "language_info" in metadata:
        # the interpreter's patch version changes between machines without changing outputs
        metadata["language_info"] = {
            key: value for key, value in metadata["language_info"].items() if key != "version"
        }
    nb.metadata = nbformat.from_dict(metadata)
    for cell in nb.cells:
        for key in _VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            if output.output_type == "error" and len(output.get("traceback", [])) > 1:
                output.traceback = output.traceback[-1:]
            # a widget view only points at a random model id whose state is never stored
            output.get("data", {}).pop(WIDGET_VIEW, None)
    return nb


def kernel_environment() -> dict[str, str]:
    """Environment for notebook kernels: the one ``tasks.py`` gives the test run."""
    env = {**os.environ, **KERNEL_SETTINGS}
    # otherwise a uv-made venv recompiles pandas and matplotlib in every kernel
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def execute_notebook(
    path: str | os.PathLike[str], *, timeout: int = DEFAULT_TIMEOUT
) -> NotebookNode:
    """Execute a notebook in its own folder with a fresh kernel and return it normalised.

    The file itself is not changed. Cells tagged ``raises-exception`` may raise; cells
    marked ``# NBVAL_SKIP`` (or tagged ``nbval-skip``) are not run and keep no outputs.

    Raises
    ------
    NotebookError
        If the notebook cannot be read, the kernel cannot start, or a cell raises an
        unexpected error, times out or kills the kernel. The message names the cell.
    """
    from jupyter_client.manager import AsyncKernelManager
    from nbclient.exceptions import CellControlSignal, DeadKernelError

    path = Path(path)
    nb = read_notebook(path)
    warm_font_cache()
    client = _client_class()(
        nb,
        km=AsyncKernelManager(kernel_name="python3", kernel_spec_manager=_spec_manager()),
        timeout=timeout,
        record_timing=False,
        store_widget_state=False,
        coalesce_streams=True,
        skip_cells_with_tag=SKIP_TAG,
        resources={"metadata": {"path": str(path.resolve().parent)}},
    )
    try:
        client.execute(env=kernel_environment(), stderr=subprocess.DEVNULL)
    except (CellControlSignal, DeadKernelError, TimeoutError) as error:
        index = client.current_cell
        where = _label(index + 1, nb.cells[index]) if index is not None else "kernel start"
        raise NotebookError(f"{path}: {where}: {_describe_failure(error)}") from None
    except RuntimeError as error:
        raise NotebookError(f"{path}: the python3 kernel failed to start ({error})") from None
    return normalise(nb)


def _client_class():
    from nbclient import NotebookClient

    class _Client(NotebookClient):
        """Remembers the running cell (for error messages) and honours ``# NBVAL_SKIP``."""

        current_cell: int | None = None

        async def async_execute_cell(self, cell, cell_index, execution_count=None, **kwargs):
            self.current_cell = cell_index
            if cell.cell_type == "code" and is_skipped(cell):
                cell.outputs = []
                cell.execution_count = None
                return cell
            return await super().async_execute_cell(cell, cell_index, execution_count, **kwargs)

    return _Client


def _spec_manager():
    """A kernelspec manager whose ``python3`` is always this interpreter.

    A ``python3`` kernelspec in the user's Jupyter folders could otherwise point at
    another Python; nbval's ``--nbval-current-env`` makes the same choice.
    """
    import ipykernel.kernelspec
    from jupyter_client.kernelspec import KernelSpecManager

    class _CurrentEnvironment(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            return self.kernel_spec_class(
                resource_dir=ipykernel.kernelspec.RESOURCES,
                **ipykernel.kernelspec.get_kernel_dict(),
            )

    return _CurrentEnvironment()


def warm_font_cache() -> None:
    """Build matplotlib's font cache now if it is missing.

    Otherwise, on a fresh machine, the first kernel to import matplotlib may log
    "Matplotlib is building the font cache" into a cell's stderr.
    """
    import matplotlib.font_manager  # noqa: F401


def _describe_failure(error: BaseException) -> str:
    ename = getattr(error, "ename", None)
    if ename:
        first_line = (getattr(error, "evalue", "") or "").splitlines()[:1]
        return (
            f"raised {ename}: {''.join(first_line)} "
            f"(tag the cell '{RAISES_TAG}' if the error is intended)"
        )
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def is_skipped(cell: NotebookNode) -> bool:
    """True if nbval does not run this cell (``# NBVAL_SKIP`` comment or ``nbval-skip`` tag)."""
    return SKIP_TAG in cell.metadata.get("tags", []) or SKIP_COMMENT in _comment_markers(cell)


def _comment_markers(cell: NotebookNode) -> set[str]:
    return {
        line.strip().lstrip("#").strip()
        for line in cell.source.splitlines()
        if line.strip().startswith("#")
    }


def _label(number: int, cell: NotebookNode) -> str:
    first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
    if len(first) > 40:
        first = first[:37] + "..."
    return f"cell {number} ({first!r})" if first else f"cell {number}"


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
