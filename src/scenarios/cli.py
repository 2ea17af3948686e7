"""The ``scenarios`` command line (also ``python -m scenarios``).

Built-in subcommands::

    scenarios list [--dir DIR]          scenarios and their one-line descriptions
    scenarios validate [FILE|NAME ...]  check scenario files (default: every shipped one)
    scenarios show NAME|FILE            the fully resolved scenario as TOML

Adding a subcommand
    Put a module in ``src/scenarios/commands/`` that defines
    ``register(subparsers) -> argparse.ArgumentParser``: it calls
    ``subparsers.add_parser(NAME, help=...)``, adds its arguments and sets
    ``parser.set_defaults(handler=run)``, where ``run(args) -> int`` returns the exit
    code. Every module there is found and registered automatically (in name order,
    after the built-ins); nothing in this file changes. Import heavy dependencies
    inside ``run`` so that ``scenarios --help`` stays fast.

Errors
    A :class:`~scenarios.errors.ScenariosError` (bad input) prints exactly one line,
    ``error: ...``, on stderr and exits with code 2; so do usage errors. Ctrl-C exits
    with code 130 and one line. ``--debug`` (before or after the subcommand) lets the
    exception propagate with its traceback instead.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from scenarios._meta import version
from scenarios.errors import ScenarioError, ScenariosError
from scenarios.scenario.files import list_scenarios
from scenarios.scenario.layers import load_scenario

EXIT_ERROR = 2
"""Exit code for bad input (as for usage errors)."""

EXIT_INTERRUPTED = 130
"""Exit code after Ctrl-C (128 + SIGINT)."""

COMMANDS_PACKAGE = "scenarios.commands"
"""Package whose modules each contribute a subcommand through ``register(subparsers)``."""

_LINE_BREAK = re.compile(r"\s*\n\s*")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line, like every other error."""

    def error(self, message: str) -> NoReturn:
        _print_error(f"{message} (see {self.prog} --help)")
        raise SystemExit(EXIT_ERROR)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit code: 0 on success, 2 for bad input, 130 after Ctrl-C, 1 when the
        reader of the output (``| head``) closed it early.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else EXIT_ERROR
    try:
        return args.handler(args)
    except ScenariosError as error:
        if args.debug:
            raise
        _print_error(str(error))
        return EXIT_ERROR
    except KeyboardInterrupt:
        if args.debug:
            raise
        _print_error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, and point stdout at
        # devnull so that the interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def build_parser() -> argparse.ArgumentParser:
    """The full parser: global options, built-in subcommands, then plug-in ones."""
    parser = _Parser(
        prog="scenarios",
        description="Agent-based scenarios of alignment shifts after the 2024 Russia-DPRK pact.",
    )
    parser.add_argument("--version", action="version", version=version())
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in (_register_list, _register_validate, _register_show):
        register(subparsers)
    for module in _command_modules():
        module.register(subparsers)
    for subparser in subparsers.choices.values():
        # SUPPRESS keeps a --debug given before the subcommand from being reset.
        subparser.add_argument(
            "--debug",
            action="store_true",
            default=argparse.SUPPRESS,
            help="show the full traceback of an error",
        )
    return parser


def _command_modules() -> list[ModuleType]:
    package = importlib.import_module(COMMANDS_PACKAGE)
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(package.__path__)
        if not info.name.startswith("_")
    )
    return [importlib.import_module(f"{COMMANDS_PACKAGE}.{name}") for name in names]


def _print_error(message: str) -> None:
    line = _LINE_BREAK.sub(" ", message.strip())
    print(f"error: {line}", file=sys.stderr)


# -- list ---------------------------------------------------------------------------------


def _register_list(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "list",
        help="list the scenarios with their one-line descriptions",
        description="List the scenario files and their one-line descriptions.",
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="folder of scenario files (default: the project's data/scenarios)",
    )
    parser.set_defaults(handler=_run_list)
    return parser


def _run_list(args: argparse.Namespace) -> int:
    table = list_scenarios(args.dir)
    width = max([len("name"), *map(len, table["name"])])
    print(f"{'name':<{width}}  description")
    for name, description in zip(table["name"], table["description"], strict=True):
        print(f"{name:<{width}}  {description}")
    return 0


# -- validate -----------------------------------------------------------------------------


def _register_validate(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "validate",
        help="check scenario files",
        description=(
            "Check each scenario file (or name) fully, parents included. Every file is "
            "checked: a valid one prints 'ok: FILE' on stdout, an invalid one its error "
            "on stderr, and the exit code is 2 if any was invalid. Without arguments, "
            "every scenario in data/scenarios is checked."
        ),
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="scenario file or name")
    parser.set_defaults(handler=_run_validate)
    return parser


def _run_validate(args: argparse.Namespace) -> int:
    targets = args.files or [str(name) for name in list_scenarios()["name"]]
    failed = False
    for target in targets:
        try:
            load_scenario(target)
        except ScenarioError as error:
            if args.debug:
                raise
            _print_error(str(error))
            failed = True
        else:
            print(f"ok: {target}")
    return EXIT_ERROR if failed else 0


# -- show ---------------------------------------------------------------------------------


def _register_show(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "show",
        help="print the fully resolved scenario",
        description=(
            "Print a scenario with its parents merged in and every parameter, lever and "
            "event written out, as TOML that loads back to the same scenario."
        ),
    )
    parser.add_argument("scenario", metavar="NAME|FILE", help="scenario name or file")
    parser.set_defaults(handler=_run_show)
    return parser


def _run_show(args: argparse.Namespace) -> int:
    print(load_scenario(args.scenario).to_toml(), end="")
    return 0
