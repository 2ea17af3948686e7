"""The posterior as a folder: :func:`write_posterior` and :func:`posterior`.

A posterior folder holds ``draws.csv`` (one row per accepted draw: its ``weight``, then
one column per fitted parameter) and ``posterior.json``, its manifest, written last: the
model version it was fitted with, the seed, the fit set's hash (SHA-256 of the targets it
was fitted to, so a posterior is tied to one record and one split), the statistics, the
ABC settings and thresholds, and the SHA-256 of ``draws.csv``. The folder is written
atomically (:class:`scenarios.output.StagedFolder`). The shipped posterior lives in
``data/posterior/`` and is written only by ``scenarios calibrate --out data/posterior
--seed 0`` from the shipped record; :func:`posterior` says so when it is missing.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from scenarios._meta import data_dir, version
from scenarios.errors import ResultsError, ScenariosError

MANIFEST = "posterior.json"
"""The manifest, written last: its presence marks a complete posterior folder."""

DRAWS = "draws.csv"
"""The weighted draws."""

FORMAT = 1
"""Version of the folder's layout."""

PICK = 2**32 - 2
"""First entry of the spawn keys members pick their posterior draw with: (PICK, member),
apart from a member's noise stream (its 1-tuple) and the calibration's proposals."""

PARAMETER_SOURCES = ("default", "posterior")
"""What an ensemble's parameters come from: the registry defaults for every member (the
noise alone varies), or one posterior draw per member (noise and parameters vary)."""

DEFAULT_SOURCE = "posterior"
"""Where ensembles' parameters come from unless told otherwise: the shipped posterior, so
that every band covers what the record leaves unknown about the assumed rates as well as
the noise. ``"default"`` gives noise-only ensembles."""


def fit_set_hash(table: pd.DataFrame) -> str:
    """SHA-256 of a target table (statistic, state, year, value, bound, scale), as hex.

    Values are written with ``repr``, so any change of a figure changes the hash.
    """
    lines = [
        f"{row.statistic},{row.state},{row.year},{float(row.value)!r},{row.bound},"
        f"{float(row.scale)!r}"
        for row in table.itertuples(index=False)
    ]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def write_posterior(fit, out, *, table: pd.DataFrame, settings: dict) -> Path:
    """Write a fit as a posterior folder, atomically.

    Parameters
    ----------
    fit : scenarios.calibration.smc.Fit
        The ABC-SMC result.
    out : path
        The folder; replaced only when missing, empty or an earlier posterior.
    table : pandas.DataFrame
        The targets it was fitted to (their hash goes into the manifest).
    settings : dict
        What else the manifest records (population, generations, record folder, ...).

    Returns
    -------
    pathlib.Path
        The folder written.
    """
    from scenarios.output import StagedFolder

    draws = fit.draws.copy()
    draws.insert(0, "weight", fit.weights)
    text = draws.to_csv(index=False, float_format="%.17g", lineterminator="\n")
    manifest = {
        "format": FORMAT,
        "model_version": version(),
        "seed": fit.seed,
        "fit_set_hash": fit_set_hash(table),
        "statistics": sorted(set(table["statistic"])),
        "targets": len(table),
        "parameters": list(fit.draws.columns),
        "draws": len(draws),
        # a round: its threshold (none for round 0, which keeps its prior sample), the
        # draws it proposed and simulated
        "rounds_run": [
            {
                "epsilon": None if math.isinf(one.epsilon) else one.epsilon,
                "proposals": one.proposals,
                "simulations": one.simulations,
            }
            for one in fit.rounds
        ],
        "stopped": fit.stopped,
        "evaluations": fit.evaluations,
        "draws_sha256": hashlib.sha256(text.encode()).hexdigest(),
        **settings,
    }
    with StagedFolder(out, MANIFEST) as staging:
        (staging / DRAWS).write_text(text, encoding="utf-8")
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return Path(out)


