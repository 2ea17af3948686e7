"""The HTML report in a real browser: Debian's Chromium, driven by Playwright.

The report is built from the notebooks' stored outputs (no kernel, a few seconds), with one
unreadable notebook added so that an error page is among the pages, and every page is
loaded offline (any request leaving the folder is refused and counted). Screenshots of the
index and two notebooks go to ``artefacts/report-browser/`` (ignored by git).

The last test opens notebook 01 in JupyterLab (from ``.venv-lab``, which ``python tasks.py
lab`` makes), runs it, moves a slider of its widget and checks that the network is redrawn:
the interactive path the static report stands in for.

Playwright cannot download its own browser here, so the test launches /usr/bin/chromium
(``apt-get install chromium``). Without it the test is skipped, unless the environment sets
``SCENARIOS_REQUIRE_BROWSER=1`` (as ``.ci/run`` does): then it fails.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from scenarios.report import ReportIncomplete, build_report, default_notebooks_dir

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts" / "report-browser"
SCREENSHOTS = ("index", "01_quickstart", "06_validation")
BROKEN = "99_broken"

# Text that shows a formula was left as TeX instead of being typeset.
_RAW_MATH = re.compile(r"\$\$|\\\(|\\\[|\\begin\{")

_PAGE_CHECKS = """() => {
  const undecoded = Array.from(document.images)
    .filter((img) => !(img.complete && img.naturalWidth > 0))
    .map((img) => img.alt || img.src.slice(0, 40));
  const prose = Array.from(
    document.querySelectorAll('.jp-MarkdownOutput, .summary, .question, h1, p, li')
  ).filter((node) => !node.closest('pre, code')).map((node) => node.innerText).join('\\n');
  const empty_math = Array.from(document.querySelectorAll('math'))
    .filter((node) => { const box = node.getBoundingClientRect();
                        return box.width <= 0 || box.height <= 0; }).length;
  return {undecoded, prose, math: document.querySelectorAll('math').length, empty_math,
          widget_reprs: document.body.innerText.includes('interactive(children=')};
}"""


def _require_browser() -> None:
    required = os.environ.get("SCENARIOS_REQUIRE_BROWSER") == "1"
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright package is missing (the dev extra has it)"
    if reason is None:
        return
    if required:
        pytest.fail(f"SCENARIOS_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The report of the stored notebooks plus one unreadable notebook."""
    _require_browser()
    notebooks = tmp_path_factory.mktemp("notebooks")
    for path in default_notebooks_dir().glob("[0-9][0-9]_*.ipynb"):
        shutil.copyfile(path, notebooks / path.name)
    (notebooks / f"{BROKEN}.ipynb").write_text("{ this is not a notebook", encoding="utf-8")
    out = tmp_path_factory.mktemp("site") / "report"
    with pytest.raises(ReportIncomplete) as failed:
        build_report(out, notebooks, execute=False)
    assert [line.split(":")[0] for line in failed.value.failures] == [f"{BROKEN}.ipynb"]
    return out


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


