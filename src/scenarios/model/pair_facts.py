"""Pair rules of the facts-coded start: which instruments bind two states at a quarter.

Each function turns the dated facts of ``data/*.csv`` into one (N, N) array for the states
``codes`` (array order) at the start of a quarter; :mod:`scenarios.model.from_facts` puts
them together into the initial facts, and the trunk (:mod:`scenarios.scenario.trunk`) asks
:func:`alliance_at` what remains of a pair once one of its instruments ends. The rules (all
documented in ``docs/model.md``; the constants are assumptions named here):

Alliance
    Every treaty in ``treaties.csv`` signed before the start and still in force then:
    strength 1 between each pair of parties for a mutual-defence clause (``yes``),
    :data:`PARTIAL_ALLIANCE` otherwise (``ambiguous``, ``no``, declarations,
    partnerships). A treaty coded not in force today counts until the entry into force
    of the next treaty signed by the same parties (the Russia-DPRK treaty of 2000 until
    December 2024); one without a successor is taken to have ended before any start.
    Every ``military_presence.csv`` row with the host's consent, begun before the start
    and not ended, binds guest and host with :data:`PRESENCE_ALLIANCE` (Russia's
    intervention and bases in Syria). The strongest instrument of a pair counts.
Groups
    Memberships shared in :data:`ALIGNMENT_GROUPS`.
Arms ties
    Pairs of states with an arms flow in ``arms_flows.csv`` (either direction) whose period
    began before the start.
Rivalry
    1 for the pairs of ``rivalries.csv`` whose rivalry is active in the start quarter's
    year (``start_year`` <= year, ``end_year`` blank or >= year).
Sanctions
    Every regime in ``sanctions.csv`` adopted (status not ``not_adopted``), started before
    the start and not ended: intensity by scope (:data:`SCOPE_INTENSITY`), for each member
    state of the sender that enforces it in the start quarter's year; the strongest regime
    of a pair counts. A sender with a ``sanctions_evasion.csv`` row for the regime covering
    that year is not an enforcer (:meth:`~scenarios.facts.FactBase.enforcers`: Russia and
    China nominally support the UN regimes on the DPRK but break them). A sender with an
    arms tie to its target is taken not to enforce either (intensity 0). A regime starts
    in the quarter of its earliest linked ``sanctions`` event (``events.related_id``),
    else in the last quarter of its start year; it ends in the last quarter of its
    ``end_year``.
War
    ``war_start`` and ``ceasefire`` rows of ``events.csv`` (``model_kind``) before the start,
    in date order, at their kind's default magnitude, applied by the engine's own effects
    (:data:`scenarios.model.events.EFFECTS`). Episodic events before the start (summits,
    shipments) are not replayed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scenarios.facts import FactBase
from scenarios.model.events import Scope, apply_effect
from scenarios.quarters import quarter_of_date
from scenarios.registry.events import EVENT_KINDS

PARTIAL_ALLIANCE = 0.5
"""Alliance strength of an instrument without a mutual-defence clause (assumed)."""

PRESENCE_ALLIANCE = 0.5
"""Alliance strength of a base, deployment or intervention with the host's consent
(assumed: an alignment instrument without a defence clause, like :data:`PARTIAL_ALLIANCE`)."""

ALIGNMENT_GROUPS = ("EU", "G7", "E3")
"""Groups whose shared membership adds structural affinity. NATO and the CSTO are coded as
treaties already; UNSC permanent membership is a position, not an alignment; PRICE_CAP and
MSMT are sanctions coalitions whose effect runs through their sanctions."""

SCOPE_INTENSITY = {
    "comprehensive": 1.0,
    "sectoral": 0.6,
    "targeted": 0.25,
    "arms_embargo": 0.15,
    "monitoring": 0.05,
}
"""Sanctions intensity of a regime by its scope in ``sanctions.csv`` (assumed)."""

COUNCIL = "UNSC"
"""Group code of the UN Security Council's permanent members (senders of UN regimes)."""


def pair_mask(indices: list[int], n: int) -> np.ndarray:
    """Bool (N, N): every pair of the states at ``indices``, no diagonal."""
    mask = np.zeros((n, n), dtype=bool)
    mask[np.ix_(indices, indices)] = True
    np.fill_diagonal(mask, False)
    return mask


def alliance_at(facts: FactBase, codes, quarter: int) -> np.ndarray:
    """Alliance strength (N, N) the dated facts justify at the start of ``quarter``.

    The strongest instrument of each pair in place then: a treaty in force or a consented
    military presence not yet ended (the rules of the module docstring). The start uses
    it, and the trunk's ``alignment_end`` events use it for what remains of a pair once
    one of its instruments ends.

    Parameters
    ----------
    facts : FactBase
        The fact base.
    codes : sequence of str
        States in array order.
    quarter : int
        Quarter index.

    Returns
    -------
    ndarray, shape (N, N)
    """
    return np.maximum(treaties_in_force(facts, codes, quarter), presence(facts, codes, quarter))


