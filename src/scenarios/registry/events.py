"""The kinds of scheduled event a scenario or ``data/events.csv`` can list.

Each :class:`~scenarios.registry.specs.EventKindSpec` says what the ``actors`` list means
and which magnitudes are allowed; what an event does to the state is in
:mod:`scenarios.model.events` (one effect per kind).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from scenarios.registry.specs import EventKindSpec

_EVENT_KINDS = (
    EventKindSpec(
        "war_start",
        (
            "A war begins; both sides start consuming munitions and their affinity falls at "
            "once to the war's structural hostility."
        ),
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
        "alignment_end",
        "An alignment instrument of the pair (a consented military presence) ends: their "
        "alliance falls to magnitude, what the pair's remaining instruments justify, "
        "where it is higher.",
        "[state, state]",
        2,
        2,
        0.0,
        0.0,
        1.0,
    ),
    EventKindSpec(
        "arms_shipment",
        "A one-off arms delivery from supplier to recipient; magnitude in quarters of the "
        "recipient's wartime munitions gap.",
        "[supplier, recipient]",
        2,
        2,
        1.0,
        0.0,
        10.0,
    ),
    EventKindSpec(
        "troop_deployment",
        "The sender's troops fight for the recipient: they relieve magnitude quarters of "
        "the recipient's wartime munitions gap (booked as a delivery from the sender, so "
        "it is paid, rewarded and sanctioned like a shipment, and not interdicted), and "
        "the pair's affinity rises by alignment.treaty_nudge x min(1, magnitude).",
        "[sender, recipient]",
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
        "A missile test raises the threat the state's adversaries perceive: its "
        "technology rises by magnitude x (1 - technology).",
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
