"""The deterrence mechanism with two hostile states, read as a Richardson system.

The full deterrence step (:func:`scenarios.mechanisms.deterrence.step`) on a world of two
mutually hostile states, with no other mechanism running, is locally a Richardson system
``dx/dt = k y - a x + g`` whose coefficients are read off its Jacobian
(:func:`deterrence_reduction`). The threat a state feels responds to its rival's spending
against a fixed reference (the world's military burden in the initial state), so raising
both states' spending raises both threats: the race runs away (up to the burden caps) when
the effective ``k_xy k_yx > a_x a_y``, i.e. for a reaction large enough against the fatigue
(docs/model.md states the condition in the model's parameters).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from scenarios.mechanisms import deterrence
from scenarios.mechanisms.deterrence import richardson_step
from scenarios.model.initial import assemble, settle
from scenarios.model.params import default_params
from scenarios.state import World, WorldState

#: Reaction and fatigue values (per quarter) of the deterrence sweep, spanning the
#: registry's range of each (0 to 1).
REACTIONS = (0.0, 0.02, 0.08, 0.3, 1.0)
FATIGUES = (0.0, 0.01, 0.05, 0.2, 1.0)


def two_bloc_world(
    params: Mapping[str, object] | None = None,
    members: int = 1,
    *,
    gdp: Sequence[float] = (1000.0, 800.0),
    burden: Sequence[float] = (0.02, 0.025),
    distance_km: float = 1000.0,
) -> tuple[WorldState, World]:
    """Two mutually hostile states (affinity -1), no alliance, sanctions or war.

    Parameters
    ----------
    params : Mapping, optional
        Resolved model parameters (floats or (M,) arrays); default every registry default.
    members : int
        M.
    gdp : pair of float
        GDP of the two states, US$ bn.
    burden : pair of float
        Military spending as a share of GDP: the spending each state rests at under its
        initial threat.
    distance_km : float
        Distance between the capitals.

    Returns
    -------
    state : WorldState
        Spending at rest (``threat == threat0``).
    world : World
    """
    params = params if params is not None else default_params(members)
    gdp = np.asarray(gdp, dtype=float)
    n = 2
    state, world = assemble(
        codes=("X", "Y"),
        names=("Bloc X", "Bloc Y"),
        quarter=0,
        members=members,
        params=params,
        gdp=gdp,
        milex=gdp * np.asarray(burden, dtype=float),
        population=np.full(n, 50.0),
        warheads=np.zeros(n),
        distance=np.array([[0.0, distance_km], [distance_km, 0.0]]),
        alliance=np.zeros((n, n)),
        war=np.zeros((n, n)),
        sanctions=np.zeros((n, n)),
        shared_groups=np.zeros((n, n)),
        arms_ties=np.zeros((n, n)),
        tech=np.full(n, 0.5),
        restraint_base=np.full(n, 0.9),
    )
    hostile = np.broadcast_to(np.array([[0.0, -1.0], [-1.0, 0.0]]), (members, n, n)).copy()
    return settle(state.evolve(affinity=hostile), world, params)


def deterrence_reduction(
    reactions: Sequence[float] = REACTIONS,
    fatigues: Sequence[float] = FATIGUES,
    *,
    relative_step: float = 1e-4,
    quarters: int = 40,
) -> pd.DataFrame:
    """Effective Richardson coefficients of the deterrence step with two hostile states.

    For every (reaction, fatigue) pair, the one-quarter spending map of
    :func:`scenarios.mechanisms.deterrence.step` on :func:`two_bloc_world` is
    differentiated at its rest point (central differences, all pairs in one batch):
    ``J = [[1 - a_x, k_xy], [k_yx, 1 - a_y]]`` defines the effective reaction ``k_xy``
    (quarterly spending response of X per unit of Y's spending) and fatigue ``a_x``. Then
    a 0.1 % rise of X's spending is run through the full step for ``quarters`` quarters and
    through :func:`richardson_step` with the effective coefficients.

    Returns
    -------
    DataFrame
        One row per pair: reaction, fatigue (registry parameters, per quarter), k_xy, k_yx,
        a_x, a_y (effective, per quarter), condition (``a_x a_y - k_xy k_yx``; Richardson's
        system runs away when it is negative), proportional_rate (``1 - (J s)_i / s_i`` for
        the spending vector ``s``: the decay rate of a proportional rise of both blocs),
        spectral_radius (of ``J``; above 1 = runaway), linear_error (largest gap between the
        full and the linear Richardson path, relative to the largest deviation; large
        where a runaway race meets the burden caps).
    """
    grid = [(float(k), float(a)) for k in reactions for a in fatigues]
    g = len(grid)
    rows = 5  # base, +x, -x, +y, -y
    k_values = np.repeat([k for k, _ in grid], rows)
    a_values = np.repeat([a for _, a in grid], rows)
    params = default_params(g * rows)
    params["deterrence.reaction"] = k_values
    params["deterrence.fatigue"] = a_values
    state, world = two_bloc_world(params, g * rows)
    rest = state.milex[0]
    h = relative_step * rest
    shifts = np.array([[0, 0], [h[0], 0], [-h[0], 0], [0, h[1]], [0, -h[1]]])
    milex = rest + np.tile(shifts, (g, 1))
    mapped = deterrence.step(state.evolve(milex=milex), world, params).milex.reshape(g, rows, 2)
    jac = np.stack(
        [
            (mapped[:, 1] - mapped[:, 2]) / (2 * h[0]),
            (mapped[:, 3] - mapped[:, 4]) / (2 * h[1]),
        ],
        axis=-1,
    )
    fatigue = 1.0 - np.diagonal(jac, axis1=1, axis2=2)
    k_xy, k_yx = jac[:, 0, 1], jac[:, 1, 0]
    proportional = 1.0 - (jac @ rest) / rest

    base = state.select(slice(0, None, rows))
    base_world = world.select(slice(0, None, rows))
    base_params = {
        key: (value[::rows] if isinstance(value, np.ndarray) else value)
        for key, value in params.items()
    }
    full = base.evolve(milex=base.milex * np.array([1.001, 1.0]))
    deviation = full.milex - rest
    linear = deviation.copy()
    gap = np.zeros(g)
    largest = np.abs(deviation).max(axis=1)
    for _ in range(quarters):
        full = deterrence.step(full, base_world, base_params)
        linear = richardson_step(
            linear, linear[:, ::-1], np.column_stack([k_xy, k_yx]), fatigue, 0.0
        )
        deviation = full.milex - rest
        gap = np.maximum(gap, np.abs(deviation - linear).max(axis=1))
        largest = np.maximum(largest, np.abs(deviation).max(axis=1))
    return pd.DataFrame(
        {
            "reaction": [k for k, _ in grid],
            "fatigue": [a for _, a in grid],
            "k_xy": k_xy,
            "k_yx": k_yx,
            "a_x": fatigue[:, 0],
            "a_y": fatigue[:, 1],
            "condition": fatigue[:, 0] * fatigue[:, 1] - k_xy * k_yx,
            "proportional_rate": proportional[:, 0],
            "spectral_radius": np.abs(np.linalg.eigvals(jac)).max(axis=1),
            "linear_error": gap / largest,
        }
    )
