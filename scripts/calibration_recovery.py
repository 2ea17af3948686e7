"""The recovery run of docs/calibration.md, section 5: fit a synthetic record of the trunk.

A record of the observed record's shape is made by one run of the trunk with known
parameters (the registry defaults), then fitted by ABC-SMC over seven parameters; the
script prints, per parameter, the truth, the prior and posterior mean and spread, and the
ratio of posterior to prior spread (near 1: not identified)::

    .venv/bin/python scripts/calibration_recovery.py --draws 200 --rounds 5 --seed 0
"""

from __future__ import annotations

import argparse
import time

from scenarios.calibration.distance import ScaledDistance
from scenarios.calibration.prior import prior
from scenarios.calibration.simulator import TrunkSimulator, synthetic_record
from scenarios.calibration.smc import run_smc
from scenarios.calibration.statistics import targets
from scenarios.registry.parameters import PARAMETERS
from scenarios.scenario import load_scenario

FITTED = (
    "deterrence.reaction",
    "deterrence.fatigue",
    "alignment.decay",
    "alignment.balance_rate",
    "sanctions.isolation_pull",
    "arms.risk_aversion",
    "arms.initial_stock",
)
STATES = ("USA", "CHN", "RUS", "PRK", "KOR", "JPN", "UKR", "IRN", "POL", "DEU")
PAIRS = ("CHN-RUS", "PRK-RUS", "IRN-RUS", "USA-CHN", "RUS-JPN", "RUS-KOR", "USA-KOR")
SUPPLIERS = ("PRK-RUS", "IRN-RUS", "BLR-RUS", "CHN-RUS")


def rows() -> list[tuple[str, str, int]]:
    made = []
    for year in (2022, 2023):
        made += [("milex_usd_bn", state, year) for state in STATES]
        made += [("gdp_growth_pct", state, year) for state in STATES]
        made += [("affinity", pair, year) for pair in PAIRS]
        made += [("arms_share", pair, year) for pair in SUPPLIERS]
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    trunk = load_scenario("replay_2022")
    truth = {key: PARAMETERS[key].default for key in FITTED}
    record = synthetic_record(rows(), truth, seed=1, scenario=trunk)
    table = targets(record, trunk.actors)
    started = time.perf_counter()
    fit = run_smc(
        TrunkSimulator(table, trunk).batch,
        prior(FITTED),
        table["value"].to_numpy(),
        ScaledDistance(table),
        population=args.draws,
        rounds=args.rounds,
        seed=args.seed,
    )
    seconds = time.perf_counter() - started
    print(f"{len(table)} targets, {fit.evaluations} simulations in {seconds:.0f} s")
    print("thresholds", ", ".join(f"{eps:.3g}" for eps in fit.epsilons))
    mean, sd = fit.mean(), fit.std()
    print(
        f"{'parameter':28s} {'truth':>7s} {'range':>11s} {'mean':>7s} {'sd':>7s} {'sd/prior':>8s}"
    )
    for key in FITTED:
        spec = PARAMETERS[key]
        ratio = sd[key] / ((spec.high - spec.low) / 12**0.5)
        print(
            f"{key:28s} {truth[key]:7.3g} {spec.low:5.3g}-{spec.high:<5.3g} "
            f"{mean[key]:7.3g} {sd[key]:7.3g} {ratio:8.2f}"
        )


if __name__ == "__main__":
    main()
