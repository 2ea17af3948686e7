"""The static HTML report of the notebooks (scenarios.report)."""

from __future__ import annotations

import argparse
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from scenarios.commands.report import register
from scenarios.errors import ScenariosError
from scenarios.report import MARKER, build_report


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
    assert "Prints a sum, with $x^2$ math." in index


def test_every_page_exists_with_its_executed_outputs(report):
    alpha = (report / "01_alpha.html").read_text()
    beta = (report / "02_beta.html").read_text()
    assert re.search(r'<img[^>]+src="data:image/png;base64,[A-Za-z0-9+/]{100}', alpha)
    assert "sum is 5" in beta
    assert "<title>Alpha: a figure</title>" in alpha
    assert 'href="index.html"' in alpha and 'href="index.html"' in beta


def test_pages_fetch_nothing_except_mathjax_where_there_is_math(report):
    alpha = (report / "01_alpha.html").read_text()
    beta = (report / "02_beta.html").read_text()
    assert "<script" not in alpha and "<link" not in alpha
    fetched = re.findall(r'<script src="([^"]+)"', beta)
    assert fetched and all("mathjax" in url for url in fetched)


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


def test_failing_notebook_leaves_the_previous_report_untouched(notebooks, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in notebooks.iterdir():
        (broken / path.name).write_bytes(path.read_bytes())
    nbformat.write(_notebook("Broken", "Fails.", "missing_name"), broken / "00_broken.ipynb")
    out = tmp_path / "report"
    build_report(out, notebooks, execute=False)
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    with pytest.raises(ScenariosError, match=r"00_broken\.ipynb: cell 2 .*NameError") as info:
        build_report(out, broken)
    assert "\n" not in str(info.value)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["broken", "report"]


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


def test_cli_subcommand_writes_the_site(notebooks, tmp_path, capsys):
    parser = argparse.ArgumentParser(prog="scenarios")
    register(parser.add_subparsers())
    args = parser.parse_args(
        ["report", "--out", str(tmp_path / "site"), "--no-execute", "--notebooks", str(notebooks)]
    )
    assert args.handler(args) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(tmp_path / "site" / "index.html")
    assert re.search(r"^01_alpha\.ipynb: \d+\.\d s$", captured.err, re.M)
    assert (tmp_path / "site" / "02_beta.html").is_file()
