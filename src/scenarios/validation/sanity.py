"""The sanity table: plain facts a run must not contradict, against bands written beforehand.

Each band of ``data/validation/sanity_bands.csv`` names a check, the run it is measured on
(``history``: the trunk, i.e. the replay of what happened; ``ten_years``: the baseline), a
subject, a period, the band and its source and confidence. The bands were written and
committed before any code ran the model against them; a fail is a finding about the model.

The checks read a run only through its tidy tables (``states``, ``relations``, ``blocs``):

- ``gdp_growth``: year-on-year growth of a state's GDP (each quarter against the same
  quarter a year earlier), median over members; every quarter of the period must lie in
  the band;
- ``military_burden``: military spending over GDP, mean over the year's quarters;
- ``supplier_share``: a supplier's share of the arms delivered to the recipient over the
  period (``transfers`` into it, summed over quarters; a record holds the deliveries of the
  quarter before it). A member with no deliveries at all gives every supplier a share of 0;
- ``pinned_pairs``: of the pairs without a binding treaty (alliance 1, a mutual-defence
  clause), the share with |affinity| >= 0.95 at the period's last record;
- ``syria_affinity``: the pair's affinity, mean over the period's quarters;
- ``syria_bloc``: the share of bloc records in the period that put the two states in the
  same bloc (not both non-aligned).

Each value is the median over members (growth: the median path). A period the run does not
cover, or a state the run does not hold, gives ``n/a``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from scenarios._meta import data_dir
from scenarios.errors import DataError, allowed_list, suggest
from scenarios.model import NOTHING_OFF, Results, Switches, simulate
from scenarios.quarters import format_quarter, parse_quarter
from scenarios.scenario import load_scenario
from scenarios.validation.inputs import read_input

RUNS = {"history": "replay_2022", "ten_years": "baseline"}
"""Role of a run in the bands file -> the scenario measured for it (the one place to change)."""

MEMBERS = 20
"""Ensemble members of the sanity runs (at most; fewer if the scorecard asks for fewer)."""

PINNED = 0.95
"""|affinity| at or above which a tie counts as pinned."""

BINDING = 1.0
"""Alliance value of a binding (mutual-defence) treaty; weaker instruments code below it."""

COLUMNS = ("check", "run", "subject", "period", "low", "high", "unit", "source", "confidence")
"""Columns the bands file must have (``note`` is optional)."""

CONFIDENCE = ("verified", "medium", "unverified")
"""Labels a band's confidence may carry (as in ``data/README.md``)."""

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_TITLES = {
    "gdp_growth": "GDP growth",
    "military_burden": "military burden",
    "supplier_share": "supplier share of arms to",
    "pinned_pairs": "pairs pinned at |affinity| >= 0.95 without a binding treaty",
    "syria_affinity": "affinity",
    "syria_bloc": "same bloc",
}


def default_path() -> Path:
    """``data/validation/sanity_bands.csv`` (installed or source tree)."""
    return data_dir() / "validation" / "sanity_bands.csv"


def load_sanity_bands(path: str | Path | None = None) -> pd.DataFrame:
    """The sanity bands, checked.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        Default :func:`default_path`.

    Returns
    -------
    DataFrame
        check, run, subject, period, low, high (floats), unit, source, confidence, note.

    Raises
    ------
    DataError
        One line naming the file, row and column of the first problem: an unknown check or
        run, a period that is not ``YYYY``, ``YYYY-YYYY`` or ``end``, a bound that is not a
        number, ``low > high``, a blank source or an unknown confidence label.
    """
    path = Path(path) if path is not None else default_path()
    table = read_input(path, COLUMNS)
    if "note" not in table.columns:
        table["note"] = ""
    rules = (
        ("check", lambda v: v in _TITLES, f"one of {allowed_list(_TITLES)}", tuple(_TITLES)),
        ("run", lambda v: v in RUNS, f"one of {allowed_list(RUNS)}", tuple(RUNS)),
        ("period", lambda v: v == "end" or _PERIOD.match(v), "YYYY, YYYY-YYYY or end", ()),
        ("source", bool, "a source", ()),
        ("confidence", lambda v: v in CONFIDENCE, f"one of {allowed_list(CONFIDENCE)}", CONFIDENCE),
    )
    for row, cells in enumerate(table.to_dict("records"), start=2):
        for column, rule, expected, choices in rules:
            value = cells[column]
            if not rule(value):
                raise DataError(
                    f"{path}: row {row}, column {column!r}: {value!r} not allowed; expected "
                    f"{expected}{suggest(value, choices) if choices else ''}"
                )
    for column in ("low", "high"):
        number = pd.to_numeric(table[column], errors="coerce")
        if number.isna().any():
            row = int(np.flatnonzero(number.isna())[0])
            raise DataError(f"{path}: row {row + 2}, column {column!r}: expected a number")
        table[column] = number.astype(float)
    wrong = table["low"] > table["high"]
    if wrong.any():
        row = int(np.flatnonzero(wrong)[0])
        raise DataError(f"{path}: row {row + 2}, column 'low': greater than 'high'")
    return table


