"""Outcome metrics, computed for every member at once from a state.

:func:`step_metrics` gives the metrics recorded every quarter; :func:`bloc_metrics` those
recorded with the blocs (bipolarity needs the partition; the balanced-triad share needs two
matrix products per member, so it keeps the blocs' slower rhythm).
Each returns ``{name: ndarray (M,)}``; a metric whose states are not in the world is left
out. :data:`METRICS` describes them all (unit and meaning) for tables and plots.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from scenarios.blocs import Landscape, balanced_triad_fraction, bipolarity_index
from scenarios.state import World, WorldState

NORTHEAST_ASIA = ("CHN", "JPN", "KOR", "PRK", "RUS", "MNG", "TWN")
"""States whose military spending makes up the North-East Asian total."""

TRILATERAL = ("USA", "JPN", "KOR")
"""The trilateral whose cohesion is tracked (Camp David 2023)."""


@dataclass(frozen=True)
class MetricSpec:
    """What a metric measures.

    Attributes
    ----------
    name : str
        Column value in ``Results.metrics``.
    unit : str
        Unit of the value.
    description : str
        One sentence.
    """

    name: str
    unit: str
    description: str


_SPECS = (
    MetricSpec(
        "bipolarity",
        "index in [0, 1]",
        "Cold-War index of the landscape blocs: cohesion within x hostility across x "
        "balance of the two camps' capability (scenarios.blocs.bipolarity_index).",
    ),
    MetricSpec(
        "balanced_triads",
        "share",
        "Share of triads of non-zero ties that are balanced (Heider).",
    ),
    MetricSpec("rus_prk_cohesion", "affinity", "Affinity of Russia and the DPRK."),
    MetricSpec(
        "trilateral_cohesion",
        "affinity",
        "Mean affinity of the US-Japan, US-ROK and Japan-ROK pairs.",
    ),
    MetricSpec("rus_jpn_affinity", "affinity", "Affinity of Russia and Japan."),
    MetricSpec("rus_kor_affinity", "affinity", "Affinity of Russia and South Korea."),
    MetricSpec("chn_rus_affinity", "affinity", "Affinity of China and Russia."),
    MetricSpec(
        "northeast_asia_milex",
        "US$ bn per year",
        "Military spending of China, Japan, both Koreas, Russia, Mongolia and Taiwan.",
    ),
    MetricSpec("dprk_restraint", "restraint in [0, 1]", "Nuclear restraint of the DPRK."),
    MetricSpec(
        "sanctions_leakage",
        "share of raw bite",
        "Share of all targets' raw sanctions bite offset by black knights.",
    ),
    MetricSpec("rus_bite", "share of outside economy", "Sanctions bite Russia feels."),
    MetricSpec("prk_bite", "share of outside economy", "Sanctions bite the DPRK feels."),
    MetricSpec(
        "arms_prk_rus",
        "quarters of Russia's munitions gap",
        "Arms the DPRK delivered to Russia in the quarter.",
    ),
    MetricSpec(
        "arms_to_rus",
        "quarters of Russia's munitions gap",
        "Arms all suppliers delivered to Russia in the quarter.",
    ),
    MetricSpec(
        "arms_to_ukr",
        "quarters of Ukraine's munitions gap",
        "Arms all suppliers delivered to Ukraine in the quarter.",
    ),
)

METRICS: Mapping[str, MetricSpec] = MappingProxyType({spec.name: spec for spec in _SPECS})
"""Every metric, by name, in display order."""


def _positions(world: World, codes) -> list[int] | None:
    if all(code in world.codes for code in codes):
        return [world.index(code) for code in codes]
    return None


def step_metrics(state: WorldState, world: World) -> dict[str, np.ndarray]:
    """Metrics that need only the state.

    Parameters
    ----------
    state : WorldState
        M members.
    world : World
        Gives the state codes.

    Returns
    -------
    dict of str to ndarray (M,)
    """
    a = state.affinity
    out = {}
    for name, pair in (
        ("rus_prk_cohesion", ("RUS", "PRK")),
        ("rus_jpn_affinity", ("RUS", "JPN")),
        ("rus_kor_affinity", ("RUS", "KOR")),
        ("chn_rus_affinity", ("CHN", "RUS")),
    ):
        at = _positions(world, pair)
        if at:
            out[name] = a[:, at[0], at[1]]
    trio = _positions(world, TRILATERAL)
    if trio:
        us, jp, kr = trio
        out["trilateral_cohesion"] = (a[:, us, jp] + a[:, us, kr] + a[:, jp, kr]) / 3.0
    region = [world.index(code) for code in NORTHEAST_ASIA if code in world.codes]
    if region:
        out["northeast_asia_milex"] = state.milex[:, region].sum(axis=1)
    prk = _positions(world, ("PRK",))
    if prk:
        out["dprk_restraint"] = state.restraint[:, prk[0]]
    raw = (state.bite + state.leakage).sum(axis=1)
    leaked = state.leakage.sum(axis=1)
    out["sanctions_leakage"] = np.divide(leaked, raw, out=np.zeros_like(raw), where=raw > 0)
    for name, code in (("rus_bite", "RUS"), ("prk_bite", "PRK")):
        at = _positions(world, (code,))
        if at:
            out[name] = state.bite[:, at[0]]
    route = _positions(world, ("PRK", "RUS"))
    if route:
        out["arms_prk_rus"] = state.transfers[:, route[0], route[1]]
    for name, code in (("arms_to_rus", "RUS"), ("arms_to_ukr", "UKR")):
        at = _positions(world, (code,))
        if at:
            out[name] = state.transfers[:, :, at[0]].sum(axis=1)
    # Copies, so that a record never keeps the state's full arrays alive through a view.
    return {name: np.array(out[name]) for name in METRICS if name in out}


def bloc_metrics(
    state: WorldState, labels: np.ndarray, landscape: Landscape | None = None
) -> dict[str, np.ndarray]:
    """Metrics recorded with the blocs.

    Parameters
    ----------
    state : WorldState
        M members.
    labels : ndarray, shape (M, N)
        Bloc labels (0, 1, -1 = non-aligned).
    landscape : Landscape, optional
        The state's affinity with capabilities (floored at the smallest positive float)
        as sizes, already built for the bloc search; built and checked here when omitted.

    Returns
    -------
    dict of str to ndarray (M,)
    """
    if landscape is None:
        sizes = np.maximum(state.capability, np.finfo(float).tiny)
        bipolarity = bipolarity_index(state.affinity, sizes, labels)
    else:
        bipolarity = landscape.bipolarity(labels)
    return {"bipolarity": bipolarity, "balanced_triads": balanced_triad_fraction(state.affinity)}
