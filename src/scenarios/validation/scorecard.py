"""The validation scorecard: every check in one table, with its kind and, for data, its skill.

:func:`scorecard` runs the landscape, Richardson, structural-balance, stylized-fact and
replay checks and the sanity table, and stacks their rows. Each row is labelled
``theory`` (a mechanism against its classic model) or ``data`` (the model against the
observed record). A data row also reports its error against the record beside the errors
of two null models (:mod:`scenarios.validation.skill`), and passes only when it is in band
and beats both; a data row whose mechanism-off run is in band too reads ``cannot fail``.
The model ensembles draw each member's parameters from the posterior unless told
otherwise, and each null keeps its model run's draws. ``scenarios validate-model`` prints it.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from scenarios.calibration.posterior import DEFAULT_SOURCE, parameter_source
from scenarios.validation.balance import balance_check
from scenarios.validation.landscape import landscape_check
from scenarios.validation.nulls import landscape_skill, replay_skill, sanity_skill, stylized_skill
from scenarios.validation.replay import replay_check, replay_comparison, replay_results
from scenarios.validation.richardson import richardson_check
from scenarios.validation.sanity import MEMBERS as SANITY_MEMBERS
from scenarios.validation.sanity import sanity_check, sanity_runs, sanity_table
from scenarios.validation.skill import DATA, THEORY, judge, number, skill_text
from scenarios.validation.stylized import stylized_check, stylized_facts, stylized_values

COLUMNS = (
    "check",
    "kind",
    "published",
    "simulated",
    "band",
    "persistence",
    "mechanism off",
    "skill",
    "pass/fail",
    "note",
)
"""Columns of the scorecard, in order."""

RESULTS = {True: "pass", False: "fail", None: "n/a"}
"""``passed`` value of a theory check -> its entry in the ``pass/fail`` column."""


def scorecard(
    members: int = 50, seed: int = 0, parameters: str | os.PathLike = DEFAULT_SOURCE
) -> pd.DataFrame:
    """Every validation check, one row each.

    Parameters
    ----------
    members : int
        Ensemble members of the model runs and of their mechanism-off nulls (stylized
        facts and replay; the sanity table uses at most
        :data:`scenarios.validation.sanity.MEMBERS`, to keep it quick).
    seed : int
        Seed of the model runs and of the random networks of the balance check.
    parameters : str or path
        Where the members' parameters come from (:func:`member_draws`): ``"posterior"``
        (the default: member *m* runs with the posterior draw it picks, as in every
        ensemble), ``"default"`` (the registry's, noise only) or a posterior's folder.
        Each mechanism-off null runs with the same draws as its model run (paired), the
        switch's own overrides winning.

    Returns
    -------
    DataFrame
        The :data:`COLUMNS`. ``kind`` is ``"theory"`` or ``"data"``; ``persistence``,
        ``mechanism off`` and ``skill`` are empty for theory rows. ``pass/fail`` is
        ``"pass"``, ``"fail"``, ``"cannot fail"`` (data rows whose mechanism-off run is in
        band too) or ``"n/a"`` (an illustration that tests nothing, or a band the run does
        not cover).

    Raises
    ------
    ValueError
        For members < 1 or seed < 0.
    ScenariosError
        For another ``parameters``, or a missing or corrupted posterior (before any run).
    """
    if members < 1 or seed < 0:
        raise ValueError(f"members {members}, seed {seed}: need members >= 1 and seed >= 0")
    drawn = member_draws(parameters, seed, members)
    trunk = replay_results(members, seed, drawn)
    values = stylized_values(members, seed, drawn)
    small = min(members, SANITY_MEMBERS)
    # a member's draw does not depend on its batch: the first `small` members' are theirs
    few = None if drawn is None else {key: value[:small] for key, value in drawn.items()}
    runs = sanity_runs(small, seed, overrides=few)
    parts = [
        (landscape_check(), landscape_skill()),
        (richardson_check(), None),
        (balance_check(seed=seed), None),
        (
            stylized_check(values=values),
            stylized_skill(stylized_facts(values=values), trunk, members, seed, drawn),
        ),
        (
            replay_check(results=trunk),
            replay_skill(replay_comparison(results=trunk), members, seed, drawn),
        ),
        (
            sanity_check(results=runs),
            sanity_skill(sanity_table(results=runs), runs, small, seed, few),
        ),
    ]
    return pd.concat([_rows(table, skill) for table, skill in parts], ignore_index=True)[
        list(COLUMNS)
    ]


def member_draws(
    parameters: str | os.PathLike, seed: int, members: int
) -> dict[str, np.ndarray] | None:
    """The scorecard's parameter draws, the one place they are made.

    Returns
    -------
    dict or None
        ``"section.name"`` -> one value per member ``0 .. members - 1``, each member's
        pick as in every ensemble
        (:meth:`~scenarios.calibration.posterior.Posterior.overrides`); None for
        ``"default"`` (the registry's parameters).
    """
    source = parameter_source(parameters)
    return None if source is None else source.overrides(seed, 0, members)


def _rows(table: pd.DataFrame, skill: pd.DataFrame | None) -> pd.DataFrame:
    """A check module's rows with kind, nulls and result filled in."""
    table = table.reset_index(drop=True).copy()
    table["note"] = table["note"].fillna("") if "note" in table else ""
    passed = [None if pd.isna(v) else bool(v) for v in table["passed"]]
    if skill is None:
        table["kind"] = THEORY
        table["persistence"] = table["mechanism off"] = table["skill"] = ""
        table["pass/fail"] = [RESULTS[p] for p in passed]
        return table
    table["kind"] = DATA
    persistence, off, skills, results = [], [], [], []
    for i, null in enumerate(skill.itertuples(index=False)):
        errors = {"persistence": null.persistence_error, "mechanism off": null.off_error}
        if null.persistence_label != "trunk start carried forward":
            errors = {"chance": null.persistence_error, "mechanism off": null.off_error}
        persistence.append(
            f"{null.persistence_label}: {null.persistence} (error {number(null.persistence_error)})"
        )
        off.append(
            f"{null.switch}: {null.off} (error {number(null.off_error)}; "
            f"{'in band' if null.off_in_band else 'out of band'})"
        )
        skills.append(f"error {number(null.error)}; {skill_text(null.error, errors)}")
        result = judge(passed[i], null.error, errors, null.off_in_band)
        if result == "cannot fail":
            table.loc[i, "note"] = (
                "CANNOT FAIL: the run with the mechanism off is in band too. " + table["note"][i]
            ).strip()
        results.append(result)
    table["persistence"], table["mechanism off"] = persistence, off
    table["skill"], table["pass/fail"] = skills, results
    return table


def scorecard_summary(table: pd.DataFrame) -> str:
    """One line: data checks (pass, fail, cannot fail, n/a), then theory checks."""

    def counts(kind: str, statuses) -> str:
        chosen = table[table["kind"] == kind]["pass/fail"].value_counts()
        listed = ", ".join(f"{chosen.get(s, 0)} {s}" for s in statuses)
        return f"{kind} checks ({int(chosen.sum())}): {listed}"

    return (
        counts(DATA, ("pass", "fail", "cannot fail", "n/a"))
        + "; "
        + counts(THEORY, ("pass", "fail", "n/a"))
    )