def sanity_runs(
    members: int = MEMBERS,
    seed: int = 0,
    runs: Mapping[str, str] = RUNS,
    overrides: Mapping[str, object] | None = None,
    switches: Switches = NOTHING_OFF,
    *,
    parameters: str | os.PathLike = "default",
) -> dict[str, Results]:
    """One ensemble per run role, with every pair recorded.

    Parameters
    ----------
    members, seed : int
        Ensemble size and seed.
    runs : mapping
        Run role -> scenario name (default :data:`RUNS`).
    overrides : mapping, optional
        ``"section.name"`` -> a value, or one per member, for every run: a mechanism
        switched off for a null, or the members' parameter draws.
    switches : Switches, optional
        Mechanism steps switched off in every run (:mod:`scenarios.model.switches`), for a
        null whose mechanism no parameter switches off.
    parameters : str or path
        Where members' parameters come from, as in :func:`scenarios.simulate`
        (``"default"``, ``"posterior"`` or a posterior's folder); ``overrides`` win.

    Returns
    -------
    dict
        Run role -> :class:`~scenarios.model.Results`.
    """
    return {
        role: simulate(
            load_scenario(name),
            seed=seed,
            members=members,
            params_override=overrides,
            pairs="all",
            record=("states", "relations", "blocs"),
            switches=switches,
            parameters=parameters,
        )
        for role, name in runs.items()
    }


def _labels(table: pd.DataFrame) -> list[str]:
    """The table's quarter labels present in it, in time order."""
    return sorted({str(q) for q in table["quarter"].unique()}, key=parse_quarter)


def _in_period(labels: list[str], period: str) -> list[str]:
    if period == "end":
        return labels[-1:]
    first, last = _PERIOD.match(period).groups()
    years = range(int(first), int(last or first) + 1)
    return [q for q in labels if int(q[:4]) in years]


def _wide(results: Results, code: str, variable: str) -> pd.DataFrame:
    """One state's variable as a member x quarter table."""
    states = results.states
    table = states[states["iso3"] == code].pivot_table(
        index="member", columns="quarter", values=variable, observed=True
    )
    table.columns = table.columns.astype(str)
    return table


def _spread(values: np.ndarray) -> str:
    return f"5-95%: {np.quantile(values, 0.05):.3g} to {np.quantile(values, 0.95):.3g}"


def _gdp_growth(results: Results, code: str, period: str) -> tuple[float, float, str]:
    gdp = _wide(results, code, "gdp")
    index = {parse_quarter(q): q for q in gdp.columns}
    chosen = [q for q in _in_period(list(gdp.columns), period) if parse_quarter(q) - 4 in index]
    if not chosen:
        return np.nan, np.nan, f"no quarter of {period} has one a year earlier in the run"
    before = [index[parse_quarter(q) - 4] for q in chosen]
    growth = 100.0 * (gdp[chosen].to_numpy() / gdp[before].to_numpy() - 1.0)
    path = np.median(growth, axis=0)
    low, high = int(np.argmin(path)), int(np.argmax(path))
    return (
        float(path[low]),
        float(path[high]),
        f"median path {path[low]:+.2f} % ({chosen[low]}) to {path[high]:+.2f} % "
        f"({chosen[high]}); mean {path.mean():+.2f} % over {chosen[0]}-{chosen[-1]}",
    )


