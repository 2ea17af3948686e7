"""Every model parameter: what it means, its unit, default, range and calibration.

Each mechanism module declares its own parameters (:mod:`scenarios.mechanisms` gathers
them, in the order of a quarter); this module is where the rest of the package asks for
them. Keys are ``"section.name"`` paths, as written in a scenario file::

    [parameters.sanctions]
    black_knight_offset = 0.4
"""

from __future__ import annotations

from scenarios.mechanisms import PARAMETER_SECTIONS, PARAMETERS

__all__ = ["PARAMETERS", "PARAMETER_SECTIONS", "run_wide_keys"]


def run_wide_keys() -> tuple[str, ...]:
    """The parameters the engine takes as one value per run (:attr:`ParameterSpec.run_wide`).

    A batch whose members differ in one of them must run as several batches.
    """
    return tuple(key for key, spec in PARAMETERS.items() if spec.run_wide)
