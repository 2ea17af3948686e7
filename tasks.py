"""Set up the environment and run the project's jobs.

Usage (from the project root, with any Python >= 3.11)::

    python tasks.py run         # simulate the baseline scenario end to end
    python tasks.py test        # run the whole test suite, notebooks included
    python tasks.py regenerate [NOTEBOOK...]  # re-execute notebooks, store their outputs
    python tasks.py lab [JUPYTER OPTIONS...]  # open the notebooks in JupyterLab

Each job installs the locked stack from ``uv.lock`` with ``uv`` (itself bootstrapped into
``.tools`` on first use), so a fresh machine needs nothing but Python.

Environments. ``uv sync`` makes an environment hold exactly the extras it is given and
removes everything else, so two jobs that synced different extras into one folder would
uninstall each other's packages. Here every environment has one fixed set of extras
(:data:`ENVIRONMENTS`) and every job uses one environment (:data:`JOBS`):

- ``.venv`` (extra ``dev``) serves ``run``, ``test`` and ``regenerate``: the test suite needs
  the notebook kernel stack and the analysis libraries anyway, and ``run`` sharing it
  means switching between the jobs never installs or removes a package.
- ``.venv-lab`` (extra ``notebooks``) serves ``lab``. JupyterLab stays out of ``.venv``
  because its presence makes every pytest start about 1.5 s slower (measured: collecting
  one test file took 2.4 s without it and 3.9 s with it); uv hard-links both environments
  from its cache, so the second one costs under a second and almost no disk.

Once each job has run once, all of them work offline: ``uv sync --frozen`` of a complete
environment makes no network request, and a missing one is installed from uv's cache.

``lab`` passes any further options to ``jupyter lab``. As root it adds ``--allow-root``
(Jupyter refuses to start as root otherwise); in a container (``/.dockerenv`` or
``/run/.containerenv`` present) it adds ``--ip=0.0.0.0 --no-browser`` so that a port
published with ``docker run -p 8888:8888`` reaches it. Each addition is announced on one
line, and an option given on the command line wins over the added one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TOOLS = ROOT / ".tools"
BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""

# environment folder -> the extras it is synced with (always all of them, in this order)
ENVIRONMENTS: dict[str, tuple[str, ...]] = {
    ".venv": ("dev",),
    ".venv-lab": ("notebooks",),
}
# job -> the environment it runs in
JOBS: dict[str, str] = {
    "run": ".venv",
    "test": ".venv",
    "regenerate": ".venv",
    "lab": ".venv-lab",
}
CONTAINER_MARKERS = (Path("/.dockerenv"), Path("/run/.containerenv"))

TEST_COMMAND = [
    "-m",
    "pytest",
    "tests",
    "notebooks",
    "--nbval",
    "--nbval-current-env",
    "--nbval-sanitize-with",
    str(ROOT / "notebooks" / "sanitize.cfg"),
    "-p",
    "no:cacheprovider",
]


def _environment(venv_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["UV_PYTHON_DOWNLOADS"] = "never"
    env["UV_PROJECT_ENVIRONMENT"] = str(venv_dir)
    env["PYTHONHASHSEED"] = "0"
    env["MPLBACKEND"] = "Agg"
    # a uv-made venv would otherwise recompile pandas/matplotlib in every notebook kernel
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("VIRTUAL_ENV", None)
    return env


def _run(command: list[str], venv_dir: Path) -> None:
    completed = subprocess.run(command, cwd=ROOT, env=_environment(venv_dir), check=False)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def sync_command(uv: Path, job: str) -> list[str]:
    """The ``uv sync`` command that prepares ``job``'s environment."""
    command = [str(uv), "sync", "--frozen", "--python", sys.executable]
    for extra in ENVIRONMENTS[JOBS[job]]:
        command += ["--extra", extra]
    return command


def ensure_environment(job: str) -> Path:
    """Create or update ``job``'s environment from ``uv.lock``; return its Python."""
    venv_dir = ROOT / JOBS[job]
    uv = TOOLS / BIN / f"uv{EXE}"
    if not uv.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(TOOLS)
        _run(
            [str(TOOLS / BIN / f"python{EXE}"), "-m", "pip", "install", "--quiet", "uv>=0.5"],
            venv_dir,
        )
    _run(sync_command(uv, job), venv_dir)
    return venv_dir / BIN / f"python{EXE}"


def running_as_root() -> bool:
    """True when the effective user is root (never on Windows, which has no ``geteuid``)."""
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def in_container() -> bool:
    """True inside a Docker or Podman container."""
    return any(marker.exists() for marker in CONTAINER_MARKERS)


def lab_command(python: str | os.PathLike[str], options: list[str]) -> list[str]:
    """The ``jupyter lab`` command for ``tasks.py lab OPTIONS``, announcing what it adds."""
    added = []
    given = {option.split("=", 1)[0] for option in options}
    if running_as_root() and "--allow-root" not in given:
        added.append("--allow-root")
        print("tasks.py: running as root, so JupyterLab is started with --allow-root", flush=True)
    if in_container():
        flags = ("--ip=0.0.0.0", "--no-browser")
        container = [flag for flag in flags if flag.split("=")[0] not in given]
        if container:
            added += container
            print(
                f"tasks.py: in a container, so JupyterLab is started with {' '.join(container)}"
                " (publish its port, e.g. docker run -p 8888:8888)",
                flush=True,
            )
    return [str(python), "-m", "jupyterlab", *added, *options, str(ROOT / "notebooks")]


def stored_notebooks() -> list[Path]:
    """Every notebook whose outputs are stored: the seminar notebooks, then their solutions."""
    folders = (ROOT / "notebooks", ROOT / "notebooks" / "solutions")
    return [path for folder in folders for path in sorted(folder.glob("[0-9][0-9]_*.ipynb"))]


USAGE = "usage: python tasks.py run | test | regenerate [NOTEBOOK...] | lab [JUPYTER OPTIONS...]"


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in JOBS or (argv[0] in {"run", "test"} and len(argv) > 1):
        sys.exit(USAGE)
    job, options = argv[0], argv[1:]
    python = ensure_environment(job)
    venv_dir = ROOT / JOBS[job]
    if job == "run":
        command = [str(python), "-m", "scenarios", "run", "baseline", "--out", "results/baseline"]
    elif job == "test":
        command = [str(python), *TEST_COMMAND]
    elif job == "regenerate":
        notebooks = options or [str(path) for path in stored_notebooks()]
        command = [str(python), str(ROOT / "notebooks" / "regenerate.py"), *notebooks]
    else:
        command = lab_command(python, options)
    _run(command, venv_dir)


if __name__ == "__main__":
    main(sys.argv[1:])
