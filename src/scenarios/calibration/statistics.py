"""Summary statistics: what the observed record says and what a run of the trunk says.

A statistic is a quantity of the observed record that the model also produces, read the
same way from both (:data:`STATISTICS`). :func:`targets` turns a record (the tidy frame of
:func:`scenarios.facts.observed.load_observed`, or a synthetic one of the same shape) into
one row per observation it can use; :func:`simulated` computes the same rows from a run's
records, member by member. Each statistic names the parameters it informs
(``docs/calibration.md``, section 2).

The statistics are annual: a row whose period is a quarter is left out, and so is a row
of a state the run does not have, and an ``arms_share`` to
a recipient other than :data:`ARMS_RECIPIENTS`. UN General Assembly votes are not a statistic (the
record refuses them; they are the hold-out).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from scenarios.errors import ScenariosError, allowed_list
from scenarios.facts.observed import SPLIT

CONFIDENCES = ("high", "medium", "low")


@dataclass(frozen=True)
class Statistic:
    """One summary statistic.

    Attributes
    ----------
    quantity : str
        The record's ``quantity`` it reads.
    kind : str
        ``"state"`` (an iso3 code) or ``"pair"`` (``"AAA-BBB"``).
    transform : str
        ``"log"`` (compared on the log scale, so a share of the level) or ``"identity"``.
    scales : tuple of float
        The observation's standard uncertainty on the compared scale, for a ``high``,
        ``medium`` and ``low`` confidence row: the divisor of its residual.
    informs : tuple of str
        The parameters it constrains (``docs/calibration.md``).
    meaning : str
        How the model produces it.
    """

    quantity: str
    kind: str
    transform: str
    scales: tuple[float, float, float]
    informs: tuple[str, ...]
    meaning: str

    def scale(self, confidence: str) -> float:
        """The divisor of a residual for a row of this confidence."""
        return self.scales[CONFIDENCES.index(confidence)]


STATISTICS = MappingProxyType(
    {
        "milex_usd_bn": Statistic(
            "milex_usd_bn",
            "state",
            "log",
            (0.05, 0.10, 0.20),
            (
                "deterrence.reaction",
                "deterrence.fatigue",
                "deterrence.max_burden",
                "deterrence.threat_scale",
                "deterrence.economic_weight",
                "deterrence.extended_cover",
                "deterrence.pact_amplifier",
            ),
            "mean military spending (US$ bn a year) over the year's quarters",
        ),
        "gdp_growth_pct": Statistic(
            "gdp_growth_pct",
            "state",
            "identity",
            (0.5, 1.0, 2.0),
            (
                "sanctions.black_knight_offset",
                "sanctions.defection_rate",
                "sanctions.china_tilt",
                "arms.risk_aversion",
            ),
            "GDP growth (%), fourth quarter on the previous fourth quarter",
        ),
        "affinity": Statistic(
            "affinity",
            "pair",
            "identity",
            (0.05, 0.10, 0.20),
            (
                "alignment.decay",
                "alignment.balance_rate",
                "alignment.treaty_nudge",
                "sanctions.isolation_pull",
                "sanctions.sender_repulsion",
                "sanctions.knight_attraction",
                "deterrence.shared_threat_pull",
                "arms.affinity_gain",
            ),
            "affinity of the pair at the year's last record (fourth quarter)",
        ),
        "arms_share": Statistic(
            "arms_share",
            "pair",
            "identity",
            (0.05, 0.10, 0.20),
            ("arms.risk_aversion", "arms.munitions_gap", "arms.initial_stock"),
            "the supplier's share of the year's arms deliveries to the recipient",
        ),
    }
)
"""Statistic name (the record's quantity) -> :class:`Statistic`. ``affinity`` and
``arms_share`` have no series in the observed record yet (affinity is not observed, and
deliveries are counted in rounds, containers and drones, not in shares); they serve
synthetic records and a record that gains them."""

ARMS_RECIPIENTS = ("RUS", "UKR")
"""Recipients whose total deliveries a run records (the ``arms_to_*`` metrics): the only
ones an ``arms_share`` row can name."""

TARGET_COLUMNS = ("statistic", "state", "year", "value", "bound", "scale", "split")
"""Columns of :func:`targets`."""


WARTIME_QUANTITIES = ("milex_usd_bn", "gdp_growth_pct")
"""What a war changes in ways the model has no term for: output destroyed, and spending
mobilised or financed by aid. Rows of a belligerent's wartime years are not targets
(:func:`wartime`; the rule and its reason in ``docs/calibration.md``, section 2)."""


def wartime(events) -> frozenset[tuple[str, int]]:
    """The (state, year) pairs in which a state fights a war the trunk replays.

    A state is at war from the quarter of a ``war_start`` event naming it to the quarter
    of a ``ceasefire`` naming the same pair (or on to the end of the record); every year
    it spends a quarter at war counts, the years of both ends included. A war that ends
    in the quarter it starts (India-Pakistan and Israel-Iran in 2025: days, not a
    mobilisation) does not count.

    Parameters
    ----------
    events : iterable of scenarios.scenario.Event
        The trunk's events (``Scenario.events``).

    Returns
    -------
    frozenset of (str, int)
    """
    starts: dict[frozenset[str], int] = {}
    spans: list[tuple[frozenset[str], int, int | None]] = []
    for event in sorted(events, key=lambda event: event.quarter):
        pair = frozenset(event.actors)
        if event.kind == "war_start":
            starts.setdefault(pair, event.quarter)
        elif event.kind == "ceasefire" and pair in starts:
            start = starts.pop(pair)
            if event.quarter > start:
                spans.append((pair, start, event.quarter))
    spans += [(pair, start, None) for pair, start in starts.items()]
    years = set()
    for pair, start, stop in spans:
        # quarter indices count year * 4 + (quarter - 1); an open war lasts to the record's end
        final = stop // 4 if stop is not None else SPLIT["test"][1]
        years |= {(code, year) for code in pair for year in range(start // 4, final + 1)}
    return frozenset(years)


def targets(
    record: pd.DataFrame,
    codes: Sequence[str],
    *,
    statistics: Sequence[str] | None = None,
    split: str = "fit",
    exclude: Collection[tuple[str, int]] = (),
) -> pd.DataFrame:
    """The observations of a record that the statistics can use.

    Parameters
    ----------
    record : pandas.DataFrame
        Columns ``quantity``, ``state``, ``period``, ``value``, ``confidence`` and
        optionally ``bound`` (default ``point``).
    codes : sequence of str
        The run's states; rows naming another state are left out.
    statistics : sequence of str, optional
        Names of :data:`STATISTICS` to use; default all.
    split : str
        The set of the fit/test split to keep (``fit``, ``test``), or ``all``.
    exclude : collection of (state, year)
        State-years whose :data:`WARTIME_QUANTITIES` rows are left out (:func:`wartime`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TARGET_COLUMNS`, one row per usable observation, ``value`` on the
        compared scale (logged for a ``log`` statistic), sorted by statistic, state, year.

    Raises
    ------
    ScenariosError
        For an unknown statistic or split, or when no observation is left.
    """
    names = tuple(STATISTICS) if statistics is None else tuple(statistics)
    for name in names:
        if name not in STATISTICS:
            raise ScenariosError(
                f"statistic {name!r} is unknown; allowed: {allowed_list(STATISTICS)}"
            )
    splits = (*SPLIT, "all")
    if split not in splits or split == "initial":
        raise ScenariosError(f"split {split!r} is not allowed; allowed: fit, test, all")
    known = set(codes)
    rows = []
    for row in record.to_dict("records"):
        statistic = STATISTICS.get(row["quantity"])
        period = str(row["period"])
        if statistic is None or row["quantity"] not in names or not period.isdigit():
            continue
        year = int(period)
        first, last = SPLIT["fit"][0], SPLIT["test"][1]
        if split != "all":
            first, last = SPLIT[split]
        if not first <= year <= last:
            continue
        if not set(str(row["state"]).split("-")) <= known:
            continue
        if statistic.quantity == "arms_share" and row["state"][4:] not in ARMS_RECIPIENTS:
            continue
        if statistic.quantity in WARTIME_QUANTITIES and (row["state"], year) in exclude:
            continue
        value = float(row["value"])
        if statistic.transform == "log":
            value = math.log(value)
        rows.append(
            (
                statistic.quantity,
                row["state"],
                year,
                value,
                row.get("bound", "point") or "point",
                statistic.scale(row["confidence"]),
                "fit" if year <= SPLIT["fit"][1] else "test",
            )
        )
    if not rows:
        raise ScenariosError(
            f"the record has no observation for the statistics ({', '.join(names)}) "
            f"in the {split} set"
        )
    frame = pd.DataFrame(rows, columns=list(TARGET_COLUMNS))
    return frame.sort_values(["statistic", "state", "year"], kind="stable").reset_index(drop=True)


def natural_scale(table: pd.DataFrame, values: np.ndarray) -> np.ndarray:
    """Values on the compared scale back on the record's own (a logged statistic exp'd).

    Parameters
    ----------
    table : pandas.DataFrame
        The targets the last axis of ``values`` follows.
    values : numpy.ndarray
        One value per target (any leading axes).

    Returns
    -------
    numpy.ndarray
    """
    logged = table["statistic"].map(lambda name: STATISTICS[name].transform == "log")
    return np.where(logged.to_numpy(), np.exp(values), values)


def pair_states(table: pd.DataFrame) -> tuple[str, ...]:
    """The states named by the pair statistics of a target table (their relations)."""
    pairs = table.loc[table["statistic"].map(lambda s: STATISTICS[s].kind == "pair"), "state"]
    return tuple(sorted({code for pair in pairs for code in pair.split("-")}))


def simulated(records, table: pd.DataFrame) -> np.ndarray:
    """The statistics of a run, one row per member, one column per target.

    Parameters
    ----------
    records : scenarios.model.record.Records
        A run recording ``states`` (and ``relations`` and ``metrics`` when the table has
        pair statistics, with the pairs of :func:`pair_states`).
    table : pandas.DataFrame
        From :func:`targets`.

    Returns
    -------
    numpy.ndarray, shape (members, len(table))
        On the compared scale.
    """
    from scenarios.model.record import RELATION_VARIABLES, STATE_VARIABLES

    quarters = np.asarray(records.quarters)
    years = quarters // 4
    index = {code: i for i, code in enumerate(records.codes)}
    pairs = {pair: k for k, pair in enumerate(records.pairs)}
    out = np.empty((len(records.members), len(table)))
    for column, row in enumerate(table.itertuples(index=False)):
        year = row.year
        if row.statistic == "milex_usd_bn":
            milex = records.states[
                :, years == year, index[row.state], STATE_VARIABLES.index("milex")
            ]
            with np.errstate(divide="ignore"):  # a budget run down to 0: -inf, never accepted
                out[:, column] = np.log(milex.mean(axis=1))
        elif row.statistic == "gdp_growth_pct":
            gdp = records.states[:, :, index[row.state], STATE_VARIABLES.index("gdp")]
            now, before = _record_at(quarters, year * 4 + 3), _record_at(quarters, year * 4 - 1)
            out[:, column] = 100.0 * (gdp[:, now] / gdp[:, before] - 1.0)
        else:
            a, b = (index[code] for code in row.state.split("-"))
            if row.statistic == "affinity":
                variable = RELATION_VARIABLES.index("affinity")
                out[:, column] = records.relations[
                    :, _record_at(quarters, year * 4 + 3), pairs[(a, b)], variable
                ]
            else:
                variable = RELATION_VARIABLES.index("transfers")
                inside = years == year
                supplied = records.relations[:, inside, pairs[(a, b)], variable].sum(axis=1)
                total = records.metrics[f"arms_to_{row.state.split('-')[1].lower()}"]
                total = total[:, inside].sum(axis=1)
                out[:, column] = np.divide(
                    supplied, total, out=np.zeros_like(supplied), where=total > 0
                )
    return out


def _record_at(quarters: np.ndarray, quarter: int) -> int:
    """Position of a quarter among a run's records."""
    found = np.flatnonzero(quarters == quarter)
    if found.size == 0:
        raise ScenariosError(f"the run has no record of quarter index {quarter}")
    return int(found[0])
