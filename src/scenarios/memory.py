"""How much memory a run will need, how much the machine has left, and the check between.

A command that is about to start a large computation (``scenarios run``, ``sweep``)
asks :func:`check_memory` first, so that an absurd size (``--members 1000000000``) is
refused with one line instead of failing after minutes with a numpy memory error. The
estimate errs on the generous side; a flag of the command lets a user insist.
"""

from __future__ import annotations

import os
from pathlib import Path

from scenarios.errors import ScenariosError

MAX_MEMBERS = 1_000_000
"""Most members in one batch (a run, a sweep point, a chunk): arrays of that many members
outgrow any machine's memory for a world of a few dozen states, and larger numbers would
fail deep in numpy rather than with a clear line."""

BYTES_PER_CELL = 24
"""Memory per recorded table cell, from simulation to the written CSV. Measured peaks are
about 14 bytes (the records as arrays, the tables built from them, the CSV text); the
rest is margin."""

BYTES_PER_PAIR = 128
"""Memory per member per pair of states for the state itself (sixteen float arrays of
states x states: affinity, alliances, wars, sanctions, transfers and their working
copies)."""

_KEY_COLUMNS = {"states": 3, "relations": 4, "blocs": 3, "metrics": 3}
"""Columns each recorded table has besides its values (member, quarter, states)."""


def run_bytes(actors: int, horizon: int, members: int, pairs: int, blocs_every: int = 4) -> int:
    """Estimate the peak memory of simulating a run and writing its tables.

    Parameters
    ----------
    actors : int
        States in the world.
    horizon : int
        Quarters simulated (one record per quarter, plus the start).
    members : int
        Ensemble members.
    pairs : int
        Ordered pairs of states whose relations are recorded.
    blocs_every : int
        Quarters between bloc records.

    Returns
    -------
    int
        Bytes, beyond what the interpreter and the libraries already use.
    """
    from scenarios.metrics import METRICS
    from scenarios.model import RELATION_VARIABLES, STATE_VARIABLES

    records = horizon + 1
    cells = records * (
        actors * (_KEY_COLUMNS["states"] + len(STATE_VARIABLES))
        + pairs * (_KEY_COLUMNS["relations"] + len(RELATION_VARIABLES))
        + len(METRICS) * (_KEY_COLUMNS["metrics"] + 1)
    ) + (horizon // blocs_every + 2) * actors * (_KEY_COLUMNS["blocs"] + 1)
    return members * (BYTES_PER_CELL * cells + BYTES_PER_PAIR * actors * actors)


def sweep_bytes(points: int, keys: int, in_flight: int) -> int:
    """Estimate the peak memory of a sweep that streams its results to a folder.

    Parameters
    ----------
    points : int
        Design points.
    keys : int
        Keys varied.
    in_flight : int
        Bytes of the chunks of members computed at once (e.g. from :func:`run_bytes`).

    Returns
    -------
    int
        Bytes: the design (its table, unit sample and per-point overrides) and the
        chunks in flight; the results themselves go to disk chunk by chunk.
    """
    return points * (keys + 2) * 4 * BYTES_PER_CELL + in_flight


def available_bytes() -> int | None:
    """Memory this process can still use, or None where that cannot be told.

    Returns
    -------
    int or None
        The kernel's ``MemAvailable``, lowered to what is left under the control
        group's limit when the process runs in a container or a batch job with one.
    """
    known = [value for value in (_meminfo_available(), _cgroup_left()) if value is not None]
    return min(known) if known else None


def check_memory(needed: int, what: str, insist: str) -> None:
    """Refuse a computation that would need more memory than is available.

    Parameters
    ----------
    needed : int
        Estimated bytes (e.g. from :func:`run_bytes`).
    what : str
        What is being refused, for the message: ``"run: 2000000 members of baseline"``.
    insist : str
        How the user can insist (a command-line flag), for the message.

    Raises
    ------
    ScenariosError
        When ``needed`` exceeds :func:`available_bytes`; nothing is checked where the
        available memory is unknown.
    """
    available = available_bytes()
    if available is not None and needed > available:
        raise ScenariosError(
            f"{what} need about {size(needed)} of memory, but about {size(available)} is "
            f"available; allowed: a smaller run, or {insist} to try anyway"
        )


def size(count: float) -> str:
    """A number of bytes for people: ``1.3 GB``."""
    for unit in ("bytes", "KB", "MB", "GB", "TB", "PB"):
        if count < 1000 or unit == "PB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1000
    raise AssertionError("unreachable")


def _meminfo_available() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    if hasattr(os, "sysconf") and "SC_AVPHYS_PAGES" in os.sysconf_names:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return None


def _cgroup_left() -> int | None:
    """Bytes left under the tightest memory limit of this process's control groups."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    left = []
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controllers == "":  # cgroup v2
            root, limit, usage = Path("/sys/fs/cgroup"), "memory.max", "memory.current"
        elif "memory" in controllers.split(","):  # cgroup v1
            root = Path("/sys/fs/cgroup/memory")
            limit, usage = "memory.limit_in_bytes", "memory.usage_in_bytes"
        else:
            continue
        folder = root / path.lstrip("/")
        for level in (folder, *folder.parents):
            try:
                cap = (level / limit).read_text().strip()
                used = int((level / usage).read_text())
            except (OSError, ValueError):
                cap = ""
            if cap.isascii() and cap.isdigit() and int(cap) < 1 << 60:  # else "max": no limit
                left.append(max(int(cap) - used, 0))
            if level == root:
                break
    return min(left) if left else None
