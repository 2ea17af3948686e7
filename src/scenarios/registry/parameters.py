"""Every model parameter: what it means, its unit, default, range and calibration.

Keys are ``"section.name"`` paths, as written in a scenario file::

    [parameters.sanctions]
    black_knight_offset = 0.4
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from scenarios.registry.specs import ParameterSpec

_PARAMETERS = (
    # -- sanctions pressure ------------------------------------------------------------
    ParameterSpec(
        "sanctions.growth_cost_multilateral",
        2.9,
        "pp of GDP growth per year",
        0.0,
        8.0,
        "Growth lost per year by a target under full bite (every other economy sanctions "
        "it at full intensity, the UN-style case).",
        "UN sanctions cut growth by 2.3-3.5 pp/yr (Neuenkirch & Neumeier 2015); midpoint. "
        "Check, not fit: full US-only sanctions give a bite of about 0.33 (the US share of "
        "the other modelled economies), i.e. 0.96 pp/yr, just above their 0.5-0.9 pp/yr "
        "for US sanctions",
    ),
    ParameterSpec(
        "sanctions.trend_growth",
        3.2,
        "pp of GDP growth per year",
        -5.0,
        10.0,
        "GDP growth of every state in the absence of sanctions bite.",
        "World growth of 3.2% projected for 2024 (IMF World Economic Outlook, October 2024)",
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
        "sanctions.china_tilt",
        0.3,
        "affinity",
        0.0,
        1.0,
        "Shift of China's willingness to trade with and arm Russia and the DPRK per step of "
        "the china_stance lever (supportive +1, cautious 0, distancing -1).",
    ),
    ParameterSpec(
        "sanctions.defection_rate",
        0.05,
        "1/quarter",
        0.0,
        0.5,
        "Rate at which a sender friendly to its target stops enforcing: intensity falls by "
        "rate x positive affinity each quarter.",
    ),
    ParameterSpec(
        "sanctions.isolation_pull",
        0.02,
        "affinity per quarter",
        0.0,
        0.2,
        "Rate at which targets sharing senders drift towards each other, per unit of "
        "GDP-weighted overlap of their senders' intensities.",
    ),
    ParameterSpec(
        "sanctions.sender_repulsion",
        0.01,
        "affinity per quarter",
        0.0,
        0.2,
        "Rate at which a target's affinity to a sender falls, per unit of the sender's "
        "intensity times the target's bite.",
    ),
    ParameterSpec(
        "sanctions.knight_attraction",
        0.02,
        "affinity per quarter",
        0.0,
        0.2,
        "Rate at which a target's affinity to a black knight rises, per unit of the "
        "knight's willingness times the share of bite the knights offset.",
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
        "arms.munitions_share",
        0.3,
        "share of military spending",
        0.0,
        1.0,
        "Share of a belligerent's military spending that buys munitions (prices the gap).",
    ),
    ParameterSpec(
        "arms.export_share",
        0.15,
        "share of GDP per year",
        0.0,
        0.5,
        "Largest arms exports a willing supplier sends to the belligerents it backs, as a "
        "share of its GDP (annual rate).",
    ),
    ParameterSpec(
        "arms.risk_aversion",
        2.0,
        "affinity per unit risk",
        0.0,
        5.0,
        "Weight a supplier gives to the sanctions it risks (its untouched exposure to the "
        "recipient's senders) against its affinity with the recipient.",
    ),
    ParameterSpec(
        "arms.initial_stock",
        2.0,
        "quarters of wartime consumption",
        0.0,
        20.0,
        "Munitions stock every state holds at the start.",
    ),
    ParameterSpec(
        "arms.tech_transfer_rate",
        0.05,
        "share of the tech gap per quarter of gap delivered",
        0.0,
        0.5,
        "Share of the recipient's technology lead a supplier closes per quarter of gap delivered.",
    ),
    ParameterSpec(
        "arms.affinity_gain",
        0.03,
        "affinity per quarter of gap delivered",
        0.0,
        0.2,
        "Affinity gain of a supplier-recipient pair per quarter of gap delivered.",
    ),
    ParameterSpec(
        "arms.observer_response",
        0.02,
        "sanctions intensity per quarter of gap delivered",
        0.0,
        0.2,
        "Sanctions intensity an observer hostile to the recipient adds on the supplier, "
        "per quarter of gap delivered, times the leverage it has left (1 - intensity).",
    ),
    # -- deterrence responses ----------------------------------------------------------
    ParameterSpec(
        "deterrence.reaction",
        0.03,
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
        "Largest military burden a state at peace sustains (a state already above it keeps "
        "its observed burden as its cap).",
        "Assumed; above Saudi Arabia's 7.1% and Israel's 5.4% (SIPRI 2023, data/states.csv), "
        "the highest verified peacetime burdens in the data",
    ),
    ParameterSpec(
        "deterrence.max_burden_war",
        0.37,
        "share of GDP",
        0.005,
        0.8,
        "Largest military burden a state at war sustains (interpolated by war intensity).",
        "Ukraine spent 37% of GDP on its military in 2023 (SIPRI, data/states.csv)",
    ),
    ParameterSpec(
        "deterrence.economic_weight",
        0.5,
        "share",
        0.0,
        1.0,
        "Weight of the GDP share (the rest: military-spending share) in capability.",
    ),
    ParameterSpec(
        "deterrence.distance_scale",
        4000.0,
        "km",
        100.0,
        20000.0,
        "Distance over which proximity falls by a factor e (loss-of-strength gradient); "
        "one value for every member of a run.",
        run_wide=True,
    ),
    ParameterSpec(
        "deterrence.reach_floor",
        0.1,
        "proximity",
        0.0,
        1.0,
        "Proximity of the most distant pair (global reach of missiles and navies); one "
        "value for every member of a run.",
        run_wide=True,
    ),
    ParameterSpec(
        "deterrence.threat_scale",
        0.01,
        "share of world capability",
        1e-5,
        0.5,
        "Reference threat: added to threat ratios so that unthreatened states react "
        "smoothly, and the threat at which threat-driven pressures reach half strength.",
        "Rounded median initial threat (0.0093) of the 19 states facing any threat in the "
        "2024Q3 baseline at default parameters",
    ),
    ParameterSpec(
        "deterrence.extended_cover",
        0.3,
        "share of threat",
        0.0,
        1.0,
        "Share of a protege's threat a fully credible, fully friendly nuclear patron absorbs.",
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
        "Rate at which a patron-shielded nuclear state loses restraint, per unit of "
        "protection times the share of the world economy sanctioning it.",
    ),
    ParameterSpec(
        "deterrence.hedging_rate",
        0.03,
        "restraint per quarter",
        0.0,
        0.2,
        "Rate at which a threatened non-nuclear state without a credible patron hedges "
        "(loses restraint).",
    ),
    ParameterSpec(
        "deterrence.restraint_recovery",
        0.02,
        "1/quarter",
        0.0,
        0.5,
        "Rate at which restraint returns to its structural level when pressures ease.",
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
        0.03,
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
    ParameterSpec(
        "alignment.treaty_affinity",
        0.6,
        "affinity per unit alliance",
        0.0,
        1.0,
        "Structural affinity of a treaty pair (alliance 1 = mutual-defence clause, 0.5 = "
        "other alignment instrument).",
    ),
    ParameterSpec(
        "alignment.group_affinity",
        0.1,
        "affinity per shared group",
        0.0,
        0.5,
        "Structural affinity per shared membership of an alignment group (EU, G7, E3).",
    ),
    ParameterSpec(
        "alignment.arms_affinity",
        0.2,
        "affinity",
        0.0,
        1.0,
        "Structural affinity of a pair with an arms-trade relationship in the data "
        "(arms_flows.csv, begun before the start).",
    ),
    ParameterSpec(
        "alignment.sanctions_affinity",
        0.4,
        "affinity per unit intensity",
        0.0,
        1.0,
        "Structural hostility of a sanctions pair (the larger of the two directions).",
    ),
    ParameterSpec(
        "alignment.war_affinity",
        0.9,
        "affinity per unit war intensity",
        0.0,
        1.0,
        "Structural hostility of two states at war.",
    ),
    ParameterSpec(
        "alignment.treaty_nudge",
        0.1,
        "affinity per unit magnitude",
        0.0,
        1.0,
        "Immediate affinity gain of every pair of parties when a treaty event is signed.",
    ),
)

PARAMETERS: Mapping[str, ParameterSpec] = MappingProxyType({p.key: p for p in _PARAMETERS})
"""All model parameters, keyed by ``"section.name"``."""

PARAMETER_SECTIONS: tuple[str, ...] = ("sanctions", "arms", "deterrence", "alignment")
"""The sections of the parameter keys, one per mechanism, in the order of a quarter."""


def run_wide_keys() -> tuple[str, ...]:
    """The parameters the engine takes as one value per run (:attr:`ParameterSpec.run_wide`).

    A batch whose members differ in one of them must run as several batches.
    """
    return tuple(key for key, spec in PARAMETERS.items() if spec.run_wide)
