"""The registry and the metrics as Markdown tables, for ``docs/model.md``.

The tables are generated, never written by hand: a test keeps the text embedded in
``docs/model.md`` identical to :func:`parameter_table` and :func:`metric_table`.
Regenerate them with ``python -m scenarios.registry.tables``.
"""

from __future__ import annotations

from scenarios.metrics import METRICS, WITH_BLOCS
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


def metric_table() -> str:
    """The outcome metrics as a Markdown table for docs/model.md.

    Returns
    -------
    str
        One row per metric of :data:`scenarios.metrics.METRICS`, in display order.
    """
    lines = ["| metric | unit | figure title | what it measures |", "|---|---|---|---|"]
    for spec in METRICS.values():
        when = " Recorded with the blocs." if spec.rhythm == WITH_BLOCS else ""
        lines.append(
            f"| `{spec.name}` | {_cell(spec.unit)} | {_cell(spec.title)} | "
            f"{_cell(spec.description)}{when} |"
        )
    return "\n".join(lines)


GENERATED = {"parameter-table": parameter_table, "metric-table": metric_table}
"""Each generated block of docs/model.md, by the name of its markers."""


def regenerate(text: str) -> str:
    """``text`` with every generated block between its markers written afresh."""
    for name, table in GENERATED.items():
        start, end = f"<!-- {name}:start -->\n", f"\n<!-- {name}:end -->"
        head, found, rest = text.partition(start)
        _, closed, tail = rest.partition(end)
        if not (found and closed):
            raise ValueError(f"docs/model.md lacks the markers of its {name}")
        text = head + start + table() + end + tail
    return text


if __name__ == "__main__":
    from pathlib import Path

    model_md = Path(__file__).resolve().parents[3] / "docs" / "model.md"
    model_md.write_text(regenerate(model_md.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"regenerated the tables of {model_md}")
