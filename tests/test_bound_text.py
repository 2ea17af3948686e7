"""The check that a notebook's prose states only figures its run backs."""

from __future__ import annotations

import nbformat
import pytest

from scenarios.report.bound_text import unbacked_figures


def _notebook(*cells):
    """Cells as ("md", text) or ("code", source, printed output)."""
    built = []
    for kind, *content in cells:
        if kind == "md":
            built.append(nbformat.v4.new_markdown_cell(content[0]))
        else:
            cell = nbformat.v4.new_code_cell(content[0])
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=content[1])]
            built.append(cell)
    return nbformat.v4.new_notebook(cells=built)


def test_a_figure_printed_above_backs_the_prose_at_its_precision():
    nb = _notebook(("code", "print(effect)", "effect +0.2137\n"), ("md", "The effect is +0.21."))
    assert unbacked_figures(nb) == []


def test_a_figure_the_run_does_not_print_is_reported_with_its_cell():
    nb = _notebook(("code", "print(effect)", "effect 0.2137\n"), ("md", "The effect is 0.67."))
    (problem,) = unbacked_figures(nb)
    assert problem.startswith("cell 2: 0.67 ")


def test_a_figure_printed_only_below_the_prose_does_not_back_it():
    nb = _notebook(("md", "About 0.21, as the next cell prints."), ("code", "x", "0.21\n"))
    assert len(unbacked_figures(nb)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed on 19 June 2024, in 2024Q2, after the 2023–24 shipments.",
        "Japan plans 43 trillion yen (Japan's Ministry of Defense figures).",
        "Deliveries rose to 6,700 containers ([Politico](https://example.org/a)).",
        "See `members=50` and two blocs in 3 exercises; notebooks 03 and 04 follow.",
        "With `reaction` at its default 0.03 the race is stable.",
        "1. First exercise\n2. Second exercise",
        "The line is the median and the shade the 90 % band (5–95 % range).",
    ],
)
def test_dates_citations_code_small_counts_and_defaults_are_allowed(text):
    assert unbacked_figures(_notebook(("md", text))) == []


def test_a_figure_in_a_code_cell_source_backs_the_prose():
    nb = _notebook(("code", "assert effect < 0.05", ""), ("md", "The effect is below 0.05."))
    assert unbacked_figures(nb) == []


def test_a_citation_covers_only_its_own_sentence():
    nb = _notebook(("md", "Trade rose by 26 % (Chinese customs figures). The model gives 31 %."))
    (problem,) = unbacked_figures(nb)
    assert ": 31 is neither" in problem


@pytest.mark.parametrize(
    "text",
    [
        "Pape (1997) accepts only 5 of their 40 claimed successes.",
        "Sanctions cost 2.3-3.5 points of growth (Neuenkirch & Neumeier 2015).",
        "Japan plans 43 trillion yen (figures of Japan's ministry of defence).",
    ],
)
def test_author_year_citations_and_sources_in_any_case_are_citations(text):
    assert unbacked_figures(_notebook(("md", text))) == []


def test_a_year_alone_in_parentheses_is_not_a_citation():
    for text in ("The model gives 31 % (in 2030).", "In 2030 the model gives 31 %."):
        assert len(unbacked_figures(_notebook(("md", text)))) == 1
