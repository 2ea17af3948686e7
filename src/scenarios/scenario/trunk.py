"""The trunk every scenario branches from: one start, the observed record replayed.

The trunk is the facts-coded state at its start quarter (``[world] start`` of
:data:`TRUNK_FILE`, 2021Q4) followed by the modelled rows of ``data/events.csv`` as
scheduled events, at the magnitudes that file's ``[data_events]`` gives (the kind's default
otherwise). The record ends at :func:`end_of_record`: the quarter after the last dated row
of ``data/events.csv``, the first quarter whose start has seen the whole record.

A scenario branches at ``[world] branch`` (default: the end of the record): the events dated
before the branch are replayed, those from the branch on are not, and from the branch on the
model's dynamics, the scenario's levers and its own events run. :func:`trunk_events` gives
the replayed part for a scenario's actors and branch, including the ``alignment_end``
events of :func:`alignment_ends`: an instrument that ends inside the trunk stops counting
from its end quarter, as observed.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd

from scenarios._meta import data_dir
from scenarios.errors import DataError
from scenarios.facts import FactBase
from scenarios.model.pair_facts import alliance_at
from scenarios.quarters import quarter_of_date
from scenarios.registry import EVENT_KINDS
from scenarios.scenario.checks import EVENTS_FILE
from scenarios.scenario.spec import Event

TRUNK = "replay_2022"
"""The shipped scenario that holds the trunk: its start and the record's magnitudes."""


def trunk_file() -> Path:
    """The file of the trunk (``data/scenarios/replay_2022.toml``)."""
    return data_dir() / "scenarios" / f"{TRUNK}.toml"


def end_of_record(facts: FactBase) -> int:
    """The quarter after the last dated event in ``data/events.csv`` (a quarter index).

    The record labelled with this quarter is the first whose state has seen every row,
    so it is the latest quarter a scenario may branch at, and the default branch.
    """
    return max(quarter_of_date(date) for date in facts.events["date"]) + 1


def record_quarters(facts: FactBase) -> dict[str, int]:
    """Quarter of every modelled row of ``data/events.csv``, by event id."""
    frame = facts.events[facts.events["model_kind"] != ""]
    return {row.event_id: quarter_of_date(row.date) for row in frame.itertuples(index=False)}


def trunk_events(
    facts: FactBase,
    actors: tuple[str, ...],
    start: int,
    branch: int,
    magnitudes: dict[str, float],
) -> list[Event]:
    """Turn the modelled rows of ``data/events.csv`` in ``[start, branch)`` into events.

    A group code is expanded to its members among ``actors``. For a kind with a fixed
    number of actors (a sanctions sender and target, say) every combination of members
    becomes its own event; for a kind with a variable number (a treaty) the expanded
    parties form one event. An event that names a state outside the scenario is dropped
    (Finland joining NATO means nothing in a world without Finland), as is one left
    with fewer parties than its kind needs.

    Parameters
    ----------
    facts : FactBase
        The fact base.
    actors : tuple of str
        The scenario's states.
    start, branch : int
        The trunk's start and the scenario's branch quarter.
    magnitudes : dict
        Event id -> magnitude (the trunk file's ``[data_events]``).

    Returns
    -------
    list of Event
        In the file's (date) order.

    Raises
    ------
    DataError
        For a treaty row whose parties are more than its kind allows.
    """
    frame = facts.events[facts.events["model_kind"] != ""]
    events = []
    for row in frame.itertuples(index=False):
        quarter = quarter_of_date(row.date)
        if not start <= quarter < branch:
            continue
        spec = EVENT_KINDS[row.model_kind]
        magnitude = magnitudes.get(row.event_id, spec.default_magnitude)
        note = f"{row.event_id} ({EVENTS_FILE}): {row.description}"
        codes = row.model_actors.split(";")
        if spec.min_actors == spec.max_actors:
            groups = [facts.expand(code, actors) for code in codes]
            combinations = [c for c in itertools.product(*groups) if len(set(c)) == len(c)]
        else:
            if any(code not in facts.group_codes and code not in actors for code in codes):
                continue
            parties = tuple(dict.fromkeys(m for code in codes for m in facts.expand(code, actors)))
            if len(parties) > spec.max_actors:
                raise DataError(
                    f"{EVENTS_FILE}: event {row.event_id}, model_actors: expands to "
                    f"{len(parties)} states; a {spec.name} event takes at most {spec.max_actors}"
                )
            combinations = [parties] if len(parties) >= spec.min_actors else []
        events += [Event(spec.name, quarter, c, magnitude, note) for c in combinations]
    events += alignment_ends(facts, actors, start, branch)
    # Stable: an end falls after the quarter's recorded events (their order is the file's).
    return sorted(events, key=lambda event: event.quarter)


def alignment_ends(
    facts: FactBase, actors: tuple[str, ...], start: int, branch: int
) -> list[Event]:
    """An ``alignment_end`` event for each consented presence that ends in ``[start, branch)``.

    A row of ``military_presence.csv`` with the host's consent and a dated ``end`` inside
    the trunk lowers the pair's alliance in its end quarter to what the instruments still
    in place in the next quarter justify (:func:`~scenarios.model.pair_facts.alliance_at`:
    treaties in force, presence not ended), so the start's rule and the trunk agree.

    Parameters
    ----------
    facts : FactBase
        The fact base.
    actors : tuple of str
        The scenario's states.
    start, branch : int
        The trunk's start and the scenario's branch quarter.

    Returns
    -------
    list of Event
        In the table's order.
    """
    events = []
    for row in facts.military_presence.itertuples(index=False):
        pair = (row.guest, row.host)
        if row.host_consent != "yes" or pd.isna(row.end) or not set(pair) <= set(actors):
            continue
        quarter = quarter_of_date(row.end)
        if start <= quarter < branch:
            remaining = float(alliance_at(facts, pair, quarter + 1)[0, 1])
            note = f"{row.presence_id} (data/military_presence.csv) ends: {row.site}"
            events.append(Event("alignment_end", quarter, pair, remaining, note))
    return events
