"""Read, write, normalise and execute the seminar notebooks.

The stored outputs of ``notebooks/NN_name.ipynb`` are regression-checked by ``pytest --nbval``,
so they must be exactly reproducible. This module is the one place that executes notebooks
(for ``notebooks/regenerate.py`` and for ``scenarios report``) and that says how a notebook
is stored (:func:`write_notebook`, :func:`normalise`); :mod:`scenarios.report.conventions`
says what a well-kept notebook looks like.

Execution mirrors the test run: a fresh ``python3`` kernel from the current environment,
started in the notebook's own folder with ``PYTHONHASHSEED=0`` and ``MPLBACKEND=Agg`` (the
values ``tasks.py`` sets for pytest). Because an inherited ``MPLBACKEND=Agg`` silences
figures, every notebook's first code cell runs ``%matplotlib inline``.

nbformat, nbclient and ipykernel come with the ``report`` extra and are imported only when
needed (see :mod:`scenarios.report.extra`).
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from scenarios.errors import ScenariosError
from scenarios.report.extra import require

if TYPE_CHECKING:
    from nbformat import NotebookNode

NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
NOTEBOOK_NAME = re.compile(r"^\d\d_[A-Za-z0-9_]+\.ipynb$")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
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


class NotebookError(ScenariosError):
    """A notebook cannot be read, executed or written.

    Attributes
    ----------
    cell : int or None
        Number (from 1, counting every cell) of the cell that failed, when one did.
    """

    def __init__(self, message: str, *, cell: int | None = None) -> None:
        super().__init__(message)
        self.cell = cell


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
    nbformat = require("nbformat", "reading a notebook")
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
    nbformat = require("nbformat", "writing a notebook")
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
    nbformat = require("nbformat", "normalising a notebook")
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
    for module in ("nbclient", "jupyter_client", "ipykernel"):
        require(module, "executing a notebook")
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
        raise NotebookError(
            f"{path}: {where}: {_describe_failure(error)}",
            cell=None if index is None else index + 1,
        ) from None
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
