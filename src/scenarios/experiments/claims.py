"""The claims table: the article's claims, each read as a comparison and judged by a rule.

Each of the article's claims is one or two :class:`Claim` rows in :data:`CLAIMS`, written
down (comparison, metric, claimed sign) before any table was computed. :func:`claims_table`
runs each comparison once for every coalition of mechanisms
(:func:`~scenarios.experiments.attribution.attributions`, shared by the claims on that
comparison), and gives per claim the effect with its 10-90 band over members, the median
share of each component, the built-in share and the verdict of :func:`verdict`, the rule
of ``docs/attribution.md`` applied as written there.

Every claim is read at the end of its comparison's common horizon (ten years after the
branch, the default of ``scenarios compare`` and ``scenarios attribute``), so that no
quarter is picked to suit a claim.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scenarios.calibration.posterior import DEFAULT_SOURCE
from scenarios.experiments.attribution import COMPONENTS, Attribution, attributions

VERDICTS = ("contradicted", "not robust", "small", "built in", "supported")
"""The verdict words, in the order the rule tries them."""

UNIT_INTERVAL = (
    "bipolarity",
    "balanced_triads",
    "dprk_restraint",
    "sanctions_leakage",
    "rus_bite",
    "prk_bite",
)
"""Metrics bounded in [0, 1] (their units: an index, restraint or a share); the "small"
threshold of these is 0.02, of any other metric (affinity in [-1, 1], spending, arms) 5 %
of the second branch's median."""

SMALL_BOUNDED = 0.02
"""Below this median effect a [0, 1] metric's effect is small (docs/attribution.md)."""

SMALL_RELATIVE = 0.05
"""Below this fraction of the second branch's median any other effect is small."""

BUILT_IN = 0.5
"""A median built-in share at or above this makes the effect built in."""

HALF_MINIMUM = 2
"""Members a half needs for the split-half check (``docs/attribution.md``)."""

PACT = ("pact_2024q2", "no_pact")
"""The pact's own effect: the twin branches at 2024Q2, with and without the treaty."""


@dataclass(frozen=True)
class Claim:
    """One claim of the article, read as a comparison.

    Attributes
    ----------
    key : str
        Its number in the article's order ("4a": the first reading of claim 4).
    claim : str
        The claim in a few words.
    scenario, against : str
        The comparison: ``scenario`` minus ``against``.
    metric : str
        A metric of :data:`~scenarios.metrics.METRICS` or a pair ``"AAA-BBB"`` (affinity).
    sign : int
        +1 if the claim predicts the metric higher in ``scenario``, -1 if lower.
    reading : str
        Why this comparison and metric stand for the claim.
    """

    key: str
    claim: str
    scenario: str
    against: str
    metric: str
    sign: int
    reading: str

    @property
    def comparison(self) -> tuple[str, str]:
        """``(scenario, against)``."""
        return (self.scenario, self.against)


CLAIMS: tuple[Claim, ...] = (
    Claim("1", "the pact makes a de facto alliance", *PACT, "rus_prk_cohesion", +1,
          "the treaty raises Russia-DPRK affinity"),
    Claim("2", "sanctions push isolated states together", "secondary_sanctions", "baseline",
          "rus_prk_cohesion", +1,
          "more sanctions pressure (the one shipped lever that adds it) draws the two "
          "targets closer"),
    Claim("3", "shells for money and technology", *PACT, "arms_prk_rus", +1,
          "the treaty raises DPRK arms deliveries to Russia"),
    Claim("4a", "an axis with Iran", *PACT, "RUS-IRN", +1,
          "the treaty raises Russia-Iran affinity"),
    Claim("4b", "China stays a cautious black knight", *PACT, "chn_rus_affinity", -1,
          "China keeps its distance from the pact: China-Russia affinity no higher with "
          "it (the claim expects no rise, so 'small' fits it too)"),
    Claim("5", "the DPRK less inclined to denuclearise", *PACT, "dprk_restraint", -1,
          "the treaty lowers the DPRK's nuclear restraint"),
    Claim("6a", "Russia's ties with Japan worsen", *PACT, "rus_jpn_affinity", -1,
          "the treaty lowers Russia-Japan affinity"),
    Claim("6b", "Russia's ties with the ROK worsen", *PACT, "rus_kor_affinity", -1,
          "the treaty lowers Russia-ROK affinity"),
    Claim("7", "the trilateral strengthens", *PACT, "trilateral_cohesion", +1,
          "the treaty raises US-Japan-ROK cohesion"),
    Claim("8", "a new Cold War bipolarity", *PACT, "bipolarity", +1,
          "the treaty raises the bipolarity index"),
    Claim("9", "rising tension and spending in East Asia", *PACT, "northeast_asia_milex", +1,
          "the treaty raises North-East Asian military spending"),
)  # fmt: skip
"""The article's nine claims (4 and 6 in two readings each), written before any table."""


