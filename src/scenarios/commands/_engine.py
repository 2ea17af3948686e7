"""Where a command's chunks run: ``--workers N`` local processes or ``--scheduler ADDRESS``."""

from __future__ import annotations

import argparse
from typing import Any

from scenarios.commands._args import natural
from scenarios.errors import ScenariosError, shorten


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the mutually exclusive ``--scheduler`` and ``--workers`` options."""
    engine = parser.add_mutually_exclusive_group()
    engine.add_argument(
        "--scheduler", metavar="ADDRESS", help="run on a Dask cluster (tcp://host:8786)"
    )
    engine.add_argument("--workers", type=natural(1), help="run in a pool of N local processes")


class Engine:
    """The executor that ``--workers`` or ``--scheduler`` asks for, released afterwards.

    A Dask client is closed, never shut down: the cluster belongs to whoever started it.
    """

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.engine: Any = None
        self.release: Any = None

    def __enter__(self) -> Any:
        if self.args.workers is not None:
            from concurrent.futures import ProcessPoolExecutor

            self.engine = ProcessPoolExecutor(self.args.workers)
            self.release = lambda: self.engine.shutdown(cancel_futures=True)
        elif self.args.scheduler:
            try:
                from distributed import Client
            except ImportError:
                raise ScenariosError(
                    '--scheduler needs Dask: pip install "alignment-scenarios[distributed]"'
                ) from None
            try:
                self.engine = Client(self.args.scheduler, timeout="10s")
            except Exception as error:  # Dask raises OSError, ValueError, AssertionError, ...
                # whatever the reason (no such host, no port, an unknown scheme), the
                # cluster cannot be used: one line saying so, not Dask's traceback
                reason = str(error) or type(error).__name__
                raise ScenariosError(
                    f"--scheduler {shorten(self.args.scheduler)}: cannot connect ({reason}); "
                    "allowed: the address of a running Dask scheduler, e.g. tcp://host:8786"
                ) from None
            self.release = self.engine.close
        return self.engine

    def __exit__(self, *exc: object) -> None:
        if self.release is not None:
            self.release()
