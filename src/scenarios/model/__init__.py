"""The model: a run from its parameters and initial state to its records and results.

One quarter (a step) is::

    scheduled events -> sanctions -> arms -> deterrence -> alignment -> record

The modules, in the order the data flows through them:

- :mod:`~scenarios.model.params`: a scenario's parameters and levers, checked and decoded
  once per run;
- :mod:`~scenarios.model.from_facts`: the facts-coded initial facts of a scenario;
  :mod:`~scenarios.model.synthetic`: a random world instead;
- :mod:`~scenarios.model.initial`: initial facts -> initial state and world;
- :mod:`~scenarios.model.events`: what each kind of scheduled event does;
- :mod:`~scenarios.model.engine`: :func:`simulate` and :func:`run`, quarter by quarter,
  in chunks of members on threads;
- :mod:`~scenarios.model.switches`: :class:`Switches`, mechanisms switched off from a
  quarter on (for attribution);
- :mod:`~scenarios.model.record`: the records, as arrays or tidy tables;
- :mod:`~scenarios.model.results`: :class:`Results`, its summary and files.
"""

from scenarios.model.engine import (
    CHUNK,
    run,
    run_records,
    simulate,
    simulate_records,
)
from scenarios.model.events import EFFECTS, apply_events, schedule
from scenarios.model.from_facts import RESTRAINT, CodedFacts, build, code_facts
from scenarios.model.initial import (
    EARTH_RADIUS_KM,
    InitialFacts,
    assemble,
    great_circle,
    initialise,
    settle,
    technology,
)
from scenarios.model.pair_facts import (
    ALIGNMENT_GROUPS,
    COUNCIL,
    PARTIAL_ALLIANCE,
    PRESENCE_ALLIANCE,
    SCOPE_INTENSITY,
    alliance_at,
)
from scenarios.model.params import default_params, resolve_params
from scenarios.model.record import (
    ANCHOR,
    BLOC_EXACT_LIMIT,
    BLOC_NAMES,
    BLOC_RESTARTS,
    FOCUS,
    RELATION_VARIABLES,
    STATE_VARIABLES,
    MetricArrays,
    Records,
)
from scenarios.model.results import FILES, MANIFEST, OVERVIEW, TABLES, Results
from scenarios.model.switches import MECHANISMS, NOTHING_OFF, Switches
from scenarios.model.synthetic import synthetic
from scenarios.registry.levers import PACT_PARTIES

_schedule = schedule  # the name the engine's tests used before the split

__all__ = [
    "ALIGNMENT_GROUPS",
    "ANCHOR",
    "BLOC_EXACT_LIMIT",
    "BLOC_NAMES",
    "BLOC_RESTARTS",
    "CHUNK",
    "COUNCIL",
    "EARTH_RADIUS_KM",
    "EFFECTS",
    "FILES",
    "FOCUS",
    "MANIFEST",
    "MECHANISMS",
    "NOTHING_OFF",
    "OVERVIEW",
    "PACT_PARTIES",
    "PARTIAL_ALLIANCE",
    "PRESENCE_ALLIANCE",
    "RELATION_VARIABLES",
    "RESTRAINT",
    "SCOPE_INTENSITY",
    "STATE_VARIABLES",
    "TABLES",
    "CodedFacts",
    "InitialFacts",
    "MetricArrays",
    "Records",
    "Results",
    "Switches",
    "alliance_at",
    "apply_events",
    "assemble",
    "build",
    "code_facts",
    "default_params",
    "great_circle",
    "initialise",
    "resolve_params",
    "run",
    "run_records",
    "schedule",
    "settle",
    "simulate",
    "simulate_records",
    "synthetic",
    "technology",
]
