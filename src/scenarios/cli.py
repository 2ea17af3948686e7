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
    inside ``run`` so that ``scenarios --help`` stays fast, and so that Ctrl-C while
    they load is handled like any other Ctrl-C.

Errors
    A :class:`~scenarios.errors.ScenariosError` (bad input) prints exactly one line,
    ``error: ...``, on stderr and exits with code 2; so do usage errors, an operating
    system error (a disk that is full, a folder that vanished) and running out of
    memory. Every error line is printed by one function, which writes unprintable
    characters as escapes and cuts the line to :data:`MAX_LINE` characters.
    ``--debug`` (before or after the subcommand) lets the exception propagate with its
    traceback instead.

Signals
    Ctrl-C (SIGINT) exits with code 130 and the line ``error: interrupted``. SIGTERM
    (what ``timeout``, a batch scheduler or ``docker stop`` sends) and SIGHUP (a closed
    terminal) raise :class:`Terminated`, a :class:`KeyboardInterrupt`, so that they run
    the same clean-up as Ctrl-C; they exit with code 128 + the signal number (143,
    129) and the line ``error: terminated (SIGTERM)``. The handlers are installed
    before any heavy import.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import re
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import NoReturn

# Only light modules at the top: anything that imports pandas or numpy is imported in the
# handler that needs it, after main() has installed the signal handlers.
from scenarios._meta import version
from scenarios.errors import ScenarioError, ScenariosError, printable

EXIT_ERROR = 2
"""Exit code for bad input (as for usage errors)."""

EXIT_INTERRUPTED = 128 + signal.SIGINT
"""Exit code after Ctrl-C (130); other signals exit with 128 + their number."""

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""Signals that stop a command the way Ctrl-C does (SIGHUP does not exist on Windows)."""

MAX_LINE = 1000
"""Longest error line printed, in characters; the middle of a longer one is cut."""

COMMANDS_PACKAGE = "scenarios.commands"
"""Package whose modules each contribute a subcommand through ``register(subparsers)``."""

_LINE_BREAK = re.compile(r"\s*\n\s*")


class Terminated(KeyboardInterrupt):
    """A stop signal other than Ctrl-C (SIGTERM, SIGHUP), raised like Ctrl-C.

    Deriving from :class:`KeyboardInterrupt` means that every clean-up written for
    Ctrl-C (removing a half-written staging folder, say) runs for these signals too.

    Attributes
    ----------
    signal : signal.Signals
        The signal received.
    """

    def __init__(self, received: int) -> None:
        self.signal = signal.Signals(received)
        super().__init__(self.signal.name)


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
        The exit code: 0 on success, 2 for bad input, 130 after Ctrl-C, 143 after
        SIGTERM, 1 when the reader of the output (``| head``) closed it early.
    """
    debug = False
    with _stop_signals_interrupt():
        try:
            parser = build_parser()
            try:
                args = parser.parse_args(argv)
            except SystemExit as stop:
                return stop.code if isinstance(stop.code, int) else EXIT_ERROR
            debug = args.debug
            return args.handler(args)
        except ScenariosError as error:
            if debug:
                raise
            _print_error(str(error))
            return EXIT_ERROR
        except KeyboardInterrupt as stop:
            if debug:
                raise
            if isinstance(stop, Terminated):
                _print_error(f"terminated ({stop.signal.name})")
                return 128 + stop.signal
            _print_error("interrupted")
            return EXIT_INTERRUPTED
        except BrokenPipeError:
            # The reader (e.g. `| head`) went away: stop quietly, and point stdout at
            # devnull so that the interpreter's final flush does not complain either.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        except OSError as error:
            if debug:
                raise
            where = f"{error.filename}: " if error.filename else ""
            _print_error(f"{where}{error.strerror or error}")
            return EXIT_ERROR
        except MemoryError:
            if debug:
                raise
            _print_error("out of memory; allowed: a smaller run (fewer members or quarters)")
            return EXIT_ERROR


@contextmanager
def _stop_signals_interrupt() -> Iterator[None]:
    """Make :data:`STOP_SIGNALS` raise :class:`Terminated` while the command runs."""

    def stop(received: int, frame: object) -> NoReturn:
        raise Terminated(received)

    try:
        previous = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    except ValueError:  # not the main thread (main() called from a worker): leave them be
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


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
    """Print ``error: message`` as one line: the one place every error line goes out."""
    line = printable(_LINE_BREAK.sub(" ", message.strip()))
    if len(line) > MAX_LINE:
        # keep the start (file and key) and the end (what is allowed)
        head, tail = MAX_LINE * 2 // 3, MAX_LINE // 4
        line = f"{line[:head]} ... ({len(line) - head - tail} characters cut) ... {line[-tail:]}"
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
    from scenarios.scenario.files import list_scenarios

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
    from scenarios.scenario.files import list_scenarios
    from scenarios.scenario.layers import load_scenario

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
    from scenarios.scenario.layers import load_scenario

    print(load_scenario(args.scenario).to_toml(), end="")
    return 0
