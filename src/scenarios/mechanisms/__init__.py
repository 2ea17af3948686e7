"""The model's four mechanisms, each a pure step function on a WorldState.

Every step has the signature ``step(state, world, params, streams) -> WorldState``:

- ``state`` : :class:`~scenarios.state.WorldState` with M members and N states;
- ``world`` : :class:`~scenarios.state.World`, the static side of the run;
- ``params`` : a read-only mapping of every :data:`PARAMETERS` key and every
  ``levers.<name>``, each a float or an array of shape (M,)
  (:data:`~scenarios.mechanisms.kernels.Params`);
- ``streams`` : :class:`~scenarios.state.MemberStreams` (or anything with its ``normal``
  method) or None; only the alignment step draws from it.

A step never modifies its input; it returns a new state. :data:`STEPS` lists them in the
order the engine applies them each quarter, after the scheduled events. Each mechanism
module declares its own parameters (its ``PARAMETERS`` tuple, keys ``"<name>.<key>"``);
this package gathers them into :data:`PARAMETERS`.
"""

from collections.abc import Mapping
from types import MappingProxyType

from scenarios.mechanisms import alignment, arms, deterrence, sanctions
from scenarios.mechanisms.kernels import Params
from scenarios.registry.levers import CHINA_STANCES
from scenarios.registry.specs import ParameterSpec
from scenarios.state import ModelWorld

_MECHANISMS = (
    ("sanctions", sanctions),
    ("arms", arms),
    ("deterrence", deterrence),
    ("alignment", alignment),
)

STEPS = tuple((name, module.step) for name, module in _MECHANISMS)
"""(name, step function) in the order of one quarter."""

PARAMETER_SECTIONS: tuple[str, ...] = tuple(name for name, _ in _MECHANISMS)
"""The sections of the parameter keys: one per mechanism, in the order of a quarter."""

PARAMETERS: Mapping[str, ParameterSpec] = MappingProxyType(
    {spec.key: spec for _, module in _MECHANISMS for spec in module.PARAMETERS}
)
"""Every model parameter, keyed by ``"section.name"``, mechanism by mechanism."""

__all__ = [
    "CHINA_STANCES",
    "PARAMETERS",
    "PARAMETER_SECTIONS",
    "STEPS",
    "ModelWorld",
    "Params",
    "alignment",
    "arms",
    "deterrence",
    "sanctions",
]
