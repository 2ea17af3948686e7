"""Mechanism 2: wartime arms transfers and what they buy the supplier.

Units: a transfer ``T[j, i]`` is measured in quarters of the recipient's wartime munitions
gap (1 = one quarter's full gap at war intensity 1; one such quarter is the same number of
shell equivalents for every belligerent, :data:`scenarios.model.capacity.SHELLS_PER_UNIT`);
the stockpile in quarters of wartime consumption; money in US$ bn.

Per member, with ``war_i = max_j war[i, j]``:

- demand ``need_i = max(0, war_i - scheduled_i)``: the gap left after shipments already
  scheduled this quarter (``state.transfers`` on entry holds the scheduled events);
- value of one unit ``u_i = gap * munitions_share * milex_i / 4`` (US$ bn; prices the
  payments);
- supplier capacity ``q_j = capacity_j * (1 - war_j)`` in quarters of a gap per quarter,
  with ``capacity_j = world.arms_capacity[j]`` from sourced production and export figures
  (:mod:`scenarios.model.capacity`; belligerents keep their own munitions);
- risk ``r[j, i] = x_i (1 - x_j)(1 + secondary)``, with ``x`` the share of the world
  economy sanctioning a state (bite plus leakage of this quarter's sanctions step): supplying
  a heavily sanctioned recipient is risky, unless the supplier is sanctioned already;
- willingness ``v[j, i] = clip(max(A[j, i], 0) + tilt[j, i] - risk_aversion * r[j, i], 0, 1)``
  where ``need_i > 0``; a supplier splits its capacity over the recipients it is willing to
  arm, ``o[j, i] = q_j v[j, i] / max(1, sum_i v[j, i])``;
- deliveries ``T[j, i] = o[j, i] min(1, need_i / sum_j o[j, i])``: offers are rationed pro
  rata when they exceed the gap (computed as ``o[j, i] need_i / max(sum_j o[j, i],
  need_i)``, which cannot overflow); the ``interdiction`` lever removes that share of
  PRK->RUS deliveries;
- the recipient's stockpile gains ``gap * (received_i - war_i)`` (floored at 0); the
  supplier is paid ``sum_i T[j, i] u_i``, recorded as its ``revenue`` (at an annual rate,
  ``4 sum_i T[j, i] u_i``): a flow that counts in this quarter's output ``gdp + revenue``
  and is replaced next quarter, never added to the GDP level; the supplier closes
  ``tech_transfer_rate * T[j, i]`` of its technology gap to each recipient; the pair's
  affinity gets the saturating nudge ``affinity_gain * T[j, i]`` (``kernels.saturating``);
- observers hostile to the recipient sanction the supplier where they have leverage left:
  ``S[h, j] += observer_response * (1 - S[h, j]) * sum_i hostility[h, i] T[j, i]``.
"""

from __future__ import annotations

import numpy as np

from scenarios.mechanisms.kernels import (
    Params,
    columns,
    hostility,
    mirror_update,
    pair_sums,
    param,
    rows_of,
    saturating,
    sequential_sum,
    tilt_cells,
)
from scenarios.registry.levers import INTERDICTED
from scenarios.registry.specs import ParameterSpec
from scenarios.state import World, WorldState

PARAMETERS = (
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
        "arms.fallback_share",
        0.01,
        "share of military spending per year",
        0.0,
        0.2,
        "Munitions a state without a sourced production or export figure "
        "(data/arms_capacity.csv) can export per year, as a share of its initial military "
        "spending; one value for every member of a run.",
        run_wide=True,
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
)
"""The parameters of this mechanism (section ``arms``), in table order."""


def unit_value(milex: np.ndarray, params: Params) -> np.ndarray:
    """US$ bn of munitions in one quarter of each state's wartime gap, (M, N)."""
    gap = param(params, "arms.munitions_gap", 1)
    return gap * param(params, "arms.munitions_share", 1) * milex / 4.0


