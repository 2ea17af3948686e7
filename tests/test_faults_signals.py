"""Faults from outside: real signals sent to real ``python -m scenarios`` processes.

Ctrl-C (SIGINT), SIGTERM (``timeout``, a batch scheduler, ``docker stop``) and SIGHUP (a
closed terminal) are sent while the package imports, while the model simulates and
while the results are written. Each moment is recognised from outside rather than
guessed: the signal handlers appearing in ``/proc/PID/status``, the heading that ``run``
prints before simulating, the staging folder appearing beside the target. Afterwards
the process must have exited with 128 + the signal number and one line on stderr, and
left neither the output folder nor a staging folder (earlier results stay as they were).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="reads signal masks from /proc"
)

LONG = """description = "A long run, so that a signal can land in the simulation."
extends = "baseline"
[world]
horizon_quarters = 200
"""

TINY = """description = "A tiny world."
[world]
actors = ["USA", "RUS", "PRK", "KOR", "JPN", "CHN"]
branch = "2024Q3"
horizon_quarters = 4
"""

STOPS = {
    "SIGINT": (signal.SIGINT, 130, "error: interrupted\n"),
    "SIGTERM": (signal.SIGTERM, 143, "error: terminated (SIGTERM)\n"),
    "SIGHUP": (signal.SIGHUP, 129, "error: terminated (SIGHUP)\n"),
}


def start(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "scenarios", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.002)
    return False


def handles(process: subprocess.Popen, number: int) -> bool:
    """Whether the process has installed a handler for signal ``number``."""
    try:
        status = Path(f"/proc/{process.pid}/status").read_text()
    except OSError:
        return False
    mask = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(mask, 16) >> (number - 1) & 1)


def staging(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith(".out."))


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def test_ctrl_c_while_the_package_imports(tmp_path):
    process = start("validate", "baseline", cwd=tmp_path)
    assert wait_until(lambda: handles(process, signal.SIGINT))  # the interpreter is up
    time.sleep(0.1)  # past the interpreter's own start-up, into the imports
    process.send_signal(signal.SIGINT)
    assert finish(process) == (130, "", "error: interrupted\n")


def test_sigterm_while_the_package_imports(tmp_path):
    process = start("validate", "baseline", cwd=tmp_path)
    assert wait_until(lambda: handles(process, signal.SIGINT))
    time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    assert finish(process) == (143, "", "error: terminated (SIGTERM)\n")


def test_sigterm_as_soon_as_it_is_handled(tmp_path):
    process = start("show", "baseline", cwd=tmp_path)
    assert wait_until(lambda: handles(process, signal.SIGTERM))
    process.send_signal(signal.SIGTERM)
    assert finish(process) == (143, "", "error: terminated (SIGTERM)\n")


@pytest.mark.parametrize("stop", list(STOPS.values()), ids=list(STOPS))
def test_signal_during_the_simulation(stop, tmp_path):
    number, code, line = stop
    (tmp_path / "long.toml").write_text(LONG)
    for delay in (0.3, 0.1, 0.0):  # shorter if the run ended first (a fast machine)
        process = start("run", "long.toml", "--members", "30", "--out", "out", cwd=tmp_path)
        heading = process.stdout.readline()  # printed just before the simulation starts
        assert heading.startswith("long: ")
        time.sleep(delay)
        process.send_signal(number)
        returncode, out, err = finish(process)
        if "wrote" not in out:
            break
        (tmp_path / "out").rename(tmp_path / f"done-{delay}")
    assert (returncode, err) == (code, line)
    assert "metric" not in out  # stopped before the summary: in the simulation
    assert sorted(os.listdir(tmp_path)) == ["long.toml", *(p.name for p in tmp_path.glob("done-*"))]


PAUSED_IN_STAGING = """
import sys, time
from scenarios.cli import main
from scenarios.model.results import Results

draw = Results._write_overview


def paused(self, path):
    print("staging", path.parent.name, flush=True)  # the tables are in: the test's moment
    time.sleep(120)  # a signal ends this, as it would end a slow figure
    draw(self, path)


