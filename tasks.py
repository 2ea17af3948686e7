"""Set up the environment and run the project's two main jobs.

Usage (from the project root, with any Python >= 3.11)::

    python tasks.py run    # simulate the baseline scenario end to end
    python tasks.py test   # run the whole test suite, notebooks included
    python tasks.py lab    # open the notebooks in JupyterLab
    python tasks.py regenerate  # re-execute the notebooks and store their outputs

Each command creates ``.venv`` on first use (a pinned stack from ``uv.lock``,
installed by ``uv``, which is itself bootstrapped into ``.tools``) so that a
fresh machine needs nothing but Python.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TOOLS = ROOT / ".tools"
VENV = ROOT / ".venv"
BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""

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


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["UV_PYTHON_DOWNLOADS"] = "never"
    env["UV_PROJECT_ENVIRONMENT"] = str(VENV)
    env["PYTHONHASHSEED"] = "0"
    env["MPLBACKEND"] = "Agg"
    # a uv-made venv would otherwise recompile pandas/matplotlib in every notebook kernel
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("VIRTUAL_ENV", None)
    return env


def _run(command: list[str]) -> None:
    completed = subprocess.run(command, cwd=ROOT, env=_environment(), check=False)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def ensure_environment(extras: list[str]) -> Path:
    """Create ``.venv`` from ``uv.lock`` with the given extras; return its Python."""
    uv = TOOLS / BIN / f"uv{EXE}"
    if not uv.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(TOOLS)
        _run([str(TOOLS / BIN / f"python{EXE}"), "-m", "pip", "install", "--quiet", "uv>=0.5"])
    sync = [str(uv), "sync", "--frozen", "--python", sys.executable]
    for extra in extras:
        sync += ["--extra", extra]
    _run(sync)
    return VENV / BIN / f"python{EXE}"


def main(argv: list[str]) -> None:
    if len(argv) != 1 or argv[0] not in {"run", "test", "lab", "regenerate"}:
        sys.exit("usage: python tasks.py run | test | lab | regenerate")
    job = argv[0]
    if job == "run":
        python = ensure_environment([])
        _run([str(python), "-m", "scenarios", "run", "baseline", "--out", "results/baseline"])
    elif job == "test":
        python = ensure_environment(["dev"])
        _run([str(python), *TEST_COMMAND])
    elif job == "lab":
        python = ensure_environment(["dev", "notebooks"])
        _run([str(python), "-m", "jupyterlab", str(ROOT / "notebooks")])
    else:
        python = ensure_environment(["dev"])
        _run([str(python), str(ROOT / "notebooks" / "regenerate.py")])


if __name__ == "__main__":
    main(sys.argv[1:])
