"""Tests for the observed record (data/observed/) and its loader, scenarios.facts.load_observed."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from scenarios.errors import DataError
from scenarios.facts import load_facts, load_observed
from scenarios.facts.observed import (
    BOUNDS,
    CONFIDENCE,
    FILES,
    OBSERVED_TABLE,
    QUANTITIES,
    SPLIT,
    UNIT_RANGES,
    observed_dir,
    split_of,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def record():
    return load_observed()


def copy_record(target: Path) -> Path:
    target.mkdir()
    for name in FILES:
        shutil.copy(observed_dir() / name, target / name)
    return target


def edit(folder: Path, file: str, line: int, column: str, value: str) -> None:
    """Set one cell of a record file (line numbers as in the file, header = 1)."""
    path = folder / file
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


# -- the real record ---------------------------------------------------------------------------


def test_every_file_has_the_schema_and_rows(record):
    columns = list(OBSERVED_TABLE.column_names)
    assert list(record.columns[: len(columns)]) == columns
    assert set(record["file"]) == set(FILES)
    assert record["value"].dtype == "float64" and record["estimate"].dtype == bool
    assert record["quantity"].isin(list(QUANTITIES)).all()


def test_every_row_has_a_source_confidence_and_bound(record):
    assert (record["source"].str.strip() != "").all()
    assert record["confidence"].isin(CONFIDENCE).all()
    assert record["bound"].isin(BOUNDS).all()
    assert (record.loc[record["estimate"], "note"].str.strip() != "").all()


def test_values_lie_in_the_plausible_range_of_their_unit(record):
    for unit, rows in record.groupby("unit"):
        low, high = UNIT_RANGES[unit]
        assert rows["value"].between(low, high).all(), unit


def test_no_general_assembly_vote_anywhere_in_the_record():
    held_out = re.compile(r"general assembly|\bunga\b|un vote", re.IGNORECASE)
    for path in sorted(observed_dir().iterdir()):
        assert not held_out.search(path.read_text(encoding="utf-8")), path.name


def test_split_columns_follow_the_written_split(record):
    assert set(record["split"]) == {"initial", "fit", "test"}
    expected = record["year"].map(
        lambda year: next(name for name, (a, b) in SPLIT.items() if a <= year <= b)
    )
    assert (record["split"] == expected).all()
    quarterly = record["period"].str.contains("Q")
    assert record.loc[quarterly, "quarter"].notna().all()
    assert record.loc[~quarterly, "quarter"].isna().all()
    assert (record["period"].str[:4].astype(int) == record["year"]).all()
    assert SPLIT["fit"] == (2022, 2023) and SPLIT["test"] == (2024, 2025)


def test_the_split_is_written_first_in_the_calibration_doc():
    text = (REPO / "docs" / "calibration.md").read_text(encoding="utf-8")
    first = re.search(r"^## (.+)$", text, re.MULTILINE)
    assert first is not None and "fit/test split" in first.group(1)
    for name, (start, end) in SPLIT.items():
        assert f"`{name}`" in text
        assert str(start if name != "initial" else end) in text


def test_split_of_refuses_a_year_outside_the_record():
    assert split_of(2023) == "fit"
    with pytest.raises(DataError, match="outside the record"):
        split_of(2026)


def test_the_quantities_the_calibration_needs_are_present(record):
    def count(quantity, state=None):
        rows = record[record["quantity"] == quantity]
        return len(rows if state is None else rows[rows["state"] == state])

    assert count("milex_usd_bn") >= 60
    assert {"JPN", "KOR"} <= set(record.loc[record["quantity"] == "defence_budget", "state"])
    assert count("gdp_growth_pct", "PRK") == 4  # Bank of Korea, 2021-2024
    assert count("containers_shipped_cumulative", "PRK-RUS") >= 5
    assert count("ballistic_missiles_delivered", "IRN-RUS") == 1
    assert count("trade_usd_bn", "CHN-RUS") == 5
    assert count("sanctions_regimes_adopted") >= 5
    assert count("missile_tests", "PRK") >= 2


def test_figures_reused_from_the_fact_base_agree_with_it(record):
    economy = load_facts().economy
    for quantity in ("milex_usd_bn", "gdp_growth_pct"):
        ours = record[record["quantity"] == quantity]
        theirs = economy[economy["quantity"] == quantity].set_index(["iso3", "year"])["value"]
        for row in ours.itertuples():
            assert theirs[(row.state, row.year)] == pytest.approx(row.value), row


def test_sanctions_counts_match_the_regimes_they_name(record):
    sanctions = load_facts().sanctions.set_index("regime_id")
    rows = record[record["quantity"] == "sanctions_regimes_adopted"]
    assert rows["source"].str.contains("data/sanctions.csv").all()
    for row in rows.itertuples():
        named = re.findall(r"\b([a-z0-9]+(?:_[a-z0-9]+)+) \(", row.note)
        regimes = [name for name in named if name in sanctions.index]
        assert len(regimes) == row.value, row.note
        assert all(sanctions.at[name, "target"] == row.state for name in regimes)
        assert all(str(sanctions.at[name, "start_year"]) == row.period[:4] for name in regimes)


def test_alignment_events_are_pointed_to_not_copied(record):
    events = load_facts().events
    assert not set(record["quantity"]) & set(events["category"])
    notes = " ".join(record["note"])
    assert not any(description in notes for description in events["description"])
    card = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    section = card[card.index("## observed/") :]
    assert "data/events.csv" in section.split("\n## ")[0]


# -- bad input: one line naming file, line and column -----------------------------------------


@pytest.mark.parametrize(
    ("file", "line", "column", "value", "message"),
    [
        ("trade.csv", 2, "quantity", "unga_votes_share", "is held out"),
        ("trade.csv", 2, "quantity", "trade_bn", "is not allowed (did you mean"),
        ("growth.csv", 2, "state", "USSR", "is not an iso3 code"),
        ("growth.csv", 2, "state", "XXX", "unknown code 'XXX'"),
        ("trade.csv", 2, "state", "CHN-CHN", "two different states"),
        ("trade.csv", 2, "state", "CHN", "is not a pair 'AAA-BBB'"),
        ("growth.csv", 2, "period", "2023-Q2", "is not a year (2023) or a quarter"),
        ("growth.csv", 2, "period", "2019", "outside the record's 2021-2025"),
        ("growth.csv", 2, "value", "1,2", "is not a number"),
        ("growth.csv", 2, "value", "120", "outside the plausible range -40 to 40"),
        ("trade.csv", 2, "unit", "USD m", "is not a unit of trade_usd_bn"),
        ("trade.csv", 2, "source", "", "blank; a value is required"),
        ("trade.csv", 2, "confidence", "verified", "is not allowed"),
        ("trade.csv", 2, "bound", "about", "is not allowed"),
        ("trade.csv", 2, "estimate", "yes", "is not true or false"),
    ],
)
def test_bad_cell_gives_one_line_error(tmp_path, file, line, column, value, message):
    folder = copy_record(tmp_path / "observed")
    edit(folder, file, line, column, value)
    with pytest.raises(DataError) as error:
        load_observed(folder)
    text = str(error.value)
    assert "\n" not in text
    assert text.startswith(f"{folder / file}: line {line}, column '{column}': ")
    assert message in text


def test_estimate_without_method_is_refused(tmp_path):
    folder = copy_record(tmp_path / "observed")
    edit(folder, "trade.csv", 2, "estimate", "true")
    edit(folder, "trade.csv", 2, "note", "")
    with pytest.raises(DataError, match=r"line 2, column 'note': an estimate needs its method"):
        load_observed(folder)


def test_repeated_observation_is_refused(tmp_path):
    folder = copy_record(tmp_path / "observed")
    path = folder / "trade.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"line {len(lines) + 1}: .* repeats trade.csv line 2"):
        load_observed(folder)


def test_missing_file_and_column_are_named(tmp_path):
    folder = copy_record(tmp_path / "observed")
    (folder / "launches.csv").unlink()
    with pytest.raises(DataError, match=r"launches.csv: file not found"):
        load_observed(folder)
    folder = copy_record(tmp_path / "again")
    table = pd.read_csv(folder / "trade.csv", dtype=str, keep_default_na=False)
    table.drop(columns="confidence").to_csv(folder / "trade.csv", index=False)
    with pytest.raises(DataError, match=r"trade.csv: line 1: missing column 'confidence'"):
        load_observed(folder)
    with pytest.raises(DataError, match="folder not found"):
        load_observed(tmp_path / "nowhere")
