"""The report's ``index.html``: for each notebook its title, summary, question and a thumbnail.

The question is the first paragraph of the notebook's ``## The question`` section that asks
something (holds a ``?``; lists are skipped); the thumbnail is its first figure, scaled down.
A code cell tagged :data:`INDEX_TAG` has its HTML output (a table, say: notebook 05's claims
table) shown on the index too, under its notebook's title, so the report's front page
carries the result a reader most needs without opening the notebook; it is copied from the
notebook's output, so the index never runs the model itself.
A notebook that failed is listed with a link to its error page.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scenarios._meta import version
from scenarios.report.conventions import describe

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from scenarios.report.pages import Page

INDEX_TAG = "report-index"
"""Cell tag: show this cell's HTML output on the report's index."""

THUMBNAIL_SIZE = (360, 200)
"""Largest width and height of a thumbnail, in pixels (the aspect ratio is kept)."""

_STYLE = """\
body { font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em;
       line-height: 1.5; color: #1b1b1b; }
h1 { font-size: 1.6em; }
ol { padding-left: 0; list-style: none; }
li { display: flex; gap: 1.2em; align-items: flex-start; margin-bottom: 1.6em; }
li img { flex: none; width: 180px; border: 1px solid #ddd; }
li a { font-size: 1.15em; font-weight: 600; }
.question { font-style: italic; margin: 0.3em 0 0 0; }
.summary p { margin: 0.3em 0 0 0; }
.failed { color: #b00; font-weight: 600; }
.featured { overflow-x: auto; margin-top: 0.6em; font-size: 0.9em; }
.featured table { border-collapse: collapse; }
.featured th, .featured td { border-bottom: 1px solid #ddd; padding: 0.2em 0.5em;
                             text-align: left; vertical-align: top; }
footer { margin-top: 3em; font-size: 0.85em; color: #555; }
@media print { li { break-inside: avoid; } }
"""

_QUESTION_HEADING = re.compile(r"^#{1,6}\s+The question\s*#*$", re.I)
_LIST_ITEM = re.compile(r"[-*+>|<!`]|\d+\.\s")


@dataclass(frozen=True)
class Card:
    """What the index shows of one notebook (HTML fragments, ``""`` when absent)."""

    title: str
    summary_html: str
    question_html: str
    thumbnail: str
    """A ``data:image/png`` URI, or ``""``."""
    featured_html: str = ""
    """The HTML outputs of the cells tagged :data:`INDEX_TAG`, in order."""


def card(nb: NotebookNode, fallback_title: str) -> Card:
    """The index card of a converted notebook; ``fallback_title`` if it has no heading."""
    from scenarios.report.mathml import markdown_to_html

    title, summary = describe(nb)
    question = _question(nb)
    return Card(
        title=title or fallback_title,
        summary_html=markdown_to_html(summary) if summary else "",
        question_html=markdown_to_html(question) if question else "",
        thumbnail=_thumbnail(nb),
        featured_html=_featured(nb),
    )


def _featured(nb: NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        if cell.cell_type != "code" or INDEX_TAG not in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            value = output.get("data", {}).get("text/html")
            if value:
                parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


def _question(nb: NotebookNode) -> str:
    inside = False
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for block in re.split(r"\n\s*\n", cell.source):
            first = block.strip().splitlines()[0] if block.strip() else ""
            if first.startswith("#"):
                inside = bool(_QUESTION_HEADING.match(first))
                block = "\n".join(block.strip().splitlines()[1:])
                first = block.strip()
            if inside and "?" in block and not _LIST_ITEM.match(first):
                return " ".join(line.strip() for line in block.strip().splitlines())
    return ""


def _thumbnail(nb: NotebookNode) -> str:
    # Pillow comes with matplotlib, a core dependency.
    from PIL import Image

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            encoded = output.get("data", {}).get("image/png")
            if not encoded:
                continue
            image = Image.open(io.BytesIO(base64.b64decode(encoded)))
            image.thumbnail(THUMBNAIL_SIZE)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=True)
            return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return ""


def index_html(pages: Sequence[Page], executed: bool) -> str:
    """The ``index.html`` listing ``pages`` in order."""
    items = "\n".join(_item(page) for page in pages)
    origin = "run afresh for this report" if executed else "as stored in the notebooks"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Alignment scenarios: seminar notebooks</title>
<style>
{_STYLE}</style>
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


def _item(page: Page) -> str:
    link = f'<a href="{html.escape(page.filename)}">{html.escape(page.card.title)}</a>'
    thumbnail = (
        f'<img src="{page.card.thumbnail}" alt="First figure of {html.escape(page.card.title)}">'
        if page.card.thumbnail
        else ""
    )
    parts = [link]
    if page.error is not None:
        parts.append('<p class="failed">Failed when the report was built: see its page.</p>')
    if page.card.question_html:
        parts.append(f'<div class="question">{page.card.question_html}</div>')
    if page.card.summary_html:
        parts.append(f'<div class="summary">{page.card.summary_html}</div>')
    if page.card.featured_html:
        parts.append(f'<div class="featured">{page.card.featured_html}</div>')
    body = "\n".join(parts)
    return f"<li>{thumbnail}<div>\n{body}\n</div></li>"