def _burden(results: Results, code: str, period: str) -> tuple[float, str]:
    milex, gdp = _wide(results, code, "milex"), _wide(results, code, "gdp")
    chosen = _in_period(list(gdp.columns), period)
    if not chosen:
        return np.nan, f"the run has no quarter in {period}"
    burden = 100.0 * (milex[chosen].to_numpy() / gdp[chosen].to_numpy()).mean(axis=1)
    return float(np.median(burden)), (
        f"median {np.median(burden):.2f} % ({_spread(burden)}) over {chosen[0]}-{chosen[-1]}"
    )


def _share(results: Results, subject: str, period: str) -> tuple[float, str]:
    supplier, recipient = subject.split("->")
    rel = results.relations
    into = rel[rel["b"] == recipient]
    # A record holds the deliveries of the quarter before it (Results.relations).
    delivered = {q: format_quarter(parse_quarter(q) - 1) for q in _labels(rel)}
    wanted = set(_in_period(sorted(delivered.values(), key=parse_quarter), period))
    chosen = [q for q, d in delivered.items() if d in wanted]
    if not chosen:
        return np.nan, f"the run records no deliveries in {period}"
    into = into[into["quarter"].astype(str).isin(chosen)]
    by = into.groupby(["member", "a"], observed=True)["transfers"].sum().unstack("a", 0.0)
    if by.empty:
        return np.nan, f"the run records no pair into {recipient}"
    total = by.sum(axis=1).to_numpy()
    own = by[supplier].to_numpy() if supplier in by.columns else np.zeros(len(total))
    share = np.divide(own, total, out=np.zeros_like(total), where=total > 0)
    top = by.sum().sort_values(ascending=False)
    top = top[top > 0] / max(top.sum(), 1e-300)
    lead = ", ".join(f"{c} {v:.2f}" for c, v in top.head(4).items()) or "none"
    return float(np.median(share)), (
        f"median share {np.median(share):.2f} ({_spread(share)}); deliveries "
        f"{delivered[chosen[0]]}-{delivered[chosen[-1]]}, mean total {total.mean():.3g} "
        f"units; pooled shares: {lead}"
    )


def _pinned(results: Results, period: str) -> tuple[float, str]:
    rel = results.relations
    chosen = _in_period(_labels(rel), period)
    if not chosen:
        return np.nan, f"the run has no quarter in {period}"
    last = rel[(rel["quarter"].astype(str) == chosen[-1])]
    last = last[last["a"].astype(str) < last["b"].astype(str)]  # each unordered pair once
    unbound = last[last["alliance"] < BINDING]
    pinned = unbound[unbound["affinity"].abs() >= PINNED]
    count = unbound.groupby("member").size()
    stuck = pinned.groupby("member").size().reindex(count.index, fill_value=0)
    share = (stuck / count).to_numpy()
    pairs = (pinned["a"].astype(str) + "-" + pinned["b"].astype(str)).value_counts()
    common = ", ".join(pairs.index[:5]) or "none"
    return float(np.median(share)), (
        f"median {np.median(share):.3f} ({np.median(stuck):.0f} of {count.iloc[0]} unbound "
        f"pairs) at {chosen[-1]}; most often pinned: {common}"
    )


def _affinity(results: Results, subject: str, period: str) -> tuple[float, str]:
    a, b = subject.split("-")
    rel = results.relations
    pair = rel[(rel["a"] == a) & (rel["b"] == b)]
    chosen = _in_period(_labels(rel), period)
    if pair.empty or not chosen:
        return np.nan, f"the run does not record {subject} in {period}"
    values = (
        pair[pair["quarter"].astype(str).isin(chosen)].groupby("member")["affinity"].mean()
    ).to_numpy()
    return float(np.median(values)), (
        f"median {np.median(values):+.2f} ({_spread(values)}) over {chosen[0]}-{chosen[-1]}"
    )


