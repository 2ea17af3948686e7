"""The prior: uniform over each free parameter's registry range.

Free by default are the parameters whose calibration is *assumed*
(:attr:`~scenarios.registry.specs.ParameterSpec.calibration`) and that a statistic of
the fit informs (:attr:`~scenarios.calibration.statistics.Statistic.informs`, written
with the statistics, before any fit); the others keep their default. The four that rest
on a published figure keep their sourced value. The run-wide ones (geography's reach and
the suppliers' fallback share, which shape the world every member of a batch shares)
cannot vary by draw, since a round's draws run as members of one batch. A caller may
name its own set, e.g. the few parameters a recovery test fits.
"""

from __future__ import annotations

from collections.abc import Sequence

from scenarios.errors import ScenariosError, allowed_list, suggest
from scenarios.extras import require


def free_parameters(
    keys: Sequence[str] | None = None, statistics: Sequence[str] | None = None
) -> tuple[str, ...]:
    """The parameters the prior spans.

    Parameters
    ----------
    keys : sequence of str, optional
        ``"section.name"`` keys; default every *assumed* parameter that may vary by
        member and that one of ``statistics`` informs, in registry order.
    statistics : sequence of str, optional
        The statistics of the fit (default all): with ``keys`` None, only parameters
        they inform are free.

    Returns
    -------
    tuple of str

    Raises
    ------
    ScenariosError
        For an unknown or run-wide key, a key named twice, or an empty set.
    """
    from scenarios.calibration.statistics import STATISTICS
    from scenarios.registry.parameters import PARAMETERS, run_wide_keys

    shared = run_wide_keys()
    if keys is None:
        names = STATISTICS if statistics is None else statistics
        informed = {key for name in names for key in STATISTICS[name].informs}
        return tuple(
            key
            for key, spec in PARAMETERS.items()
            if spec.calibration == "assumed" and key not in shared and key in informed
        )
    chosen = tuple(keys)
    if not chosen:
        raise ScenariosError("parameters: none given; allowed: one or more registry keys")
    for key in chosen:
        if key not in PARAMETERS:
            raise ScenariosError(
                f"parameter {key!r} has no prior range: not in the registry"
                f"{suggest(key, PARAMETERS)}; allowed: {allowed_list(PARAMETERS)}"
            )
        if key in shared:
            raise ScenariosError(
                f"parameter {key!r} shapes the world every member of a batch shares and "
                "cannot vary by draw; allowed: a parameter that may differ between members"
            )
    if len(set(chosen)) != len(chosen):
        raise ScenariosError(f"parameters: a key is named twice in {', '.join(chosen)}")
    return chosen


def prior(keys: Sequence[str] | None = None) -> dict:
    """The prior: each parameter uniform over its registry range, independently.

    Parameters
    ----------
    keys : sequence of str, optional
        See :func:`free_parameters`.

    Returns
    -------
    dict of str to scipy.stats frozen distribution
        In the order of ``keys`` (what :func:`~scenarios.calibration.smc.run_smc` takes).

    Raises
    ------
    ScenariosError
        Without the calibration extra (with the install hint), or for a bad key.
    """
    from scenarios.registry.parameters import PARAMETERS

    stats = require("scipy.stats", "calibration (ABC-SMC)", "calibration")
    return {
        key: stats.uniform(PARAMETERS[key].low, PARAMETERS[key].high - PARAMETERS[key].low)
        for key in free_parameters(keys)
    }
