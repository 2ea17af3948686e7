"""The 2022 replay against what had happened by the end of 2024."""

import numpy as np
import pandas as pd
import pytest

from scenarios.errors import DataError
from scenarios.validation import replay as rp


@pytest.fixture(scope="module")
def comparison():
    return rp.replay_comparison(members=4, seed=0)


def test_observed_table_loads_and_covers_every_comparison():
    table = rp.load_observed()
    assert set(table["comparison"]) == {*rp.PAIRS, *rp.SPENDING, "dprk_missiles"}
    budget = table[table["comparison"] == "japan_spending"].set_index("period")["value"]
    assert budget["FY2024"] / budget["FY2022"] == pytest.approx(1.48, abs=0.01)
    assert (table["source"].str.len() > 10).all()


def test_bad_observed_table_names_file_row_and_column(tmp_path):
    table = pd.read_csv(rp.default_path(), dtype=str, keep_default_na=False)
    table.loc[0, "value"] = "five"
    path = tmp_path / "observed.csv"
    table.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"observed\.csv: row 2, column 'value'"):
        rp.load_observed(path)
    table = pd.read_csv(rp.default_path(), dtype=str, keep_default_na=False)
    table[table["period"] != "FY2024"].to_csv(path, index=False)
    with pytest.raises(DataError, match="'japan_spending', period 'FY2024'"):
        rp.load_observed(path)


def test_coded_affinity_at_the_end_of_2024_includes_the_treaty():
    before, codes = rp.coded_affinity("2021Q4")
    after, _ = rp.coded_affinity(rp.CODED_AT)
    rus, prk = codes.index("RUS"), codes.index("PRK")
    assert after[rus, prk] > before[rus, prk]


def test_every_comparison_is_quantified(comparison):
    assert comparison["comparison"].tolist() == [*rp.PAIRS, *rp.SPENDING, "dprk_missiles"]
    assert np.isfinite(comparison[["change_median", "change_p05", "change_p95"]]).all().all()
    comparable = comparison.dropna(subset=["size_ratio"])
    np.testing.assert_allclose(
        comparable["size_ratio"] * comparable["observed_change"], comparable["change_median"]
    )
    # the missile proxy is never compared in size
    assert np.isnan(comparison.set_index("comparison").loc["dprk_missiles", "size_ratio"])


def test_current_pass_fail_state_is_pinned(comparison):
    # Pinned so that a change is noticed, NOT a target (see docs/validation.md).
    assert comparison.set_index("comparison")["passed"].to_dict() == PINNED


# rus_prk turned from fail to pass with the facts-coded 2021Q4 start (issue 10): the 2000
# treaty and the evasion rule start Russia-DPRK at +0.06, not -0.24, so the observed change
# is +0.74. dprk_missiles fails on the integrated trunk (issue 10): the DPRK's drive proxy no
# longer rises over the replay; see docs/validation.md.
PINNED = {
    "rus_prk": True,
    "rus_irn": True,
    "trilateral": True,
    "japan_spending": False,
    "rok_spending": True,
    "dprk_missiles": False,
}
