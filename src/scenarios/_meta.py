"""Facts about the package itself: its version and where its data folder is.

A leaf module: it imports nothing from the package, so any module (the command line
included) can ask for the version or the data folder without importing the package
face ``scenarios`` and everything that it pulls in.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DISTRIBUTION = "alignment-scenarios"
"""Name of the installed distribution (``pip install alignment-scenarios``)."""


@cache
def version() -> str:
    """Return the package version.

    Returns
    -------
    str
        The installed distribution's version, or ``"0.0.0"`` when running from a
        source tree that was never installed.
    """
    # imported here: importlib.metadata takes longer to load than the command line itself
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as distribution_version

    try:
        return distribution_version(DISTRIBUTION)
    except PackageNotFoundError:
        return "0.0.0"


def data_dir() -> Path:
    """Return the project's data folder.

    Returns
    -------
    pathlib.Path
        ``scenarios/_data`` inside an installed wheel (where the build copies
        ``data/``), otherwise the repository's top-level ``data/`` folder.
    """
    package = Path(__file__).resolve().parent
    installed = package / "_data"
    return installed if installed.is_dir() else package.parents[1] / "data"