def deliveries(state: WorldState, world: World, params: Params):
    """Endogenous deliveries this quarter to every state still short of munitions.

    Returns
    -------
    recipients : ndarray of int, shape (R,)
        States some member must still supply.
    delivered : ndarray, shape (M, R, N)
        ``T[j, recipients[r]]`` at ``[m, r, j]``, in quarters of the recipient's gap.
    """
    at_war = state.at_war
    scheduled = columns(state.transfers > 0)
    arrived = np.zeros_like(at_war)
    arrived[:, scheduled] = rows_of(state.transfers, scheduled).sum(axis=2)
    need = np.maximum(at_war - arrived, 0.0)
    recipients = columns(need > 0)
    need = need[:, recipients]
    capacity = world.arms_capacity * (1.0 - at_war)
    exposure = state.bite + state.leakage
    secondary = param(params, "levers.secondary_sanctions", 1)
    risk = (exposure[:, recipients] * (1.0 + secondary))[:, :, None] * (1.0 - exposure)[:, None, :]
    price = param(params, "arms.risk_aversion", 2) * risk
    affinity = state.affinity[:, recipients, :]
    # clip(max(A, 0) - price) equals clip(A - price) because the price is never negative.
    willing = np.clip(affinity - price, 0.0, 1.0)
    if cells := tilt_cells(world, recipients):
        shift = param(params, "levers.china_stance") * param(params, "sanctions.china_tilt")
        for r, china in cells:
            tie = np.maximum(affinity[:, r, china], 0.0) + shift
            willing[:, r, china] = np.clip(tie - price[:, r, china], 0.0, 1.0)
    willing *= (need > 0)[:, :, None]
    spread = np.maximum(sequential_sum(willing, axis=1), 1.0)
    offers = (capacity / spread)[:, None, :] * willing
    offered = offers.sum(axis=2)
    # o min(1, need / O), written as (o / max(O, need)) need: o <= O keeps the quotient
    # <= 1, so no intermediate overflows however small O is.
    scale = np.maximum(offered, need)
    share = np.divide(
        offers, scale[:, :, None], out=np.zeros_like(offers), where=scale[:, :, None] > 0
    )
    delivered = share * need[:, :, None]
    supplier, recipient = INTERDICTED
    if supplier in world.codes and recipient in world.codes:
        hit = np.flatnonzero(recipients == world.index(recipient))
        if hit.size:
            cut = 1.0 - param(params, "levers.interdiction", 0)
            delivered[:, hit[0], world.index(supplier)] *= cut
    return recipients, delivered


def step(state: WorldState, world: World, params: Params, streams=None) -> WorldState:
    """Advance arms transfers by one quarter.

    Parameters
    ----------
    state : WorldState
        Incoming state; ``transfers`` holds shipments scheduled by events this quarter
        (zero otherwise), to which the endogenous deliveries are added.
    world, params
        As for every mechanism.
    streams : ignored
        The mechanism is deterministic.

    Returns
    -------
    WorldState
        With new ``transfers``, ``stockpile``, ``revenue``, ``tech``, ``affinity`` and
        ``sanctions``.
    """
    recipients, delivered = deliveries(state, world, params)
    transfers = state.transfers.copy()
    transfers[:, :, recipients] += delivered.swapaxes(1, 2)
    flows = columns(transfers > 0)
    incoming = rows_of(transfers, flows)  # (M, C, N): T[supplier, flows[c]]
    at_war = state.at_war
    gap = param(params, "arms.munitions_gap", 1)
    received = np.zeros_like(at_war)
    received[:, flows] = incoming.sum(axis=2)
    stockpile = np.maximum(state.stockpile + gap * (received - at_war), 0.0)
    if flows.size == 0:
        return state.evolve(
            transfers=transfers, stockpile=stockpile, revenue=np.zeros_like(state.revenue)
        )
    value = unit_value(state.milex, params)[:, flows]
    payment = sequential_sum(incoming * value[:, :, None], axis=1)
    lead = np.maximum(state.tech[:, flows][:, :, None] - state.tech[:, None, :], 0.0)
    learning = sequential_sum(incoming * lead, axis=1)
    rate = param(params, "arms.tech_transfer_rate", 1)
    tech = np.minimum(state.tech + rate * learning, 1.0)

    gain = param(params, "arms.affinity_gain", 2) * incoming
    rows = saturating(state.affinity[:, flows, :], pair_sums(gain, flows))
    affinity = mirror_update(state.affinity, flows, rows, (-1.0, 1.0))

    # H[h, i] T[j, i] summed over recipients i: one fixed-shape product per member.
    pressure = hostility(state.affinity, state.war) @ transfers.swapaxes(1, 2)
    diagonal = np.arange(world.size)
    pressure[:, diagonal, diagonal] = 0.0
    pressure *= param(params, "arms.observer_response", 2)
    sanctions = 1.0 - state.sanctions
    sanctions *= pressure
    sanctions += state.sanctions
    np.minimum(sanctions, 1.0, out=sanctions)
    return state.evolve(
        transfers=transfers,
        stockpile=stockpile,
        revenue=4.0 * payment,
        tech=tech,
        affinity=affinity,
        sanctions=sanctions,
    )
