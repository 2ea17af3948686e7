"""Scenario files: parse, validate and resolve ``data/scenarios/*.toml``.

A scenario holds the assumptions of a run (facts live in ``data/*.csv``): which
states take part, when the run starts and how long it lasts, the model parameters,
the policy levers and the scheduled events. The file format::

    description = "One line saying what this scenario asks."   # required
    name = "baseline"           # optional; must equal the file name without .toml
    extends = "baseline"        # optional; another file in the same folder

    [world]
    actors = "all"              # or ["USA", "CHN", ...]: iso3 codes from data/states.csv
    start = "2024Q3"
    horizon_quarters = 40       # 1..200
    include_data_events = false # true: data/events.csv rows with a model_kind join the run

    [data_events]               # only with include_data_events: magnitude per event_id
    camp_david_2023 = 0.5

    [parameters.sanctions]      # any key of scenarios.registry.parameters.PARAMETERS
    isolation_pull = 0.03

    [levers]                    # any key of scenarios.registry.LEVERS
    china_stance = "supportive"

    [[events]]                  # any number; kind from scenarios.registry.EVENT_KINDS
    kind = "sanctions"
    date = "2025Q1"             # a quarter, "2025-02-24" or the TOML date 2025-02-24
    actors = ["USA", "CHN"]
    magnitude = 0.3             # optional: the kind's default
    note = "why"                # optional

A child file (``extends``) states only what differs: its tables are merged into the
parent's key by key, and its ``[[events]]`` are appended to the parent's. Every file
needs its own ``description``.

Every problem raises one :class:`~scenarios.errors.ScenarioError` whose one-line
message names the file, the key path (``events[2].actors[1]``: indices count from 0
within that file's own list) and what is allowed. Files are only ever read as TOML
data; nothing in them is executed.

Modules: :mod:`~scenarios.scenario.spec` (the resolved :class:`Scenario` and its
:class:`Event`), :mod:`~scenarios.scenario.files` (finding, reading and listing
files), :mod:`~scenarios.scenario.checks` (the rules of one file),
:mod:`~scenarios.scenario.layers` (``extends``, data events, :func:`load_scenario`)
and :mod:`~scenarios.scenario.values` (how values are typed, shown and written).
"""

from scenarios.scenario.checks import MAX_DESCRIPTION, MAX_HORIZON
from scenarios.scenario.files import list_scenarios
from scenarios.scenario.layers import load_scenario
from scenarios.scenario.spec import Event, FrozenMap, Scenario

__all__ = [
    "MAX_DESCRIPTION",
    "MAX_HORIZON",
    "Event",
    "FrozenMap",
    "Scenario",
    "list_scenarios",
    "load_scenario",
]
