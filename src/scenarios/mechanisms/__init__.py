"""The model's four mechanisms, each a pure step function on a WorldState.

Every step has the signature ``step(state, world, params, streams) -> WorldState``:

- ``state`` : :class:`~scenarios.state.WorldState` with M members and N states;
- ``world`` : :class:`ModelWorld`, the static side of the run;
- ``params`` : a read-only mapping of every :data:`~scenarios.parameters.PARAMETERS` key
  and every ``levers.<name>``, each a float or an array of shape (M,);
- ``streams`` : :class:`~scenarios.state.MemberStreams` (or anything with its ``normal``
  method) or None; only the alignment step draws from it.

A step never modifies its input; it returns a new state. :data:`STEPS` lists them in the
order the engine applies them each quarter, after the scheduled events.
"""

from scenarios.mechanisms import alignment, arms, deterrence, sanctions
from scenarios.mechanisms._util import CHINA_STANCES, ModelWorld, Params

STEPS = (
    ("sanctions", sanctions.step),
    ("arms", arms.step),
    ("deterrence", deterrence.step),
    ("alignment", alignment.step),
)
"""(name, step function) in the order of one quarter."""

__all__ = [
    "CHINA_STANCES",
    "STEPS",
    "ModelWorld",
    "Params",
    "alignment",
    "arms",
    "deterrence",
    "sanctions",
]
