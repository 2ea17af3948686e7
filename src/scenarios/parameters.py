"""Moved: the registry now lives in :mod:`scenarios.registry` (this module re-exports it)."""

from scenarios.registry.events import EVENT_KINDS
from scenarios.registry.levers import LEVERS
from scenarios.registry.parameters import PARAMETER_SECTIONS, PARAMETERS
from scenarios.registry.specs import EventKindSpec, LeverSpec, ParameterSpec
from scenarios.registry.tables import parameter_table

__all__ = [
    "EVENT_KINDS",
    "LEVERS",
    "PARAMETERS",
    "PARAMETER_SECTIONS",
    "EventKindSpec",
    "LeverSpec",
    "ParameterSpec",
    "parameter_table",
]
