"""Bad input, as a careless or hurried user gives it: one clear line, nothing left behind.

Each case of :data:`CASES` is a command line (run in a fresh folder, with the files it
needs) that must fail with exit code 2, exactly one line on stderr (escaped, capped, no
traceback), and no file created, changed or removed anywhere: neither the output folder
nor a staging folder nor an empty parent folder is left. The classes are those of
issue 13; the signal cases (classes 9 and 10) are in ``test_faults_signals.py``.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from scenarios._meta import data_dir
from scenarios.cli import MAX_LINE, main
from scenarios.errors import DataError, ResultsError

TINY = """description = "A tiny world for fault tests."
[world]
actors = ["USA", "RUS", "PRK", "KOR", "JPN", "CHN"]
branch = "2024Q3"
horizon_quarters = 4
"""


def deep(opening: str, closing: str, levels: int = 1000) -> str:
    return opening * levels + closing * levels


@dataclass(frozen=True)
class Case:
    """A command line that must fail cleanly; ``{dir}`` is the folder it runs in."""

    argv: tuple[str, ...]
    expected: str
    files: dict[str, str | bytes] = field(default_factory=dict)


def _toml(text: str) -> dict[str, str]:
    return {"case.toml": text}


CASES = {
    # 1: files that are too deep, too big or hold numbers no one can convert
    "1-deep-arrays": Case(
        ("validate", "case.toml"),
        "nested too deeply",
        _toml(TINY + "[levers]\nx = " + deep("[", "]")),
    ),
    "1-deep-inline-tables": Case(
        ("show", "case.toml"), "nested too deeply", _toml(TINY + "x = " + deep("{a=", "}") + "\n")
    ),
    "1-deep-actors": Case(
        ("run", "case.toml", "--out", "out"),
        "nested too deeply",
        _toml(TINY.replace('["USA", "RUS", "PRK", "KOR", "JPN", "CHN"]', deep("[", "]", 2000))),
    ),
    "1-deep-event": Case(
        ("validate", "case.toml"),
        "nested too deeply",
        _toml(TINY + '[[events]]\nkind = "sanctions"\ndate = "2024Q4"\nactors = ' + deep("[", "]")),
    ),
    "1-deep-parent": Case(
        ("validate", "case.toml"),
        "parent.toml: not valid TOML here: arrays or inline tables nested too deeply",
        {
            "case.toml": 'extends = "parent"\ndescription = "Child."\n',
            "parent.toml": TINY + "x = " + deep("[", "]") + "\n",
        },
    ),
    "1-dotted-header-1000-deep": Case(
        ("validate", "case.toml"),
        "case.toml: a: unknown key",
        _toml(TINY + "[" + ".".join(["a"] * 1000) + "]\nb = 1\n"),
    ),
    "1-integer-of-5000-digits": Case(
        ("validate", "case.toml"),
        "an integer with thousands of digits",
        _toml(TINY.replace("= 4", "= " + "9" * 5000)),
    ),
    "1-magnitude-of-5000-digits": Case(
        ("run", "case.toml", "--out", "out"),
        "an integer with thousands of digits",
        _toml(
            TINY + '[[events]]\nkind = "sanctions"\ndate = "2024Q4"\nactors = ["USA", "RUS"]\n'
            "magnitude = -" + "7" * 5000 + "\n"
        ),
    ),
    "1-file-over-1-MB": Case(
        ("show", "case.toml"), "file is larger than 1024 KB", _toml(TINY + "#" * (1 << 20))
    ),
    # 2: an output folder that cannot be written is refused before the simulation
    "2-out-parent-is-a-file": Case(
        ("run", "case.toml", "--out", "notes.txt/out"), "a parent is a file", _toml(TINY)
    ),
    "2-out-grandparent-is-a-file": Case(
        ("run", "case.toml", "--out", "notes.txt/a/b/out"), "a parent is a file", _toml(TINY)
    ),
    "2-out-is-a-file": Case(
        ("run", "case.toml", "--out", "notes.txt"), "exists and is a file", _toml(TINY)
    ),
    "2-out-holds-other-files": Case(
        ("run", "case.toml", "--out", "."),
        "exists and is not a results folder",
        _toml(TINY),
    ),
    "2-out-in-proc": Case(
        ("run", "case.toml", "--out", "/proc/scenarios-fault-test/out"),
        "cannot write the results here",
        _toml(TINY),
    ),
    "2-out-in-sys": Case(
        ("run", "case.toml", "--out", "/sys/scenarios-fault-test"),
        "cannot write the results here",
        _toml(TINY),
    ),
    "2-out-under-dev-null": Case(
        ("run", "baseline", "--out", "/dev/null/out"), "a parent is a file (/dev/null)"
    ),
    "2-out-name-too-long-under-new-folders": Case(
        ("run", "case.toml", "--out", "new/deeper/" + "n" * 300),
        "File name too long",
        _toml(TINY),
    ),
    "2-out-broken-link": Case(
        ("run", "case.toml", "--out", "dangling"), "is a broken link", _toml(TINY)
    ),
    "2-report-out-parent-is-a-file": Case(
        ("report", "--out", "notes.txt/site"), "a parent is a file"
    ),
    "2-report-out-holds-other-files": Case(
        ("report", "--out", "."), "is not a results folder (no .scenarios-report)"
    ),
    # 3: absurd sizes are refused with a bound or a memory estimate
    "3-members-10-to-the-12": Case(
        ("run", "baseline", "--members", "1000000000000"), "from 1 to 1,000,000"
    ),
    "3-members-10-to-the-20": Case(
        ("run", "baseline", "--members", "1" + "0" * 20), "from 1 to 1,000,000"
    ),
    "3-members-beyond-memory": Case(
        ("run", "baseline", "--members", "1000000", "--out", "out"), "of memory, but about"
    ),
    "3-members-zero": Case(("run", "baseline", "--members", "0"), "expected an integer from 1"),
    "3-members-negative": Case(("run", "baseline", "--members", "-3"), "from 1 to"),
    "3-members-in-float-notation": Case(("run", "baseline", "--members", "1e3"), "from 1 to"),
    "3-members-with-underscores": Case(("run", "baseline", "--members", "1_000"), "from 1 to"),
    "3-sweep-members-10-to-the-12": Case(
        (
            "sweep",
            "case.toml",
            "--param",
            "sanctions.isolation_pull=0:0.1",
            "--members",
            "1000000000000",
            "--out",
            "out",
        ),
        "from 1 to 1,000,000",
        _toml(TINY),
    ),
    "3-sweep-points-10-to-the-9": Case(
        (
            "sweep",
            "case.toml",
            "--param",
            "sanctions.isolation_pull=0:0.1",
            "--points",
            "1000000000",
            "--out",
            "out",
        ),
        "from 1 to 1,000,000",
        _toml(TINY),
    ),
    "3-sweep-factorial-of-10-to-the-12-points": Case(
        (
            "sweep",
            "case.toml",
            "--design",
            "factorial",
            "--points",
            "10000",
            "--param",
            "sanctions.isolation_pull=0:0.1",
            "--param",
            "sanctions.trend_growth=0:0.01",
            "--param",
            "levers.sanctions_intensity=0:1",
            "--out",
            "out",
        ),
        "points (the product of the levels): expected a whole number from 1 to 1,000,000",
        _toml(TINY),
    ),
    "3-sweep-chunks-beyond-memory": Case(
        (
            "sweep",
            "case.toml",
            "--param",
            "sanctions.isolation_pull=0:0.1",
            "--members",
            "1000000",
            "--chunk-size",
            "1000000",
            "--out",
            "out",
        ),
        "of memory, but about",
        _toml(TINY),
    ),
    # 4: sweep options checked before anything runs
    "4-sweep-negative-seed-with-lhs": Case(
        (
            "sweep",
            "case.toml",
            "--param",
            "sanctions.isolation_pull=0:0.1",
            "--seed",
            "-1",
            "--out",
            "out",
        ),
        "argument --seed: '-1' not allowed; expected an integer >= 0",
        _toml(TINY),
    ),
    "4-sweep-scheduler-not-a-url": Case(
        (
            "sweep",
            "case.toml",
            "--param",
            "sanctions.isolation_pull=0:0.1",
            "--scheduler",
            "notaurl",
            "--out",
            "out",
        ),
        "--scheduler notaurl: cannot connect",
        _toml(TINY),
    ),
    "4-sweep-scheduler-unknown-scheme": Case(
        (
            "sweep",
            "case.toml",
            "--param",
            "sanctions.isolation_pull=0:0.1",
            "--scheduler",
            "ftp://example.org:8786",
            "--out",
            "out",
        ),
        "cannot connect (unknown address scheme",
        _toml(TINY),
    ),
    "4-sweep-workers-zero": Case(
        (
            "sweep",
            "case.toml",
            "--param",
            "sanctions.isolation_pull=0:0.1",
            "--workers",
            "0",
            "--out",
            "out",
        ),
        "argument --workers: '0' not allowed",
        _toml(TINY),
    ),
    "4-sweep-out-parent-is-a-file": Case(
        (
            "sweep",
            "case.toml",
            "--param",
            "sanctions.isolation_pull=0:0.1",
            "--out",
            "notes.txt/sweep",
        ),
        "a parent is a file",
        _toml(TINY),
    ),
    # 5: quarters bounded where they are parsed
    "5-branch-in-year-9999": Case(
        ("validate", "case.toml"), "world.branch", _toml(TINY.replace("2024Q3", "9999Q4"))
    ),
    "5-branch-in-year-1": Case(
        ("validate", "case.toml"), "world.branch", _toml(TINY.replace("2024Q3", "0001Q1"))
    ),
    "5-branch-after-the-end-of-the-record": Case(
        ("run", "case.toml", "--out", "out"),
        "case.toml: world.branch: 2027Q1 is after the end of the record; allowed: 2021Q4",
        _toml(TINY.replace("2024Q3", "2027Q1")),
    ),
    "5-branch-before-the-start": Case(
        ("validate", "case.toml"),
        "case.toml: world.branch: 2020Q1 is before the trunk's start; allowed: 2021Q4",
        _toml(TINY.replace("2024Q3", "2020Q1")),
    ),
    "5-event-before-the-branch": Case(
        ("run", "case.toml", "--out", "out"),
        "case.toml: events[0].date: 2024Q2 is before the branch; allowed: 2024Q3 to 2025Q2",
        _toml(
            TINY + '[[events]]\nkind = "sanctions"\ndate = 2024-06-01\nactors = ["USA", "RUS"]\n'
        ),
    ),
    "5-lever-change-before-the-branch": Case(
        ("show", "case.toml"),
        "case.toml: lever_changes[0].date: 2023Q1 is before the branch; allowed: 2024Q3 to",
        _toml(TINY + '[[lever_changes]]\nlever = "interdiction"\ndate = "2023Q1"\nvalue = 0.5\n'),
    ),
    "5-start-set-by-a-scenario": Case(
        ("validate", "case.toml"),
        "case.toml: world.start: set once by the trunk",
        _toml(TINY + 'start = "2024Q3"\n'),
    ),
    "5-ceasefire-in-year-9000": Case(
        ("validate", "case.toml"),
        "levers.ceasefire",
        _toml(TINY + '[levers]\nceasefire = "9000Q1"\n'),
    ),
    "5-run-far-future-leaves-nothing": Case(
        ("run", "case.toml", "--out", "out"),
        "world.branch",
        _toml(TINY.replace("2024Q3", "9998Q1")),
    ),
    # 7: extends from a folder of one's own
    "7-extends-typo-outside-data": Case(
        ("validate", "case.toml"),
        "no scenario 'basline' in . or among the shipped scenarios (did you mean baseline?)",
        _toml('extends = "basline"\ndescription = "Mine."\n'),
    ),
    # 8: ASCII digits only, bounded
    "8-full-width-seed": Case(("run", "baseline", "--seed", "\uff10"), "'\uff10' not allowed"),
    "8-arabic-indic-members": Case(
        ("run", "baseline", "--members", "\u0663"), "'\u0663' not allowed"
    ),
    "8-full-width-branch": Case(
        ("validate", "case.toml"),
        "world.branch",
        _toml(TINY.replace("2024Q3", "\uff12\uff10\uff12\uff14Q3")),
    ),
    "8-full-width-event-quarter": Case(
        ("validate", "case.toml"),
        "events[0].date",
        _toml(
            TINY + '[[events]]\nkind = "sanctions"\ndate = "\uff12\uff10\uff12\uff14Q4"\n'
            'actors = ["USA", "RUS"]\n'
        ),
    ),
    # 12: user text is cut and escaped in every error line
    "12-key-of-900-KB": Case(
        ("validate", "case.toml"),
        "case.toml: world.kkkkk",
        _toml(TINY.replace("[world]", '[world]\n"' + "k" * 900_000 + '" = 1')),
    ),
    "12-key-with-carriage-return-and-ansi": Case(
        ("validate", "case.toml"),
        "world.a\\rb\\x1b[2Jc: unknown key",
        _toml(TINY.replace("[world]", '[world]\n"a\\rb\\u001b[2Jc" = 1')),
    ),
    "12-key-with-bidi-override": Case(
        ("show", "case.toml"),
        "levers.x\\u202ey: unknown lever",
        _toml(TINY + '[levers]\n"x\\u202ey" = 1\n'),
    ),
    "12-lever-value-with-ansi": Case(
        ("validate", "case.toml"),
        "levers.china_stance: a string ('\\x1b[31mred')",
        _toml(TINY + '[levers]\nchina_stance = "\\u001b[31mred"\n'),
    ),
    "12-name-with-ansi": Case(("show", "\x1b[2Jbaseline"), "no scenario named '\\x1b[2Jbaseline'"),
    "12-name-of-100-KB": Case(("show", "b" * 100_000), "no scenario named 'bbbb"),
    "12-file-name-too-long": Case(("show", "f" * 5000 + ".toml"), "cannot read the file"),
    "12-undecodable-file-name": Case(("validate", "\udcff.toml"), "\\udcff.toml: no such"),
    "12-file-name-with-newline": Case(
        ("validate", "bad\nname.toml"),
        "bad name.toml: world.horizon_quarters",
        {"bad\nname.toml": TINY.replace("= 4", "= -4")},
    ),
    "12-sweep-param-with-ansi": Case(
        ("sweep", "baseline", "--param", "\x1b[2J=1:2", "--out", "out"), "unknown key '\\x1b[2J'"
    ),
}


def tree(folder: Path) -> dict[str, tuple[bool, int, int, int]]:
    """Every path under ``folder`` with its kind, size, mode and modification time."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            info = path.lstat()
            found[str(path.relative_to(folder))] = (
                stat.S_ISDIR(info.st_mode),
                info.st_size,
                info.st_mode,
                info.st_mtime_ns,
            )
    return found


