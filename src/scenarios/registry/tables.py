"""The registry as Markdown tables, for ``docs/model.md``.

The tables are generated, never written by hand: a test keeps the text embedded in
``docs/model.md`` identical to :func:`parameter_table`.
"""

from __future__ import annotations

from scenarios.registry.events import EVENT_KINDS
from scenarios.registry.levers import LEVERS
from scenarios.registry.parameters import PARAMETERS
from scenarios.registry.specs import LeverSpec


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|")


def _lever_range(lever: LeverSpec) -> str:
    """A lever's allowed values as the table words them (shorter than the error text)."""
    if lever.kind == "float":
        return f"{lever.low:g} to {lever.high:g} {lever.unit}".strip()
    if lever.kind == "choice":
        return ", ".join(lever.choices)
    if lever.kind == "bool":
        return "true, false"
    return 'a quarter such as "2025Q2", or "none"'


def parameter_table() -> str:
    """The registry as Markdown tables (parameters, levers, event kinds) for docs/model.md.

    Returns
    -------
    str
        Three tables separated by blank lines; ``docs/model.md`` embeds this text
        verbatim (a test keeps the two in step).
    """
    lines = [
        "| key | default | unit | range | what it does | calibration |",
        "|---|---|---|---|---|---|",
    ]
    for spec in PARAMETERS.values():
        lines.append(
            f"| `{spec.key}` | {spec.default:g} | {_cell(spec.unit)} | "
            f"{spec.low:g} to {spec.high:g} | {_cell(spec.description)} | "
            f"{_cell(spec.calibration)} |"
        )
    lines += ["", "| lever | kind | default | allowed | what it does |", "|---|---|---|---|---|"]
    for lever in LEVERS.values():
        default = str(lever.default).lower() if lever.kind == "bool" else lever.default
        lines.append(
            f"| `{lever.key}` | {lever.kind} | {default} | {_lever_range(lever)} | "
            f"{_cell(lever.description)} |"
        )
    lines += [
        "",
        "| event kind | actors | magnitude (default, range) | what it does |",
        "|---|---|---|---|",
    ]
    for kind in EVENT_KINDS.values():
        lines.append(
            f"| `{kind.name}` | {_cell(kind.actors)} | {kind.default_magnitude:g} "
            f"({kind.low:g} to {kind.high:g}) | {_cell(kind.description)} |"
        )
    return "\n".join(lines)
