"""Tests for the facts by year: economy, rivalries, military presence, arms capacity and
sanctions evasion, with the real tables and one broken CSV per rule (exact messages)."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from test_data import copy_data, read_rows, set_cell, write_rows

from scenarios.errors import DataError
from scenarios.facts import QUANTITIES, YEARS, load_facts


@pytest.fixture(scope="module")
def facts():
    return load_facts()


# -- the real tables ----------------------------------------------------------------------------


def test_economy_is_a_complete_panel(facts):
    economy = facts.economy
    years = YEARS[1] - YEARS[0] + 1
    assert len(economy) == len(facts.codes) * years * len(QUANTITIES)
    assert economy["year"].dtype == "int64"
    assert economy["value"].dtype == "float64"
    assert set(economy["year"]) == set(range(YEARS[0], YEARS[1] + 1))


def test_economy_2023_levels_agree_with_states(facts):
    states = facts.states.set_index("iso3")
    economy = facts.economy.set_index(["iso3", "year", "quantity"])
    for code in facts.codes:
        for quantity in ("gdp_usd_bn", "milex_usd_bn"):
            value = economy.at[(code, 2023, quantity), "value"]
            observed = states.at[code, f"{quantity}_2023"]
            assert (pd.isna(value) and pd.isna(observed)) or value == observed, (code, quantity)


def test_economy_estimates_reproduce_from_their_rules(facts):
    economy = facts.economy.set_index(["iso3", "quantity", "year"]).sort_index()
    states = facts.states.set_index("iso3")
    both = states[
        states["gdp_usd_bn_2023_confidence"].eq("verified")
        & states["milex_usd_bn_2023_confidence"].eq("verified")
    ]
    median = statistics.median(both["milex_usd_bn_2023"] / both["gdp_usd_bn_2023"])
    gdp = facts.series("gdp_usd_bn")
    counts = {"carry": 0, "burden": 0, "constant": 0}
    for (code, quantity, year), row in economy[economy["estimate"].notna()].iterrows():
        rule = row["estimate_method"].split(":", 1)[0]
        counts[rule] += 1
        observed = economy.loc[(code, quantity), "value"].dropna()
        if rule == "carry":
            nearest = min(observed.index, key=lambda y: (abs(y - year), y))
            assert row["estimate"] == observed[nearest]
            assert f"the {nearest} figure" in row["estimate_method"]
        elif rule == "burden":
            assert observed.empty
            assert row["estimate"] == round(gdp.at[code, year] * median, 2)
            assert f"{median:.4%}" in row["estimate_method"]
        else:
            assert observed.empty
            assert row["estimate"] == states.at[code, f"{quantity}_2023_estimate"]
    assert all(counts.values()), counts
    assert economy.loc[economy["estimate"].notna(), "estimate_confidence"].eq("estimated").all()


def test_series_fills_levels_but_not_growth(facts):
    milex = facts.series("milex_usd_bn")
    assert list(milex.columns) == list(range(YEARS[0], YEARS[1] + 1))
    assert milex.index.tolist() == list(facts.codes)
    assert milex.notna().all().all()
    assert milex.at["RUS", 2024] == 149.0
    assert milex.at["UKR", 2022] == 44.0
    assert milex.at["PRK", 2021] == pytest.approx(7.65)
    growth = facts.series("gdp_growth_pct")
    bank_of_korea = [-4.5, -0.1, -0.2, 3.1, 3.7]
    assert growth.loc["PRK", [2020, 2021, 2022, 2023, 2024]].tolist() == bank_of_korea
    assert growth.loc["SYR"].isna().all()
    with pytest.raises(DataError, match=r"quantity 'gdp'; allowed: gdp_growth_pct"):
        facts.series("gdp")


def test_burden_by_year_is_no_longer_a_2023_figure(facts):
    """Ukraine's burden before the invasion is single digits, not the 36% of 2023."""
    burden = facts.series("milex_usd_bn") / facts.series("gdp_usd_bn")
    assert burden.at["UKR", 2021] < 0.05
    assert burden.at["UKR", 2022] > 0.25


