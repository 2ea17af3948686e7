"""Tests for the fact base: the real tables, the FactBase API and every kind of broken CSV."""

from __future__ import annotations

import csv
import shutil
import statistics
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios._meta import data_dir
from scenarios.errors import DataError, allowed_list
from scenarios.facts import ESTIMATED_FIGURES, FIGURES, MISSING, SCHEMA, load_facts
from scenarios.registry.events import EVENT_KINDS

# -- helpers ------------------------------------------------------------------------------------


def copy_data(target: Path) -> Path:
    """Copy the fact tables (not the scenario files) into ``target``."""
    target.mkdir()
    for table in SCHEMA.values():
        shutil.copy(data_dir() / table.file, target / table.file)
    return target


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(folder: Path, file: str, key: tuple[str, str], column: str, value: str) -> int:
    """Set one cell, found by ``key = (key column, key value)``; return its line number.

    Line numbers equal row index + 1 because no field in the tables spans two lines
    (``test_no_multiline_fields`` guards that).
    """
    path = folder / file
    rows = read_rows(path)
    header = rows[0]
    key_index = header.index(key[0])
    line = next(i for i, row in enumerate(rows) if row[key_index] == key[1]) + 1
    rows[line - 1][header.index(column)] = value
    write_rows(path, rows)
    return line


def drop_column(folder: Path, file: str, column: str) -> None:
    path = folder / file
    rows = read_rows(path)
    index = rows[0].index(column)
    write_rows(path, [row[:index] + row[index + 1 :] for row in rows])


def replace_line(folder: Path, file: str, line: int, text: str) -> None:
    path = folder / file
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def facts():
    return load_facts()


# -- the real data ------------------------------------------------------------------------------


def test_real_data_loads_with_expected_shape(facts):
    assert len(facts.states) == 35
    assert len(facts.countries) == 193
    assert facts.codes[:4] == ("USA", "CHN", "RUS", "PRK")
    assert set(facts.codes) - set(facts.countries["iso3"]) == {"TWN"}
    sizes = facts.groups.groupby("group_code").size()
    assert sizes.to_dict() == {
        "CSTO": 6,
        "E3": 3,
        "EU": 27,
        "G7": 7,
        "MSMT": 11,
        "NATO": 32,
        "PRICE_CAP": 32,
        "UNSC": 5,
    }


def test_frames_have_declared_dtypes(facts):
    states, events, sanctions = facts.states, facts.events, facts.sanctions
    assert states["gdp_usd_bn_2023"].dtype == "float64"
    assert states["un_member"].dtype == bool
    assert pd.api.types.is_integer_dtype(states["nuclear_warheads_2024"])
    assert states["notes"].map(type).eq(str).all()  # blanks stay "" in text columns
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    assert pd.api.types.is_datetime64_any_dtype(facts.treaties["entry_into_force"])
    assert sanctions["start_year"].dtype == "int64"
    assert sanctions["end_year"].dtype == "Int64"
    assert facts.treaties["in_force"].dtype == bool
    assert facts.arms_flows["volume_high"].dtype == "float64"


def test_no_multiline_fields():
    for table in SCHEMA.values():
        text = (data_dir() / table.file).read_text(encoding="utf-8")
        assert len(read_rows(data_dir() / table.file)) == len(text.splitlines()), table.file


def test_gaps_stay_blank_and_estimates_only_fill_gaps(facts):
    states = facts.states
    for name in FIGURES:
        missing = states[f"{name}_confidence"].isin(MISSING)
        assert states[name].isna().eq(missing).all(), name
    for name in ESTIMATED_FIGURES:
        estimate = states[f"{name}_estimate"]
        assert estimate.isna().eq(states[name].notna()).all(), name
        labels = states.loc[estimate.notna(), f"{name}_estimate_confidence"]
        assert labels.eq("estimated").all()


