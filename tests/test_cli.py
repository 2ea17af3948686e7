import subprocess
import sys
import tomllib

import pytest

from scenarios import cli
from scenarios.cli import main
from scenarios.errors import DataError
from scenarios.scenario import list_scenarios, load_scenario

VALID = """description = "A test scenario."
[world]
actors = ["USA", "RUS", "PRK"]
branch = "2024Q3"
horizon_quarters = 4
"""


def test_list_prints_every_scenario_with_its_description(capsys):
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    table = list_scenarios()
    assert lines[0].split() == ["name", "description"]
    assert len(lines) == len(table) + 1
    for line, name, description in zip(lines[1:], table["name"], table["description"], strict=True):
        assert line.split(maxsplit=1) == [name, description]


def test_list_of_another_folder(tmp_path, capsys):
    (tmp_path / "only.toml").write_text(VALID)
    assert main(["list", "--dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "only  A test scenario."


def test_validate_without_arguments_checks_every_shipped_scenario(capsys):
    assert main(["validate"]) == 0
    names = list(list_scenarios()["name"])
    assert capsys.readouterr().out.splitlines() == [f"ok: {name}" for name in names]


def test_validate_reports_each_file_and_fails_if_any_is_bad(tmp_path, capsys):
    good = tmp_path / "good.toml"
    good.write_text(VALID)
    bad = tmp_path / "bad.toml"
    bad.write_text(VALID.replace("= 4", "= 400"))
    assert main(["validate", str(bad), str(good), "baseline"]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [f"ok: {good}", "ok: baseline"]
    assert captured.err == (
        f"error: {bad}: world.horizon_quarters: expected an integer from 0 to 200 (quarters "
        "after the branch), got an integer (400)\n"
    )


def test_show_prints_toml_that_loads_back(capsys):
    assert main(["show", "no_pact"]) == 0
    text = capsys.readouterr().out
    assert tomllib.loads(text) == load_scenario("no_pact").to_dict()
    assert "pact = false  # true or false; default true" in text
    assert text.startswith("# scenario no_pact: fully resolved from ")


def test_show_of_a_file(tmp_path, capsys):
    path = tmp_path / "mine.toml"
    path.write_text(VALID + '[levers]\nceasefire = "2025Q1"\n')
    assert main(["show", str(path)]) == 0
    data = tomllib.loads(capsys.readouterr().out)
    assert data["levers"]["ceasefire"] == "2025Q1"
    assert data["world"]["actors"] == ["USA", "RUS", "PRK"]


def test_unknown_scenario_is_one_line_and_exit_2(capsys):
    assert main(["show", "basline"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("error: no scenario named 'basline' in ")
    assert "(did you mean baseline?)" in captured.err


def test_debug_shows_the_exception_instead(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("description = 1\n")
    with pytest.raises(Exception, match=r"description: expected a one-line string"):
        main(["--debug", "validate", str(path)])
    with pytest.raises(Exception, match=r"no scenario named"):
        main(["show", "nothing", "--debug"])


def test_every_scenarios_error_becomes_one_line(monkeypatch, capsys):
    def broken(name):
        raise DataError("data/states.csv: line 3,\n column 'iso3': bad")

    monkeypatch.setattr("scenarios.scenario.layers.load_scenario", broken)
    assert main(["show", "baseline"]) == 2
    assert capsys.readouterr().err == "error: data/states.csv: line 3, column 'iso3': bad\n"


def test_ctrl_c_exits_130_with_one_line(monkeypatch, capsys):
    def interrupted(name):
        raise KeyboardInterrupt

    monkeypatch.setattr("scenarios.scenario.layers.load_scenario", interrupted)
    assert main(["show", "baseline"]) == 130
    assert capsys.readouterr().err == "error: interrupted\n"


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["lst"], "argument COMMAND: invalid choice: 'lst'"),
        ([], "the following arguments are required: COMMAND"),
        (["show"], "the following arguments are required: NAME|FILE"),
        (["list", "--color"], "unrecognized arguments: --color"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(argv, fragment, capsys):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert captured.err.startswith(f"error: {fragment}")
    assert captured.err.endswith(" --help)\n")


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("list", "validate", "show", "report"):
        assert f"    {command}" in out


def test_command_modules_register_themselves(tmp_path, monkeypatch, capsys):
    package = tmp_path / "extra_commands"
    package.mkdir()
    (package / "hello.py").write_text(
        "def register(subparsers):\n"
        "    parser = subparsers.add_parser('hello', help='say hello')\n"
        "    parser.add_argument('who')\n"
        "    parser.set_defaults(handler=lambda args: print(f'hello {args.who}') or 0)\n"
        "    return parser\n"
    )
    (package / "_private.py").write_text("raise RuntimeError('never imported')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(cli, "COMMANDS_PACKAGE", "extra_commands")
    assert main(["hello", "world", "--debug"]) == 0
    assert capsys.readouterr().out == "hello world\n"


def test_python_dash_m_and_a_closed_pipe(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('description = "x"\n[world]\nbranch = "2024Q9"\n')
    run = subprocess.run(
        [sys.executable, "-m", "scenarios", "validate", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr == (
        f'error: {bad}: world.branch: expected a quarter string like "2024Q3" (1800Q1 to '
        "2200Q4), got a string "
        "('2024Q9')\n"
    )
    # a reader that stops early (`| head -1`) must not produce a traceback; the output
    # is made larger than a pipe's buffer so that the writer does meet the closed pipe
    for i in range(2500):
        (tmp_path / f"s{i}.toml").write_text(f'description = "{i:04d} {"x" * 80}"\n')
    listing = subprocess.Popen(
        [sys.executable, "-m", "scenarios", "list", "--dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert listing.stdout.readline().split() == [b"name", b"description"]
    listing.stdout.close()
    assert listing.wait(timeout=60) == 1
    assert listing.stderr.read() == b""
    listing.stderr.close()