def verdict(claim: Claim, result: Attribution) -> str:
    """The verdict word of ``docs/attribution.md``: the first rule that holds.

    Parameters
    ----------
    claim : Claim
        Gives the metric and the claimed sign.
    result : Attribution
        The comparison's attribution of the claim's metric.

    Returns
    -------
    str
        One of :data:`VERDICTS`.
    """
    effect = result.effect
    low, high = np.quantile(effect, (0.10, 0.90))
    median = float(np.median(effect))
    if (claim.sign > 0 and high < 0) or (claim.sign < 0 and low > 0):
        return "contradicted"
    if low <= 0 <= high:
        return "not robust"
    reference = float(np.median(result.values[1]))
    threshold = SMALL_BOUNDED if claim.metric in UNIT_INTERVAL else SMALL_RELATIVE * abs(reference)
    if abs(median) < threshold:
        return "small"
    if result.built_in_share >= BUILT_IN:
        return "built in"
    return "supported"


def halves(claim: Claim, result: Attribution) -> tuple[str, str] | None:
    """The verdicts of the two halves of the members (``docs/attribution.md``).

    Parameters
    ----------
    claim : Claim
        As for :func:`verdict`.
    result : Attribution
        The whole ensemble's attribution.

    Returns
    -------
    tuple of str or None
        :func:`verdict` on the first ``ceil(N / 2)`` members and on the rest, each as if
        it were the whole ensemble; None with fewer than :data:`HALF_MINIMUM` members in a
        half.
    """
    count = len(result.members)
    if count // 2 < HALF_MINIMUM:
        return None
    first = -(-count // 2)
    return (
        verdict(claim, result.subset(range(first))),
        verdict(claim, result.subset(range(first, count))),
    )


def member_check(whole: str, split: tuple[str, str] | None) -> str:
    """Whether a verdict holds in both halves of the members.

    Parameters
    ----------
    whole : str
        The whole ensemble's verdict.
    split : tuple of str or None
        From :func:`halves`.

    Returns
    -------
    str
        ``"stable"`` when both halves give ``whole``, ``"changes"`` when one does not,
        ``"n/a"`` when the halves are too small to judge.
    """
    if split is None:
        return "n/a"
    return "stable" if split == (whole, whole) else "changes"


def claims_table(
    members: int = 50,
    seed: int = 0,
    *,
    threads: int | None = None,
    parameters: str | os.PathLike = DEFAULT_SOURCE,
) -> pd.DataFrame:
    """Compute the claims table: one set of coalition runs per comparison.

    Parameters
    ----------
    members : int
        Members of every run.
    seed : int
        The one seed.
    threads : int, optional
        As in :func:`~scenarios.model.simulate`; it does not change the numbers.
    parameters : str or path
        As in :func:`~scenarios.experiments.run.run_ensemble` (default: the shipped
        posterior, a draw per member).

    Returns
    -------
    pandas.DataFrame
        One row per claim of :data:`CLAIMS`: ``key``, ``claim``, ``comparison``,
        ``metric``, ``at``, ``sign`` ("+" or "-"), ``against_median`` (the second
        branch's median), ``effect`` with ``effect_q10`` and ``effect_q90``, the median
        share of each component of :data:`~scenarios.experiments.attribution.COMPONENTS`,
        ``built_in`` (the median built-in share), ``verdict``, ``halves`` (the verdicts
        of the two halves of the members, ``"first / second"``, or ``"n/a"``),
        ``members_check`` (:func:`member_check`: ``"stable"``, ``"changes"`` or
        ``"n/a"``) and ``note``.
    """
    results: dict[str, Attribution] = {}
    for comparison in dict.fromkeys(claim.comparison for claim in CLAIMS):
        chosen = [claim for claim in CLAIMS if claim.comparison == comparison]
        targets = [(claim.metric, None) for claim in chosen]
        found = attributions(
            *comparison, targets, members, seed, threads=threads, parameters=parameters
        )
        results.update({claim.key: result for claim, result in zip(chosen, found, strict=True)})
    rows = []
    for claim in CLAIMS:
        result = results[claim.key]
        effect = result.effect
        low, high = np.quantile(effect, (0.10, 0.90))
        shares = dict(zip(COMPONENTS, np.median(result.shares, axis=1), strict=True))
        word, split = verdict(claim, result), halves(claim, result)
        rows.append(
            {
                "key": claim.key,
                "claim": claim.claim,
                "comparison": f"{claim.scenario} - {claim.against}",
                "metric": claim.metric,
                "at": result.at,
                "sign": "+" if claim.sign > 0 else "-",
                "against_median": float(np.median(result.values[1])),
                "effect": float(np.median(effect)),
                "effect_q10": float(low),
                "effect_q90": float(high),
                **shares,
                "built_in": result.built_in_share,
                "verdict": word,
                "halves": "n/a" if split is None else " / ".join(split),
                "members_check": member_check(word, split),
                "note": _note(claim, result),
            }
        )
    return pd.DataFrame(rows)


def _note(claim: Claim, result: Attribution) -> str:
    """What the table must say whatever the verdict (docs/attribution.md)."""
    if claim.metric != "bipolarity":
        return claim.reading
    start = float(np.median(result.start_values[1]))
    return (
        f"{claim.reading}; built in by construction: the start already codes two camps "
        f"(bipolarity {start:.2f} at the trunk's start), so a Cold War bipolarity is an "
        "input of the model, not a result"
    )


def claims_markdown(table: pd.DataFrame) -> str:
    """The claims table as a Markdown table (the form ``docs/attribution.md`` shows).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`claims_table`.

    Returns
    -------
    str
        One row per claim: claim, comparison, metric and quarter, claimed sign, effect
        [10-90 band], the median share of each component, built-in share, verdict and
        the halves' verdicts (flagged **changes** when the verdict depends on the members
        drawn).
    """
    header = (
        "| # | claim | comparison | metric (quarter) | sign | effect [10-90 %] | "
        f"{' / '.join(COMPONENTS)} | built-in | verdict | halves |"
    )
    lines = [header, "|---|---|---|---|---|---|---|---|---|---|"]
    for row in table.to_dict("records"):
        shares = " / ".join(_number(row[component]) for component in COMPONENTS)
        band = (
            f"{_number(row['effect'])} [{_number(row['effect_q10'])}, {_number(row['effect_q90'])}]"
        )
        lines.append(
            f"| {row['key']} | {row['claim']} | {row['comparison']} | {row['metric']} "
            f"({row['at']}) | {row['sign']} | {band} | {shares} | {_number(row['built_in'])} "
            f"| **{row['verdict']}** | {_halves(row)} |"
        )
    return "\n".join(lines)


def _halves(row: dict) -> str:
    """The halves' verdicts, flagged when the verdict changes with the members."""
    if row["members_check"] == "changes":
        return f"**changes**: {row['halves']}"
    return row["members_check"] if row["halves"] == "n/a" else f"stable: {row['halves']}"


def _number(value: float) -> str:
    """Three significant figures, zero as 0."""
    return "0" if value == 0 else f"{value:.3g}"