def test_burden_estimates_reproduce_from_their_stated_method(facts):
    states = facts.states.set_index("iso3")
    both = states[
        states["gdp_usd_bn_2023_confidence"].eq("verified")
        & states["milex_usd_bn_2023_confidence"].eq("verified")
    ]
    median = statistics.median(both["milex_usd_bn_2023"] / both["gdp_usd_bn_2023"])
    gdp = facts.figure("gdp_usd_bn_2023")
    rule = states["milex_usd_bn_2023_estimate_method"].str.contains("median military burden")
    assert rule.sum() == 9
    for code in states.index[rule]:
        assert states.at[code, "milex_usd_bn_2023_estimate"] == round(gdp[code] * median, 2)
    assert f"{median:.4%}" in states.loc[rule, "milex_usd_bn_2023_estimate_method"].iloc[0]


def test_key_events_are_coded(facts):
    events = facts.events.set_index("event_id")

    def coded(event_id: str) -> tuple[str, str, str]:
        row = events.loc[event_id]
        return row["date"].strftime("%Y-%m-%d"), row["model_kind"], row["model_actors"]

    assert coded("invasion_2022") == ("2022-02-24", "war_start", "RUS;UKR")
    assert coded("vostochny_summit_2023") == ("2023-09-13", "alignment_shock", "RUS;PRK")
    assert coded("camp_david_2023") == ("2023-08-18", "treaty", "USA;JPN;KOR")
    assert coded("rus_prk_treaty_2024") == ("2024-06-19", "treaty", "RUS;PRK")
    assert coded("prk_troops_deployed_2024") == ("2024-10-18", "troop_deployment", "PRK;RUS")
    waves = events[(events["date"].dt.year == 2022) & (events["model_kind"] == "sanctions")]
    assert {"JPN;RUS", "EU;BLR", "PRICE_CAP;RUS", "USA;RUS", "EU;RUS"} <= set(waves["model_actors"])
    shipments = events[events["model_actors"].eq("PRK;RUS")]
    assert (shipments["model_kind"] == "arms_shipment").sum() >= 3
    assert (shipments["model_kind"] == "troop_deployment").sum() == 2
    assert set(events["model_kind"]) - {""} <= set(EVENT_KINDS)


def test_treaty_clauses_and_parties(facts):
    clause = facts.treaties.set_index("treaty_id")["mutual_defence"]
    assert clause["rus_prk_2024"] == "yes"
    assert clause["camp_david_2023"] == "no"
    assert clause["rus_irn_2025"] == "no"
    parties = facts.treaty_parties
    nato = parties[parties["treaty_id"] == "nato_1949"]
    assert set(nato["party"]) == {"NATO"} and len(nato) == 32
    assert set(nato["iso3"]) == set(facts.groups.loc[facts.groups["group_code"] == "NATO", "iso3"])


def test_expand_maps_codes_onto_states(facts):
    assert facts.expand("EU") == ("FRA", "DEU", "ITA", "POL")
    assert facts.expand("PRK") == ("PRK",)
    assert facts.expand("TWN") == ("TWN",)
    assert facts.expand("FIN") == ()
    assert facts.expand("FIN", universe=facts.countries["iso3"]) == ("FIN",)
    assert len(facts.expand("NATO", universe=facts.countries["iso3"])) == 32
    with pytest.raises(DataError, match=r"unknown actor code 'NATOO' \(did you mean NATO"):
        facts.expand("NATOO")


def test_figure_fills_gaps_with_estimates(facts):
    milex = facts.figure("milex_usd_bn_2023")
    assert milex.index.tolist() == list(facts.codes)
    assert milex["USA"] == 916
    assert milex["PRK"] == pytest.approx((4.3 + 11) / 2)
    assert facts.figure("population_m_2023").notna().all()
    with pytest.raises(DataError, match="did you mean milex_usd_bn_2023"):
        facts.figure("milex_usd_bn")


def test_returned_frames_cannot_alter_the_cache(facts):
    first = load_facts()
    first.states.loc[0, "gdp_usd_bn_2023"] = -1.0
    first.states["extra"] = 1
    again = load_facts()
    assert again.states.loc[0, "gdp_usd_bn_2023"] == 27360.9
    assert "extra" not in again.states.columns


def test_edited_file_is_read_again(tmp_path):
    folder = copy_data(tmp_path / "data")
    assert load_facts(folder).states.loc[0, "name"] == "United States"
    set_cell(folder, "states.csv", ("iso3", "USA"), "name", "United States of America")
    assert load_facts(folder).states.loc[0, "name"] == "United States of America"