def test_enforcers_drop_senders_that_evade(facts):
    assert facts.enforcers("unsc_prk_2009", 2022) == ("USA", "CHN", "RUS", "GBR", "FRA")
    assert facts.enforcers("unsc_prk_2009", 2024) == ("USA", "CHN", "GBR", "FRA")
    assert "CHN" not in facts.enforcers("unsc_prk_2016", 2021)
    # Russia-flagged ship-to-ship transfers from 2018; its own arms trade from 2023
    assert "RUS" not in facts.enforcers("unsc_prk_2016", 2018)
    assert "RUS" in facts.enforcers("unsc_prk_2016", 2017)
    assert "RUS" in facts.enforcers("unsc_prk_2006", 2022)
    assert "RUS" not in facts.enforcers("unsc_prk_2006", 2023)
    assert facts.enforcers("unsc_prk_2016", 2024) == ("USA", "GBR", "FRA")
    assert facts.enforcers("usa_rus_2022", 2024) == ("USA",)
    with pytest.raises(DataError, match="unknown regime 'unsc_prk'"):
        facts.enforcers("unsc_prk", 2024)


def test_rivalries_cover_the_pairs_the_model_missed(facts):
    rivalries = facts.rivalries
    ongoing = rivalries[rivalries["end_year"].isna()]
    pairs = {frozenset(p) for p in zip(ongoing["side_a"], ongoing["side_b"], strict=True)}
    for pair in ("USA CHN", "CHN JPN", "CHN TWN", "CHN IND", "IND PAK", "KOR PRK", "ISR IRN"):
        assert frozenset(pair.split()) in pairs, pair
    assert frozenset(("RUS", "UKR")) in pairs
    ukraine = rivalries.set_index("rivalry_id").loc["rus_ukr_rivalry_2014"]
    assert ukraine["coding"] == "update" and ukraine["start_year"] == 2014


def test_presence_and_capacity_carry_the_suppliers_roles(facts):
    presence = facts.military_presence.set_index("presence_id")
    kursk = presence.loc["prk_rus_kursk_2024"]
    assert (kursk["guest"], kursk["host"], kursk["kind"]) == ("PRK", "RUS", "combat_deployment")
    assert presence.loc["rus_syr_intervention_2015", "end"] == pd.Timestamp("2024-12-08")
    capacity = facts.arms_capacity
    producers = set(capacity.loc[capacity["recipient"] == "RUS", "producer"])
    assert {"PRK", "IRN", "BLR", "CHN"} <= producers
    assert pd.api.types.is_datetime64_any_dtype(capacity["period_start"])


# -- broken CSVs --------------------------------------------------------------------------------

Case = Callable[[Path], str]


def set_economy(folder: Path, key: tuple[str, str, str], column: str, value: str) -> int:
    path = folder / "economy.csv"
    rows = read_rows(path)
    header = rows[0]
    line = next(i for i, row in enumerate(rows) if tuple(row[:3]) == key) + 1
    rows[line - 1][header.index(column)] = value
    write_rows(path, rows)
    return line


def economy_row_missing(folder: Path) -> str:
    rows = read_rows(folder / "economy.csv")
    write_rows(folder / "economy.csv", [r for r in rows if r[:3] != ["KOR", "2021", "gdp_usd_bn"]])
    return (
        f"{folder / 'economy.csv'}: no row for iso3=KOR, year=2021, quantity=gdp_usd_bn; every "
        "state in states.csv needs every quantity for 2020-2025 (a blank value labelled "
        "no_data or not_found where none is published)"
    )


def economy_value_labelled_missing(folder: Path) -> str:
    line = set_economy(folder, ("RUS", "2024", "milex_usd_bn"), "confidence", "not_found")
    return (
        f"{folder / 'economy.csv'}: line {line}, column 'confidence': 'not_found' is not "
        "allowed when value has a value; allowed: medium, unverified, verified"
    )


def economy_value_without_basis(folder: Path) -> str:
    line = set_economy(folder, ("RUS", "2024", "milex_usd_bn"), "basis", "")
    return (
        f"{folder / 'economy.csv'}: line {line}, column 'basis': is empty; a value needs its basis"
    )


def economy_negative_level(folder: Path) -> str:
    line = set_economy(folder, ("USA", "2021", "gdp_usd_bn"), "value", "-1")
    return (
        f"{folder / 'economy.csv'}: line {line}, column 'value': -1 is below the minimum 0 "
        "for gdp_usd_bn"
    )


