"""Scenario files: parse, validate and resolve ``data/scenarios/*.toml``.

A scenario holds the assumptions of a run (facts live in ``data/*.csv``): which
states take part, where it leaves the trunk and how long it runs after that, the model
parameters, the policy levers and its own scheduled events. Every scenario is a branch of
one trunk: the facts-coded start (2021Q4) and the observed record (``data/events.csv``)
replayed up to the branch quarter, both set once in ``data/scenarios/replay_2022.toml``
(its ``[world] start`` and ``[data_events]``, which no other file may set;
:mod:`~scenarios.scenario.trunk`). The file format::

    description = "One line saying what this scenario asks."   # required
    name = "baseline"           # optional; must equal the file name without .toml
    extends = "baseline"        # optional; another file in the same folder

    [world]
    actors = "all"              # or ["USA", "CHN", ...]: iso3 codes from data/states.csv
    branch = "2024Q2"           # optional: default the end of the record (2026Q1)
    horizon_quarters = 40       # 0..200 quarters after the branch

    [parameters.sanctions]      # any key of scenarios.registry.parameters.PARAMETERS
    isolation_pull = 0.03

    [levers]                    # any key of scenarios.registry.LEVERS
    china_stance = "supportive"

    [[events]]                  # any number; kind from scenarios.registry.EVENT_KINDS
    kind = "sanctions"
    date = "2026Q3"             # from the branch on: a quarter, "2026-08-24" or a TOML date
    actors = ["USA", "CHN"]
    magnitude = 0.3             # optional: the kind's default
    note = "why"                # optional

    [[lever_changes]]           # any number; a lever's new value from a quarter on
    lever = "sanctions_intensity"   # one of scenarios.registry.levers.SCHEDULABLE
    date = "2027Q1"             # from the branch on
    value = 0.5                 # checked as under [levers]
    note = "why"                # optional

A child file (``extends``) states only what differs: its tables are merged into the
parent's key by key, and its ``[[events]]`` and ``[[lever_changes]]`` are appended to
the parent's (a change of the same lever in the same quarter replaces the parent's).
Every file needs its own ``description``.

Every problem raises one :class:`~scenarios.errors.ScenarioError` whose one-line
message names the file, the key path (``events[2].actors[1]``: indices count from 0
within that file's own list) and what is allowed. Files are only ever read as TOML
data; nothing in them is executed.

Modules: :mod:`~scenarios.scenario.spec` (the resolved :class:`Scenario` and its
:class:`Event`), :mod:`~scenarios.scenario.files` (finding, reading and listing
files), :mod:`~scenarios.scenario.checks` (the rules of one file),
:mod:`~scenarios.scenario.layers` (``extends``, the branch, :func:`load_scenario`),
:mod:`~scenarios.scenario.trunk` (the trunk's file, its events, the end of the record),
:mod:`~scenarios.scenario.schedule` (``[[lever_changes]]``) and
:mod:`~scenarios.scenario.values` (how values are typed, shown and written).
"""

from scenarios.scenario.checks import MAX_DESCRIPTION, MAX_HORIZON
from scenarios.scenario.files import list_scenarios
from scenarios.scenario.layers import load_scenario
from scenarios.scenario.schedule import LeverChange
from scenarios.scenario.spec import Event, FrozenMap, Scenario

__all__ = [
    "MAX_DESCRIPTION",
    "MAX_HORIZON",
    "Event",
    "FrozenMap",
    "LeverChange",
    "Scenario",
    "list_scenarios",
    "load_scenario",
]
