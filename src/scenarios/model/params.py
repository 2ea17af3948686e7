"""A run's parameters: a scenario's values and overrides, checked and decoded once.

:func:`resolve_params` turns a scenario's parameters and levers (plus overrides, one
value or one per member) into the mapping every mechanism reads
(:data:`~scenarios.mechanisms.kernels.Params`). Each value is validated by its spec
(:meth:`~scenarios.registry.specs.ParameterSpec.check`,
:meth:`~scenarios.registry.specs.LeverSpec.check`) and the levers are decoded here, once
per run rather than every quarter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from scenarios.errors import ScenarioError, allowed_list, suggest
from scenarios.mechanisms.kernels import Params
from scenarios.registry.levers import LEVERS
from scenarios.registry.parameters import PARAMETERS
from scenarios.registry.specs import LeverSpec, ParameterSpec


def resolve_params(
    parameters: Mapping[str, float],
    levers: Mapping[str, object],
    overrides: Mapping[str, object] | None = None,
    members: int = 1,
    where: str = "params_override",
) -> dict[str, float | np.ndarray]:
    """Merge a scenario's parameters and levers with overrides into model parameters.

    Every value is checked by its spec (:meth:`ParameterSpec.check`,
    :meth:`LeverSpec.check`) and the levers are decoded here, once per run, into the
    numbers the mechanisms use.

    Parameters
    ----------
    parameters : Mapping
        Every PARAMETERS key (a scenario's ``parameters``).
    levers : Mapping
        Every LEVERS name (a scenario's ``levers``).
    overrides : Mapping, optional
        ``"section.name"`` or ``"levers.<name>"`` -> one value for every member, or a
        sequence of ``members`` values (one per member, for sweeps in one batch).
    members : int
        Members in the batch.
    where : str
        Name used in error messages.

    Returns
    -------
    dict
        Every PARAMETERS key and every ``"levers.<name>"``: a float or a float array
        (M,), except ``levers.pact``, a bool (or bool array). ``levers.china_stance`` is
        its number (:data:`~scenarios.registry.levers.CHINA_STANCES`) and
        ``levers.ceasefire`` a quarter index, NaN for none.

    Raises
    ------
    ScenarioError
        For an unknown key, a sequence of the wrong length or a value not allowed.
    """
    values: dict[str, Any] = {key: parameters[key] for key in PARAMETERS}
    values.update({f"levers.{name}": levers[name] for name in LEVERS})
    for key, value in (overrides or {}).items():
        if key not in values:
            raise ScenarioError(
                f"{where}: {key}: unknown key{suggest(key, values)}; allowed: a parameter key "
                f"such as sanctions.isolation_pull, or levers.<name> ({allowed_list(LEVERS)})"
            )
        if not _one(value) and (np.ndim(value) != 1 or len(value) != members):
            count = f"{len(value)} values" if np.ndim(value) == 1 else "an array"
            raise ScenarioError(
                f"{where}: {key}: {count} for {members} members; allowed: one value, or one "
                f"per member"
            )
        values[key] = value
    resolved: dict[str, float | np.ndarray] = {}
    for key, value in values.items():
        spec = LEVERS[key.removeprefix("levers.")] if key.startswith("levers.") else PARAMETERS[key]
        if _one(value):
            resolved[key] = _decoded(spec, spec.check(_item(value), where, key))
        elif _plain_numbers(spec, value):
            # every value a number in range: check() would return each as its float
            resolved[key] = value.astype(float)
        else:
            checked = [spec.check(v, where, f"{key}[{i}]") for i, v in enumerate(value)]
            dtype = bool if isinstance(spec, LeverSpec) and spec.kind == "bool" else float
            resolved[key] = np.array([_decoded(spec, v) for v in checked], dtype=dtype)
    return resolved


def _one(value: Any) -> bool:
    """Whether an override is one value for every member (not a sequence of them)."""
    return isinstance(value, str) or np.ndim(value) == 0


def _plain_numbers(spec: ParameterSpec | LeverSpec, value: Any) -> bool:
    """Whether a per-member array passes a real parameter's check as it stands.

    A float or integer array of a non-integer parameter whose values all lie in range
    (NaN fails the comparison) is what checking one value at a time would accept and
    turn into the same floats; anything else is checked value by value, for the error.
    """
    return (
        isinstance(spec, ParameterSpec)
        and not spec.integer
        and isinstance(value, np.ndarray)
        and value.dtype.kind in "fiu"
        and bool(np.all((value >= spec.low) & (value <= spec.high)))
    )


def _item(value: Any) -> Any:
    """A zero-dimensional array as its Python value; anything else unchanged."""
    return value.item() if isinstance(value, np.ndarray) else value


def _decoded(spec: ParameterSpec | LeverSpec, value: Any) -> float | bool:
    """A checked value as the mechanisms read it: a float, or a bool for the bool lever."""
    if isinstance(spec, ParameterSpec):
        return float(value)
    if spec.kind == "choice":
        return spec.number(value)
    if spec.kind == "quarter":
        return np.nan if value is None else float(value)
    return value


def lever_number(name: str, value: Any) -> float | bool:
    """A checked lever value as the mechanisms read it (a choice as its coded number)."""
    return _decoded(LEVERS[name], value)


def default_params(members: int = 1) -> dict[str, float | np.ndarray]:
    """Model parameters at every registry default (no scenario needed)."""
    return resolve_params(
        {key: spec.default for key, spec in PARAMETERS.items()},
        {name: lever.default for name, lever in LEVERS.items()},
        members=members,
    )


def run_wide(params: Params, key: str) -> float:
    """The one value of a run-wide parameter (:attr:`ParameterSpec.run_wide`).

    Raises
    ------
    ScenarioError
        When the members of the batch differ in it.
    """
    value = np.asarray(params[key], dtype=float)
    if value.ndim and not np.all(value == value.flat[0]):
        raise ScenarioError(
            f"params_override: {key}: differs between members; allowed: one value for the "
            "whole batch (it shapes the shared world: geography, supplier capacity)"
        )
    return float(value.flat[0])