Results._write_overview = paused
sys.argv = ["scenarios", *sys.argv[1:]]
raise SystemExit(main())
"""
"""``scenarios`` whose writer stops inside its staging folder, after the tables and before
the figure, and says so on stdout: a signal sent then lands while the results are being
written, however fast the run."""


def start_paused_in_staging(*args: str, cwd: Path) -> subprocess.Popen:
    """Start the command line paused at its write; return once the staging folder exists."""
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSED_IN_STAGING, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while not (line := process.stdout.readline()).startswith("staging "):
        assert line, "the command ended before it wrote"
    assert staging(cwd) == [line.split()[1]]
    return process


@pytest.mark.parametrize("stop", [STOPS["SIGINT"], STOPS["SIGTERM"]], ids=["SIGINT", "SIGTERM"])
def test_signal_while_writing_leaves_nothing(stop, tmp_path):
    number, code, line = stop
    process = start_paused_in_staging(
        "run", "baseline", "--members", "10", "--out", "out", cwd=tmp_path
    )
    process.send_signal(number)
    returncode, out, err = finish(process)
    assert (returncode, err) == (code, line)
    assert "wrote" not in out
    assert os.listdir(tmp_path) == []


def test_sigterm_while_replacing_keeps_the_earlier_results(tmp_path):
    earlier = tmp_path / "out"
    earlier.mkdir()
    (earlier / "run.json").write_text("{}\n")
    (earlier / "states.csv").write_text("earlier\n")
    process = start_paused_in_staging(
        "run", "baseline", "--members", "10", "--out", "out", cwd=tmp_path
    )
    process.send_signal(signal.SIGTERM)
    assert finish(process)[::2] == (143, "error: terminated (SIGTERM)\n")
    assert os.listdir(tmp_path) == ["out"]
    assert (earlier / "states.csv").read_text() == "earlier\n"


HOLD_A_STAGING_FOLDER = """
import sys, time
from scenarios.output import StagedFolder
staged = StagedFolder("out", "run.json")
print(staged.path.name, flush=True)
time.sleep(600)
"""


def test_a_killed_writer_is_swept_up_by_the_next_write(tmp_path):
    # The writer stops inside its staging folder for as long as the test needs: killing a
    # real ``run`` as its staging folder appears raced its rename on a loaded machine.
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD_A_STAGING_FOLDER],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        text=True,
    )
    held = writer.stdout.readline().strip()
    assert staging(tmp_path) == [held]
    (tmp_path / "tiny.toml").write_text(TINY)
    alive = start("run", "tiny.toml", "--out", "out", cwd=tmp_path)
    assert finish(alive)[0] == 0  # a live writer's folder is left alone ...
    assert staging(tmp_path) == [held]
    writer.send_signal(signal.SIGKILL)  # ... and nothing can clean up after this one ...
    assert writer.wait() == -signal.SIGKILL
    writer.stdout.close()
    assert staging(tmp_path) == [held]
    again = start("run", "tiny.toml", "--out", "out", cwd=tmp_path)
    assert finish(again)[0] == 0  # ... but the next write to the same place does
    assert sorted(os.listdir(tmp_path)) == ["out", "tiny.toml"]


def test_sigterm_while_a_sweep_streams_leaves_nothing(tmp_path):
    (tmp_path / "long.toml").write_text(LONG)
    process = start(
        "sweep", "long.toml", "--param", "sanctions.isolation_pull=0:0.1", "--points", "4",
        "--members", "4", "--format", "csv", "--out", "sw", cwd=tmp_path,
    )  # fmt: skip
    streaming = lambda: any(name.startswith(".sw.") for name in os.listdir(tmp_path))  # noqa: E731
    assert wait_until(lambda: streaming() or process.poll() is not None)
    process.send_signal(signal.SIGTERM)
    returncode, out, err = finish(process)
    assert (returncode, out, err) == (143, "", "error: terminated (SIGTERM)\n")
    assert os.listdir(tmp_path) == ["long.toml"]
