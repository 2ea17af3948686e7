"""Outcome metrics, computed for every member at once from a state.

Each metric is one :class:`MetricSpec` in :data:`METRICS`: its unit, figure title,
meaning and the function that computes it. Most are recorded every quarter
(:func:`step_metrics`); the bloc metrics are recorded with the blocs
(:func:`bloc_metrics`): bipolarity needs the partition, and the balanced-triad share
needs two matrix products per member, so it keeps the blocs' slower rhythm.
Both return ``{name: ndarray (M,)}`` in :data:`METRICS` order; a metric whose states are
not in the world is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from scenarios.blocs import Landscape, balanced_triad_fraction, bipolarity_index
from scenarios.state import World, WorldState

NORTHEAST_ASIA = ("CHN", "JPN", "KOR", "PRK", "RUS", "MNG", "TWN")
"""States whose military spending makes up the North-East Asian total."""

TRILATERAL = ("USA", "JPN", "KOR")
"""The trilateral whose cohesion is tracked (Camp David 2023)."""

QUARTERLY = "quarter"
"""Rhythm of a metric recorded every quarter; its ``compute(state, world)``."""

WITH_BLOCS = "blocs"
"""Rhythm of a metric recorded with the blocs; its ``compute(state, labels, landscape)``."""


@dataclass(frozen=True)
class MetricSpec:
    """What a metric measures and how it is computed.

    Attributes
    ----------
    name : str
        Column value in ``Results.metrics``.
    unit : str
        Unit of the value.
    title : str
        Short figure title.
    description : str
        One sentence.
    compute : callable
        For a :data:`QUARTERLY` metric ``compute(state, world)``, for a
        :data:`WITH_BLOCS` one ``compute(state, labels, landscape)``; returns the
        values (M,), or None when the states it needs are not in the world.
    rhythm : str
        :data:`QUARTERLY` or :data:`WITH_BLOCS`.
    """

    name: str
    unit: str
    title: str
    description: str
    compute: Callable[..., np.ndarray | None]
    rhythm: str = QUARTERLY


def _positions(world: World, codes) -> list[int] | None:
    if all(code in world.codes for code in codes):
        return [world.index(code) for code in codes]
    return None


def _bipolarity(state: WorldState, labels: np.ndarray, landscape: Landscape | None) -> np.ndarray:
    if landscape is None:
        sizes = np.maximum(state.capability, np.finfo(float).tiny)
        return bipolarity_index(state.affinity, sizes, labels)
    return landscape.bipolarity(labels)


def _balanced_triads(state: WorldState, labels, landscape) -> np.ndarray:
    return balanced_triad_fraction(state.affinity)


def _affinity(a: str, b: str) -> Callable[[WorldState, World], np.ndarray | None]:
    def compute(state: WorldState, world: World) -> np.ndarray | None:
        at = _positions(world, (a, b))
        return state.affinity[:, at[0], at[1]] if at else None

    return compute


def _trilateral(state: WorldState, world: World) -> np.ndarray | None:
    trio = _positions(world, TRILATERAL)
    if not trio:
        return None
    a = state.affinity
    us, jp, kr = trio
    return (a[:, us, jp] + a[:, us, kr] + a[:, jp, kr]) / 3.0


def _northeast_asia_milex(state: WorldState, world: World) -> np.ndarray | None:
    region = [world.index(code) for code in NORTHEAST_ASIA if code in world.codes]
    return state.milex[:, region].sum(axis=1) if region else None


def _dprk_restraint(state: WorldState, world: World) -> np.ndarray | None:
    prk = _positions(world, ("PRK",))
    return state.restraint[:, prk[0]] if prk else None


def _sanctions_leakage(state: WorldState, world: World) -> np.ndarray:
    raw = (state.bite + state.leakage).sum(axis=1)
    leaked = state.leakage.sum(axis=1)
    return np.divide(leaked, raw, out=np.zeros_like(raw), where=raw > 0)


def _bite(code: str) -> Callable[[WorldState, World], np.ndarray | None]:
    def compute(state: WorldState, world: World) -> np.ndarray | None:
        at = _positions(world, (code,))
        return state.bite[:, at[0]] if at else None

    return compute


def _arms_prk_rus(state: WorldState, world: World) -> np.ndarray | None:
    route = _positions(world, ("PRK", "RUS"))
    return state.transfers[:, route[0], route[1]] if route else None


def _arms_to(code: str) -> Callable[[WorldState, World], np.ndarray | None]:
    def compute(state: WorldState, world: World) -> np.ndarray | None:
        at = _positions(world, (code,))
        return state.transfers[:, :, at[0]].sum(axis=1) if at else None

    return compute


_SPECS = (
    MetricSpec(
        "bipolarity",
        "index in [0, 1]",
        "Bipolarity (Cold-War index)",
        "Cold-War index of the landscape blocs: cohesion within x hostility across x "
        "balance of the two camps' capability (scenarios.blocs.bipolarity_index).",
        _bipolarity,
        WITH_BLOCS,
    ),
    MetricSpec(
        "balanced_triads",
        "share",
        "Share of balanced triads",
        "Share of triads of non-zero ties that are balanced (Heider).",
        _balanced_triads,
        WITH_BLOCS,
    ),
    MetricSpec(
        "rus_prk_cohesion",
        "affinity",
        "Russia–North Korea affinity",
        "Affinity of Russia and the DPRK.",
        _affinity("RUS", "PRK"),
    ),
    MetricSpec(
        "trilateral_cohesion",
        "affinity",
        "US–Japan–South Korea cohesion",
        "Mean affinity of the US-Japan, US-ROK and Japan-ROK pairs.",
        _trilateral,
    ),
    MetricSpec(
        "rus_jpn_affinity",
        "affinity",
        "Russia–Japan affinity",
        "Affinity of Russia and Japan.",
        _affinity("RUS", "JPN"),
    ),
    MetricSpec(
        "rus_kor_affinity",
        "affinity",
        "Russia–South Korea affinity",
        "Affinity of Russia and South Korea.",
        _affinity("RUS", "KOR"),
    ),
    MetricSpec(
        "chn_rus_affinity",
        "affinity",
        "China–Russia affinity",
        "Affinity of China and Russia.",
        _affinity("CHN", "RUS"),
    ),
    MetricSpec(
        "northeast_asia_milex",
        "US$ bn per year",
        "North-East Asian military spending",
        "Military spending of China, Japan, both Koreas, Russia, Mongolia and Taiwan.",
        _northeast_asia_milex,
    ),
    MetricSpec(
        "dprk_restraint",
        "restraint in [0, 1]",
        "North Korea's nuclear restraint",
        "Nuclear restraint of the DPRK.",
        _dprk_restraint,
    ),
    MetricSpec(
        "sanctions_leakage",
        "share of raw bite",
        "Sanctions leakage to black knights",
        "Share of all targets' raw sanctions bite offset by black knights.",
        _sanctions_leakage,
    ),
    MetricSpec(
        "rus_bite",
        "share of outside economy",
        "Sanctions bite on Russia",
        "Sanctions bite Russia feels.",
        _bite("RUS"),
    ),
    MetricSpec(
        "prk_bite",
        "share of outside economy",
        "Sanctions bite on North Korea",
        "Sanctions bite the DPRK feels.",
        _bite("PRK"),
    ),
    MetricSpec(
        "arms_prk_rus",
        "quarters of Russia's munitions gap",
        "North Korean arms deliveries to Russia",
        "Arms the DPRK delivered to Russia in the quarter.",
        _arms_prk_rus,
    ),
    MetricSpec(
        "arms_to_rus",
        "quarters of Russia's munitions gap",
        "Arms deliveries to Russia",
        "Arms all suppliers delivered to Russia in the quarter.",
        _arms_to("RUS"),
    ),
    MetricSpec(
        "arms_to_ukr",
        "quarters of Ukraine's munitions gap",
        "Arms deliveries to Ukraine",
        "Arms all suppliers delivered to Ukraine in the quarter.",
        _arms_to("UKR"),
    ),
)

METRICS: Mapping[str, MetricSpec] = MappingProxyType({spec.name: spec for spec in _SPECS})
"""Every metric, by name, in display order."""

METRIC_TITLES: Mapping[str, str] = MappingProxyType({spec.name: spec.title for spec in _SPECS})
"""Short figure title of each metric (from its spec)."""


def step_metrics(state: WorldState, world: World) -> dict[str, np.ndarray]:
    """Metrics recorded every quarter (they need only the state).

    Parameters
    ----------
    state : WorldState
        M members.
    world : World
        Gives the state codes.

    Returns
    -------
    dict of str to ndarray (M,)
        In :data:`METRICS` order.
    """
    out = {}
    for name, spec in METRICS.items():
        if spec.rhythm == QUARTERLY:
            values = spec.compute(state, world)
            if values is not None:
                # A copy, so that a record never keeps the state's arrays alive through a view.
                out[name] = np.array(values)
    return out


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
        In :data:`METRICS` order.
    """
    return {
        name: spec.compute(state, labels, landscape)
        for name, spec in METRICS.items()
        if spec.rhythm == WITH_BLOCS
    }
