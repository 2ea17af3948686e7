"""Richardson's arms race: the model's spending equation reduced to two blocs.

Richardson (1939, 1960): ``dx/dt = k y - a x + g``, ``dy/dt = l x - b y + h``, with
equilibrium ``x* = (b g + k h) / (a b - k l)``, ``y* = (l g + a h) / (a b - k l)``, stable iff
``a b > k l``. Three checks:

1. The project's :func:`~scenarios.mechanisms.deterrence.richardson_step`, applied to two
   blocs (each bloc's threat input is the other's spending), is Richardson's model: it
   settles on the analytic equilibrium where ``a b > k l`` and runs away where ``a b < k l``
   (:func:`richardson_cases`).
2. The full deterrence step on a world of two mutually hostile states, with no other
   mechanism running, is locally a Richardson system whose coefficients are read off its
   Jacobian (:func:`deterrence_reduction`). Because the threat a state feels depends on its
   rival's *share* of their joint capability, raising both states' spending in proportion
   leaves both threats unchanged: that direction decays at exactly the fatigue rate ``a``,
   so the effective ``a_x a_y >= k_xy k_yx`` for every parameter value. The mechanism cannot
   produce a runaway race in spending.
3. The 1909-1913 budgets of the two pre-1914 blocs (``data/validation/
   richardson_1909_1913.csv``): Richardson's additive form ``d(U+V)/dt = (k - a)(U+V) +
   (g + h)`` fitted by least squares to the yearly increments, and the 1910-1913 totals it
   predicts from 1909 (:func:`richardson_fit`, :func:`richardson_prediction`). The table in
   the project's reference could not be checked against a published source and is used as
   an illustration only; the same fit runs on the Correlates of War budgets, which are
   sourced.

Every public function returns a tidy :class:`pandas.DataFrame`; :func:`richardson_check`
returns the scorecard rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from scenarios.data import data_dir
from scenarios.errors import DataError, allowed_list, suggest
from scenarios.initial import assemble, settle
from scenarios.mechanisms import ModelWorld, deterrence
from scenarios.mechanisms._util import default_params
from scenarios.mechanisms.deterrence import richardson_step
from scenarios.state import WorldState

#: Series in the 1909-1913 table and whether each is sourced.
SERIES = {"richardson_recalled": False, "cow_nmc_v6": True}
#: Richardson's fit as the project's reference recalls it (unverified).
RECALLED_SLOPE = 0.73
RECALLED_EQUILIBRIUM = 194.0
#: Tolerance of the 1910-1913 predictions (project reference, stylized fact 6).
PREDICTION_BAND_PCT = 5.0
#: Reaction and fatigue values (per quarter) of the deterrence sweep: the registry's
#: range of each, including its default.
REACTIONS = (0.0, 0.02, 0.08, 0.3, 1.0)
FATIGUES = (0.0, 0.01, 0.05, 0.2, 1.0)

_BLOCS = {"France": "U", "Russia": "U", "Germany": "V", "Austria-Hungary": "V"}
_YEARS = tuple(range(1909, 1914))
_NAMED_CASES = {
    # name: (k, l, a, b, g, h); rates per year.
    "fatigue outweighs fear": (0.3, 0.4, 0.6, 0.5, 1.0, 2.0),
    "fear outweighs fatigue": (0.9, 0.8, 0.3, 0.4, 1.0, 1.0),
    "1909-13 shape (k - a = 0.73, g + h = -142)": (0.93, 0.93, 0.2, 0.2, -71.0, -71.0),
    "disarmament pull (negative grievances, stable)": (0.2, 0.3, 0.5, 0.6, -1.0, -0.5),
}


# -- 1. Richardson's equations with the project's step --------------------------------------


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


# -- 2. The deterrence mechanism with two hostile states ------------------------------------


def two_bloc_world(
    params: Mapping[str, object] | None = None,
    members: int = 1,
    *,
    gdp: Sequence[float] = (1000.0, 800.0),
    burden: Sequence[float] = (0.02, 0.025),
    distance_km: float = 1000.0,
) -> tuple[WorldState, ModelWorld]:
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
    world : ModelWorld
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
        full and the linear Richardson path, relative to the largest deviation).
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


# -- 3. The 1909-1913 budgets -----------------------------------------------------------------


def default_path() -> Path:
    """``data/validation/richardson_1909_1913.csv`` (installed or source tree)."""
    return data_dir() / "validation" / "richardson_1909_1913.csv"


def load_richardson_1909(path: str | Path | None = None) -> pd.DataFrame:
    """The 1909-1913 defence budgets, checked.

    Returns
    -------
    DataFrame
        year, state, bloc (``U`` = France + Russia, ``V`` = Germany + Austria-Hungary),
        series (``richardson_recalled``: unverified, illustration only; ``cow_nmc_v6``:
        Correlates of War budgets), value_gbp_m, source, confidence.

    Raises
    ------
    DataError
        One line naming the file, row and column of the first problem.
    """
    path = Path(path) if path is not None else default_path()
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    columns = ["year", "state", "bloc", "series", "value_gbp_m", "source", "confidence"]
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise DataError(f"{path}: column {missing[0]!r} missing; expected {', '.join(columns)}")
    allowed = {
        "state": list(_BLOCS),
        "series": list(SERIES),
        "year": [str(y) for y in _YEARS],
        "confidence": ["verified", "unverified"],
    }
    for column, values in allowed.items():
        bad = ~table[column].isin(values)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            value = table[column].iloc[row]
            raise DataError(
                f"{path}: row {row + 2}, column {column!r}: {value!r} not allowed; expected "
                f"one of {allowed_list(values)}{suggest(value, values)}"
            )
    value = pd.to_numeric(table["value_gbp_m"], errors="coerce")
    wrong_bloc = table["bloc"] != table["state"].map(_BLOCS)
    for column, bad in (("value_gbp_m", ~(value > 0)), ("bloc", wrong_bloc)):
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            expected = "a positive number" if column == "value_gbp_m" else "U or V as in 1914"
            raise DataError(f"{path}: row {row + 2}, column {column!r}: expected {expected}")
    if table.duplicated(["year", "state", "series"]).any() or len(table) != len(_YEARS) * len(
        _BLOCS
    ) * len(SERIES):
        raise DataError(f"{path}: needs one row per year 1909-1913, state and series")
    return table.assign(year=table["year"].astype(int), value_gbp_m=value)


def bloc_totals(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Yearly bloc totals: series, year, U, V, total (GBP million)."""
    table = table if table is not None else load_richardson_1909()
    wide = table.pivot_table(
        index=["series", "year"], columns="bloc", values="value_gbp_m", aggfunc="sum"
    )
    wide = wide.reset_index()
    wide.columns.name = None
    return wide.assign(total=wide["U"] + wide["V"])