def posterior(path=None) -> tuple[pd.DataFrame, dict]:
    """Load a posterior written by ``scenarios calibrate``.

    Parameters
    ----------
    path : path, optional
        The posterior folder; default the shipped one, ``data/posterior/``.

    Returns
    -------
    draws : pandas.DataFrame
        Column ``weight`` (summing to 1), then one column per fitted parameter.
    manifest : dict
        The contents of ``posterior.json``.

    Raises
    ------
    ScenariosError
        When no posterior ships (or the folder has none), or a one-line
        :class:`~scenarios.errors.ResultsError` when the folder is corrupted (a file
        missing or altered, a weight or value out of range) or was fitted with another
        model version.
    """
    from scenarios.registry.parameters import PARAMETERS

    folder = Path(path) if path is not None else data_dir() / "posterior"
    if path is None and not (folder / MANIFEST).is_file():
        raise ScenariosError(
            "no posterior in data/posterior/: it is written by `scenarios calibrate "
            "--out data/posterior --seed 0` from the observed record"
        )
    where = folder / MANIFEST
    try:
        manifest = json.loads(where.read_text(encoding="utf-8"))
        text = (folder / DRAWS).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ResultsError(f"{error.filename}: not found; not a posterior folder") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise ResultsError(f"{where}: not a readable manifest ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ResultsError(f"{where}: key 'format' must be {FORMAT}")
    if manifest.get("model_version") != version():
        raise ResultsError(
            f"{where}: key 'model_version' is {manifest.get('model_version')!r}, this model "
            f"is {version()}; rerun `scenarios calibrate` for this version"
        )
    if hashlib.sha256(text.encode()).hexdigest() != manifest.get("draws_sha256"):
        raise ResultsError(f"{folder / DRAWS}: altered or corrupted (its hash does not match)")
    draws = pd.read_csv(io.StringIO(text))
    expected = ["weight", *manifest.get("parameters", [])]
    if list(draws.columns) != expected or len(draws) != manifest.get("draws"):
        raise ResultsError(f"{folder / DRAWS}: columns or rows differ from {MANIFEST}")
    weights = draws["weight"].to_numpy(dtype=float)
    if (weights < 0).any() or not math.isclose(weights.sum(), 1.0, rel_tol=1e-9):
        raise ResultsError(f"{folder / DRAWS}, column 'weight': weights must be >= 0, sum 1")
    for key in expected[1:]:
        spec = PARAMETERS.get(key)
        values = draws[key].to_numpy(dtype=float)
        if spec is None or not np.all((values >= spec.low) & (values <= spec.high)):
            raise ResultsError(
                f"{folder / DRAWS}, column {key!r}: not a parameter, or a value outside "
                "its registry range"
            )
    return draws, manifest


@dataclass(frozen=True, eq=False)
class Posterior:
    """A loaded posterior, as a source of one parameter draw per ensemble member.

    Attributes
    ----------
    draws : pandas.DataFrame
        ``weight``, then one column per fitted parameter.
    manifest : dict
        The folder's ``posterior.json``.
    """

    draws: pd.DataFrame
    manifest: dict

    def picks(self, seed: int, first_member: int, members: int) -> np.ndarray:
        """The row each member draws: member *m* picks by weight from its own stream.

        Member *m* draws one uniform number from ``SeedSequence(seed, spawn_key=(PICK, m))``,
        so its pick does not depend on its batch, executor or the other members.
        """
        edges = np.cumsum(self.draws["weight"].to_numpy(dtype=float))
        uniforms = [
            np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(PICK, m))).random()
            for m in range(first_member, first_member + members)
        ]
        return np.minimum(np.searchsorted(edges, uniforms, side="right"), len(edges) - 1)

    def overrides(self, seed: int, first_member: int, members: int) -> dict[str, np.ndarray]:
        """Parameter overrides, one value per member (``"section.name"`` -> array)."""
        rows = self.picks(seed, first_member, members)
        return {key: self.draws[key].to_numpy(dtype=float)[rows] for key in self.draws.columns[1:]}


def parameter_source(parameters: str | os.PathLike) -> Posterior | None:
    """Where members' parameters come from: None for the defaults, else a posterior.

    Parameters
    ----------
    parameters : str or path
        ``"default"`` (registry defaults, noise-only ensembles), ``"posterior"`` (the
        shipped posterior) or the path of a posterior folder.

    Returns
    -------
    Posterior or None

    Raises
    ------
    ScenariosError
        For another word, or (see :func:`posterior`) a missing, corrupted or foreign
        posterior.
    """
    if isinstance(parameters, str) and parameters == "default":
        return None
    if isinstance(parameters, str) and parameters == "posterior":
        return Posterior(*posterior())
    if isinstance(parameters, str | os.PathLike) and Path(parameters).is_dir():
        return Posterior(*posterior(parameters))
    raise ScenariosError(
        f"parameters: {str(parameters)!r} is not allowed; allowed: "
        f"{', '.join(PARAMETER_SOURCES)}, or the folder of a posterior"
    )
