"""The static HTML report of the notebooks (scenarios.report)."""

from __future__ import annotations

import argparse
import base64
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat import v4
from PIL import Image

from scenarios.commands.report import register
from scenarios.errors import ScenariosError
from scenarios.report import MARKER, ReportIncomplete, build_report


def _notebook(title: str, summary: str, *code: str) -> nbformat.NotebookNode:
    nb = v4.new_notebook()
    nb.cells = [v4.new_markdown_cell(f"# {title}\n\n{summary}\n\n## The question")]
    nb.cells += [v4.new_code_cell(source) for source in code]
    return nb


ALPHA = _notebook(
    "Alpha: a figure",
    "Plots a *line* of three points.",
    "%matplotlib inline\nimport matplotlib.pyplot as plt",
    "fig, ax = plt.subplots()\nax.plot([1, 3, 2])\nax.set_title('alpha line')\nplt.show()",
)
BETA = _notebook(
    "Beta & text",
    "Prints a sum, with $x^2$ math.",
    "%matplotlib inline",
    "print('sum is', 2 + 3)",
)
BETA.cells.insert(
    1,
    v4.new_markdown_cell(
        "A block over lines:\n\n$$\nE = \\sum_{i<j} c_i\\, c_j\n$$\n\n"
        "inline \\(a_{ij}\\), display \\[b^2\\], and `$code$` stays code."
    ),
)


def _png() -> str:
    image = Image.new("RGB", (40, 30), (30, 90, 160))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


ALPHA_PNG = _png()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")

    def handle_data(self, data):
        if self._href is not None:
            self.links.append((self._href, data))
            self._href = None


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("notebooks")
    nbformat.write(ALPHA, folder / "01_alpha.ipynb")
    nbformat.write(BETA, folder / "02_beta.ipynb")
    return folder


@pytest.fixture(scope="module")
def report(notebooks, tmp_path_factory) -> Path:
    """One executed report (two kernels) shared by the module's tests."""
    stored = {path.name: path.read_bytes() for path in notebooks.iterdir()}
    out = tmp_path_factory.mktemp("site") / "report"
    index = build_report(out, notebooks)
    assert index == out.absolute() / "index.html"
    assert {path.name: path.read_bytes() for path in notebooks.iterdir()} == stored
    return out


def test_index_links_every_notebook_with_title_and_summary(report):
    index = (report / "index.html").read_text()
    parser = _Links()
    parser.feed(index)
    assert parser.links == [("01_alpha.html", "Alpha: a figure"), ("02_beta.html", "Beta & text")]
    assert "Plots a <em>line</em> of three points." in index
    assert re.search(r"Prints a sum, with <math [^>]*><mrow><msup><mi>x</mi><mn>2</mn>", index)
    # the thumbnail is the first figure, scaled down
    thumbnails = re.findall(r'<img src="data:image/png;base64,([^"]+)"', index)
    assert len(thumbnails) == 1


def test_every_page_exists_with_its_executed_outputs(report):
    alpha = (report / "01_alpha.html").read_text()
    beta = (report / "02_beta.html").read_text()
    assert re.search(r'<img[^>]+src="data:image/png;base64,[A-Za-z0-9+/]{100}', alpha)
    assert "sum is 5" in beta
    assert "<title>Alpha: a figure</title>" in alpha
    assert 'href="index.html"' in alpha and 'href="index.html"' in beta


def test_pages_fetch_nothing_and_formulas_are_mathml(report):
    for page in report.glob("*.html"):
        text = page.read_text()
        assert "<script" not in text and "<link" not in text
        assert not re.search(r"""(?:src=|href=|url\()["']?(?:https?:)?//""", text)
    beta = (report / "02_beta.html").read_text()
    assert len(re.findall(r'<math [^>]*display="block"', beta)) == 2
    assert len(re.findall(r'<math [^>]*display="inline"', beta)) == 2
    assert "$$" not in beta and "\\(" not in beta and "\\[" not in beta
    assert "<code>$code$</code>" in beta


def test_printed_code_wraps(report):
    alpha = (report / "01_alpha.html").read_text()
    assert re.search(r"@media print \{[^@]*\bpre\b[^{]*\{\s*white-space: pre-wrap", alpha)


def test_no_execute_uses_stored_outputs(notebooks, tmp_path):
    build_report(tmp_path / "stored", notebooks, execute=False)
    alpha = (tmp_path / "stored" / "01_alpha.html").read_text()
    assert "<img" not in alpha  # the stored notebooks were never run


