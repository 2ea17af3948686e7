"""The registry: which knobs exist, what they mean and which values they allow.

- :mod:`~scenarios.registry.specs`: :class:`ParameterSpec`, :class:`LeverSpec` and
  :class:`EventKindSpec`, each with a ``check`` that validates one value;
- :mod:`~scenarios.registry.levers`: every lever, the states it acts on and its coding;
- :mod:`~scenarios.registry.events`: the kinds of scheduled event;
- :mod:`~scenarios.registry.parameters`: every model parameter (each mechanism declares
  its own; that module gathers them), with :func:`run_wide_keys`;
- :mod:`~scenarios.registry.tables`: the Markdown tables of ``docs/model.md``.

This package's face imports only the leaf modules (specs, levers, events), so that the
mechanisms can import it while declaring their parameters.
"""

from scenarios.registry.events import EVENT_KINDS
from scenarios.registry.levers import LEVERS
from scenarios.registry.specs import EventKindSpec, LeverSpec, ParameterSpec

__all__ = ["EVENT_KINDS", "LEVERS", "EventKindSpec", "LeverSpec", "ParameterSpec"]
