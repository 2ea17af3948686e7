"""Notebook prose bound to the run: every figure a markdown cell states comes from the run.

A seminar reads the prose, not the outputs; if the model changes and the prose keeps an old
figure, the notebook teaches something the model no longer says. So each number written in
a markdown cell must be *backed*: printed by a code cell above it, or written in a code
cell's source (a setup size such as ``members=50``, or a value an ``assert`` checks, which
fails nbval when the run stops agreeing). A number is also allowed without backing when it
is one of:

- a date of history: a year (1800-2100), a quarter (``2024Q2``), a span of years
  (``2023–24``), a day or month of a date;
- a citation or a link: numbers inside a markdown link's text or target, or inside
  inline code (``2.5``: code is quoted, not claimed);
- the level of a band or an interval ("90 % band", "5–95 % range"): how a figure is drawn;
- a single digit (0-9): counts of the setup (two blocs, four mechanisms, exercise 3);
- the default of a model parameter or lever (``deterrence.reaction`` is 0.03): the setup;
- a figure of the record in a sentence that cites it: the sentence holds a link, an
  author-year citation ("Pape (1997)", "(Early & Spice 2011)") or a parenthesis naming
  its source (one of :data:`SOURCE_MARKERS`, e.g. "(SIPRI)", "(Chinese customs figures)",
  "(``data/arms_flows.csv``)");
- a heading's or a list item's own number, the two-digit number of a notebook (``03``),
  and the number of a fact, exercise, section, check, step or part ("stylized fact 19").

A stated figure matches a printed one when the printed value, rounded to the stated
figure's decimals, equals it (``0.21`` is backed by a printed ``0.213``; signs, thousands
separators and a trailing ``%`` are ignored). Qualitative comparisons ("smaller than",
"most") cannot be found by pattern; the notebook convention is to assert them next to the
cell whose output shows them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from scenarios.mechanisms import PARAMETERS
from scenarios.registry.levers import LEVERS

if TYPE_CHECKING:
    from nbformat import NotebookNode

_NUMBER = re.compile(r"(?<![\w.])[+\-−]?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w])")
_QUARTER = re.compile(r"(?<![\d.])\d{4}\s?Q[1-4]\b|(?<![\d.])\d{4}\s?[–-]\s?\d{2}\b(?![.,]\d)")
_DATE = re.compile(
    r"\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\b|\b(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s+\d{1,2}\b|\b\d{4}-\d{2}(?:-\d{2})?\b"
)
_LEVEL = re.compile(
    r"(?<![\d.])\d{1,2}(?:\s?[–-]\s?\d{1,2})?\s?%\s+(?:bands?|intervals?|ranges?|confidence)\b"
)
_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)|<https?://[^>]*>|https?://\S+")
_INLINE_CODE = re.compile(r"`[^`]*`")
_LIST_OR_HEADING = re.compile(r"^\s*(?:#{1,6}\s+)?(?:\d+[.)]\s+)?", re.M)
SOURCE_MARKERS = (
    "data/",
    "SIPRI",
    "IMF",
    "World Bank",
    "Bank of Korea",
    "customs",
    "NIS",
    "MSMT",
    "intelligence",
    "ministry",
    "reported",
    "estimate",
    "source",
    "figures",
    "et al",
    "UN ",
)
"""Words that mark a parenthesis as a citation of the record (in any case)."""

_AUTHORS = r"[A-Z][\w'-]+(?: et al\.?| & [A-Z][\w'-]+| and [A-Z][\w'-]+)?"
_AUTHOR_YEAR = re.compile(
    rf"{_AUTHORS} \((?:1[89]|20)\d{{2}}[a-z]?\)|\([^()]*{_AUTHORS},? (?:1[89]|20)\d{{2}}[a-z]?[;),]"
)
_PARENTHESIS = re.compile(r"\(([^()]*)\)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*_(\[-])|\n\s*\n|\n\s*[-*]\s")
_NOTEBOOK_NUMBER = re.compile(
    r"\b(?:notebooks?|nb)\s*\d{2}(?:\s*(?:,|and|or|-|–)\s*\d{2})*\b"
    r"|\b(?:stylized facts?|facts?|exercises?|sections?|checks?|steps?|parts?)\s*#?\d+\b",
    re.IGNORECASE,
)


def _cites(sentence: str) -> bool:
    if _LINK.search(sentence) or _AUTHOR_YEAR.search(sentence):
        return True
    return any(
        marker.lower() in inside.lower()
        for inside in _PARENTHESIS.findall(sentence)
        for marker in SOURCE_MARKERS
    )


def _stated(markdown: str) -> Iterable[str]:
    """The figures a markdown text states, after removing what the module's rules allow."""
    for sentence in _SENTENCE.split(markdown):
        if not _cites(sentence):
            yield from _figures(sentence)


def _figures(text: str) -> Iterable[str]:
    for pattern in (_LINK, _INLINE_CODE, _QUARTER, _DATE, _NOTEBOOK_NUMBER, _LEVEL):
        text = pattern.sub(" ", text)
    text = _LIST_OR_HEADING.sub("", text)
    for match in _NUMBER.finditer(text):
        integer, decimals = match.group(1), match.group(2) or ""
        whole = integer.replace(",", "")
        if not decimals and (len(whole) == 1 or (len(whole) == 4 and 1800 <= int(whole) <= 2100)):
            continue
        yield whole + decimals


def _values(text: str) -> set[Decimal]:
    """Every number in a text, as an unsigned Decimal."""
    values = set()
    for match in _NUMBER.finditer(text):
        try:
            values.add(Decimal(match.group(1).replace(",", "") + (match.group(2) or "")))
        except InvalidOperation:  # pragma: no cover - the pattern only matches digits
            continue
    return values


def _backed(figure: str, values: set[Decimal]) -> bool:
    stated = Decimal(figure)
    exponent = stated.as_tuple().exponent
    return any(value.quantize(Decimal(1).scaleb(exponent)) == stated for value in values)


def _defaults() -> set[Decimal]:
    specs = [*PARAMETERS.values(), *LEVERS.values()]
    return _values(" ".join(str(spec.default) for spec in specs))


def _output_text(cell: NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            for mime in ("text/plain", "text/html", "text/markdown"):
                value = output.get("data", {}).get(mime)
                if value:
                    parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


def unbacked_figures(nb: NotebookNode) -> list[str]:
    """Describe each figure in a markdown cell that the run does not back.

    Parameters
    ----------
    nb : NotebookNode
        A stored notebook (with outputs).

    Returns
    -------
    list of str
        One line per unbacked figure: the cell's number, the figure and its sentence.
    """
    sources = _values("\n".join(cell.source for cell in nb.cells if cell.cell_type == "code"))
    sources |= _defaults()
    printed: set[Decimal] = set()
    problems = []
    for number, cell in enumerate(nb.cells, 1):
        if cell.cell_type == "code":
            printed |= _values(_output_text(cell))
            continue
        if cell.cell_type != "markdown":
            continue
        for figure in _stated(cell.source):
            if not _backed(figure, printed | sources):
                sentence = _sentence(cell.source, figure)
                problems.append(
                    f"cell {number}: {figure} is neither printed above it nor in a code cell "
                    f"({sentence!r})"
                )
    return problems


def _sentence(text: str, figure: str) -> str:
    flat = " ".join(text.split())
    at = flat.find(figure)
    start = max(flat.rfind(". ", 0, at) + 2, 0) if at >= 0 else 0
    return flat[start : start + 100]