def economy_year_out_of_range(folder: Path) -> str:
    line = set_economy(folder, ("USA", "2020", "gdp_usd_bn"), "year", "2019")
    return f"{folder / 'economy.csv'}: line {line}, column 'year': 2019 is below the minimum 2020"


def economy_growth_estimated(folder: Path) -> str:
    key = ("SYR", "2021", "gdp_growth_pct")
    set_economy(folder, key, "estimate_method", "carry: invented")
    set_economy(folder, key, "estimate_confidence", "estimated")
    line = set_economy(folder, key, "estimate", "1.5")
    return (
        f"{folder / 'economy.csv'}: line {line}, column 'estimate': only gdp_usd_bn, "
        "milex_usd_bn take estimates; leave gdp_growth_pct gaps blank"
    )


def economy_method_without_rule(folder: Path) -> str:
    line = set_economy(folder, ("SYR", "2021", "gdp_usd_bn"), "estimate_method", "a guess")
    return (
        f"{folder / 'economy.csv'}: line {line}, column 'estimate_method': must start with a "
        "rule and a colon (carry:, burden:, constant:)"
    )


def economy_2023_disagrees(folder: Path) -> str:
    line = set_economy(folder, ("JPN", "2023", "milex_usd_bn"), "value", "51.0")
    return (
        f"{folder / 'economy.csv'}: line {line}, column 'value': 51.0 differs from "
        "milex_usd_bn_2023 = 50.2 in states.csv; the 2023 figures must agree"
    )


def economy_state_outside_model(folder: Path) -> str:
    line = set_economy(folder, ("USA", "2020", "gdp_growth_pct"), "iso3", "FIN")
    return (
        f"{folder / 'economy.csv'}: line {line}, column 'iso3': FIN is not in states.csv; "
        "list only model states"
    )


INDIA_PAKISTAN = ("rivalry_id", "ind_pak_rivalry_1947")
KURSK = ("presence_id", "prk_rus_kursk_2024")


def rivalry_with_itself(folder: Path) -> str:
    line = set_cell(folder, "rivalries.csv", INDIA_PAKISTAN, "side_b", "IND")
    return f"{folder / 'rivalries.csv'}: line {line}, column 'side_b': is the same as side_a"


def rivalry_unknown_type(folder: Path) -> str:
    line = set_cell(folder, "rivalries.csv", INDIA_PAKISTAN, "types", "spatial;religious")
    return (
        f"{folder / 'rivalries.csv'}: line {line}, column 'types': 'religious' is not allowed; "
        "allowed: ideological, interventionary, positional, spatial"
    )


def rivalry_listed_twice(folder: Path) -> str:
    rows = read_rows(folder / "rivalries.csv")
    copy = [*rows[1]]
    copy[0], copy[1], copy[2] = "twice", rows[1][2], rows[1][1]
    write_rows(folder / "rivalries.csv", [*rows, copy])
    return (
        f"{folder / 'rivalries.csv'}: line {len(rows) + 1}, column 'start_year': rivalry "
        f"{copy[1]}-{copy[2]} from {copy[3]} is already on line 2"
    )


def rivalry_ends_before_start(folder: Path) -> str:
    key = ("rivalry_id", "usa_chn_rivalry_1949")
    line = set_cell(folder, "rivalries.csv", key, "end_year", "1940")
    return (
        f"{folder / 'rivalries.csv'}: line {line}, column 'end_year': 1940 is before "
        "start_year 1949"
    )


def presence_in_itself(folder: Path) -> str:
    line = set_cell(folder, "military_presence.csv", KURSK, "host", "PRK")
    path = folder / "military_presence.csv"
    return f"{path}: line {line}, column 'host': is the same as the guest"


def presence_ends_before_start(folder: Path) -> str:
    key = ("presence_id", "rus_syr_intervention_2015")
    line = set_cell(folder, "military_presence.csv", key, "end", "2014-12-08")
    return (
        f"{folder / 'military_presence.csv'}: line {line}, column 'end': 2014-12-08 is before "
        "start 2015-09-30"
    )