def test_data_dir_is_the_repository_data_folder():
    assert (data_dir() / "states.csv").is_file()
    assert load_facts(data_dir()).directory == data_dir().resolve()


def test_missing_folder(tmp_path):
    with pytest.raises(DataError) as error:
        load_facts(tmp_path / "nowhere")
    assert str(error.value) == f"{tmp_path / 'nowhere'}: data folder not found"


# -- broken CSVs --------------------------------------------------------------------------------
# Each case corrupts one thing in a copy of data/ and returns the exact expected message.

Case = Callable[[Path], str]


def missing_column(folder: Path) -> str:
    drop_column(folder, "events.csv", "confidence")
    return f"{folder / 'events.csv'}: line 1: missing column 'confidence'"


def misspelt_column(folder: Path) -> str:
    rows = read_rows(folder / "states.csv")
    rows[0][0] = "iso"
    write_rows(folder / "states.csv", rows)
    allowed = allowed_list(SCHEMA["states"].column_names)
    return (
        f"{folder / 'states.csv'}: line 1: unknown column 'iso' (did you mean iso3?); "
        f"allowed: {allowed}"
    )


def unknown_iso3(folder: Path) -> str:
    line = set_cell(folder, "states.csv", ("iso3", "RUS"), "iso3", "RUSS")
    return (
        f"{folder / 'states.csv'}: line {line}, column 'iso3': unknown iso3 code 'RUSS' "
        "(did you mean RUS, USA, SSD?); use an iso3 code from countries.csv, or TWN"
    )


def duplicate_key(folder: Path) -> str:
    rows = read_rows(folder / "states.csv")
    write_rows(folder / "states.csv", [*rows, rows[1]])
    return (
        f"{folder / 'states.csv'}: line {len(rows) + 1}, column 'iso3': "
        "duplicate key (iso3='USA'); first on line 2"
    )


def thousands_separator(folder: Path) -> str:
    line = set_cell(folder, "states.csv", ("iso3", "USA"), "gdp_usd_bn_2023", "27,360.9")
    return (
        f"{folder / 'states.csv'}: line {line}, column 'gdp_usd_bn_2023': '27,360.9' is not a "
        "number (write a plain decimal such as 12.5, no thousands separators; ASCII digits, at "
        "most 15 before any decimal point)"
    )


def negative_figure(folder: Path) -> str:
    line = set_cell(folder, "states.csv", ("iso3", "JPN"), "population_m_2023", "-124.52")
    return (
        f"{folder / 'states.csv'}: line {line}, column 'population_m_2023': "
        "-124.52 is below the minimum 0"
    )


def empty_file(folder: Path) -> str:
    (folder / "events.csv").write_bytes(b"")
    columns = ", ".join(SCHEMA["events"].column_names)
    return f"{folder / 'events.csv'}: file is empty; expected a header naming the columns {columns}"


def header_only(folder: Path) -> str:
    rows = read_rows(folder / "sanctions.csv")
    write_rows(folder / "sanctions.csv", rows[:1])
    return f"{folder / 'sanctions.csv'}: no data rows below the header"


def latin1_encoding(folder: Path) -> str:
    path = folder / "countries.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("latin-1"))
    line = next(i for i, row in enumerate(read_rows_latin1(path), 1) if row[0] == "CIV")
    return f"{path}: line {line}: not valid UTF-8 (byte 0xf4); save the file as UTF-8"


def read_rows_latin1(path: Path) -> list[list[str]]:
    with path.open(encoding="latin-1", newline="") as handle:
        return list(csv.reader(handle))


def stray_quote(folder: Path) -> str:
    replace_line(folder, "treaty_parties.csv", 3, '"usa_jpn_1960"x,USA')
    return (
        f"{folder / 'treaty_parties.csv'}: line 3: malformed CSV (',' expected after '\"'); "
        "check the quotes on this line"
    )


def extra_field(folder: Path) -> str:
    replace_line(folder, "treaty_parties.csv", 4, "usa_jpn_1960,JPN,KOR")
    return (
        f"{folder / 'treaty_parties.csv'}: line 4: 3 fields but the header has 2; "
        "check for a stray comma or a missing pair of quotes"
    )


