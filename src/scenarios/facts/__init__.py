"""Load and check the sourced fact tables in ``data/``.

The fact base is a folder of UTF-8 CSV files (one fact per row, a source and a
confidence label on every row or figure; see ``data/README.md``)::

    countries.csv  groups.csv  states.csv  economy.csv  treaties.csv
    treaty_parties.csv  sanctions.csv  sanctions_evasion.csv  arms_flows.csv
    arms_capacity.csv  rivalries.csv  military_presence.csv  events.csv

:func:`load_facts` reads them, checks them against the declarative :data:`SCHEMA`
and returns a frozen :class:`FactBase` of typed pandas frames. Any violation raises
:class:`~scenarios.errors.DataError` with one line naming the file, the line in the
file (the header is line 1), the column and what is allowed, e.g.::

    data/states.csv: line 4, column 'iso3': unknown iso3 code 'RUSS' (did you mean RUS?); ...

Files are parsed with the :mod:`csv` module in strict mode, which reports the exact
line of a quoting or field-count error (pandas' parser pads short rows silently),
and are then held as pandas frames of strings, so blanks stay empty strings and
"NA" stays "NA" until each column is given its declared type.

Taiwan (``TWN``) is a state in the model but not a UN member: it is the one code
outside ``countries.csv`` accepted wherever a state code is expected
(:data:`NON_UN_STATES`). The pseudo-code ``WORLD`` (:data:`WORLD`) may appear only as
the supplier or recipient of an aggregate row in ``arms_flows.csv``.

Modules: :mod:`~scenarios.facts.columns` declares what a table is made of,
:mod:`~scenarios.facts.schema` declares the core tables and :data:`SCHEMA`,
:mod:`~scenarios.facts.schema_context` the yearly panel and the context tables,
:mod:`~scenarios.facts.cells` reads a file and checks single cells,
:mod:`~scenarios.facts.rules` checks keys and cross-table rules (those of the panel
and the context tables in :mod:`~scenarios.facts.rules_context`), and
:mod:`~scenarios.facts.load` holds :class:`FactBase` and :func:`load_facts`.
:mod:`~scenarios.facts.observed` reads the observed record of ``data/observed/``
(:func:`load_observed`), the calibration's fit and test data, kept apart from the facts
the model starts from.
"""

from scenarios.facts.columns import (
    ESTIMATED,
    MISSING,
    OBSERVED,
    PRECISIONS,
    Column,
    Table,
)
from scenarios.facts.load import FactBase, load_facts
from scenarios.facts.observed import load_observed
from scenarios.facts.schema import (
    ARMS_UNITS,
    ESTIMATED_FIGURES,
    FIGURES,
    NON_UN_STATES,
    SCHEMA,
    WORLD,
)
from scenarios.facts.schema_context import QUANTITIES, YEARS

__all__ = [
    "ARMS_UNITS",
    "ESTIMATED",
    "ESTIMATED_FIGURES",
    "FIGURES",
    "MISSING",
    "NON_UN_STATES",
    "OBSERVED",
    "PRECISIONS",
    "QUANTITIES",
    "SCHEMA",
    "WORLD",
    "YEARS",
    "Column",
    "FactBase",
    "Table",
    "load_facts",
    "load_observed",
]
