"""A static HTML site of the seminar notebooks, for students without Jupyter.

:func:`build_report` executes every ``NN_name.ipynb`` (or takes its stored outputs),
converts each to one self-contained HTML page (:mod:`scenarios.report.pages`: styles
inlined, figures embedded as ``data:`` URIs, formulas as MathML, widgets replaced by a
note pointing at their static view) and writes an ``index.html``
(:mod:`scenarios.report.index`). The pages fetch nothing, so the site works offline.

A notebook that fails gets an error page and the rest of the site is still written; the
failures are then raised together as :class:`ReportIncomplete`. The stored notebooks are
never modified. nbconvert and the other Jupyter packages come with the ``report`` extra
(:mod:`scenarios.report.extra`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from scenarios.errors import ScenariosError
from scenarios.output import StagedFolder, check_target
from scenarios.report.extra import require
from scenarios.report.index import index_html
from scenarios.report.notebooks import NOTEBOOK_GLOB, numbered_notebooks

MARKER = ".scenarios-report"

_NEEDED = ("nbconvert", "jinja2", "latex2mathml")


class ReportIncomplete(ScenariosError):
    """The site was written, but some notebooks failed and have error pages instead.

    Attributes
    ----------
    index : pathlib.Path
        The written ``index.html``.
    failures : list of str
        One line per failed notebook: its file name, the cell and the error.
    """

    def __init__(self, index: Path, failures: list[str]) -> None:
        self.index = index
        self.failures = failures
        count = len(failures)
        super().__init__(
            f"{index.parent}: {count} notebook{'s' if count > 1 else ''} failed and "
            f"{'have error pages' if count > 1 else 'has an error page'} in the report"
        )


def default_notebooks_dir() -> Path:
    """The ``notebooks/`` folder of the source tree this package was imported from."""
    return Path(__file__).resolve().parents[3] / "notebooks"


def build_report(
    out_dir: str | os.PathLike[str],
    notebooks_dir: str | os.PathLike[str] | None = None,
    execute: bool = True,
    *,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write the HTML site of the numbered notebooks to ``out_dir`` and return its index.

    Parameters
    ----------
    out_dir
        Folder for ``index.html`` and one ``NN_name.html`` per notebook. It is replaced as
        a whole, and only if it is new, empty or an earlier report (it holds ``MARKER``).
    notebooks_dir
        Folder holding ``NN_name.ipynb`` files; default :func:`default_notebooks_dir`.
    execute
        Run each notebook in a fresh kernel first (default); otherwise use stored outputs.
    progress
        Called with one line per converted notebook (its name and time taken), and one
        line per flaw of a converted page (``NN_name.ipynb: warning: ...``: a formula that
        could not be converted, a widget without a static view of its default setting).

    Returns
    -------
    pathlib.Path
        Path of the written ``index.html``.

    Raises
    ------
    ReportIncomplete
        After writing the whole site, if any notebook failed to run or to be read; its
        page in the site shows the error.
    ScenariosError
        If there are no notebooks, the ``report`` extra is missing, or ``out_dir`` is a
        folder this function did not make. ``out_dir`` is then left as it was.
    """
    source = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    if not source.is_dir():
        raise ScenariosError(f"{source}: notebooks folder not found (pass --notebooks DIR)")
    paths = numbered_notebooks(source)
    if not paths:
        raise ScenariosError(f"{source}: no notebooks named {NOTEBOOK_GLOB}")
    target = check_target(out_dir, MARKER)
    for module in _NEEDED:
        require(module, "converting a notebook to HTML")
    from scenarios.report.pages import render_page

    pages = []
    for path in paths:
        began = time.perf_counter()
        page = render_page(path, execute)
        pages.append(page)
        if progress is not None:
            outcome = "failed" if page.error is not None else f"{time.perf_counter() - began:.1f} s"
            progress(f"{path.name}: {outcome}")
            for warning in page.warnings:
                progress(f"{path.name}: warning: {warning}")

    with StagedFolder(target, MARKER) as staging:
        for page in pages:
            (staging / page.filename).write_text(page.body, encoding="utf-8")
        (staging / "index.html").write_text(index_html(pages, execute), encoding="utf-8")
        (staging / MARKER).write_text("made by `scenarios report`\n", encoding="utf-8")
    index = target / "index.html"
    failures = [page.error for page in pages if page.error is not None]
    if failures:
        raise ReportIncomplete(index, failures)
    return index
