"""One page of the report per notebook: the converted notebook, or an error page if it failed.

A page is self-contained and needs no network: styles are inlined, figures embedded as
``data:`` URIs, formulas written as MathML (:mod:`scenarios.report.mathml`), and each
widget replaced by a note naming its controls and pointing at the static view of their
default setting that the notebook shows beside it. Long code lines wrap when printed.

Imported by :mod:`scenarios.report.build` once the ``report`` extra was found.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import DictLoader, pass_context
from nbconvert import HTMLExporter

from scenarios.report.conventions import describe
from scenarios.report.index import Card, card
from scenarios.report.mathml import MathMLRenderer, markdown_to_html
from scenarios.report.notebooks import (
    NotebookError,
    _label,
    execute_notebook,
    normalise,
    read_notebook,
)

if TYPE_CHECKING:
    from nbformat import NotebookNode

PRINT_STYLE = """\
.report-nav { padding: 0.5em 1em; font-family: sans-serif; }
.widget-fallback { border-left: 3px solid #888; padding: 0.2em 0.8em; margin: 0.4em 0;
                   background: #f6f6f6; font-family: sans-serif; }
code.tex { color: #a00; }
@media print {
  .report-nav { display: none; }
  pre, code, .jp-RenderedText pre, .highlight pre, .jp-InputArea-editor pre {
    white-space: pre-wrap !important; overflow-wrap: anywhere; word-break: break-word;
  }
  .jp-Cell, .jp-InputArea, .jp-OutputArea, .jp-OutputArea-output, .jp-RenderedText,
  .jp-CodeMirrorEditor, .jp-InputArea-editor, .highlight { overflow: visible !important; }
  img { max-width: 100% !important; break-inside: avoid; }
}
"""
"""Styles added to every page: the widget notes, and code that wraps instead of being cut
when printed (screens keep the horizontal scroll bar)."""

# nbconvert's "lab" template without what it would fetch from a CDN (require.js, the
# widget manager, mermaid, MathJax), with the report's styles and a link back to the index.
_PAGE_TEMPLATE = (
    """\
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_css -%}
<style type="text/css">
"""
    + PRINT_STYLE
    + """</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
<nav class="report-nav"><a href="index.html">&larr; All notebooks</a></nav>
{%- endblock body_header -%}
"""
)

# The text/plain form of an ipywidgets widget, all that is left of it once the live view
# (a pointer to a kernel's model) is dropped: ``interactive(children=(FloatSlider(...``.
_WIDGET_REPR = re.compile(r"^\w+\((?:children|value|description|options|index)=")
_WIDGET_FUNCTION = re.compile(r"\binteract(?:ive)?\(\s*(\w+)")
_CONTROL = re.compile(r"""\bdescription\s*=\s*(["'])(.+?)\1""")
_IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")


@dataclass
class Page:
    """A converted notebook (or its error page) with what the index shows of it.

    Attributes
    ----------
    filename
        Name of the page in the site, ``NN_name.html``.
    card
        Title, summary, question and thumbnail for the index.
    body
        The page's HTML.
    error
        The notebook's failure in one line, or ``None`` when it was converted.
    warnings
        Lines about flaws in a converted page (a formula not converted, a widget without a
        static view).
    """

    filename: str
    card: Card
    body: str
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


class _Exporter(HTMLExporter):
    """nbconvert's HTML exporter with formulas in Markdown written as MathML."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.math_failures: list[str] = []

    @pass_context
    def markdown2html(self, context, source):
        """Markdown to HTML, as nbconvert's filter does, but with MathML for formulas."""
        cell = context.get("cell", {})
        renderer = MathMLRenderer(
            escape=False,
            attachments=cell.get("attachments", {}),
            embed_images=self.embed_images,
            path=context.get("resources", {}).get("metadata", {}).get("path", ""),
            anchor_link_text=self.anchor_link_text,
            exclude_anchor_links=self.exclude_anchor_links,
        )
        rendered = markdown_to_html(source, renderer)
        self.math_failures += renderer.failures
        return rendered


def render_page(path: Path, execute: bool) -> Page:
    """Convert one notebook to its page, or make its error page if it cannot be run or read."""
    try:
        nb = execute_notebook(path) if execute else normalise(read_notebook(path))
    except NotebookError as error:
        return error_page(path, error)
    warnings = _static_widgets(nb)
    warnings += _latex_outputs(nb)
    exporter = _Exporter(
        template_name="lab",
        extra_loaders=[DictLoader({"report.html.j2": _PAGE_TEMPLATE})],
        template_file="report.html.j2",
    )
    page_card = card(nb, path.stem)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": page_card.title}})
    warnings += exporter.math_failures
    return Page(f"{path.stem}.html", page_card, body, warnings=warnings)


def error_page(path: Path, error: NotebookError) -> Page:
    """The page standing in for a notebook that failed: its title, the error and the cell."""
    message = str(error).removeprefix(f"{path}: ")
    try:
        nb = read_notebook(path)
    except NotebookError:
        nb = None
    title = (describe(nb)[0] if nb is not None else "") or path.stem
    source = ""
    if nb is not None and error.cell is not None and error.cell <= len(nb.cells):
        failed = nb.cells[error.cell - 1]
        source = (
            f'<h2>Cell {error.cell}</h2>\n<pre class="failed-cell">'
            f"{html.escape(failed.source)}</pre>\n"
        )
    body = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(title)} (failed)</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em;
       line-height: 1.5; color: #1b1b1b; }}
pre {{ background: #f6f6f6; padding: 0.8em; overflow-x: auto; }}
.error {{ border-left: 4px solid #b00; color: #600; white-space: pre-wrap; }}
{PRINT_STYLE}</style>
</head>
<body>
<nav class="report-nav"><a href="index.html">&larr; All notebooks</a></nav>
<h1>{html.escape(title)}</h1>
<p>This notebook (<code>{html.escape(path.name)}</code>) failed when the report was built,
so this page shows the error instead of its outputs. Run it in Jupyter to see where.</p>
<pre class="error">{html.escape(message)}</pre>
{source}</body>
</html>
"""
    error_card = Card(title=title, summary_html="", question_html="", thumbnail="")
    return Page(f"{path.stem}.html", error_card, body, error=f"{path.name}: {message}")


def _static_widgets(nb: NotebookNode) -> list[str]:
    """Replace each widget output with a note on its controls; warn where no view is shown.

    A widget needs a live kernel, so the static page relies on the notebook calling the
    widget's function once with its defaults (``explore()`` beside
    ``interactive(explore, ...)``), in the widget's cell before the widget or in the code
    cell just before it; the figure or table that call shows is the static view.
    """
    warnings = []
    previous = None
    for number, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "code":
            continue
        for position, output in enumerate(cell.outputs):
            data = output.get("data", {})
            if set(data) != {"text/plain"} or not _WIDGET_REPR.match(data["text/plain"]):
                continue
            function = _WIDGET_FUNCTION.search(cell.source)
            candidates = [(cell.source, cell.outputs[:position])]
            if previous is not None:
                candidates.append((previous.source, previous.outputs))
            view = "none"
            for source, outputs in candidates:
                if function and _calls(source, function.group(1)):
                    view = _default_view(outputs)
                    break
            controls = ", ".join(match.group(2) for match in _CONTROL.finditer(cell.source))
            data.clear()
            data["text/html"] = _fallback_html(controls, view)
            if view == "none":
                warnings.append(
                    f"{_label(number, cell)}: a widget without a static figure or table of "
                    "its default setting beside it"
                )
        previous = cell
    return warnings


def _calls(source: str, function: str) -> bool:
    """True if ``source`` calls ``function`` other than in its ``def`` line."""
    return any(
        re.search(rf"(?<![\w.]){re.escape(function)}\(", line)
        and not line.lstrip().startswith("def ")
        for line in source.splitlines()
    )


def _default_view(outputs: list) -> str:
    for output in reversed(outputs):
        data = output.get("data", {})
        if any(kind in data for kind in _IMAGE_TYPES):
            return "figure"
        if "<table" in data.get("text/html", ""):
            return "table"
    return "none"


def _fallback_html(controls: str, view: str) -> str:
    named = f" ({html.escape(controls)})" if controls else ""
    if view == "none":
        shown = "This static copy holds no view of them; open the notebook in Jupyter to use them."
    else:
        shown = f"The {view} above shows their default setting."
    return (
        f'<div class="widget-fallback" data-default-view="{view}"><p>'
        f"<strong>Interactive controls</strong>{named} appear here when the notebook runs in "
        f"Jupyter. {shown}</p></div>"
    )


def _latex_outputs(nb: NotebookNode) -> list[str]:
    """Write outputs shown as LaTeX (e.g. SymPy's) as MathML; return formulas not converted."""
    failures = []
    for number, cell in enumerate(nb.cells, 1):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/latex" not in data or "text/html" in data or "text/markdown" in data:
                continue
            latex = data.pop("text/latex").strip()
            if not latex.startswith(("$", "\\[", "\\(", "\\begin")):
                latex = f"$${latex}$$"
            renderer = MathMLRenderer(escape=False, exclude_anchor_links=True)
            data["text/html"] = markdown_to_html(latex, renderer)
            failures += [f"{_label(number, cell)}: {failure}" for failure in renderer.failures]
    return failures