def assert_one_clean_line(code: int, err: str, expected: str) -> None:
    assert code == 2, err
    assert err.startswith("error: ") and err.endswith("\n")
    line = err[:-1]
    assert "\n" not in line and "Traceback" not in line
    assert line.isprintable(), repr(line[:200])
    assert len(line) <= len("error: ") + MAX_LINE
    assert expected in line, line[:400]


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_bad_input_is_one_line_and_leaves_nothing(case, tmp_path, monkeypatch, capsys):
    for name, content in case.files.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    (tmp_path / "notes.txt").write_text("a file that is not a folder\n")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    monkeypatch.chdir(tmp_path)
    before, shipped = tree(tmp_path), tree(data_dir())
    code = main(list(case.argv))
    captured = capsys.readouterr()
    assert_one_clean_line(code, captured.err, case.expected)
    assert "wrote" not in captured.out  # nothing was simulated and written
    assert tree(tmp_path) == before
    assert tree(data_dir()) == shipped


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_out_in_a_read_only_folder(tmp_path, monkeypatch, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    monkeypatch.chdir(tmp_path)
    before = tree(tmp_path)
    code = main(["run", "baseline", "--out", "locked/a/out"])
    assert_one_clean_line(code, capsys.readouterr().err, "Permission denied")
    assert tree(tmp_path) == before


def test_a_failed_write_leaves_no_parent_folders(tmp_path):
    """A write that fails after the simulation (here: a file size limit, as a full disk
    would) leaves neither the staging folder nor the parent folders it made."""
    import subprocess
    import sys

    (tmp_path / "case.toml").write_text(TINY)
    run = subprocess.run(
        [sys.executable, "-c", _LIMITED_RUN, "case.toml", "--out", "new/deeper/out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert_one_clean_line(run.returncode, run.stderr, "File too large")
    assert sorted(os.listdir(tmp_path)) == ["case.toml"]


# A file size limit makes writes fail with EFBIG (Python ignores SIGXFSZ).
_LIMITED_RUN = """
import resource, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))
from scenarios.cli import main
raise SystemExit(main(["run", *sys.argv[1:]]))
"""


# -- 6: a world without the overview's pairs is plotted with what it has ------------------


@pytest.mark.parametrize("actors", [["RUS", "PRK"], ["CHN", "IND"], ["USA", "CHN", "KOR"]])
def test_run_plots_what_exists(actors, tmp_path, capsys):
    path = tmp_path / "small.toml"
    path.write_text(TINY.replace('["USA", "RUS", "PRK", "KOR", "JPN", "CHN"]', json.dumps(actors)))
    assert main(["validate", str(path)]) == 0
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 0, capsys.readouterr().err
    assert (tmp_path / "out" / "overview.png").stat().st_size > 0


# -- 7: extends finds the shipped scenarios from anywhere, and show says which -----------


def test_extends_baseline_from_any_folder(tmp_path, monkeypatch, capsys):
    (tmp_path / "my.toml").write_text(
        'description = "China backs Russia."\nextends = "baseline"\n'
        '[levers]\nchina_stance = "supportive"\n'
    )
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "my.toml"]) == 0
    assert capsys.readouterr().out == "ok: my.toml\n"
    assert main(["show", "my.toml"]) == 0
    heading = capsys.readouterr().out.splitlines()[1]
    assert heading == (
        f"# extends baseline ({data_dir() / 'scenarios' / 'baseline.toml'}); inherited values "
        "are written out"
    )


def test_a_local_parent_comes_before_the_shipped_one(tmp_path, capsys):
    (tmp_path / "baseline.toml").write_text(TINY)
    (tmp_path / "my.toml").write_text('description = "Mine."\nextends = "baseline"\n')
    assert main(["show", str(tmp_path / "my.toml")]) == 0
    text = capsys.readouterr().out
    assert f"# extends baseline ({tmp_path / 'baseline.toml'})" in text
    assert "horizon_quarters = 4\n" in text


def test_extends_a_shipped_child_resolves_its_whole_chain(tmp_path, capsys):
    (tmp_path / "my.toml").write_text('description = "Mine."\nextends = "no_pact"\n')
    assert main(["show", str(tmp_path / "my.toml")]) == 0
    assert "pact = false" in capsys.readouterr().out


# -- 8: the fact loader takes ASCII digits only, and bounded numbers ----------------------


def _copy_facts(target: Path) -> Path:
    from scenarios.facts import SCHEMA

    target.mkdir()
    for table in SCHEMA.values():
        shutil.copy(data_dir() / table.file, target / table.file)
    return target


def _set_cell(folder: Path, file: str, row: int, column: str, value: str) -> None:
    path = folder / file
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


FACT_CASES = {
    "full-width-decimal": ("states.csv", "gdp_usd_bn_2023", "\uff12\uff17.5", "is not a number"),
    "arabic-indic-year": ("sanctions.csv", "start_year", "\u0662\u0660\u0661\u0660", "whole"),
    "23-digit-integer": ("states.csv", "nuclear_warheads_2024", "1" * 23, "at most 15"),
    "16-digit-decimal": ("states.csv", "population_m_2023", "9" * 16 + ".5", "at most 15"),
    "full-width-date": ("events.csv", "date", "\uff12\uff10\uff12\uff14-06-19", "valid date"),
    "superscript-digits": ("states.csv", "capital_lat", "\u00b9\u00b2", "is not a number"),
}


@pytest.mark.parametrize("case", list(FACT_CASES.values()), ids=list(FACT_CASES))
def test_fact_numbers_are_ascii_and_bounded(case, tmp_path):
    from scenarios.facts import load_facts

    file, column, value, expected = case
    folder = _copy_facts(tmp_path / "data")
    _set_cell(folder, file, 1, column, value)
    with pytest.raises(DataError) as raised:
        load_facts(folder)
    message = str(raised.value)
    assert "\n" not in message and expected in message, message


# -- 11: damaged saved results raise ResultsError only -----------------------------------


def _saved(tmp_path: Path) -> Path:
    from scenarios import load_scenario, run_ensemble, save

    (tmp_path / "tiny.toml").write_text(TINY)
    result = run_ensemble(load_scenario(tmp_path / "tiny.toml"), members=2, seed=0)
    return save(result, tmp_path / "saved", format="csv")


def _rewrite_manifest(folder: Path, change) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    change(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _non_numeric_value(folder: Path, manifest: dict) -> None:
    part = folder / "metrics" / "part-00000.csv"
    lines = part.read_text().splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",abc"
    part.write_text("\n".join(lines) + "\n")
    manifest["files"]["metrics/part-00000.csv"]["sha256"] = _sha256(part)


def _renamed_part(folder: Path, manifest: dict) -> None:
    (folder / "metrics" / "part-00000.csv").rename(folder / "metrics" / "part-x.csv")
    manifest["files"]["metrics/part-x.csv"] = manifest["files"].pop("metrics/part-00000.csv")


def _outside_file(folder: Path, manifest: dict) -> None:
    outside = folder.parent / "tiny.toml"
    manifest["scenario"] = "../tiny.toml"
    manifest["files"]["../tiny.toml"] = {"sha256": _sha256(outside)}


DAMAGE = {
    "negative-members": lambda folder, manifest: manifest.update(members=-3),
    "huge-members": lambda folder, manifest: manifest.update(members=10**12),
    "non-numeric-value-with-recomputed-hash": _non_numeric_value,
    "path-outside-the-folder": _outside_file,
    "part-name-not-a-number": _renamed_part,
    "negative-seed": lambda folder, manifest: manifest.update(seed=-1),
}


@pytest.mark.parametrize("damage", list(DAMAGE.values()), ids=list(DAMAGE))
def test_load_raises_results_error_only(damage, tmp_path):
    from scenarios import load

    folder = _saved(tmp_path)
    _rewrite_manifest(folder, lambda manifest: damage(folder, manifest))
    with pytest.raises(ResultsError):
        load(folder)


def test_load_reads_what_run_writes(tmp_path, capsys):
    from scenarios import Results, load, load_scenario, simulate

    (tmp_path / "tiny.toml").write_text(TINY)
    assert main(["run", str(tmp_path / "tiny.toml"), "--out", str(tmp_path / "out")]) == 0
    loaded = load(tmp_path / "out")
    assert isinstance(loaded, Results)
    # `scenarios run` draws its member's parameters from the posterior by default
    again = simulate(load_scenario(tmp_path / "tiny.toml"), parameters="posterior")
    assert loaded.parameters == again.parameters == "posterior"
    for name in ("states", "relations", "blocs", "metrics"):
        ours, theirs = getattr(loaded, name), getattr(again, name)
        assert list(ours.columns) == list(theirs.columns)
        for column in ours.columns:
            assert list(ours[column].astype(str)) == list(theirs[column].astype(str)), column
    assert loaded.summary().to_dict("index") == again.summary().to_dict("index")


RUN_DAMAGE = {
    "members-negative": lambda manifest: manifest.update(members=[-1]),
    "members-empty": lambda manifest: manifest.update(members=[]),
    "members-repeated": lambda manifest: manifest.update(members=[0, 0]),
    "seed-text": lambda manifest: manifest.update(seed="zero"),
    "parameters-unknown": lambda manifest: manifest.update(parameters="prior"),
    "file-outside": lambda manifest: manifest["files"].__setitem__(0, "../../etc/passwd"),
}


@pytest.mark.parametrize("damage", list(RUN_DAMAGE.values()), ids=list(RUN_DAMAGE))
def test_load_of_a_damaged_run_folder_raises_results_error(damage, tmp_path, capsys):
    from scenarios import load

    (tmp_path / "tiny.toml").write_text(TINY)
    assert main(["run", str(tmp_path / "tiny.toml"), "--out", str(tmp_path / "out")]) == 0
    manifest = json.loads((tmp_path / "out" / "run.json").read_text())
    damage(manifest)
    (tmp_path / "out" / "run.json").write_text(json.dumps(manifest))
    with pytest.raises(ResultsError):
        load(tmp_path / "out")


def test_load_of_a_run_table_with_text_values(tmp_path, capsys):
    from scenarios import load

    (tmp_path / "tiny.toml").write_text(TINY)
    assert main(["run", str(tmp_path / "tiny.toml"), "--out", str(tmp_path / "out")]) == 0
    states = tmp_path / "out" / "states.csv"
    lines = states.read_text().splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",lots"
    states.write_text("\n".join(lines) + "\n")
    with pytest.raises(ResultsError, match="column revenue holds text"):
        load(tmp_path / "out")


# -- 13: result folders honour the umask ---------------------------------------------------


def test_run_folder_honours_the_umask(tmp_path, capsys):
    (tmp_path / "tiny.toml").write_text(TINY)
    previous = os.umask(0o022)
    try:
        assert main(["run", str(tmp_path / "tiny.toml"), "--out", str(tmp_path / "a" / "out")]) == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "a" / "out").stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o755


def test_saved_results_honour_the_umask(tmp_path):
    previous = os.umask(0o027)
    try:
        folder = _saved(tmp_path)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o750
