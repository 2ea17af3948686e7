"""Resumable rounds: every completed ABC-SMC round kept beside the posterior being written.

``scenarios calibrate --out DIR`` keeps each round in ``.DIR.rounds/`` beside ``DIR`` as it
completes (``round-T.npz``, each written to a temporary name and renamed, so a round file
is whole or absent), with the fit's settings in ``settings.json``. Rerun after an
interruption with the same settings, the fit loads those rounds and goes on after them;
since a round depends only on the rounds before it and the seed, the posterior is the one
an uninterrupted fit writes, bit for bit. Kept rounds of other settings are discarded. The
folder is removed once the posterior is written.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np

from scenarios.calibration.smc import Round
from scenarios.errors import ResultsError

SETTINGS = "settings.json"


class Checkpoint:
    """The kept rounds of one fit.

    Parameters
    ----------
    out : path
        The posterior folder the fit will write.
    settings : dict
        Everything that determines the rounds (JSON-serialisable); rounds kept under
        other settings are not resumed.

    Attributes
    ----------
    path : pathlib.Path
        ``.NAME.rounds`` beside ``out``.
    """

    def __init__(self, out: str | os.PathLike, settings: dict) -> None:
        out = Path(os.path.abspath(out))
        self.path = out.with_name(f".{out.name}.rounds")
        self.settings = json.loads(json.dumps(settings))  # as it reads back from the file

    def load(self) -> list[Round]:
        """The rounds kept by a fit with the same settings, in order (none otherwise)."""
        try:
            kept = json.loads((self.path / SETTINGS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            kept = None
        if kept != self.settings:
            self.remove()
            return []
        rounds = []
        while (file := self.path / f"round-{len(rounds)}.npz").is_file():
            try:
                with np.load(file) as saved:
                    rounds.append(
                        Round(
                            draws=saved["draws"],
                            weights=saved["weights"],
                            distances=saved["distances"],
                            epsilon=float(saved["epsilon"]),
                            proposals=int(saved["proposals"]),
                            simulations=int(saved["simulations"]),
                        )
                    )
            except (OSError, ValueError, KeyError) as error:
                raise ResultsError(
                    f"{file}: a kept round cannot be read ({error}); remove {self.path} "
                    "to start the fit afresh"
                ) from None
        return rounds

    def save(self, one: Round) -> None:
        """Keep a completed round (the next number), whole or not at all."""
        self.path.mkdir(exist_ok=True)
        settings = self.path / SETTINGS
        if not settings.is_file():
            _replace(settings, json.dumps(self.settings, indent=2).encode())
        index = len(list(self.path.glob("round-*.npz")))
        temporary = self.path / f"round-{index}.npz.partial"
        with open(temporary, "wb") as handle:
            np.savez(
                handle,
                draws=one.draws,
                weights=one.weights,
                distances=one.distances,
                epsilon=one.epsilon,
                proposals=one.proposals,
                simulations=one.simulations,
            )
        os.replace(temporary, self.path / f"round-{index}.npz")

    def remove(self) -> None:
        """Drop every kept round."""
        shutil.rmtree(self.path, ignore_errors=True)


def _replace(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".partial")
    temporary.write_bytes(data)
    os.replace(temporary, path)