def treaties_in_force(facts: FactBase, codes, start: int) -> np.ndarray:
    """Treaty strength (N, N) of the treaties in force at ``start``."""
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    parties = facts.treaty_parties.groupby("treaty_id")["iso3"].agg(frozenset)
    treaties = facts.treaties.sort_values("date_signed", kind="stable")
    alliance = np.zeros((n, n))
    for row in treaties.itertuples(index=False):
        members = parties.get(row.treaty_id, frozenset())
        if quarter_of_date(row.date_signed) >= start:
            continue
        if not row.in_force:
            later = treaties[
                (treaties["date_signed"] > row.date_signed)
                & (treaties["treaty_id"].map(parties) == members)
            ]
            # Ended when its successor entered into force; without one, before any start.
            if later.empty or quarter_of_date(later.iloc[0]["entry_into_force"]) < start:
                continue
        strength = 1.0 if row.mutual_defence == "yes" else PARTIAL_ALLIANCE
        mask = pair_mask([index[c] for c in members if c in index], n)
        alliance[mask] = np.maximum(alliance[mask], strength)
    return alliance


def presence(facts: FactBase, codes, start: int) -> np.ndarray:
    """Alliance strength (N, N) of the consented military presence in place at ``start``."""
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    bound = np.zeros((n, n))
    for row in facts.military_presence.itertuples(index=False):
        if row.host_consent != "yes" or row.guest not in index or row.host not in index:
            continue
        ended = not pd.isna(row.end) and quarter_of_date(row.end) < start
        if quarter_of_date(row.start) < start and not ended:
            i, j = index[row.guest], index[row.host]
            bound[i, j] = bound[j, i] = PRESENCE_ALLIANCE
    return bound


def rivalries(facts: FactBase, codes, start: int) -> np.ndarray:
    """1 for the pairs (N, N) whose rivalry is active in the start quarter's year."""
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    year = start // 4
    rivalry = np.zeros((n, n))
    for row in facts.rivalries.itertuples(index=False):
        active = row.start_year <= year and (pd.isna(row.end_year) or row.end_year >= year)
        if active and row.side_a in index and row.side_b in index:
            i, j = index[row.side_a], index[row.side_b]
            rivalry[i, j] = rivalry[j, i] = 1.0
    return rivalry


def arms_ties(facts: FactBase, codes, start: int) -> np.ndarray:
    """1 for pairs with a state-to-state arms flow begun before ``start``, (N, N)."""
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    ties = np.zeros((n, n))
    for row in facts.arms_flows.itertuples(index=False):
        began = row.period_start if not pd.isna(row.period_start) else row.period_end
        if row.supplier in index and row.recipient in index and quarter_of_date(began) < start:
            i, j = index[row.supplier], index[row.recipient]
            ties[i, j] = ties[j, i] = 1.0
    return ties


def shared_groups(facts: FactBase, codes) -> np.ndarray:
    """Count (N, N) of the :data:`ALIGNMENT_GROUPS` each pair shares."""
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    shared = np.zeros((n, n))
    for group in ALIGNMENT_GROUPS:
        shared += pair_mask([index[c] for c in facts.expand(group, codes)], n)
    return shared


def sanctions_in_force(facts: FactBase, codes, start: int) -> tuple[np.ndarray, set[str]]:
    """Intensity (N, N) of the regimes in force at ``start``, and the UNSC regimes' targets."""
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    events = facts.events
    linked = events[(events["related_id"] != "") & (events["model_kind"] == "sanctions")]
    first = linked.groupby("related_id")["date"].min()
    intensity = np.zeros((n, n))
    council_targets = set()
    for row in facts.sanctions.itertuples(index=False):
        if row.status == "not_adopted":
            continue
        begins = (
            quarter_of_date(first[row.regime_id])
            if row.regime_id in first.index
            else int(row.start_year) * 4 + 3
        )
        ended = not pd.isna(row.end_year) and int(row.end_year) * 4 + 3 < start
        if begins >= start or ended:
            continue
        if row.sender == COUNCIL:
            council_targets.add(row.target)
        if row.target not in index:
            continue
        t = index[row.target]
        for sender in facts.enforcers(row.regime_id, start // 4, codes):
            if sender != row.target:
                s = index[sender]
                intensity[s, t] = max(intensity[s, t], SCOPE_INTENSITY[row.scope])
    return intensity, council_targets


def wars(facts: FactBase, codes, start: int) -> np.ndarray:
    """War intensity (N, N) at ``start``.

    The data's wars and ceasefires before ``start``, applied in date order by the engine's
    own event effects.
    """
    n = len(codes)
    index = {code: i for i, code in enumerate(codes)}
    war = np.zeros((1, n, n))
    arrays, scope = {"war": war}, Scope(who=np.zeros(1, dtype=np.int64), members=1)
    kinds = ("war_start", "ceasefire")
    rows = facts.events[facts.events["model_kind"].isin(kinds)].sort_values("date", kind="stable")
    for row in rows.itertuples(index=False):
        if quarter_of_date(row.date) >= start:
            continue
        first, second = (facts.expand(code, codes) for code in row.model_actors.split(";"))
        magnitude = EVENT_KINDS[row.model_kind].default_magnitude
        for a in first:
            for b in second:
                if a != b:
                    apply_effect(row.model_kind, arrays, (index[a], index[b]), magnitude, scope)
    return war[0]
