"""Plug-in subcommands of the ``scenarios`` CLI: one module per command.

Each module defines ``register(subparsers) -> argparse.ArgumentParser``; the CLI finds
and registers every module here (see :mod:`scenarios.cli`).
"""
