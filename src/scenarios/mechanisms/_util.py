"""Moved: the array helpers now live in :mod:`scenarios.mechanisms.kernels`, the lever
states in :mod:`scenarios.registry.levers`, the world in :mod:`scenarios.state` and the
parameter resolution in :mod:`scenarios.model.params`; this module re-exports them."""

from scenarios.mechanisms.kernels import (
    Params,
    columns,
    hostility,
    mirror_update,
    nudge,
    pair_sums,
    param,
    per_member,
    rows_of,
    sequential_sum,
    state_mask,
    tilt_cells,
)
from scenarios.model.params import default_params, resolve_params
from scenarios.registry.levers import CHINA, CHINA_PARTNERS, CHINA_STANCES, INTERDICTED, PATRON
from scenarios.state import ModelWorld

__all__ = [
    "CHINA",
    "CHINA_PARTNERS",
    "CHINA_STANCES",
    "INTERDICTED",
    "PATRON",
    "ModelWorld",
    "Params",
    "columns",
    "default_params",
    "hostility",
    "mirror_update",
    "nudge",
    "pair_sums",
    "param",
    "per_member",
    "resolve_params",
    "rows_of",
    "sequential_sum",
    "state_mask",
    "tilt_cells",
]
