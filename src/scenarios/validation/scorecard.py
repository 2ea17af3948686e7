"""The validation scorecard: every check in one table.

:func:`scorecard` runs the landscape, Richardson, structural-balance, stylized-fact and
replay checks and the sanity table, and stacks their rows. ``scenarios validate-model``
prints it.
"""

from __future__ import annotations

import pandas as pd

from scenarios.validation.balance import balance_check
from scenarios.validation.landscape import landscape_check
from scenarios.validation.replay import replay_check
from scenarios.validation.richardson import richardson_check
from scenarios.validation.sanity import MEMBERS as SANITY_MEMBERS
from scenarios.validation.sanity import sanity_check
from scenarios.validation.stylized import stylized_check

COLUMNS = ("check", "published", "simulated", "band", "pass/fail", "note")
"""Columns of the scorecard, in order."""

RESULTS = {True: "pass", False: "fail", None: "n/a"}
"""``passed`` value of a check -> its entry in the ``pass/fail`` column."""


def scorecard(members: int = 50, seed: int = 0) -> pd.DataFrame:
    """Every validation check, one row each.

    Parameters
    ----------
    members : int
        Ensemble members of the model runs (stylized facts and replay; the sanity table
        uses at most :data:`scenarios.validation.sanity.MEMBERS`, to keep it quick).
    seed : int
        Seed of the model runs and of the random networks of the balance check.

    Returns
    -------
    DataFrame
        check, published, simulated, band, pass/fail (``"pass"``, ``"fail"``, or
        ``"n/a"`` for an illustration that tests nothing), note.

    Raises
    ------
    ValueError
        For members < 1 or seed < 0.
    """
    if members < 1 or seed < 0:
        raise ValueError(f"members {members}, seed {seed}: need members >= 1 and seed >= 0")
    parts = [
        landscape_check(),
        richardson_check(),
        balance_check(seed=seed),
        stylized_check(members, seed),
        replay_check(members, seed),
        sanity_check(min(members, SANITY_MEMBERS), seed),
    ]
    table = pd.concat(parts)
    table["note"] = table["note"].fillna("")
    table["pass/fail"] = [RESULTS[None if pd.isna(v) else bool(v)] for v in table["passed"]]
    return table.reset_index(drop=True)[list(COLUMNS)]
