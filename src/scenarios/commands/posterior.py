"""``scenarios posterior``: what a posterior says and how well its intervals cover the record."""

from __future__ import annotations

import argparse
from pathlib import Path

from scenarios.commands._args import natural

NAME = "posterior"
HELP = "show a posterior: prior against posterior, correlations, coverage of the test set"


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``posterior`` subcommand to the CLI's subparsers and return its parser."""
    parser = subparsers.add_parser(
        NAME,
        help=HELP,
        description=(
            "Print every fitted parameter's prior range and spread beside its posterior "
            "(constrained: posterior spread under half the prior's), the strongest "
            "correlations between parameters, and the coverage of the 90 % predictive "
            "intervals of one set of the observed record (default the test set, held "
            "back from the fit) by members with the default parameters, members drawn "
            "from the prior and members drawn from the posterior."
        ),
    )
    parser.add_argument(
        "folder", nargs="?", type=Path, default=None, help="posterior folder (default: shipped)"
    )
    parser.add_argument(
        "--members", type=natural(10, 100_000), default=200, help="members per source (200)"
    )
    parser.add_argument("--seed", type=natural(0), default=0, help="random seed (default 0)")
    parser.add_argument(
        "--split", choices=("test", "fit"), default="test", help="the set to check (test)"
    )
    parser.add_argument(
        "--correlations", type=natural(0), default=10, help="strongest pairs shown (10)"
    )
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Load, check and print; ScenariosError propagates to the CLI, which prints it."""
    import pandas as pd

    from scenarios.calibration.checks import correlations, coverage_by_source, prior_posterior
    from scenarios.calibration.posterior import Posterior, posterior

    source = Posterior(*posterior(args.folder))
    manifest = source.manifest
    print(
        f"posterior: {len(source.draws)} draws of {len(manifest['parameters'])} parameters, "
        f"fitted to {manifest['targets']} targets ({', '.join(manifest['statistics'])}); "
        f"seed {manifest['seed']}, {manifest['evaluations']} simulations, "
        f"{len(manifest['rounds_run'])} rounds (stopped: {manifest['stopped']}), "
        f"last threshold {manifest['rounds_run'][-1]['epsilon'] or float('inf'):.3g}"
    )
    table = prior_posterior(source.draws)
    constrained = int(table["constrained"].sum())
    print(f"\nprior against posterior ({constrained} of {len(table)} constrained):")
    with pd.option_context("display.width", 160, "display.max_rows", 200):
        shown = table.drop(columns=["prior_mean"]).set_index("parameter")
        print(shown.to_string(float_format=lambda x: f"{x:.3g}"))
    if args.correlations:
        pairs = correlations(source.draws).head(args.correlations)
        print(f"\nstrongest correlations (of {len(table) * (len(table) - 1) // 2} pairs):")
        print(pairs.to_string(index=False, float_format=lambda x: f"{x:+.2f}"))
    _, summary = coverage_by_source(source, split=args.split, members=args.members, seed=args.seed)
    wide = summary.pivot(index="statistic", columns="source", values="share")
    counts = summary.drop_duplicates("statistic").set_index("statistic")["targets"]
    wide.insert(0, "targets", counts)
    print(
        f"\ncoverage of the 90 % predictive intervals, {args.split} set, "
        f"{args.members} members each (the aim is about 0.9):"
    )
    print(
        wide[["targets", "default", "prior", "posterior"]].to_string(float_format="{:.2f}".format)
    )
    return 0