def presence_personnel_inverted(folder: Path) -> str:
    line = set_cell(folder, "military_presence.csv", KURSK, "personnel_low", "20000")
    return (
        f"{folder / 'military_presence.csv'}: line {line}, column 'personnel_high': 14000 is "
        "below personnel_low 20000"
    )


def capacity_delivery_without_recipient(folder: Path) -> str:
    key = ("capacity_id", "irn_rus_shells_2023")
    line = set_cell(folder, "arms_capacity.csv", key, "recipient", "")
    return (
        f"{folder / 'arms_capacity.csv'}: line {line}, column 'recipient': is empty; a row of "
        "deliveries needs its recipient"
    )


def capacity_without_value(folder: Path) -> str:
    key = ("capacity_id", "rus_shells_production_2024")
    set_cell(folder, "arms_capacity.csv", key, "value_low", "")
    line = set_cell(folder, "arms_capacity.csv", key, "value_high", "")
    return (
        f"{folder / 'arms_capacity.csv'}: line {line}, column 'value_low': is empty; give "
        "value_low, value_high or both"
    )


def capacity_unknown_unit(folder: Path) -> str:
    key = ("capacity_id", "rus_shells_production_2024")
    line = set_cell(folder, "arms_capacity.csv", key, "unit", "shells_per_month")
    return (
        f"{folder / 'arms_capacity.csv'}: line {line}, column 'unit': 'shells_per_month' is not "
        "allowed (did you mean missiles_per_month, drones_per_month, rounds_per_month?); "
        "allowed: drones, drones_per_month, drones_per_year, missiles_per_month, "
        "percent_of_factory_capacity, percent_of_recipient_imports, rounds, rounds_per_month, "
        "rounds_per_year, tonnes"
    )


def evasion_by_a_non_sender(folder: Path) -> str:
    key = ("evasion_id", "chn_coal_imports_2019")
    line = set_cell(folder, "sanctions_evasion.csv", key, "state", "IRN")
    return (
        f"{folder / 'sanctions_evasion.csv'}: line {line}, column 'state': IRN is not a sender "
        "of unsc_prk_2016 (sender UNSC: CHN, FRA, GBR, RUS, USA); record only senders that "
        "evade their own regime"
    )


def evasion_before_regime(folder: Path) -> str:
    key = ("evasion_id", "rus_rejects_snapback_2025")
    line = set_cell(folder, "sanctions_evasion.csv", key, "start_year", "2024")
    return (
        f"{folder / 'sanctions_evasion.csv'}: line {line}, column 'start_year': 2024 is before "
        "unsc_irn_2025 began (2025)"
    )


def evasion_unknown_regime(folder: Path) -> str:
    key = ("evasion_id", "rus_blocks_panel_2024")
    line = set_cell(folder, "sanctions_evasion.csv", key, "regime_id", "unsc_prk_2010")
    return (
        f"{folder / 'sanctions_evasion.csv'}: line {line}, column 'regime_id': unknown regime "
        "'unsc_prk_2010' (did you mean unsc_prk_2016, unsc_prk_2009, unsc_prk_2006?); use a "
        "regime_id from sanctions.csv"
    )


CASES: list[Case] = [
    economy_row_missing,
    economy_value_labelled_missing,
    economy_value_without_basis,
    economy_negative_level,
    economy_year_out_of_range,
    economy_growth_estimated,
    economy_method_without_rule,
    economy_2023_disagrees,
    economy_state_outside_model,
    rivalry_with_itself,
    rivalry_unknown_type,
    rivalry_listed_twice,
    rivalry_ends_before_start,
    presence_in_itself,
    presence_ends_before_start,
    presence_personnel_inverted,
    capacity_delivery_without_recipient,
    capacity_without_value,
    capacity_unknown_unit,
    evasion_by_a_non_sender,
    evasion_before_regime,
    evasion_unknown_regime,
]


@pytest.mark.parametrize("case", CASES, ids=[case.__name__ for case in CASES])
def test_broken_fact_table_gives_one_line_error(case: Case, tmp_path):
    folder = copy_data(tmp_path / "data")
    expected = case(folder)
    with pytest.raises(DataError) as error:
        load_facts(folder)
    assert str(error.value) == expected
    assert "\n" not in str(error.value)
