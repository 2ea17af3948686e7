"""Regenerate the stored outputs of the seminar notebooks.

Usage, from the project root::

    python tasks.py regenerate                              # every notebooks/NN_*.ipynb
    .venv/bin/python notebooks/regenerate.py [NOTEBOOK ...]  # some of them

Each notebook runs in a fresh kernel in this folder, with the environment the test run
uses (``PYTHONHASHSEED=0``, ``MPLBACKEND=Agg``), and is rewritten in place with its
outputs, execution counts 1..N and no volatile metadata; a notebook whose cells fail is
left untouched. Run times and any problems (see ``scenarios.report.conventions``) go to
stderr; the exit status is 1 if any notebook failed or has problems.
"""

import sys
from pathlib import Path

from scenarios.report.regenerate import regenerate_command

if __name__ == "__main__":
    sys.exit(regenerate_command(sys.argv[1:], directory=Path(__file__).resolve().parent))