def blank_line(folder: Path) -> str:
    path = folder / "treaty_parties.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines[:5], "", *lines[5:]]) + "\n", encoding="utf-8")
    return f"{path}: line 6: blank line; remove it"


def unknown_group_sender(folder: Path) -> str:
    line = set_cell(folder, "sanctions.csv", ("regime_id", "unsc_prk_2006"), "sender", "NATOO")
    return (
        f"{folder / 'sanctions.csv'}: line {line}, column 'sender': unknown code 'NATOO' "
        "(did you mean NATO, TTO, TON?); use an iso3 code from countries.csv, TWN or a group "
        "code (CSTO, E3, EU, G7, MSMT, NATO, PRICE_CAP, UNSC)"
    )


def unknown_confidence(folder: Path) -> str:
    line = set_cell(folder, "events.csv", ("event_id", "invasion_2022"), "confidence", "high")
    return (
        f"{folder / 'events.csv'}: line {line}, column 'confidence': 'high' is not allowed; "
        "allowed: medium, unverified, verified"
    )


def impossible_date(folder: Path) -> str:
    line = set_cell(folder, "events.csv", ("event_id", "invasion_2022"), "date", "2022-02-30")
    return (
        f"{folder / 'events.csv'}: line {line}, column 'date': '2022-02-30' is not a valid date "
        "(write YYYY-MM-DD)"
    )


def date_finer_than_precision(folder: Path) -> str:
    line = set_cell(
        folder, "events.csv", ("event_id", "kursk_incursion_2024"), "date", "2024-08-06"
    )
    return (
        f"{folder / 'events.csv'}: line {line}, column 'date': '2024-08-06' does not match "
        "precision 'month' (write a date known to the month as its first day, to the year as "
        "1 January)"
    )


def unknown_treaty(folder: Path) -> str:
    line = set_cell(folder, "treaty_parties.csv", ("party", "NATO"), "treaty_id", "nato_1950")
    return (
        f"{folder / 'treaty_parties.csv'}: line {line}, column 'treaty_id': unknown treaty "
        "'nato_1950' (did you mean nato_1949, usa_twn_1954, usa_kor_1953?); use a treaty_id "
        "from treaties.csv"
    )


def treaty_without_parties(folder: Path) -> str:
    rows = read_rows(folder / "treaty_parties.csv")
    write_rows(folder / "treaty_parties.csv", [r for r in rows if r[0] != "sau_pak_2025"])
    line = set_cell(folder, "treaties.csv", ("treaty_id", "sau_pak_2025"), "notes", "")
    return (
        f"{folder / 'treaties.csv'}: line {line}, column 'treaty_id': treaty 'sau_pak_2025' "
        "needs at least two parties (or a group) in treaty_parties.csv"
    )


def unknown_related_id(folder: Path) -> str:
    line = set_cell(folder, "events.csv", ("event_id", "camp_david_2023"), "related_id", "camp")
    return (
        f"{folder / 'events.csv'}: line {line}, column 'related_id': unknown id 'camp'; use an "
        "id from treaties.csv, sanctions.csv, sanctions_evasion.csv, arms_flows.csv, "
        "arms_capacity.csv, rivalries.csv, military_presence.csv"
    )


def missing_file(folder: Path) -> str:
    (folder / "groups.csv").unlink()
    files = ", ".join(table.file for table in SCHEMA.values())
    return f"{folder / 'groups.csv'}: file not found (the fact base needs {files})"


def unknown_event_kind(folder: Path) -> str:
    line = set_cell(folder, "events.csv", ("event_id", "invasion_2022"), "model_kind", "war_strat")
    return (
        f"{folder / 'events.csv'}: line {line}, column 'model_kind': 'war_strat' is not allowed "
        "(did you mean war_start, treaty?); allowed: alignment_end, alignment_shock, "
        "arms_shipment, ceasefire, missile_test, sanctions, sanctions_lift, treaty, "
        "troop_deployment, war_start"
    )


