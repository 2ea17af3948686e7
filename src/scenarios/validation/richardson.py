"""Richardson's arms race: the model's spending equation reduced to two blocs.

Richardson (1939, 1960): ``dx/dt = k y - a x + g``, ``dy/dt = l x - b y + h``, with
equilibrium ``x* = (b g + k h) / (a b - k l)``, ``y* = (l g + a h) / (a b - k l)``, stable iff
``a b > k l``. Three checks, whose scorecard rows :func:`richardson_check` gives:

1. The project's :func:`~scenarios.mechanisms.deterrence.richardson_step`, applied to two
   blocs (each bloc's threat input is the other's spending), is Richardson's model: it
   settles on the analytic equilibrium where ``a b > k l`` and runs away where ``a b < k l``
   (:func:`richardson_cases`, here).
2. The full deterrence step on a world of two mutually hostile states is locally a
   Richardson system, which runs away (up to the burden caps) when the effective reactions
   outweigh the fatigue (:mod:`scenarios.validation.richardson_deterrence`).
3. Richardson's fit to the 1909-1913 budgets of the two pre-1914 blocs
   (:mod:`scenarios.validation.richardson_budgets`).

Every public function returns a tidy :class:`pandas.DataFrame`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scenarios.mechanisms.deterrence import richardson_step
from scenarios.validation.richardson_budgets import (
    PREDICTION_BAND_PCT,
    RECALLED_EQUILIBRIUM,
    RECALLED_SLOPE,
    SERIES,
    bloc_totals,
    default_path,
    load_richardson_1909,
    richardson_fit,
    richardson_prediction,
)
from scenarios.validation.richardson_deterrence import (
    FATIGUES,
    REACTIONS,
    deterrence_reduction,
    two_bloc_world,
)

# The names of checks 2 and 3 lived in this module; they stay importable from it.
__all__ = [
    "FATIGUES",
    "PREDICTION_BAND_PCT",
    "REACTIONS",
    "RECALLED_EQUILIBRIUM",
    "RECALLED_SLOPE",
    "SERIES",
    "bloc_totals",
    "default_path",
    "deterrence_reduction",
    "load_richardson_1909",
    "richardson_cases",
    "richardson_check",
    "richardson_equilibrium",
    "richardson_fit",
    "richardson_path",
    "richardson_prediction",
    "two_bloc_world",
]

_NAMED_CASES = {
    # name: (k, l, a, b, g, h); rates per year.
    "fatigue outweighs fear": (0.3, 0.4, 0.6, 0.5, 1.0, 2.0),
    "fear outweighs fatigue": (0.9, 0.8, 0.3, 0.4, 1.0, 1.0),
    "1909-13 shape (k - a = 0.73, g + h = -142)": (0.93, 0.93, 0.2, 0.2, -71.0, -71.0),
    "disarmament pull (negative grievances, stable)": (0.2, 0.3, 0.5, 0.6, -1.0, -0.5),
}


# Richardson's own symbols, l included.
def richardson_equilibrium(k, l, a, b, g, h) -> tuple[np.ndarray, np.ndarray]:  # noqa: E741
    """Richardson's analytic equilibrium ``(x*, y*)``; arguments broadcast.

    ``x* = (b g + k h) / (a b - k l)``, ``y* = (l g + a h) / (a b - k l)``; infinite or NaN
    where ``a b = k l``.
    """
    det = np.asarray(a) * b - np.asarray(k) * l
    with np.errstate(divide="ignore", invalid="ignore"):
        return (np.asarray(b) * g + np.asarray(k) * h) / det, (
            np.asarray(l) * g + np.asarray(a) * h
        ) / det


def _two_bloc_steps(x, y, k, l, a, b, g, h, steps: int, dt: float):  # noqa: E741
    """Iterate :func:`richardson_step` on two blocs; x, y and coefficients shape (C,)."""
    spending = np.stack([x, y], axis=-1).astype(float)
    reaction = np.stack([k, l], axis=-1)
    fatigue = np.stack([a, b], axis=-1)
    grievance = np.stack([g, h], axis=-1)
    path = [spending]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            spending = richardson_step(
                spending, spending[..., ::-1], reaction, fatigue, grievance, dt
            )
            path.append(spending)
    return np.stack(path)


def richardson_path(
    x0: float,
    y0: float,
    k: float,
    l: float,  # noqa: E741
    a: float,
    b: float,
    g: float,
    h: float,
    *,
    steps: int = 200,
    dt: float = 0.1,
) -> pd.DataFrame:
    """Two blocs iterated with the project's :func:`richardson_step`.

    Returns
    -------
    DataFrame
        step, time (``step * dt``, in the time unit of the coefficients), bloc (``"x"`` or
        ``"y"``), spending.
    """
    path = _two_bloc_steps(
        *(np.atleast_1d(float(v)) for v in (x0, y0, k, l, a, b, g, h)), steps=steps, dt=dt
    )[:, 0, :]
    step = np.arange(steps + 1)
    return pd.DataFrame(
        {
            "step": np.repeat(step, 2),
            "time": np.repeat(step * dt, 2),
            "bloc": np.tile(["x", "y"], steps + 1),
            "spending": path.ravel(),
        }
    )


def _random_cases(n: int, seed: int) -> np.ndarray:
    """``n`` parameter sets (k, l, a, b, g, h) at least 10 % away from ``a b = k l``."""
    rng = np.random.default_rng(seed)
    draws = np.column_stack([rng.uniform(0.1, 1.0, (8 * n, 4)), rng.uniform(-1.0, 1.0, (8 * n, 2))])
    k, l, a, b = draws[:, :4].T  # noqa: E741
    clear = np.abs(a * b - k * l) >= 0.1 * np.maximum(a * b, k * l)
    return draws[clear][:n]


def richardson_cases(
    n: int = 200, seed: int = 0, *, steps: int = 4000, dt: float = 0.25, nudge: float = 0.01
) -> pd.DataFrame:
    """Stability and equilibrium of Richardson's model run with :func:`richardson_step`.

    The named cases and ``n`` random parameter sets (coefficients uniform on [0.1, 1],
    grievances on [-1, 1], none within 10 % of the boundary ``a b = k l``) start a small
    step above their analytic equilibrium (``nudge`` times ``1 + |x*|`` on both blocs) and
    run for ``steps`` steps of ``dt``.

    Returns
    -------
    DataFrame
        One row per case: case, k, l, a, b, g, h, x_star, y_star (analytic), stable (``a b >
        k l``), residual (largest change of one step taken at the analytic equilibrium,
        relative to ``1 + |x*|``), growth (distance from the equilibrium at the end over
        that at the start), outcome (``"converges"``, ``"runs away"``), settled (within
        1e-9 of the equilibrium at the end), equilibrium_error (relative, where settled),
        agrees (outcome as the condition predicts).
    """
    named = np.array(list(_NAMED_CASES.values()), dtype=float)
    params = np.vstack([named, _random_cases(n, seed)])
    names = list(_NAMED_CASES) + [f"random {i}" for i in range(len(params) - len(named))]
    k, l, a, b, g, h = params.T  # noqa: E741
    x_star, y_star = richardson_equilibrium(k, l, a, b, g, h)
    scale = 1.0 + np.maximum(np.abs(x_star), np.abs(y_star))
    at_rest = _two_bloc_steps(x_star, y_star, k, l, a, b, g, h, steps=1, dt=dt)[1]
    residual = np.abs(at_rest - np.column_stack([x_star, y_star])).max(axis=1) / scale
    path = _two_bloc_steps(
        x_star + nudge * scale, y_star + nudge * scale, k, l, a, b, g, h, steps=steps, dt=dt
    )
    star = np.column_stack([x_star, y_star])
    start = np.abs(path[0] - star).max(axis=1)
    end = np.abs(path[-1] - star).max(axis=1)
    with np.errstate(invalid="ignore"):
        growth = np.where(np.isfinite(end), end / start, np.inf)
    stable = a * b > k * l
    outcome = np.where(growth < 1.0, "converges", "runs away")
    error = end / scale
    settled = error < 1e-9
    return pd.DataFrame(
        {
            "case": names,
            "k": k,
            "l": l,
            "a": a,
            "b": b,
            "g": g,
            "h": h,
            "x_star": x_star,
            "y_star": y_star,
            "stable": stable,
            "residual": residual,
            "growth": growth,
            "outcome": outcome,
            "settled": settled,
            "equilibrium_error": np.where(settled, error, np.nan),
            "agrees": (outcome == "converges") == stable,
        }
    )


def richardson_check() -> pd.DataFrame:
    """Scorecard rows of the Richardson checks.

    Returns
    -------
    DataFrame
        check, published, simulated, band, passed (True, False, or None for an
        illustration that passes or fails nothing), note.
    """
    cases = richardson_cases()
    settled = cases[cases["settled"]]
    reduction = deterrence_reduction()
    prediction = richardson_prediction()
    fits = richardson_fit().set_index("series")
    later = prediction[prediction["year"] > prediction["year"].min()]
    worst = later.groupby("series")["error_pct"].apply(lambda e: e.abs().max())
    runaway = reduction["condition"] < -1e-9
    # A runaway race meets the burden caps, where the step stops being linear.
    linear = reduction.loc[~runaway, "linear_error"]
    cow, recalled = fits.loc["cow_nmc_v6"], fits.loc["richardson_recalled"]
    cow_passed = bool(cow.k_minus_a > 0 and worst["cow_nmc_v6"] <= PREDICTION_BAND_PCT)
    rows = [
        {
            "check": "Richardson equilibrium with the project's richardson_step",
            "published": "x* = (b g + k h)/(a b - k l), y* = (l g + a h)/(a b - k l)",
            "simulated": (
                f"largest relative error {settled['equilibrium_error'].max():.1e} over the "
                f"{len(settled)} stable cases that settled; one-step residual at x* "
                f"{cases['residual'].max():.1e} in all {len(cases)} cases"
            ),
            "band": "relative error <= 1e-9",
            "passed": bool(settled["equilibrium_error"].max() <= 1e-9),
            "note": "",
        },
        {
            "check": "Richardson stability condition a b > k l (richardson_step)",
            "published": "converges iff a b > k l, else runs away",
            "simulated": (
                f"outcome as predicted in {int(cases['agrees'].sum())} of {len(cases)} cases "
                f"({int(cases['stable'].sum())} stable, {int((~cases['stable']).sum())} unstable)"
            ),
            "band": "all cases",
            "passed": bool(cases["agrees"].all()),
            "note": "",
        },
        {
            "check": "Deterrence step with two hostile states is locally a Richardson system",
            "published": "dx/dt = k y - a x + g",
            "simulated": (
                "full step vs Richardson with effective k, a: largest gap "
                f"{linear.max():.1e} of the deviation over the {len(linear)} stable "
                "(reaction, fatigue) pairs"
            ),
            "band": "gap <= 1e-2 of the deviation (stable pairs)",
            "passed": bool(linear.max() <= 1e-2),
            "note": "Effective coefficients from the Jacobian at the rest point.",
        },
        {
            "check": "Deterrence step can run away when k l > a b",
            "published": f"runaway before 1914: k - a ~ {RECALLED_SLOPE}/yr > 0 (Richardson)",
            "simulated": (
                f"runaway in {int(runaway.sum())} of {len(reduction)} (reaction, fatigue) pairs"
            ),
            "band": "runaway possible for some reaction > fatigue",
            "passed": bool(runaway.any()),
            "note": (
                "Threat responds to the rival's spending against a fixed reference (the "
                "world's initial burden), so both blocs arming raises both threats: the race "
                "runs away, up to the burden caps, when k~_xy k~_yx > a^2 (docs/model.md)."
            ),
        },
        {
            "check": "Richardson 1909-13 fit, table as recalled (illustration only)",
            "published": (
                f"d(U+V)/dt = {RECALLED_SLOPE} (U+V - {RECALLED_EQUILIBRIUM:.0f}) "
                "(recalled, unverified)"
            ),
            "simulated": (
                f"k - a = {recalled.k_minus_a:.3f}/yr, equilibrium {recalled.equilibrium:.1f}; "
                f"1910-13 within {worst['richardson_recalled']:.1f}%"
            ),
            "band": f"1910-13 within +-{PREDICTION_BAND_PCT:.0f}%",
            "passed": None,
            "note": (
                "The table could not be checked against a published source: not a test. "
                "See data/validation/richardson_1909_1913.md."
            ),
        },
        {
            "check": "Richardson 1909-13 fit on COW NMC v6 budgets",
            "published": (
                f"runaway, k - a ~ {RECALLED_SLOPE}/yr, equilibrium ~ GBP "
                f"{RECALLED_EQUILIBRIUM:.0f}M (Richardson, recalled)"
            ),
            "simulated": (
                f"k - a = {cow.k_minus_a:.3f}/yr, equilibrium GBP {cow.equilibrium:.1f}M, "
                f"r = {cow.r:.4f}; 1910-13 within {worst['cow_nmc_v6']:.1f}%"
            ),
            "band": f"k - a > 0 and 1910-13 within +-{PREDICTION_BAND_PCT:.0f}%",
            "passed": cow_passed,
            "note": (
                "Checks Richardson's model on sourced budgets, not the project's model; "
                "two parameters fitted to four increments."
            ),
        },
    ]
    return pd.DataFrame(rows)
