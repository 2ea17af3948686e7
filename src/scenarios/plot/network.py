"""The alignment network and the blocs of one run: heat map, signed network, bloc membership.

Every function draws on the matplotlib ``ax`` it is given and returns it. States are
grouped in bloc order (:data:`~scenarios.plot.style.BLOC_ORDER`: bloc A, the United
States' bloc, then non-aligned, then bloc B); a network drawing shows one ensemble member
at one quarter.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from scenarios.errors import ResultsError
from scenarios.plot.style import (
    AFFINITY_AXIS,
    AFFINITY_CMAP,
    BLOC_COLOURS,
    BLOC_LABELS,
    BLOC_ORDER,
    FRIENDLY,
    HOSTILE,
    NO_BLOC,
    country_name,
    country_names,
)
from scenarios.plot.tables import (
    _check_choice,
    _frame,
    _pick_member,
    _pick_quarter,
    _present,
    _quarters,
)
from scenarios.quarters import decimal_year


def _snapshot(data: Any, quarter, member, caller: str) -> tuple[pd.DataFrame, str, int]:
    """Affinity matrix (codes x codes) of one member at one quarter."""
    frame = _frame(data, "relations", caller)
    frame = _pick_member(frame, member, caller)
    chosen = _pick_quarter(frame, quarter, caller)
    rows = frame[frame["quarter"] == chosen]
    codes = _present(rows, "a")
    matrix = (
        rows.assign(a=rows["a"].astype(str), b=rows["b"].astype(str))
        .pivot_table(index="a", columns="b", values="affinity", aggfunc="first")
        .reindex(index=codes, columns=codes)
    )
    return matrix, chosen, int(frame["member"].iloc[0])


def _bloc_of(blocs: pd.DataFrame | None, member: int, quarter: str, codes) -> dict[str, str]:
    """Bloc of each code at the latest bloc record not after ``quarter``.

    Codes without such a record get :data:`~scenarios.plot.style.NO_BLOC`.
    """
    if blocs is None or blocs.empty:
        return dict.fromkeys(codes, NO_BLOC)
    rows = blocs[blocs["member"] == member]
    year = decimal_year([quarter])[0]
    recorded = [q for q in _quarters(rows) if decimal_year([q])[0] <= year]
    if not recorded:
        return dict.fromkeys(codes, NO_BLOC)
    rows = rows[rows["quarter"].astype(str) == recorded[-1]]
    found = dict(zip(rows["iso3"].astype(str), rows["bloc"].astype(str), strict=True))
    return {code: found.get(code, NO_BLOC) for code in codes}


def _bloc_order(codes: Sequence[str], bloc: Mapping[str, str]) -> list[str]:
    rank = {name: i for i, name in enumerate(BLOC_ORDER)}
    return sorted(codes, key=lambda c: (rank.get(bloc[c], len(rank)), list(codes).index(c)))


def _blocs_table(data: Any, blocs: pd.DataFrame | None) -> pd.DataFrame | None:
    if blocs is not None:
        return _frame(blocs, "blocs", "blocs")
    table = getattr(data, "blocs", None)
    return table if isinstance(table, pd.DataFrame) and not table.empty else None


def _restrict(codes: list[str], chosen: Sequence[str] | None, caller: str) -> list[str]:
    if chosen is None:
        return codes
    for code in chosen:
        _check_choice(code, codes, "state", caller)
    return [code for code in codes if code in set(chosen)]


def alignment_heatmap(
    data: Any,
    ax: Any,
    *,
    quarter: str | None = None,
    member: int | None = None,
    codes: Sequence[str] | None = None,
    blocs: pd.DataFrame | None = None,
    colorbar: bool = True,
) -> Any:
    """The signed alignment network as a matrix, states grouped by bloc.

    Rows and columns are ordered bloc A (the United States' bloc), non-aligned, bloc B,
    with thin lines between blocs; colour runs from red (hostile, -1) through white to
    blue (allied, +1). The diagonal is blank.

    Parameters
    ----------
    data : Results or pandas.DataFrame
        A run or its ``relations`` table. Only recorded pairs can be shown: run with
        ``simulate(..., pairs="all")`` for the whole network.
    ax : matplotlib.axes.Axes
    quarter : str, optional
        E.g. ``"2024Q3"``; default the last recorded quarter.
    member : int, optional
        Ensemble member; default the first in the data.
    codes : sequence of str, optional
        Show only these states.
    blocs : pandas.DataFrame, optional
        Bloc table, when ``data`` is a bare relations table (a Results brings its own).
        Blocs are those of the latest bloc record at or before ``quarter``.
    colorbar : bool
        Add a colour bar beside the axes.

    Returns
    -------
    matplotlib.axes.Axes
    """
    matrix, chosen, picked = _snapshot(data, quarter, member, "alignment_heatmap")
    shown = _restrict(list(matrix.index), codes, "alignment_heatmap")
    bloc = _bloc_of(_blocs_table(data, blocs), picked, chosen, shown)
    order = _bloc_order(shown, bloc)
    values = matrix.reindex(index=order, columns=order).to_numpy(dtype=float, copy=True)
    np.fill_diagonal(values, np.nan)
    image = ax.imshow(values, cmap=AFFINITY_CMAP, vmin=-1.0, vmax=1.0, interpolation="nearest")
    names = list(country_names(order).values())
    ax.set_xticks(range(len(order)), names, rotation=90, fontsize="small")
    ax.set_yticks(range(len(order)), names, fontsize="small")
    for position, (previous, current) in enumerate(itertools.pairwise(order), start=1):
        if bloc[previous] != bloc[current]:
            ax.axhline(position - 0.5, color="black", lw=0.8)
            ax.axvline(position - 0.5, color="black", lw=0.8)
    ax.set_title(f"Alignment network, {chosen} (member {picked})")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, shrink=0.8, label=AFFINITY_AXIS)
    return ax


def signed_network(
    data: Any,
    ax: Any,
    *,
    quarter: str | None = None,
    member: int | None = None,
    codes: Sequence[str] | None = None,
    blocs: pd.DataFrame | None = None,
    threshold: float = 0.3,
) -> Any:
    """The signed network drawn on a circle: states coloured by bloc, strong ties as lines.

    States sit on a circle in bloc order, so each bloc is an arc. A tie with affinity of at
    least ``threshold`` in size is drawn: friendly ties solid green, hostile ties dashed
    vermillion, thicker the stronger.

    Parameters
    ----------
    data : Results or pandas.DataFrame
        As in :func:`alignment_heatmap`.
    ax : matplotlib.axes.Axes
    quarter, member, codes, blocs
        As in :func:`alignment_heatmap`.
    threshold : float
        Smallest absolute affinity drawn, in (0, 1].

    Returns
    -------
    matplotlib.axes.Axes
        With at most two line collections (friendly, hostile) and one marker collection
        per bloc present.
    """
    if not 0.0 < threshold <= 1.0:
        raise ResultsError(f"signed_network: threshold {threshold!r}; allowed: 0 < threshold <= 1")
    matrix, chosen, picked = _snapshot(data, quarter, member, "signed_network")
    shown = _restrict(list(matrix.index), codes, "signed_network")
    bloc = _bloc_of(_blocs_table(data, blocs), picked, chosen, shown)
    order = _bloc_order(shown, bloc)
    angle = np.pi / 2 - 2 * np.pi * np.arange(len(order)) / len(order)
    xy = np.column_stack([np.cos(angle), np.sin(angle)])
    values = matrix.reindex(index=order, columns=order).to_numpy(dtype=float)
    i, j = np.triu_indices(len(order), k=1)
    strength = values[i, j]
    for sign, color, style in ((1, FRIENDLY, "solid"), (-1, HOSTILE, "dashed")):
        keep = sign * strength >= threshold
        if keep.any():
            segments = np.stack([xy[i[keep]], xy[j[keep]]], axis=1)
            ax.add_collection(
                LineCollection(
                    segments,
                    colors=color,
                    linewidths=0.4 + 2.2 * np.abs(strength[keep]),
                    linestyles=style,
                    alpha=0.7,
                    zorder=1,
                )
            )
    for name in (*BLOC_ORDER, NO_BLOC):
        where = [k for k, code in enumerate(order) if bloc[code] == name]
        if where:
            ax.scatter(
                xy[where, 0],
                xy[where, 1],
                s=70,
                color=BLOC_COLOURS.get(name, "white"),
                edgecolors="black",
                linewidths=0.6,
                zorder=2,
                label=BLOC_LABELS.get(name, name),
            )
    for (x, y), code, theta in zip(xy, order, angle, strict=True):
        right = x > -1e-9
        ax.text(
            1.1 * x,
            1.1 * y,
            country_name(code),
            ha="left" if right else "right",
            va="center",
            rotation=np.degrees(theta if right else theta + np.pi),
            rotation_mode="anchor",
            fontsize="small",
        )
    handles, _ = ax.get_legend_handles_labels()
    handles += [
        Line2D([], [], color=FRIENDLY, lw=2, label=f"affinity ≥ {threshold:g}"),
        Line2D([], [], color=HOSTILE, lw=2, ls="--", label=f"affinity ≤ −{threshold:g}"),
    ]
    ax.legend(
        handles=handles,
        frameon=False,
        fontsize="small",
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncols=3,
    )
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.6, 1.6)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(f"Alignment network, {chosen} (member {picked})")
    return ax


def bloc_membership(
    data: Any,
    ax: Any,
    *,
    member: int | None = None,
    codes: Sequence[str] | None = None,
) -> Any:
    """Which bloc each state is in at every bloc record: a grid of coloured cells.

    Rows are states (ordered by their bloc at the last record), columns the quarters at
    which blocs were recorded.

    Parameters
    ----------
    data : Results or pandas.DataFrame
        A run or its ``blocs`` table.
    ax : matplotlib.axes.Axes
    member : int, optional
        Ensemble member; default the first in the data.
    codes : sequence of str, optional
        Show only these states.

    Returns
    -------
    matplotlib.axes.Axes
    """
    frame = _pick_member(_frame(data, "blocs", "bloc_membership"), member, "bloc_membership")
    picked = int(frame["member"].iloc[0])
    shown = _restrict(_present(frame, "iso3"), codes, "bloc_membership")
    quarters = _quarters(frame)
    table = (
        frame.assign(iso3=frame["iso3"].astype(str), quarter=frame["quarter"].astype(str))
        .pivot_table(index="iso3", columns="quarter", values="bloc", aggfunc="first")
        .reindex(index=shown, columns=quarters)
        .astype(str)
    )
    order = _bloc_order(shown, dict(table[quarters[-1]]))
    rank = {name: i for i, name in enumerate(BLOC_ORDER)}
    cells = table.loc[order].apply(lambda column: column.map(rank)).to_numpy(dtype=float)
    cmap = ListedColormap([BLOC_COLOURS[name] for name in BLOC_ORDER])
    norm = BoundaryNorm(np.arange(len(BLOC_ORDER) + 1) - 0.5, cmap.N)
    ax.pcolormesh(cells, cmap=cmap, norm=norm, edgecolors="white", linewidth=0.5)
    ax.set_yticks(
        np.arange(len(order)) + 0.5, list(country_names(order).values()), fontsize="small"
    )
    ax.set_ylim(len(order), 0)
    ax.set_xticks(np.arange(len(quarters)) + 0.5, quarters, rotation=90, fontsize="small")
    ax.set_xlabel("quarter")
    ax.legend(
        handles=[Patch(color=BLOC_COLOURS[name], label=BLOC_LABELS[name]) for name in BLOC_ORDER],
        frameon=False,
        fontsize="small",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
    )
    ax.set_title(f"Bloc membership over time (member {picked})")
    return ax