def richardson_fit(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Least-squares fit of ``d(U+V)/dt = (k - a)(U+V) + (g + h)`` per series.

    As Richardson did, each year's increment of the total is regressed on the mean of the
    two years' totals.

    Returns
    -------
    DataFrame
        series, sourced (False for the unverified recalled table), k_minus_a (per year),
        g_plus_h (GBP million per year), equilibrium (``-(g + h) / (k - a)``), r
        (correlation of increments and mid-year totals), years.
    """
    rows = []
    for series, group in bloc_totals(table).groupby("series", sort=False):
        total = group.sort_values("year")["total"].to_numpy()
        increment = np.diff(total)
        middle = 0.5 * (total[1:] + total[:-1])
        slope, intercept = np.polyfit(middle, increment, 1)
        rows.append(
            {
                "series": series,
                "sourced": SERIES[series],
                "k_minus_a": slope,
                "g_plus_h": intercept,
                "equilibrium": -intercept / slope,
                "r": float(np.corrcoef(middle, increment)[0, 1]),
                "years": f"{group['year'].min()}-{group['year'].max()}",
            }
        )
    return pd.DataFrame(rows)


def richardson_prediction(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Totals predicted from 1909 by the fitted equation, next to the observed ones.

    ``U+V(t) = E + (U+V(1909) - E) exp((k - a) t)`` with the fitted ``k - a`` and
    equilibrium ``E`` of :func:`richardson_fit`.

    Returns
    -------
    DataFrame
        series, sourced, year, observed, predicted (GBP million), error_pct.
    """
    table = table if table is not None else load_richardson_1909()
    fits = richardson_fit(table).set_index("series")
    totals = bloc_totals(table)
    frames = []
    for series, group in totals.groupby("series", sort=False):
        group = group.sort_values("year")
        fit = fits.loc[series]
        t = group["year"].to_numpy() - group["year"].min()
        start = group["total"].iloc[0]
        predicted = fit.equilibrium + (start - fit.equilibrium) * np.exp(fit.k_minus_a * t)
        frames.append(
            pd.DataFrame(
                {
                    "series": series,
                    "sourced": SERIES[series],
                    "year": group["year"].to_numpy(),
                    "observed": group["total"].to_numpy(),
                    "predicted": predicted,
                    "error_pct": 100.0 * (predicted - group["total"].to_numpy()) / group["total"],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


# -- scorecard ---------------------------------------------------------------------------------


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
    proportional_gap = np.abs(reduction["proportional_rate"] - reduction["fatigue"]).max()
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
                f"{reduction['linear_error'].max():.1e} of the deviation over "
                f"{len(reduction)} (reaction, fatigue) pairs"
            ),
            "band": "gap <= 1e-2 of the deviation",
            "passed": bool(reduction["linear_error"].max() <= 1e-2),
            "note": "Effective coefficients from the Jacobian at the rest point.",
        },
        {
            "check": "Deterrence step can run away when k l > a b",
            "published": f"runaway before 1914: k - a ~ {RECALLED_SLOPE}/yr > 0 (Richardson)",
            "simulated": (
                f"runaway in {int(runaway.sum())} of {len(reduction)} (reaction, fatigue) "
                "pairs; proportional rise of both blocs decays at the fatigue rate "
                f"(largest gap {proportional_gap:.0e})"
            ),
            "band": "runaway possible for some reaction > fatigue",
            "passed": bool(runaway.any()),
            "note": (
                "Threat is a capability share, unchanged when both blocs arm in proportion, so "
                "a_x a_y >= k_xy k_yx always: spending alone cannot run away; escalation comes "
                "only through hostility and alliances, capped by the burden limit."
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