def wrong_actor_count(folder: Path) -> str:
    line = set_cell(folder, "events.csv", ("event_id", "invasion_2022"), "model_actors", "RUS")
    return (
        f"{folder / 'events.csv'}: line {line}, column 'model_actors': war_start takes 2 actors "
        "[attacker, defender], got 1"
    )


def estimate_without_method(folder: Path) -> str:
    column = "milex_usd_bn_2023_estimate_method"
    line = set_cell(folder, "states.csv", ("iso3", "PRK"), column, "")
    return (
        f"{folder / 'states.csv'}: line {line}, column '{column}': is empty; "
        "an estimate needs its method"
    )


def blank_figure_labelled_verified(folder: Path) -> str:
    column = "milex_usd_bn_2023_confidence"
    line = set_cell(folder, "states.csv", ("iso3", "PRK"), column, "verified")
    return (
        f"{folder / 'states.csv'}: line {line}, column '{column}': 'verified' is not allowed "
        "when milex_usd_bn_2023 is blank; allowed: no_data, not_found"
    )


def taiwan_marked_un_member(folder: Path) -> str:
    line = set_cell(folder, "states.csv", ("iso3", "TWN"), "un_member", "true")
    return (
        f"{folder / 'states.csv'}: line {line}, column 'un_member': true contradicts "
        "countries.csv, where TWN is not listed"
    )


def group_code_clashes_with_state(folder: Path) -> str:
    line = set_cell(folder, "groups.csv", ("group_code", "E3"), "group_code", "FRA")
    return (
        f"{folder / 'groups.csv'}: line {line}, column 'group_code': group code 'FRA' clashes "
        "with a state code; choose another"
    )


def end_before_start(folder: Path) -> str:
    line = set_cell(folder, "sanctions.csv", ("regime_id", "unsc_irn_2006"), "end_year", "2005")
    return (
        f"{folder / 'sanctions.csv'}: line {line}, column 'end_year': 2005 is before "
        "start_year 2006"
    )


def padded_code(folder: Path) -> str:
    line = set_cell(folder, "groups.csv", ("group_code", "E3"), "iso3", " DEU")
    return (
        f"{folder / 'groups.csv'}: line {line}, column 'iso3': ' DEU' has leading or "
        "trailing spaces"
    )


CASES: list[Case] = [
    missing_column,
    misspelt_column,
    unknown_iso3,
    duplicate_key,
    thousands_separator,
    negative_figure,
    empty_file,
    header_only,
    latin1_encoding,
    stray_quote,
    extra_field,
    blank_line,
    unknown_group_sender,
    unknown_confidence,
    impossible_date,
    date_finer_than_precision,
    unknown_treaty,
    treaty_without_parties,
    unknown_related_id,
    missing_file,
    unknown_event_kind,
    wrong_actor_count,
    estimate_without_method,
    blank_figure_labelled_verified,
    taiwan_marked_un_member,
    group_code_clashes_with_state,
    end_before_start,
    padded_code,
]


@pytest.mark.parametrize("case", CASES, ids=[case.__name__ for case in CASES])
def test_broken_csv_gives_one_line_error(case: Case, tmp_path):
    folder = copy_data(tmp_path / "data")
    expected = case(folder)
    with pytest.raises(DataError) as error:
        load_facts(folder)
    assert str(error.value) == expected
    assert "\n" not in str(error.value)


# -- property: any non-code sender is reported at its own line ----------------------------------


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return copy_data(tmp_path_factory.mktemp("scratch") / "data")


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_any_non_code_sender_is_reported_at_its_line(scratch, facts, data):
    original = read_rows(data_dir() / "sanctions.csv")
    codes = set(facts.countries["iso3"]) | set(facts.group_codes) | {"TWN"}
    row = data.draw(st.integers(1, len(original) - 1), label="row")
    text = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12)
    value = data.draw(text.filter(lambda v: v not in codes), label="sender")
    rows = [list(r) for r in original]
    rows[row][rows[0].index("sender")] = value
    write_rows(scratch / "sanctions.csv", rows)
    with pytest.raises(DataError) as error:
        load_facts(scratch)
    assert str(error.value).startswith(
        f"{scratch / 'sanctions.csv'}: line {row + 1}, column 'sender': "
    )
