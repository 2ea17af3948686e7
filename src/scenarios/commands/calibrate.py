"""``scenarios calibrate``: fit the trunk to the observed record and write the posterior."""

from __future__ import annotations

import argparse
from pathlib import Path

from scenarios.commands._args import natural
from scenarios.commands._engine import Engine, add_engine_arguments

NAME = "calibrate"
HELP = "fit the assumed parameters to the observed record by ABC-SMC; write the posterior"

_EPILOG = """\
The fit uses the fit set of the record (2022-2023, docs/calibration.md) and never the
UN General Assembly votes. Every completed round is kept in a hidden folder beside --out
(.NAME.rounds); if a fit is interrupted, the same command resumes after the last round
kept and ends with the same posterior, bit for bit. The folder goes once the posterior
is written. The shipped posterior is rebuilt from the real record with
  scenarios calibrate --out data/posterior --seed 0
Needs the optional calibration extra: pip install "alignment-scenarios[calibration]".
"""


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``calibrate`` subcommand to the CLI's subparsers and return its parser."""
    parser = subparsers.add_parser(
        NAME,
        help=HELP,
        description=(
            "Fit the trunk (replay_2022) to the observed record by adaptive-threshold "
            "ABC-SMC and write the weighted parameter draws with the fit set's hash, the "
            "model version and the seed into --out. The folder is checked before the fit "
            "starts and appears only once everything is written. A seed gives the same "
            "posterior bit for bit."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--draws", type=natural(2), default=1000, help="accepted draws per round (default 1000)"
    )
    parser.add_argument(
        "--rounds", type=natural(1), default=5, help="largest number of rounds (default 5)"
    )
    parser.add_argument("--seed", type=natural(0), default=0, help="random seed (default 0)")
    parser.add_argument(
        "--out", type=Path, default=Path("results/posterior"), help="default: results/posterior"
    )
    parser.add_argument(
        "--record",
        type=Path,
        default=None,
        help="folder of the observed record (default: data/observed)",
    )
    parser.add_argument(
        "--param",
        action="append",
        default=None,
        metavar="KEY",
        help="a parameter to fit (repeat; default the assumed ones the statistics inform)",
    )
    parser.add_argument(
        "--statistic",
        action="append",
        default=None,
        metavar="NAME",
        help="a statistic to fit to (repeat; default all the record has)",
    )
    parser.add_argument(
        "--chunk-size",
        type=natural(1),
        default=None,
        help="members per chunk (no effect on results)",
    )
    add_engine_arguments(parser)
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Fit and write the posterior; ScenariosError propagates to the CLI, which prints it."""
    import time

    from scenarios.calibration.checkpoint import Checkpoint
    from scenarios.calibration.distance import ScaledDistance
    from scenarios.calibration.posterior import MANIFEST, fit_set_hash, write_posterior
    from scenarios.calibration.prior import free_parameters, prior
    from scenarios.calibration.simulator import TrunkSimulator
    from scenarios.calibration.smc import PURPOSE, run_smc
    from scenarios.calibration.statistics import targets, wartime
    from scenarios.extras import require
    from scenarios.facts.observed import load_observed, observed_dir
    from scenarios.output import check_target
    from scenarios.scenario.layers import load_scenario

    require("pyabc", PURPOSE, "calibration")  # a missing extra is the first thing said
    check_target(args.out, MANIFEST)
    keys = free_parameters(args.param) if args.param else None  # a bad key: said first
    record_dir = args.record if args.record is not None else observed_dir()
    trunk = load_scenario("replay_2022")
    table = targets(
        load_observed(record_dir),
        trunk.actors,
        statistics=args.statistic,
        exclude=wartime(trunk.events),
    )
    if keys is None:
        keys = free_parameters(statistics=sorted(set(table["statistic"])))
    laws = prior(keys)
    # on --workers or --scheduler the workers are the parallelism: one engine thread each
    on_executor = args.workers is not None or bool(args.scheduler)
    simulator = TrunkSimulator(table, trunk, threads=1 if on_executor else None)
    settings = {
        "population": args.draws,
        "rounds": args.rounds,
        # the shipped record by its place in the project, so a manifest names no machine
        "record": "data/observed" if args.record is None else str(args.record),
        "scenario": "replay_2022",
        "method": "ABC-SMC, median-adaptive thresholds, batched (pyabc kernel)",
    }
    checkpoint = Checkpoint(args.out, {**settings, "seed": args.seed, "parameters": keys,
                                       "fit_set_hash": fit_set_hash(table)})  # fmt: skip
    done = checkpoint.load()
    print(
        f"calibrate: {len(keys)} parameters, {len(table)} targets "
        f"({', '.join(sorted(set(table['statistic'])))}), {args.draws} draws a round, "
        f"up to {args.rounds} rounds, seed {args.seed}"
        + (f"; resuming after round {len(done) - 1} ({checkpoint.path})" if done else ""),
        flush=True,
    )
    started = time.perf_counter()
    with Engine(args) as engine:
        fit = run_smc(
            simulator.batch,
            laws,
            table["value"].to_numpy(),
            ScaledDistance(table),
            population=args.draws,
            rounds=args.rounds,
            seed=args.seed,
            engine=engine,
            chunk_size=args.chunk_size,
            resume=done,
            on_round=checkpoint.save,
        )
    seconds = time.perf_counter() - started
    out = write_posterior(fit, args.out, table=table, settings=settings)
    checkpoint.remove()
    thresholds = ", ".join(f"{eps:.3g}" for eps in fit.epsilons)
    print(
        f"{fit.evaluations} simulations in {seconds:.1f} s ({fit.stopped}); "
        f"thresholds {thresholds}\nwrote {out}"
    )
    return 0