def _same_bloc(results: Results, subject: str, period: str) -> tuple[float, str]:
    a, b = subject.split("-")
    blocs = results.blocs
    chosen = _in_period(_labels(blocs), period)
    blocs = blocs[blocs["quarter"].astype(str).isin(chosen)]
    wide = blocs[blocs["iso3"].isin([a, b])].pivot_table(
        index=["member", "quarter"], columns="iso3", values="bloc", aggfunc="first", observed=True
    )
    if wide.empty or a not in wide.columns or b not in wide.columns:
        return np.nan, f"the run has no bloc record of {subject} in {period}"
    wide.columns = wide.columns.astype(str)
    same = (wide[a] == wide[b]) & (wide[a] != "non-aligned")
    return float(same.mean()), (
        f"{same.mean():.2f} of {len(same)} bloc records ({', '.join(chosen)}); "
        f"{b} is in bloc {wide[b].mode().iloc[0]} most often"
    )


def measure(check: str, subject: str, period: str, results: Results) -> tuple[float, float, str]:
    """One check measured on one run.

    Returns
    -------
    tuple
        (lowest value, highest value, what was measured as text). The two values are equal
        except for growth (the median path's range); NaN when the run does not cover it.
    """
    if check == "gdp_growth":
        return _gdp_growth(results, subject, period)
    value, text = {
        "military_burden": lambda: _burden(results, subject, period),
        "supplier_share": lambda: _share(results, subject, period),
        "pinned_pairs": lambda: _pinned(results, period),
        "syria_affinity": lambda: _affinity(results, subject, period),
        "syria_bloc": lambda: _same_bloc(results, subject, period),
    }[check]()
    return value, value, text


def sanity_table(
    members: int = MEMBERS,
    seed: int = 0,
    results: Mapping[str, Results] | None = None,
    bands: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every band measured.

    Parameters
    ----------
    members, seed : int
        Ensemble of the runs (ignored when ``results`` is given).
    results : mapping, optional
        Run role -> Results (default: :func:`sanity_runs`).
    bands : DataFrame, optional
        Default :func:`load_sanity_bands`.

    Returns
    -------
    DataFrame
        One row per band: check, run, scenario, subject, period, measured_min,
        measured_max, low, high, unit, passed (True, False, or None where the run does not
        cover the band), measured (text), source, confidence, note.
    """
    bands = bands if bands is not None else load_sanity_bands()
    results = results if results is not None else sanity_runs(members, seed)
    rows = []
    for band in bands.to_dict("records"):
        run = results[band["run"]]
        known = set(run.states["iso3"].astype(str))
        codes = re.split(r"->|-", band["subject"]) if band["check"] != "pinned_pairs" else []
        missing = [c for c in codes if c not in known]
        if missing:
            low = high = np.nan
            text = f"{missing[0]} is not a state of the run"
        else:
            low, high, text = measure(band["check"], band["subject"], band["period"], run)
        passed = None if np.isnan(low) else bool(band["low"] <= low and high <= band["high"])
        scenario = run.scenario.name if run.scenario is not None else band["run"]
        rows.append(
            band
            | {"scenario": scenario, "measured_min": low, "measured_max": high}
            | {"passed": passed, "measured": text}
        )
    order = ["check", "run", "scenario", "subject", "period", "measured_min", "measured_max"]
    order += ["low", "high", "unit", "passed", "measured", "source", "confidence", "note"]
    return pd.DataFrame(rows, columns=order)


def sanity_check(
    members: int = MEMBERS,
    seed: int = 0,
    results: Mapping[str, Results] | None = None,
    bands: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Scorecard rows of the sanity table (check, published, simulated, band, passed, note).

    ``published`` holds the band's source and confidence; arguments as :func:`sanity_table`.
    """
    table = sanity_table(members, seed, results, bands)
    checks = []
    for row in table.itertuples(index=False):
        title = _TITLES[row.check]
        what = (
            f"{title} {row.subject.split('->')[1]}: {row.subject.split('->')[0]}"
            if row.check == "supplier_share"
            else f"{row.subject} {title}"
            if row.check != "pinned_pairs"
            else title
        )
        checks.append(f"Sanity: {what}, {row.period} ({row.scenario})")
    return pd.DataFrame(
        {
            "check": checks,
            "published": [
                f"{s} [{c}]" for s, c in zip(table["source"], table["confidence"], strict=True)
            ],
            "simulated": table["measured"],
            "band": [
                f"{lo:g} to {hi:g} {u}"
                for lo, hi, u in zip(table["low"], table["high"], table["unit"], strict=True)
            ],
            "passed": table["passed"],
            "note": table["note"],
        }
    )
