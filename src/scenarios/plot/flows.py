"""Arms flows and sanctions: deliveries by supplier, and sanctions bite with its leakage.

Every function draws on the matplotlib ``ax`` it is given and returns it; values are
means over ensemble members. Suppliers have their states' fixed colours (all others
together are grey), runs their scenarios' fixed colours (:mod:`scenarios.plot.style`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.patches import Patch

from scenarios.errors import ResultsError
from scenarios.plot.style import (
    GREY,
    OKABE_ITO,
    _time_axis,
    country_name,
    country_names,
    run_name,
    scenario_colours,
    scenario_label,
    state_colours,
)
from scenarios.plot.tables import _check_choice, _frame, _pick_quarter, _present, _quarters
from scenarios.quarters import decimal_year


def transfers_to(
    data: Any,
    recipient: str,
    ax: Any,
    *,
    top: int = 5,
    suppliers: Sequence[str] | None = None,
) -> Any:
    """Arms delivered to one state over time, stacked by supplier (mean over members).

    Parameters
    ----------
    data : Results or pandas.DataFrame
        A run or its ``relations`` table, with the suppliers' pairs recorded (run with
        ``simulate(..., pairs="all")`` to see every supplier).
    recipient : str
        Iso3 code, e.g. ``"RUS"``.
    ax : matplotlib.axes.Axes
    top : int
        Without ``suppliers``: how many suppliers to name (the largest over the run).
    suppliers : sequence of str, optional
        Suppliers to name, in this order (each in its state's colour, so panels of
        several runs match). Every other supplier is summed as "other suppliers" (grey).

    Returns
    -------
    matplotlib.axes.Axes
        With one filled area per supplier named, plus one for the others if any delivered.
    """
    frame = _frame(data, "relations", "transfers_to")
    _check_choice(recipient, _present(frame, "b"), "recipient", "transfers_to")
    rows = frame[frame["b"] == recipient]
    table = (
        rows.assign(a=rows["a"].astype(str), quarter=rows["quarter"].astype(str))
        .pivot_table(index="quarter", columns="a", values="transfers", aggfunc="mean")
        .reindex(_quarters(rows))
        .fillna(0.0)
    )
    totals = table.sum()
    active = [
        code
        for code in totals.sort_values(ascending=False, kind="stable").index
        if totals[code] > 0
    ]
    if suppliers is None:
        named = active[:top]
    else:
        for code in suppliers:
            _check_choice(code, list(table.columns), "supplier", "transfers_to")
        named = list(suppliers)
    others = [code for code in active if code not in named]
    layers = [table[code].to_numpy() for code in named]
    labels = [country_name(code) for code in named]
    shades = state_colours(named)
    if others:
        layers.append(table[others].sum(axis=1).to_numpy())
        labels.append("other suppliers")
        shades.append(GREY)
    if layers:
        ax.stackplot(
            decimal_year(table.index),
            *layers,
            labels=labels,
            colors=shades,
            edgecolor="white",
            linewidth=0.4,
        )
        ax.legend(frameon=False, fontsize="small", loc="upper left")
    members = frame["member"].nunique()
    note = f"\nmean of {members} members" if members > 1 else ""
    ax.set_title(f"Arms delivered to {country_name(recipient)}, by supplier{note}")
    ax.set_ylabel("quarters of the recipient's munitions gap")
    _time_axis(ax)
    return ax


def bite_leakage(
    data: Any,
    codes: Sequence[str],
    ax: Any,
    *,
    quarter: str | None = None,
) -> Any:
    """Sanctions bite and its leakage to black knights for chosen targets, as stacked bars.

    Each bar is the raw bite (the share of the target's outside economy that sanctions it):
    the solid part is the bite the target feels, the hatched part the share offset by
    black knights that keep trading. Values are means over members.

    Parameters
    ----------
    data : Results, pandas.DataFrame, or Mapping of str to either
        One run (or its ``states`` table), or several labelled runs to compare side by
        side, each in its scenario's colour (labels and colours as in
        :func:`scenarios.plot.runs.compare_metric`).
    codes : sequence of str
        Targets, e.g. ``["RUS", "PRK", "IRN"]``.
    ax : matplotlib.axes.Axes
    quarter : str, optional
        Default: each run's last quarter.

    Returns
    -------
    matplotlib.axes.Axes
        With two bar patches (bite, leakage) per target and run.
    """
    runs = dict(data) if isinstance(data, Mapping) else {"": data}
    if not runs or not codes:
        raise ResultsError("bite_leakage: no runs or no targets given; allowed: at least one")
    width = 0.8 / len(runs)
    shown = None
    shades = scenario_colours([run_name(label, run) for label, run in runs.items()])
    for k, ((label, run), color) in enumerate(zip(runs.items(), shades, strict=True)):
        frame = _frame(run, "states", "bite_leakage")
        present = _present(frame, "iso3")
        for code in codes:
            _check_choice(code, present, "state", "bite_leakage")
        shown = _pick_quarter(frame, quarter, "bite_leakage")
        rows = frame[frame["quarter"] == shown]
        means = (
            rows.assign(iso3=rows["iso3"].astype(str))
            .groupby("iso3")[["bite", "leakage"]]
            .mean()
            .reindex(list(codes))
        )
        x = np.arange(len(codes)) + (k - (len(runs) - 1) / 2) * width
        edge = OKABE_ITO["black"] if color == OKABE_ITO["yellow"] else color
        ax.bar(
            x,
            means["bite"],
            width,
            color=color,
            edgecolor=edge,
            lw=0.8,
            label=scenario_label(label) if label else "bite felt",
        )
        ax.bar(
            x,
            means["leakage"],
            width,
            bottom=means["bite"],
            color="white",
            edgecolor=edge,
            hatch="///",
            lw=0.8,
        )
    ax.set_xticks(np.arange(len(codes)), list(country_names(codes).values()))
    ax.set_ylabel("share of the target's outside economy")
    ax.set_title(f"Sanctions bite and black-knight leakage, {shown}")
    handles, _ = ax.get_legend_handles_labels()
    handles.append(
        Patch(facecolor="white", edgecolor="#444444", hatch="///", label="offset by black knights")
    )
    ax.legend(handles=handles, frameon=False, fontsize="small")
    return ax
