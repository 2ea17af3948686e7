r"""Markdown with formulas turned into MathML when the report is built, so pages need no MathJax.

Browsers draw MathML themselves, so a page whose formulas were converted here typesets them
offline, with no script. The delimiters are those of Jupyter: ``$...$`` and ``\(...\)``
inline; ``$$...$$`` (over several lines too), ``\[...\]`` and ``\begin{env}...\end{env}``
as display formulas. Markdown is parsed by nbconvert's own parser (so a ``$`` inside code
stays code) and the TeX converted by latex2mathml. A formula it cannot convert is shown as
its TeX source in ``<code class="tex">`` and remembered in :attr:`MathMLRenderer.failures`.

Imported only by :mod:`scenarios.report.pages`, after the ``report`` extra was found.
"""

from __future__ import annotations

import html
import re
from typing import ClassVar

from latex2mathml.converter import convert
from nbconvert.filters.markdown_mistune import (
    IPythonRenderer,
    MarkdownWithMath,
    MathBlockParser,
    MathInlineParser,
)

# Jupyter's own delimiters with one backslash: nbconvert's parser only knows ``\\(`` (two
# backslashes), which in Markdown is an escaped backslash, so ``\(x\)`` would print as (x).
_DISPLAY_BRACKETS = r"(?s:(?<!\\)\\\[(?P<math_display_brackets>.+?)(?<!\\)\\\])"
_INLINE_PARENTHESES = r"(?s:(?<!\\)\\\((?P<math_inline_parentheses>.+?)(?<!\\)\\\))"
# Environments that only number or align an equation: their body is the formula.
_EQUATION = re.compile(r"equation\*?|displaymath|math")
_ALIGN = re.compile(r"align\*?|eqnarray\*?|gather\*?")


class _BlockParser(MathBlockParser):
    r"""Keeps a ``\[ ... \]`` formula over several lines in one paragraph, like ``$$``."""

    MULTILINE_MATH = MathBlockParser.MULTILINE_MATH + r"|(?s:\\\[.*?\\\])"
    SPECIFICATION: ClassVar = {**MathBlockParser.SPECIFICATION, "multiline_math": MULTILINE_MATH}


_MATH_RULES = (
    "block_math_tex",
    "block_math_latex",
    "display_brackets",
    "inline_math_tex",
    "inline_math_latex",
    "inline_parentheses",
)


class _InlineParser(MathInlineParser):
    r"""Adds the one-backslash ``\(`` and ``\[`` delimiters, tried before Markdown escapes."""

    SPECIFICATION: ClassVar = {
        **MathInlineParser.SPECIFICATION,
        "display_brackets": _DISPLAY_BRACKETS,
        "inline_parentheses": _INLINE_PARENTHESES,
    }
    DEFAULT_RULES: ClassVar = (
        *_MATH_RULES,
        *(rule for rule in MathInlineParser.DEFAULT_RULES if rule not in _MATH_RULES),
    )

    def parse_display_brackets(self, m, state) -> int:
        state.append_token({"type": "block_math", "raw": m.group("math_display_brackets")})
        return m.end()

    def parse_inline_parentheses(self, m, state) -> int:
        state.append_token({"type": "inline_math", "raw": m.group("math_inline_parentheses")})
        return m.end()


class MathMLRenderer(IPythonRenderer):
    """nbconvert's Markdown renderer, writing each formula as MathML instead of TeX.

    Attributes
    ----------
    failures : list of str
        One line per formula that could not be converted (its TeX and the reason).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.failures: list[str] = []

    def block_math(self, body: str) -> str:
        r"""A display formula (``$$``, ``\[``) as a block ``<math>`` element."""
        return self._mathml(body, "block")

    def inline_math(self, body: str) -> str:
        r"""An inline formula (``$``, ``\(``) as an inline ``<math>`` element."""
        return self._mathml(body, "inline")

    def latex_environment(self, name: str, body: str) -> str:
        r"""A ``\begin{name}...\end{name}`` formula as a block ``<math>`` element."""
        if _EQUATION.fullmatch(name):
            return self._mathml(body, "block")
        if _ALIGN.fullmatch(name):
            return self._mathml(f"\\begin{{aligned}}{body}\\end{{aligned}}", "block")
        return self._mathml(f"\\begin{{{name}}}{body}\\end{{{name}}}", "block")

    def _mathml(self, tex: str, display: str) -> str:
        tex = tex.strip()
        try:
            return convert(tex, display=display)
        except Exception as error:  # latex2mathml raises many unrelated types for bad TeX
            reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
            self.failures.append(
                f"formula {tex!r} not converted ({type(error).__name__}: {reason})"
            )
            return f'<code class="tex">{html.escape(tex)}</code>'


def markdown_to_html(source: str, renderer: MathMLRenderer | None = None) -> str:
    """Render Markdown to HTML with every formula as MathML.

    Parameters
    ----------
    source
        Markdown text, e.g. a notebook's markdown cell.
    renderer
        The renderer to use (its :attr:`~MathMLRenderer.failures` collect formulas that
        could not be converted); default a fresh one that neither embeds images nor adds
        heading anchors.
    """
    if renderer is None:
        renderer = MathMLRenderer(escape=False, exclude_anchor_links=True)
    parser = MarkdownWithMath(
        renderer=renderer, block=_BlockParser(), inline=_InlineParser(hard_wrap=False)
    )
    return parser.render(source)
