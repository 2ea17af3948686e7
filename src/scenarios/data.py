"""Former home of the fact base, kept so that old imports keep working.

The fact tables now live in :mod:`scenarios.facts` and the data folder in
:func:`scenarios._meta.data_dir`; import them from there.
"""

from scenarios._meta import data_dir
from scenarios.facts import (
    ARMS_UNITS,
    ESTIMATED,
    ESTIMATED_FIGURES,
    FIGURES,
    MISSING,
    NON_UN_STATES,
    OBSERVED,
    PRECISIONS,
    SCHEMA,
    WORLD,
    Column,
    FactBase,
    Table,
    load_facts,
)

__all__ = [
    "ARMS_UNITS",
    "ESTIMATED",
    "ESTIMATED_FIGURES",
    "FIGURES",
    "MISSING",
    "NON_UN_STATES",
    "OBSERVED",
    "PRECISIONS",
    "SCHEMA",
    "WORLD",
    "Column",
    "FactBase",
    "Table",
    "data_dir",
    "load_facts",
]