def _open(browser, path: Path, width: int = 1280):
    """A page loaded offline, with the console errors and refused requests it produced."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    trouble: list[str] = []
    page.on("console", lambda message: message.type == "error" and trouble.append(message.text))
    page.on("pageerror", lambda error: trouble.append(f"uncaught: {error}"))

    def offline(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            trouble.append(f"requested {route.request.url}")
            route.abort()

    page.route("**/*", offline)
    page.goto(path.as_uri(), wait_until="load")
    return page, trouble


def test_every_page_loads_offline_with_images_and_typeset_formulas(site, browser):
    pages = sorted(site.glob("*.html"))
    assert len(pages) == len(list(default_notebooks_dir().glob("[0-9][0-9]_*.ipynb"))) + 2
    problems = []
    formulas = 0
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for path in pages:
        page, trouble = _open(browser, path)
        found = page.evaluate(_PAGE_CHECKS)
        problems += [f"{path.name}: {line}" for line in trouble]
        problems += [f"{path.name}: image not decoded: {name}" for name in found["undecoded"]]
        raw = _RAW_MATH.search(found["prose"])
        if raw:
            problems.append(f"{path.name}: raw TeX left: {found['prose'][raw.start() :][:60]!r}")
        if found["empty_math"]:
            problems.append(f"{path.name}: {found['empty_math']} formulas drawn with no size")
        if found["widget_reprs"]:
            problems.append(f"{path.name}: a widget shown as its text form")
        formulas += found["math"]
        if path.stem in SCREENSHOTS:
            page.screenshot(path=ARTEFACTS / f"{path.stem}.png", full_page=path.stem == "index")
        page.close()
    assert not problems, "\n".join(problems)
    assert formulas > 50  # the notebooks' formulas, all typeset as MathML
    for name in SCREENSHOTS:
        assert (ARTEFACTS / f"{name}.png").stat().st_size > 10_000


def test_index_shows_each_notebook_with_question_and_thumbnail(site, browser):
    page, trouble = _open(browser, site / "index.html")
    items = page.eval_on_selector_all(
        "li",
        """items => items.map((item) => ({
            link: item.querySelector('a').getAttribute('href'),
            thumbnail: item.querySelector('img')?.naturalWidth ?? 0,
            question: item.querySelector('.question')?.innerText ?? '',
            failed: item.querySelector('.failed') !== null}))""",
    )
    page.close()
    assert not trouble
    stored = sorted(path.stem for path in default_notebooks_dir().glob("[0-9][0-9]_*.ipynb"))
    assert [item["link"] for item in items] == [f"{stem}.html" for stem in [*stored, BROKEN]]
    assert [item["failed"] for item in items] == [False] * len(stored) + [True]
    assert all(0 < item["thumbnail"] <= 360 for item in items[:-1])
    assert sum("?" in item["question"] for item in items) >= len(stored) // 2


def test_every_widget_points_at_a_static_view_of_its_default_setting(site, browser):
    with_widgets = sorted(
        path.stem
        for path in default_notebooks_dir().glob("[0-9][0-9]_*.ipynb")
        if "widgets.interactive(" in path.read_text(encoding="utf-8")
    )
    assert with_widgets
    views = {}
    for stem in with_widgets:
        page, _ = _open(browser, site / f"{stem}.html")
        views[stem] = page.eval_on_selector_all(
            ".widget-fallback",
            """notes => notes.map((note) => note.offsetHeight > 0 ?
                                 note.dataset.defaultView : 'hidden')""",
        )
        page.close()
    assert all(views.values()), f"widgets without a note: {views}"
    missing = {stem: found for stem, found in views.items() if set(found) - {"figure", "table"}}
    assert not missing, f"widgets without a static figure or table beside them: {missing}"


def test_printed_code_lines_wrap(site, browser):
    # about the width of an A4 page's text at 96 dpi
    page, _ = _open(browser, site / "06_validation.html", width=700)
    page.emulate_media(media="print")
    overflowing = page.evaluate(
        """() => Array.from(document.querySelectorAll('pre'))
              .filter((pre) => pre.scrollWidth > pre.clientWidth + 1).length"""
    )
    page.emulate_media(media="screen")
    wide_on_screen = page.evaluate(
        """() => Array.from(document.querySelectorAll('pre'))
              .filter((pre) => pre.scrollWidth > pre.clientWidth + 1).length"""
    )
    page.close()
    assert wide_on_screen > 0  # the page has lines too long for the screen, so this tests something
    assert overflowing == 0


def test_error_page_names_the_notebook_and_the_error(site, browser):
    page, trouble = _open(browser, site / f"{BROKEN}.html")
    heading = page.inner_text("h1")
    error = page.inner_text("pre.error")
    page.close()
    assert not trouble
    assert heading == BROKEN
    assert error.startswith("not a readable notebook")


LAB_PYTHON = Path(__file__).resolve().parents[1] / ".venv-lab" / "bin" / "python"
LAB_TIMEOUT_MS = 180_000


@pytest.fixture
def lab(tmp_path):
    """JupyterLab from ``.venv-lab`` on a free local port, serving a copy of notebook 01.

    Its configuration, runtime and settings folders are fresh ones under ``tmp_path``, so
    neither the user's Jupyter setup nor a saved workspace changes what the test sees.
    """
    _require_browser()
    if not LAB_PYTHON.exists():
        if os.environ.get("SCENARIOS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"SCENARIOS_REQUIRE_BROWSER=1 but {LAB_PYTHON} is missing")
        pytest.skip(f"{LAB_PYTHON} not found (python tasks.py lab makes it)")
    root = tmp_path / "notebooks"
    root.mkdir()
    shutil.copyfile(default_notebooks_dir() / "01_quickstart.ipynb", root / "01_quickstart.ipynb")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = secrets.token_hex(16)
    env = {
        **os.environ,
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        **{
            name: str(tmp_path / name.lower())
            for name in (
                "JUPYTER_CONFIG_DIR",
                "JUPYTER_RUNTIME_DIR",
                "JUPYTERLAB_SETTINGS_DIR",
                "JUPYTERLAB_WORKSPACES_DIR",
            )
        },
    }
    command = [
        str(LAB_PYTHON),
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root}",
        # window.jupyterapp: the test runs the notebook through JupyterLab's own commands
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start: {(tmp_path / 'lab.log').read_text()}")
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/lab/tree/01_quickstart.ipynb?token={token}"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


_KERNEL_IDLE = """() => {
  const kernel = window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel;
  return kernel !== undefined && kernel !== null && kernel.status === 'idle';
}"""


def test_jupyterlab_runs_notebook_01_and_a_slider_redraws_the_network(lab, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    trouble: list[str] = []
    page.on("console", lambda message: message.type == "error" and trouble.append(message.text))
    page.on("pageerror", lambda error: trouble.append(f"uncaught: {error}"))

    def local_only(route):
        if route.request.url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:", "data:")):
            route.continue_()
        else:
            trouble.append(f"requested {route.request.url}")
            route.abort()

    page.route("**/*", local_only)
    page.goto(lab)
    page.wait_for_function(_KERNEL_IDLE, timeout=LAB_TIMEOUT_MS)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_selector(".widget-slider", timeout=LAB_TIMEOUT_MS)
    page.wait_for_function(_KERNEL_IDLE, timeout=LAB_TIMEOUT_MS)
    drawn = ".widget-interact .jp-OutputArea-output img"
    assert page.locator(drawn).count() == 0  # a manual widget draws on Draw only
    # the default view, drawn beside the widget: the image just before the widget's output
    default = page.locator(".jp-OutputArea-output img").last.get_attribute("src")

    readout = page.locator(".widget-readout").last
    assert readout.inner_text() == "0.30"
    page.locator(".widget-slider .noUi-handle").last.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert readout.inner_text() == "0.40"
    page.get_by_role("button", name="Draw").click()
    page.wait_for_selector(drawn, timeout=LAB_TIMEOUT_MS)
    redrawn = page.locator(drawn).first.get_attribute("src")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTEFACTS / "lab_01_slider.png")
    page.close()
    assert not trouble, "\n".join(trouble)
    assert redrawn.startswith("data:image/png") and redrawn != default
