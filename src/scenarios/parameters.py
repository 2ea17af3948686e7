"""The registry of model parameters, scenario levers and scheduled-event kinds.

This module is the single place that says which knobs exist, what they mean, their
units, defaults and allowed ranges, and where each default comes from (a published
figure with its source, or the word *assumed*). Scenario files are validated against
it; the model reads resolved values from it; ``docs/model.md`` tabulates it.

Keys are ``"section.name"`` paths, as written in a scenario file::

    [parameters.sanctions]
    black_knight_offset = 0.4
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class ParameterSpec:
    """A numeric model parameter.

    Attributes
    ----------
    key : str
        ``"section.name"`` path used in scenario files.
    default : float
        Value used when a scenario does not set it.
    unit : str
        Unit of the value (``"1/quarter"``, ``"share of GDP"``, ...).
    low, high : float
        Inclusive allowed range.
    description : str
        One sentence: what the parameter does.
    calibration : str
        The figure and source it is calibrated to, or ``"assumed"``.
    integer : bool
        Whether only whole numbers are allowed.
    """

    key: str
    default: float
    unit: str
    low: float
    high: float
    description: str
    calibration: str = "assumed"
    integer: bool = False

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]


@dataclass(frozen=True)
class LeverSpec:
    """A policy lever a scenario can set.

    ``kind`` is one of ``"float"`` (``low``..``high``), ``"bool"``, ``"choice"``
    (one of ``choices``) or ``"quarter"`` (a ``"YYYYQn"`` string or ``"none"``).
    """

    key: str
    kind: str
    default: float | bool | str
    description: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    unit: str = ""


@dataclass(frozen=True)
class EventKindSpec:
    """A kind of scheduled event.

    Attributes
    ----------
    name : str
        The ``kind`` string used in scenario files and ``data/events.csv``.
    description : str
        What the event does in the model.
    actors : str
        What the ``actors`` list means, e.g. ``"[sender, target]"``.
    min_actors, max_actors : int
        Allowed length of the ``actors`` list.
    default_magnitude : float
        Magnitude used when an event does not give one.
    low, high : float
        Allowed magnitude range.
    """

    name: str
    description: str
    actors: str
    min_actors: int
    max_actors: int
    default_magnitude: float
    low: float
    high: float


_PARAMETERS = (
    # -- sanctions pressure ------------------------------------------------------------
    ParameterSpec(
        "sanctions.growth_cost_multilateral",
        2.9,
        "pp of GDP growth per year",
        0.0,
        8.0,
        "Growth lost per year by a target under full, broad (UN-style) sanctions bite.",
        "UN sanctions cut growth by 2.3-3.5 pp/yr (Neuenkirch & Neumeier 2015); midpoint",
    ),
    ParameterSpec(
        "sanctions.black_knight_offset",
        0.5,
        "share of bite",
        0.0,
        1.0,
        "Largest share of a target's bite that friendly non-sanctioning economies can offset.",
    ),
    ParameterSpec(
        "sanctions.isolation_pull",
        0.02,
        "affinity per quarter",
        0.0,
        0.2,
        "Rate at which targets sharing senders drift towards each other.",
    ),
    ParameterSpec(
        "sanctions.sender_repulsion",
        0.01,
        "affinity per quarter",
        0.0,
        0.2,
        "Rate at which a target's affinity to its senders falls with bite.",
    ),
    ParameterSpec(
        "sanctions.knight_attraction",
        0.02,
        "affinity per quarter",
        0.0,
        0.2,
        "Rate at which a target's affinity to its black knights rises.",
    ),
    # -- arms transfers ----------------------------------------------------------------
    ParameterSpec(
        "arms.munitions_gap",
        0.3,
        "share of wartime demand",
        0.0,
        1.0,
        "Share of a belligerent's munitions demand its own industry cannot meet.",
    ),
    ParameterSpec(
        "arms.tech_transfer_rate",
        0.05,
        "tech per unit transfer",
        0.0,
        0.5,
        "Technology a supplier gains per unit of munitions delivered.",
    ),
    ParameterSpec(
        "arms.affinity_gain",
        0.03,
        "affinity per quarter",
        0.0,
        0.2,
        "Affinity gain of a supplier-recipient pair per unit transfer.",
    ),
    ParameterSpec(
        "arms.observer_response",
        0.02,
        "sanctions intensity per quarter",
        0.0,
        0.2,
        "How fast observers hostile to the recipient add sanctions on the supplier.",
    ),
    # -- deterrence responses ----------------------------------------------------------
    ParameterSpec(
        "deterrence.reaction",
        0.08,
        "1/quarter",
        0.0,
        1.0,
        "Richardson reaction coefficient k: spending response to threat.",
    ),
    ParameterSpec(
        "deterrence.fatigue",
        0.05,
        "1/quarter",
        0.0,
        1.0,
        "Richardson fatigue coefficient a: cost-driven decay of spending.",
    ),
    ParameterSpec(
        "deterrence.max_burden",
        0.06,
        "share of GDP",
        0.005,
        0.4,
        "Largest military burden a state at peace sustains.",
    ),
    ParameterSpec(
        "deterrence.pact_amplifier",
        0.5,
        "dimensionless",
        0.0,
        3.0,
        "Extra threat when hostile states are allied with each other (the pact effect).",
    ),
    ParameterSpec(
        "deterrence.shared_threat_pull",
        0.02,
        "affinity per quarter",
        0.0,
        0.2,
        "Rate at which states facing the same adversary draw together.",
    ),
    ParameterSpec(
        "deterrence.patron_shield",
        0.03,
        "restraint per quarter",
        0.0,
        0.2,
        "Rate at which a patron-shielded nuclear state loses restraint.",
    ),
    # -- alignment ---------------------------------------------------------------------
    ParameterSpec(
        "alignment.balance_rate",
        0.1,
        "1/quarter",
        0.0,
        1.0,
        "Strength of the saturating structural-balance pull.",
    ),
    ParameterSpec(
        "alignment.decay",
        0.01,
        "1/quarter",
        0.0,
        0.5,
        "Relaxation of affinity towards its structural baseline.",
    ),
    ParameterSpec(
        "alignment.noise",
        0.01,
        "affinity per quarter (s.d.)",
        0.0,
        0.2,
        "Standard deviation of idiosyncratic shocks to each relation.",
    ),
)

PARAMETERS: Mapping[str, ParameterSpec] = MappingProxyType({p.key: p for p in _PARAMETERS})
"""All model parameters, keyed by ``"section.name"``."""

PARAMETER_SECTIONS: tuple[str, ...] = ("sanctions", "arms", "deterrence", "alignment")

_LEVERS = (
    LeverSpec(
        "sanctions_intensity",
        "float",
        1.0,
        "Multiplier on the intensity of every active sanctions regime.",
        0.0,
        2.0,
        unit="x current",
    ),
    LeverSpec(
        "secondary_sanctions",
        "float",
        0.0,
        "Penalty on sanctions busting: share of a buster's exposure put at risk.",
        0.0,
        1.0,
        unit="share",
    ),
    LeverSpec(
        "china_stance",
        "choice",
        "cautious",
        "China's posture towards Russia and the DPRK.",
        choices=("distancing", "cautious", "supportive"),
    ),
    LeverSpec("ceasefire", "quarter", "none", "Quarter in which the Russia-Ukraine war stops."),
    LeverSpec(
        "interdiction",
        "float",
        0.0,
        "Share of DPRK-Russia arms shipments intercepted.",
        0.0,
        1.0,
        unit="share",
    ),
    LeverSpec(
        "us_commitment",
        "float",
        1.0,
        "Credibility of US extended deterrence (1 = today's commitments).",
        0.0,
        1.0,
        unit="share",
    ),
    LeverSpec("pact", "bool", True, "Whether the 2024 Russia-DPRK treaty exists."),
)

LEVERS: Mapping[str, LeverSpec] = MappingProxyType({lever.key: lever for lever in _LEVERS})
"""All scenario levers, keyed by name."""

_EVENT_KINDS = (
    EventKindSpec(
        "war_start",
        "A war begins; both sides start consuming munitions.",
        "[attacker, defender]",
        2,
        2,
        1.0,
        0.0,
        1.0,
    ),
    EventKindSpec(
        "ceasefire",
        "Fighting between the two states stops.",
        "[state, state]",
        2,
        2,
        1.0,
        0.0,
        1.0,
    ),
    EventKindSpec(
        "sanctions",
        "Sender imposes (or raises) sanctions on the target to this intensity.",
        "[sender, target]",
        2,
        2,
        0.5,
        0.0,
        1.0,
    ),
    EventKindSpec(
        "sanctions_lift",
        "Sender lifts its sanctions on the target.",
        "[sender, target]",
        2,
        2,
        1.0,
        0.0,
        1.0,
    ),
    EventKindSpec(
        "treaty",
        "The parties sign an alignment treaty; magnitude 1 = mutual-defence clause.",
        "[party, party, ...]",
        2,
        40,
        1.0,
        0.0,
        1.0,
    ),
    EventKindSpec(
        "arms_shipment",
        "A one-off arms delivery from supplier to recipient.",
        "[supplier, recipient]",
        2,
        2,
        1.0,
        0.0,
        10.0,
    ),
    EventKindSpec(
        "alignment_shock",
        "A summit or rupture shifts the pair's affinity by magnitude.",
        "[state, state]",
        2,
        2,
        0.1,
        -1.0,
        1.0,
    ),
    EventKindSpec(
        "missile_test",
        "A missile test raises the threat the state's adversaries perceive.",
        "[state]",
        1,
        1,
        0.1,
        0.0,
        1.0,
    ),
)

EVENT_KINDS: Mapping[str, EventKindSpec] = MappingProxyType(
    {kind.name: kind for kind in _EVENT_KINDS}
)
"""All scheduled-event kinds, keyed by name."""