def test_rebuilding_replaces_an_earlier_report(notebooks, tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    (out / MARKER).write_text("")
    (out / "00_removed.html").write_text("stale")
    build_report(out, notebooks, execute=False)
    assert sorted(path.name for path in out.iterdir()) == [
        MARKER,
        "01_alpha.html",
        "02_beta.html",
        "index.html",
    ]
    assert [path.name for path in tmp_path.iterdir()] == ["report"]


def test_failing_notebook_gets_an_error_page_and_the_rest_is_built(notebooks, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in notebooks.iterdir():
        (broken / path.name).write_bytes(path.read_bytes())
    failing = _notebook("Broken", "Fails.", "x = 1", "missing_name")
    nbformat.write(failing, broken / "00_broken.ipynb")
    (broken / "03_garbled.ipynb").write_text("{not json")
    out = tmp_path / "report"
    build_report(out, notebooks, execute=False)
    with pytest.raises(ReportIncomplete) as info:
        build_report(out, broken)
    failures = info.value.failures
    assert len(failures) == 2
    assert re.match(r"00_broken\.ipynb: cell 3 \('missing_name'\): raised NameError", failures[0])
    assert failures[1].startswith("03_garbled.ipynb: not a readable notebook")
    assert all("\n" not in line for line in [*failures, str(info.value)])
    assert info.value.index == out.absolute() / "index.html"
    assert sorted(path.name for path in out.iterdir()) == [
        MARKER,
        "00_broken.html",
        "01_alpha.html",
        "02_beta.html",
        "03_garbled.html",
        "index.html",
    ]
    page = (out / "00_broken.html").read_text()
    assert "<h1>Broken</h1>" in page and "NameError" in page
    assert '<pre class="failed-cell">missing_name</pre>' in page
    assert "<h1>03_garbled</h1>" in (out / "03_garbled.html").read_text()
    index = (out / "index.html").read_text()
    assert index.count('class="failed"') == 2
    assert re.search(r'<img[^>]+src="data:image/png', (out / "01_alpha.html").read_text())


def test_widget_is_replaced_by_a_note_on_its_static_view(tmp_path):
    png = ALPHA_PNG
    widget = {"text/plain": "interactive(children=(FloatSlider(value=1.0, description='x'), …"}
    shown = v4.new_code_cell(
        "def draw(x=1.0):\n    plt.plot([x])\n\ndraw()\n"
        "widgets.interactive(draw, x=widgets.FloatSlider(value=1.0, description='level'))",
        execution_count=1,
        outputs=[
            v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"}),
            v4.new_output("execute_result", data=widget, execution_count=1),
        ],
    )
    bare = v4.new_code_cell(
        "widgets.interactive(other, y=widgets.IntSlider(description='count'))",
        execution_count=2,
        outputs=[v4.new_output("execute_result", data=widget, execution_count=2)],
    )
    nb = _notebook("Widgets", "Two widgets.")
    nb.cells += [shown, bare]
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nbformat.write(nb, folder / "01_widgets.ipynb")
    lines = []
    build_report(tmp_path / "site", folder, execute=False, progress=lines.append)
    page = (tmp_path / "site" / "01_widgets.html").read_text()
    assert "interactive(children" not in page
    notes = re.findall(r'class="widget-fallback" data-default-view="(\w+)"><p>(.*?)</p>', page)
    assert [view for view, _ in notes] == ["figure", "none"]
    assert "(level)" in notes[0][1]
    assert "The figure above shows their default setting" in notes[0][1]
    assert lines[1:] == [
        "01_widgets.ipynb: warning: cell 3 ('widgets.interactive(other, y=widgets....'): "
        "a widget without a static figure or table of its default setting beside it"
    ]


def test_refuses_to_replace_a_folder_it_did_not_make(notebooks, tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(ScenariosError, match=r"is not a results folder \(no \.scenarios-report\)"):
        build_report(tmp_path, notebooks, execute=False)
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_no_notebooks_is_an_error(tmp_path):
    (tmp_path / "draft.ipynb").write_text("{}")
    with pytest.raises(ScenariosError, match=r"no notebooks named \[0-9\]\[0-9\]_\*\.ipynb"):
        build_report(tmp_path / "out", tmp_path)
    assert not (tmp_path / "out").exists()


def test_cli_lists_failed_notebooks_one_line_each_and_exits_1(notebooks, tmp_path, capsys):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "01_alpha.ipynb").write_bytes((notebooks / "01_alpha.ipynb").read_bytes())
    (folder / "02_bad.ipynb").write_text("[]")
    assert _report_cli(tmp_path / "site", folder) == 1
    captured = capsys.readouterr()
    assert captured.out.strip() == str(tmp_path / "site" / "index.html")
    errors = [line for line in captured.err.splitlines() if line.startswith("error: ")]
    assert errors == [
        "error: 02_bad.ipynb: not a notebook (no 'cells' list at the top level)",
        f"error: {tmp_path / 'site'}: 1 notebook failed and has an error page in the report",
    ]
    assert (tmp_path / "site" / "02_bad.html").is_file()


def test_cli_subcommand_writes_the_site(notebooks, tmp_path, capsys):
    assert _report_cli(tmp_path / "site", notebooks) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(tmp_path / "site" / "index.html")
    assert re.search(r"^01_alpha\.ipynb: \d+\.\d s$", captured.err, re.M)
    assert (tmp_path / "site" / "02_beta.html").is_file()


def _report_cli(out, folder) -> int:
    """Exit status of ``scenarios report --out OUT --no-execute --notebooks FOLDER``."""
    parser = argparse.ArgumentParser(prog="scenarios")
    register(parser.add_subparsers())
    args = parser.parse_args(
        ["report", "--out", str(out), "--no-execute", "--notebooks", str(folder)]
    )
    return args.handler(args)


def test_a_tagged_cells_html_output_is_featured_on_the_index_and_no_other():
    from scenarios.report.index import INDEX_TAG, card

    nb = _notebook("Gamma", "Shows a table.", "%matplotlib inline")
    for tags, html_text in (([INDEX_TAG], "<table><td>claim</td></table>"), ([], "<b>hidden</b>")):
        cell = v4.new_code_cell("table")
        cell.metadata["tags"] = tags
        cell.outputs = [v4.new_output("execute_result", data={"text/html": html_text})]
        nb.cells.append(cell)
    featured = card(nb, "gamma").featured_html
    assert featured == "<table><td>claim</td></table>"
    assert card(_notebook("Delta", "No table."), "delta").featured_html == ""
