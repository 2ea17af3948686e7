"""What a scheduled lever change does to a run (``[[lever_changes]]`` of a scenario).

:func:`compile_changes` decodes a scenario's changes once per run into the numbers the
mechanisms read; the engine calls :func:`change_levers` at the start of each quarter that
has changes, before the quarter's events, so that everything in that quarter sees the new
value (see :mod:`scenarios.scenario.schedule` for the file format and the timing). At the
start of a scenario's branch quarter :func:`enter_branch` hands the run from the trunk's
levers (every registry default) to the scenario's, as one change of every lever.

Every lever of :data:`~scenarios.registry.levers.SCHEDULABLE` but one is read by the
mechanisms each quarter, so its change only replaces its value in the parameters.
``sanctions_intensity`` multiplies the intensity of the regimes in force when the state
is built and of every later ``sanctions`` event, so a change from ``old`` to ``new`` also
rescales every sanctions intensity in force by ``new / old`` (capped at 1): halving the
lever halves the sanctions from that quarter on. A member whose intensity in force is 0
(a sweep override) keeps its sanctions: there is nothing to rescale.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scenarios.mechanisms.kernels import Params
from scenarios.model.params import lever_number
from scenarios.state import WorldState

RESCALING = "sanctions_intensity"
"""The lever whose change rescales the sanctions in force."""


def compile_changes(changes: Sequence) -> dict[int, list[tuple[str, float]]]:
    """A run's lever changes by quarter: ``(parameter key, decoded value)`` pairs.

    Parameters
    ----------
    changes : sequence of LeverChange
        ``Scenario.lever_changes`` (lever, quarter, checked value).
    """
    compiled: dict[int, list[tuple[str, float]]] = {}
    for change in changes:
        value = float(lever_number(change.lever, change.value))
        compiled.setdefault(int(change.quarter), []).append((f"levers.{change.lever}", value))
    return compiled


def enter_branch(state: WorldState, params: Params, branch: Params) -> tuple[WorldState, Params]:
    """Hand a run from the trunk's levers to its branch's, at the start of the branch quarter.

    Every lever takes its branch value at once, as a scheduled change would; the
    sanctions in force are rescaled by the branch's ``sanctions_intensity`` over the
    trunk's (see :func:`change_levers`).

    Parameters
    ----------
    state : WorldState
        The state at the start of the branch quarter.
    params : Mapping
        The trunk's parameters (every lever at its default).
    branch : Mapping
        The branch's parameters (the scenario's levers and overrides).

    Returns
    -------
    state : WorldState
        With rescaled sanctions.
    params : dict
        The branch's parameters.
    """
    key = f"levers.{RESCALING}"
    state = _rescaled(state, params[key], branch[key])
    return state, dict(branch)


def _rescaled(state: WorldState, old, new) -> WorldState:
    """Sanctions in force times new / old (capped at 1), per member; unchanged where old is 0."""
    old = np.broadcast_to(np.asarray(old, dtype=float), (state.members,))
    new = np.broadcast_to(np.asarray(new, dtype=float), (state.members,))
    ratio = np.divide(new, old, out=np.ones(state.members), where=old > 0)
    if np.all(ratio == 1.0):
        return state
    return state.evolve(sanctions=np.minimum(state.sanctions * ratio[:, None, None], 1.0))


def change_levers(
    state: WorldState, params: Params, changes: Sequence[tuple[str, float]]
) -> tuple[WorldState, Params]:
    """Apply one quarter's lever changes.

    Parameters
    ----------
    state : WorldState
        The state at the start of the quarter.
    params : Mapping
        The parameters in force (left unchanged).
    changes : sequence of (str, float)
        From :func:`compile_changes`.

    Returns
    -------
    state : WorldState
        With rescaled sanctions when ``sanctions_intensity`` changes.
    params : dict
        A copy with the new values, one for every member.
    """
    params = dict(params)
    for key, value in changes:
        if key == f"levers.{RESCALING}":
            state = _rescaled(state, params[key], value)
        params[key] = value
    return state, params
