"""tasks.py: its environments never fight, its extras keep their promises, lab starts as root.

``uv sync`` leaves an environment holding exactly the locked closure of the extras it was
given, so a job whose sync would remove a package another job installed makes an offline
laptop unable to switch jobs. These tests read the closures from ``uv.lock`` itself and
never install anything or start Jupyter.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
import re
import sys
import tomllib
from itertools import permutations
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = "alignment-scenarios"


def _load_tasks():
    spec = importlib.util.spec_from_file_location("project_tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tasks = _load_tasks()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock_packages() -> dict[str, list[dict]]:
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    packages: dict[str, list[dict]] = {}
    for package in lock["package"]:
        packages.setdefault(_normal(package["name"]), []).append(package)
    return packages


LOCK = _lock_packages()


def locked_closure(extras: tuple[str, ...] | list[str]) -> set[str]:
    """Names of every package ``uv sync --extra ...`` installs, on any platform."""
    pending = [(PROJECT, "")] + [(PROJECT, extra) for extra in extras]
    seen = set(pending)
    while pending:
        name, extra = pending.pop()  # extra "" stands for the package's own dependencies
        for package in LOCK[_normal(name)]:  # one entry per locked version
            if extra:
                requirements = package.get("optional-dependencies", {}).get(extra, [])
            else:
                requirements = package.get("dependencies", [])
            for requirement in requirements:
                dependency = _normal(requirement["name"])
                for key in [(dependency, "")] + [
                    (dependency, x) for x in requirement.get("extra", [])
                ]:
                    if key not in seen:
                        seen.add(key)
                        pending.append(key)
    return {name for name, _ in seen}


def _job_packages(job: str) -> set[str]:
    return locked_closure(tasks.ENVIRONMENTS[tasks.JOBS[job]])


def test_every_job_has_an_environment_and_every_extra_exists():
    provided = set(LOCK[PROJECT][0]["optional-dependencies"])
    assert set(tasks.JOBS) == {"run", "test", "lab", "regenerate"}
    for job, environment in tasks.JOBS.items():
        assert environment in tasks.ENVIRONMENTS, job
        assert set(tasks.ENVIRONMENTS[environment]) <= provided, environment


def test_sync_command_passes_exactly_the_environments_extras():
    for job, environment in tasks.JOBS.items():
        command = tasks.sync_command(Path("uv"), job)
        assert command[:3] == ["uv", "sync", "--frozen"]
        extras = [command[i + 1] for i, part in enumerate(command) if part == "--extra"]
        assert extras == list(tasks.ENVIRONMENTS[environment])


def test_no_job_uninstalls_what_another_job_installed():
    removed = {
        (first, second): sorted(_job_packages(first) - _job_packages(second))
        for first, second in permutations(tasks.JOBS, 2)
        if tasks.JOBS[first] == tasks.JOBS[second]
    }
    assert removed, "expected some jobs to share an environment"
    clashes = {pair: names for pair, names in removed.items() if names}
    assert not clashes, f"running the second job after the first removes: {clashes}"


def test_the_test_environment_stays_free_of_jupyterlab():
    # JupyterLab in the test environment slows every pytest start (see tasks.py)
    assert {"jupyterlab", "jupyter-server"}.isdisjoint(_job_packages("test"))
    assert "jupyterlab" in _job_packages("lab")


def _stored_notebooks() -> list[Path]:
    return tasks.stored_notebooks()


def _notebook_imports(path: Path) -> set[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    modules = set()
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        code = "\n".join(
            "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
        )
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules


def _distributions_imported_by_notebooks() -> dict[str, set[str]]:
    providers = importlib.metadata.packages_distributions()
    needed: dict[str, set[str]] = {}
    for path in _stored_notebooks():
        for module in _notebook_imports(path):
            if module in sys.stdlib_module_names or module == "scenarios":
                continue
            assert module in providers, f"{path.name} imports {module}, not installed here"
            for distribution in providers[module]:
                needed.setdefault(_normal(distribution), set()).add(path.name)
    return needed


@pytest.mark.parametrize("extra", ["notebooks", "report"])
def test_extra_installs_everything_the_notebooks_import(extra):
    needed = _distributions_imported_by_notebooks()
    assert {"ipywidgets", "matplotlib", "pandas"} <= set(needed)
    # notebook 07 reaches SALib, prim and scipy through scenarios.analysis and
    # scenarios.ensemble.latin_hypercube, which import them lazily
    analysis = locked_closure(["analysis"])
    assert {"salib", "prim", "scipy"} <= analysis
    installed = locked_closure([extra])
    missing = {name: sorted(where) for name, where in needed.items() if name not in installed}
    assert not missing, f"the {extra!r} extra lacks what these notebooks import: {missing}"
    assert analysis <= installed


def test_report_extra_can_execute_and_convert_notebooks():
    assert {"ipykernel", "nbclient", "nbconvert", "nbformat", "ipywidgets"} <= locked_closure(
        ["report"]
    )


def test_every_stored_notebook_runs_in_the_test_environment():
    # regenerate and the nbval run both execute them in .venv
    needed = set(_distributions_imported_by_notebooks())
    assert needed <= _job_packages("test") and needed <= _job_packages("regenerate")


def _lab(monkeypatch, tmp_path, *, euid, container=False, options=()):
    marker = tmp_path / ".dockerenv"
    if container:
        marker.touch()
    monkeypatch.setattr(tasks, "CONTAINER_MARKERS", (marker,))
    if euid is None:
        monkeypatch.delattr(tasks.os, "geteuid", raising=False)
    else:
        monkeypatch.setattr(tasks.os, "geteuid", lambda: euid, raising=False)
    return tasks.lab_command("python", list(options))


def test_lab_as_root_adds_allow_root_and_says_so(monkeypatch, tmp_path, capsys):
    command = _lab(monkeypatch, tmp_path, euid=0)
    assert command[:3] == ["python", "-m", "jupyterlab"]
    assert command.count("--allow-root") == 1
    assert command[-1] == str(ROOT / "notebooks")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and "root" in lines[0] and "--allow-root" in lines[0]


def test_lab_as_a_normal_user_or_on_windows_adds_nothing(monkeypatch, tmp_path, capsys):
    for euid in (1000, None):
        command = _lab(monkeypatch, tmp_path, euid=euid)
        assert command == ["python", "-m", "jupyterlab", str(ROOT / "notebooks")]
    assert capsys.readouterr().out == ""


def test_lab_does_not_repeat_an_option_given_on_the_command_line(monkeypatch, tmp_path, capsys):
    command = _lab(monkeypatch, tmp_path, euid=0, options=["--allow-root", "--port=8890"])
    assert command.count("--allow-root") == 1 and "--port=8890" in command
    assert capsys.readouterr().out == ""


def test_lab_in_a_container_listens_on_every_interface(monkeypatch, tmp_path, capsys):
    command = _lab(monkeypatch, tmp_path, euid=1000, container=True)
    assert "--ip=0.0.0.0" in command and "--no-browser" in command
    assert len(capsys.readouterr().out.splitlines()) == 1
    command = _lab(monkeypatch, tmp_path, euid=1000, container=True, options=["--ip=127.0.0.1"])
    assert "--ip=0.0.0.0" not in command and "--ip=127.0.0.1" in command


def test_bad_arguments_exit_with_the_usage_before_installing_anything(monkeypatch):
    def no_install(job):
        raise AssertionError("must not install")

    monkeypatch.setattr(tasks, "ensure_environment", no_install)
    for argv in ([], ["deploy"], ["run", "extra"], ["test", "-k", "x"]):
        with pytest.raises(SystemExit) as exit_:
            tasks.main(argv)
        assert str(exit_.value).startswith("usage: python tasks.py")


def test_regenerate_covers_the_solutions_too():
    stored = [path.relative_to(ROOT).as_posix() for path in tasks.stored_notebooks()]
    on_disk = sorted(
        path.relative_to(ROOT).as_posix()
        for folder in ("notebooks", "notebooks/solutions")
        for path in (ROOT / folder).glob("[0-9][0-9]_*.ipynb")
    )
    assert sorted(stored) == on_disk
    assert any(name.startswith("notebooks/0") for name in stored)
