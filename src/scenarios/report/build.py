"""A static HTML site of the seminar notebooks, for students without Jupyter.

:func:`build_report` executes every ``NN_name.ipynb`` (or takes its stored outputs),
converts each to one self-contained HTML page (styles inlined, figures embedded as
``data:`` URIs) and writes an ``index.html`` listing the notebooks with their titles and
summaries. Pages open offline; only pages with formulas fetch MathJax from its CDN, and
without a connection those formulas show as TeX source.

The stored notebooks are never modified. nbconvert and the other Jupyter packages come
with the ``report`` extra (:mod:`scenarios.report.extra`).
"""

from __future__ import annotations

import html
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scenarios._meta import version
from scenarios.errors import ScenariosError
from scenarios.output import StagedFolder, check_target
from scenarios.report.conventions import describe
from scenarios.report.extra import require
from scenarios.report.notebooks import (
    NOTEBOOK_GLOB,
    execute_notebook,
    normalise,
    numbered_notebooks,
    read_notebook,
)

if TYPE_CHECKING:
    from nbformat import NotebookNode

MARKER = ".scenarios-report"

# Extends nbconvert's "lab" template, dropping what it would fetch from a CDN: require.js
# (needed only by widgets and JavaScript outputs) and mermaid (diagrams, unused here);
# MathJax stays, but only on pages with math. Adds a link back to the index.
_PAGE_TEMPLATE = """\
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
{%- if resources.report_has_math -%}{{ super() }}{%- endif -%}
{%- endblock html_head_js_mathjax -%}
{%- block body_header -%}
{{ super() }}
<nav style="padding: 0.5em 1em; font-family: sans-serif;">
<a href="index.html">&larr; All notebooks</a></nav>
{%- endblock body_header -%}
"""

_MATH = re.compile(r"\$[^$\n]+\$|\\\(|\\\[")

_INDEX_STYLE = """\
body { font-family: system-ui, sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em;
       line-height: 1.5; color: #1b1b1b; }
h1 { font-size: 1.6em; }
ol { padding-left: 1.2em; }
li { margin-bottom: 1.2em; }
li a { font-size: 1.15em; font-weight: 600; }
.summary p { margin: 0.3em 0 0 0; }
footer { margin-top: 3em; font-size: 0.85em; color: #555; }
"""


@dataclass(frozen=True)
class _Page:
    filename: str
    title: str
    summary_html: str
    body: str


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
        Called with one line per converted notebook (its name and time taken).

    Returns
    -------
    pathlib.Path
        Path of the written ``index.html``.

    Raises
    ------
    ScenariosError
        If there are no notebooks, a notebook fails to run, or ``out_dir`` is a folder
        this function did not make. ``out_dir`` is left as it was.
    """
    source = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    if not source.is_dir():
        raise ScenariosError(f"{source}: notebooks folder not found (pass --notebooks DIR)")
    paths = numbered_notebooks(source)
    if not paths:
        raise ScenariosError(f"{source}: no notebooks named {NOTEBOOK_GLOB}")
    target = check_target(out_dir, MARKER)

    pages = []
    for path in paths:
        began = time.perf_counter()
        pages.append(_render(path, execute))
        if progress is not None:
            progress(f"{path.name}: {time.perf_counter() - began:.1f} s")

    with StagedFolder(target, MARKER) as staging:
        for page in pages:
            (staging / page.filename).write_text(page.body, encoding="utf-8")
        (staging / "index.html").write_text(_index(pages, execute), encoding="utf-8")
        (staging / MARKER).write_text("made by `scenarios report`\n", encoding="utf-8")
    return target / "index.html"


def _render(path: Path, execute: bool) -> _Page:
    for module in ("nbconvert", "jinja2"):
        require(module, "converting a notebook to HTML")
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from nbconvert.filters import markdown2html

    nb = execute_notebook(path) if execute else normalise(read_notebook(path))
    title, summary = describe(nb)
    title = title or path.stem
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"report.html.j2": _PAGE_TEMPLATE})],
        template_file="report.html.j2",
    )
    body, _ = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": title}, "report_has_math": _has_math(nb)}
    )
    return _Page(
        filename=f"{path.stem}.html",
        title=title,
        summary_html=markdown2html(summary) if summary else "",
        body=body,
    )


def _has_math(nb: NotebookNode) -> bool:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and _MATH.search(cell.source):
            return True
        if cell.cell_type == "code" and any(
            "text/latex" in output.get("data", {}) for output in cell.outputs
        ):
            return True
    return False


def _index(pages: list[_Page], executed: bool) -> str:
    items = "\n".join(
        f'<li><a href="{html.escape(page.filename)}">{html.escape(page.title)}</a>\n'
        f'<div class="summary">{page.summary_html}</div></li>'
        for page in pages
    )
    origin = "run afresh for this report" if executed else "as stored in the notebooks"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Alignment scenarios: seminar notebooks</title>
<style>
{_INDEX_STYLE}</style>
</head>
<body>
<h1>Alignment scenarios: seminar notebooks</h1>
<p>Static copies of the seminar notebooks with their outputs ({origin}). Open one to read
the code, figures and discussion; to change and re-run them, use Jupyter.</p>
<ol>
{items}
</ol>
<footer>Made by <code>scenarios report</code> (alignment-scenarios {html.escape(version())}).
</footer>
</body>
</html>
"""
