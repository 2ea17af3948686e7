"""Output folders: checked before the work starts, written atomically, never left half-done.

Every folder of results the package writes (``scenarios run --out``, ``sweep --out``,
``report --out``, :func:`scenarios.save`) is written through :class:`StagedFolder`,
which owns these rules:

- **What may be replaced.** A missing path, an empty folder, or a folder holding the
  writer's marker file (the manifest of earlier results). Anything else is refused, so a
  mistyped path cannot delete unrelated files.
- **Check first.** :func:`check_target` tries everything a write will need (creating the
  missing parent folders and a staging folder) and undoes it, so that a command can
  refuse a bad ``--out`` before a long computation rather than after it.
- **Atomic.** Files are written into a staging folder ``.NAME.xxxxxxxx`` beside the
  target, which is renamed onto the target only when complete. On an error, Ctrl-C or
  SIGTERM the staging folder is removed, and so are the parent folders this write
  created; the target keeps its earlier contents. The final swap and the clean-up run
  with SIGINT, SIGTERM and SIGHUP deferred, so a second signal cannot cut them short.
- **Nothing stale.** A writer holds an advisory lock on its staging folder. Staging
  folders of the same target whose writer is gone (killed with SIGKILL, or a machine
  that lost power) hold no lock, and the next write to that place removes them.
- **Shared readably.** Folders are created with mode 0777 minus the umask, like any
  ``mkdir``, so that colleagues on a shared server can read results when the umask
  lets them (``tempfile.mkdtemp`` would make them private to their owner).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scenarios.errors import ResultsError

try:  # advisory locks: POSIX only; elsewhere stale staging folders are not swept
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

_DEFERRED = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def check_target(target: str | os.PathLike, marker: str) -> Path:
    """Check that a results folder can be written at ``target``, leaving no trace.

    Parameters
    ----------
    target : path
        The folder to be written.
    marker : str
        Name of the file that marks a folder as earlier results (its manifest).

    Returns
    -------
    pathlib.Path
        The target as an absolute path.

    Raises
    ------
    ResultsError
        When the target is a file or a folder of something else, or when the folder or
        its parents cannot be created there (a parent is a file, no permission, a
        read-only or pseudo file system, a name too long).
    """
    folder = StagedFolder(target, marker)
    folder.discard()
    return folder.target


class StagedFolder:
    """Write a folder atomically: a staging folder that becomes the target at the end.

    Creating one makes the missing parent folders and a locked staging folder beside
    the target (sweeping up stale ones first); used as a context manager it yields the
    staging folder's path, renames it onto the target when the block ends normally, and
    removes it, with the parents it made, when the block raises. An operating system
    error inside the block (a full disk) becomes a :class:`~scenarios.errors.ResultsError`.

    Parameters
    ----------
    target : path
        The folder to write; replaced only when missing, empty or holding ``marker``.
    marker : str
        Name of the file that marks a results folder; the caller writes it, last.

    Attributes
    ----------
    target : pathlib.Path
        The target, absolute.
    path : pathlib.Path or None
        The staging folder to write into (None once renamed or removed).

    Raises
    ------
    ResultsError
        When the target cannot be written (see :func:`check_target`). Nothing is left
        behind.
    """

    def __init__(self, target: str | os.PathLike, marker: str) -> None:
        self.marker = marker
        self.made: list[Path] = []
        self.lock: int | None = None
        self.path: Path | None = None
        try:
            self.target = Path(os.path.abspath(target))
            _check_replaceable(self.target, marker)
            with _signals_deferred():
                self._make_parents()
                _sweep(self.target)
                self._make_staging()
        except OSError as error:
            self.discard()
            where = ""
            if error.filename not in (None, str(self.target)):
                failed = Path(os.fsdecode(error.filename))
                staging = failed.name.startswith(f".{self.target.name}.")
                where = f" (in {failed.parent})" if staging else f" ({failed})"
            raise ResultsError(
                f"{self.target}: cannot write the results here: {error.strerror or error}"
                f"{where}; allowed: a folder you can create and write to"
            ) from None
        except BaseException:
            self.discard()
            raise

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, kind: type | None, error: BaseException | None, trace: object) -> None:
        if kind is None:
            self.commit()
            return
        self.discard()
        if isinstance(error, OSError):
            raise ResultsError(
                f"{self.target}: could not write the results ({error.strerror or error}); "
                "nothing was written"
            ) from None

    def _make_parents(self) -> None:
        missing = []
        folder = self.target.parent
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "a parent is a file", str(folder))
        for folder in reversed(missing):
            os.mkdir(folder)  # mode 0777 minus the umask
            self.made.append(folder)

    def _make_staging(self) -> None:
        for _ in range(100):
            path = self.target.with_name(f".{self.target.name}.{secrets.token_hex(4)}")
            try:
                os.mkdir(path)
            except FileExistsError:
                continue
            self.path = path
            self.lock = _lock(path)
            return
        raise FileExistsError(errno.EEXIST, "no free staging name", str(self.target.parent))

    def discard(self) -> None:
        """Remove the staging folder and the parents made for it (those left empty)."""
        with _signals_deferred():
            if self.path is not None:
                shutil.rmtree(self.path, ignore_errors=True)
            self._unlock()
            for folder in reversed(self.made):
                try:
                    folder.rmdir()
                except OSError:
                    break  # something else was put there meanwhile: keep it

    def commit(self) -> None:
        """Rename the staging folder onto the target, retiring earlier results."""
        retired = None
        try:
            with _signals_deferred():
                _check_replaceable(self.target, self.marker)
                if self.target.exists():
                    retired = self.target.with_name(f".{self.target.name}.{secrets.token_hex(4)}")
                    os.rename(self.target, retired)
                try:
                    os.rename(self.path, self.target)
                except OSError:
                    if retired is not None:
                        os.rename(retired, self.target)
                        retired = None
                    raise
                self._unlock()
                self.path, self.made = None, []  # in place: nothing left to discard
        except OSError as error:
            self.discard()
            raise ResultsError(
                f"{self.target}: could not put the results in place ({error.strerror}); "
                "the folder is as it was"
            ) from None
        except BaseException:
            self.discard()
            raise
        if retired is not None:
            # outside the deferral: if this is cut short, the next write sweeps it up
            shutil.rmtree(retired, ignore_errors=True)

    def _unlock(self) -> None:
        if self.lock is not None:
            os.close(self.lock)
            self.lock = None


def _check_replaceable(target: Path, marker: str) -> None:
    if target.is_symlink() and not target.exists():
        raise ResultsError(f"{target}: is a broken link; allowed: a new or results folder")
    if target.exists() and not target.is_dir():
        raise ResultsError(f"{target}: exists and is a file; allowed: a new or results folder")
    if target.is_dir() and any(target.iterdir()) and not (target / marker).is_file():
        raise ResultsError(
            f"{target}: exists and is not a results folder (no {marker}); allowed: a new "
            "folder, an empty one, or earlier results to replace"
        )


def _staging_names(target: Path) -> re.Pattern[str]:
    """Names of this tool's staging folders for ``target``, today's and earlier releases'."""
    return re.compile(rf"\.{re.escape(target.name)}\.(old\.)?[a-z0-9_]{{8}}(\.old)?")


def _sweep(target: Path) -> None:
    """Remove staging folders of ``target`` that no live writer holds."""
    if fcntl is None:
        return
    names = _staging_names(target)
    with os.scandir(target.parent) as entries:
        stale = [
            Path(entry.path)
            for entry in entries
            if names.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)
        ]
    for path in stale:
        try:
            held = _lock(path)
        except OSError:
            continue  # locked by a live writer, or not lockable here: leave it
        shutil.rmtree(path, ignore_errors=True)
        os.close(held)


def _lock(path: Path) -> int | None:
    """Hold an exclusive advisory lock on a folder; ``OSError`` if another process has it."""
    if fcntl is None:
        return None
    handle = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        raise
    return handle


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP for a moment; deliver them afterwards.

    Only the main thread can change handlers; elsewhere the signals stay as they are
    (they are handled in the main thread anyway).
    """
    received: list[int] = []
    try:
        previous = {number: signal.signal(number, _remember(received)) for number in _DEFERRED}
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(received):
            signal.raise_signal(number)


def _remember(received: list[int]):
    def handler(number: int, frame: object) -> None:
        received.append(number)

    return handler
