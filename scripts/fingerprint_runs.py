"""Fingerprint the CSVs that ``scenarios run`` writes for every shipped scenario.

A refactor that must not change results is checked by running this before and after it
and comparing the two outputs (``--check FILE`` does the comparison)::

    .venv/bin/python scripts/fingerprint_runs.py --json before.json
    .venv/bin/python scripts/fingerprint_runs.py --check before.json

Each scenario runs as ``scenarios run NAME --members 3 --seed 0 --out DIR`` in a
subprocess (the command a user types), and every CSV it writes is hashed with SHA-256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shipped_scenarios() -> list[str]:
    """The names of the scenario files that ship in ``data/scenarios``."""
    return sorted(path.stem for path in (ROOT / "data" / "scenarios").glob("*.toml"))


def fingerprint(name: str, members: int, seed: int) -> dict[str, str]:
    """SHA-256 of every CSV that one ``scenarios run`` writes, by file name."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / name
        command = [sys.executable, "-m", "scenarios", "run", name]
        command += ["--members", str(members), "--seed", str(seed), "--out", str(out)]
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        return {
            path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(out.glob("*.csv"))
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write the fingerprints to this file")
    parser.add_argument("--check", type=Path, help="compare with fingerprints written earlier")
    args = parser.parse_args(argv)
    prints = {name: fingerprint(name, args.members, args.seed) for name in shipped_scenarios()}
    for name, files in prints.items():
        for file, digest in files.items():
            print(f"{name:20s} {file:14s} {digest}")
    if args.json:
        args.json.write_text(json.dumps(prints, indent=2, sort_keys=True) + "\n")
    if args.check:
        before = json.loads(args.check.read_text())
        changed = [
            f"{name}/{file}"
            for name in sorted(before.keys() | prints.keys())
            for file in sorted(before.get(name, {}).keys() | prints.get(name, {}).keys())
            if before.get(name, {}).get(file) != prints.get(name, {}).get(file)
        ]
        if changed:
            print(f"changed: {', '.join(changed)}")
            return 1
        print(f"identical: {sum(map(len, prints.values()))} files in {len(prints)} scenarios")
    return 0


if __name__ == "__main__":
    sys.exit(main())
