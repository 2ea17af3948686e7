"""The sensitivity analysis rerun on the posterior (docs/calibration.md, section 7).

Morris screening of the fitted parameters on ``pact_2024q2`` twice, with the same
trajectories in the unit cube: once over each parameter's prior range (its registry
range, what the calibration started from) and once over its posterior 5-95 % interval
(what the record leaves). A parameter whose influence falls sharply from the first to the
second is one the record has tamed; one that keeps it is still an open assumption::

    .venv/bin/python scripts/posterior_sensitivity.py --trajectories 16 --members 3
"""

from __future__ import annotations

import argparse

import pandas as pd

from scenarios import load_scenario
from scenarios.calibration import posterior, prior_posterior
from scenarios.experiments import morris_design, morris_indices, sweep

OUTCOMES = ["bipolarity", "rus_prk_cohesion", "dprk_restraint", "trilateral_cohesion"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trajectories", type=int, default=16)
    parser.add_argument("--members", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    base = load_scenario("pact_2024q2")
    draws, _ = posterior()
    # the posterior's own column order, so that a design's columns never depend on the ranking
    table = prior_posterior(draws).set_index("parameter").loc[draws.columns[1:]]
    ranges = {
        "prior": {key: (row.low, row.high) for key, row in table.iterrows()},
        "posterior": {key: (row.q05, row.q95) for key, row in table.iterrows()},
    }
    found = []
    for name, span in ranges.items():
        design = morris_design(span, trajectories=args.trajectories, seed=args.seed)
        result = sweep(base, design, members_per_point=args.members, seed=args.seed)
        indices = morris_indices(result, OUTCOMES, seed=args.seed)
        found.append(indices.assign(ranges=name))
        print(f"{name}: {result.points} points x {args.members} members")
    both = pd.concat(found).pivot_table(
        index=["outcome", "parameter"], columns="ranges", values=["mu_star", "rank"]
    )
    both.columns = [f"{a}_{b}" for a, b in both.columns]
    both["kept"] = both["mu_star_posterior"] / both["mu_star_prior"]
    both = both.sort_values(["outcome", "rank_prior"])
    with pd.option_context("display.width", 140, "display.max_rows", 100):
        print(both.round(4).to_string())


if __name__ == "__main__":
    main()
