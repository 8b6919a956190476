"""Membership queries: the facts the book teaches, interval semantics, and bad input."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aigovbook
from aigovbook import forums_of, members_on, membership_matrix
from aigovbook import membership as M

END_2021 = "2021-12-31"


# --------------------------------------------------------------------------
# Invariants from the issue
# --------------------------------------------------------------------------


def test_oecd_has_38_members_at_end_2021_and_china_is_not_one():
    oecd = members_on("OECD", END_2021)
    assert len(oecd) == 38
    assert "CHN" not in oecd


def test_g7_has_seven_member_countries():
    g7 = members_on("G7", END_2021)
    assert g7 == {"CAN", "DEU", "FRA", "GBR", "ITA", "JPN", "USA"}
    countries = aigovbook.load("countries").set_index("code")
    assert (countries.loc[sorted(g7), "kind"] == "state").all()
    for year in range(2017, 2027):
        assert len(members_on("G7", f"{year}-06-30")) == 7


def test_china_in_g20_and_not_in_gpai():
    assert "CHN" in members_on("G20", END_2021)
    assert "CHN" not in members_on("GPAI", END_2021)
    for year in range(2020, 2027):
        assert "CHN" not in members_on("GPAI", f"{year}-12-31")


def test_gpai_had_25_members_at_end_2021_counting_the_eu():
    gpai = members_on("GPAI", END_2021)
    assert len(gpai) == 25 and "EUU" in gpai
    assert len(members_on("GPAI", "2020-06-15")) == 15  # founders: 14 countries + EU
    assert len(members_on("GPAI", "2020-06-14")) == 0
    assert len(members_on("GPAI", "2022-12-31")) == 29
    countries_2024 = members_on("GPAI", "2024-12-31") - {"EUU"}
    assert len(countries_2024) == 44  # OECD members and GPAI countries, 44 in total
    assert members_on("OECD", "2024-12-31") <= countries_2024


def test_african_union_in_g20_only_from_2023_09_09():
    assert "AFU" not in members_on("G20", "2023-09-08")
    assert "AFU" in members_on("G20", "2023-09-09")
    assert "AFU" in members_on("G20", "2026-12-31")
    assert "G20" not in forums_of("AFU", "2021-12-31")
    assert len(members_on("G20", "2023-09-08")) == 20 and len(members_on("G20", "2023-09-09")) == 21


# --------------------------------------------------------------------------
# More facts (and the interval semantics at their edges)
# --------------------------------------------------------------------------


def test_russia_left_the_council_of_europe_on_2022_03_16():
    assert "RUS" in members_on("COE", "2022-03-15")
    assert "RUS" not in members_on("COE", "2022-03-16")
    assert len(members_on("COE", END_2021)) == 47
    assert len(members_on("COE", "2022-03-16")) == 46


def test_uk_left_the_eu_at_the_end_of_2020_01_31():
    assert "GBR" in members_on("EU", "2020-01-31")
    assert "GBR" not in members_on("EU", "2020-02-01")
    assert len(members_on("EU", "2019-12-31")) == 28
    assert len(members_on("EU", END_2021)) == 27


def test_oecd_enlargements():
    assert len(members_on("OECD", "2017-01-01")) == 35
    assert "LTU" in members_on("OECD", "2018-07-05") and "LTU" not in members_on(
        "OECD", "2018-07-04"
    )
    assert "COL" in members_on("OECD", "2020-04-28") and len(members_on("OECD", "2020-04-28")) == 37
    assert "CRI" not in members_on("OECD", "2021-05-24")
    assert "CRI" in members_on("OECD", "2021-05-25")


def test_brics_enlargements_and_the_disputed_saudi_row():
    assert members_on("BRICS", "2023-12-31") == {"BRA", "RUS", "IND", "CHN", "ZAF"}
    assert len(members_on("BRICS", "2024-01-01")) == 9
    assert "SAU" not in members_on("BRICS", "2024-06-01")
    assert "SAU" in members_on("BRICS", "2024-06-01", include_disputed=True)
    assert "IDN" in members_on("BRICS", "2025-01-06") and "IDN" not in members_on(
        "BRICS", "2025-01-05"
    )
    assert len(members_on("BRICS", "2026-01-01")) == 10


def test_ai_partnership_for_defense():
    assert len(members_on("AIPD", "2020-09-15")) == 13
    assert len(members_on("AIPD", END_2021)) == 16
    assert "CHN" not in members_on("AIPD", END_2021)
    assert {"AUS", "CAN", "FRA", "JPN", "GBR", "USA"} <= members_on("AIPD", "2020-12-31")


def test_bletchley_declaration_brings_china_and_the_us_together():
    assert members_on("BLETCHLEY", "2023-10-31") == set()
    signed = members_on("BLETCHLEY", "2023-11-01")
    assert {"CHN", "USA", "EUU", "GBR"} <= signed
    assert len(signed - {"EUU"}) == 28  # the UK government's count; Switzerland from Swiss reports


def test_us_and_the_unesco_recommendation():
    assert "USA" not in members_on("UNESCO_AI", END_2021)
    assert "CHN" in members_on("UNESCO_AI", END_2021)
    assert "USA" in members_on("UNESCO_AI", "2024-01-01")
    assert "USA" not in members_on("UNESCO_AI", "2026-12-31")


def test_where_china_sat_at_the_end_of_2021():
    china = forums_of("CHN", END_2021)
    assert {"G20", "G20_AI", "BRICS", "UN", "CCW", "UNESCO_AI", "SC42"} <= china
    assert china.isdisjoint({"G7", "OECD", "GPAI", "AIPD", "COE", "EU", "BLETCHLEY"})
    assert "BLETCHLEY" in forums_of("CHN", "2023-11-01")


def test_the_us_at_the_end_of_2021():
    us = forums_of("USA", END_2021)
    assert {"G7", "G20", "OECD", "GPAI", "AIPD", "UN"} <= us
    assert us.isdisjoint({"COE", "EU", "BRICS", "UNESCO_AI"})


def test_every_forum_answers_for_every_year_2017_2026():
    founded = aigovbook.load("forums").set_index("id")["founded"]
    for fid in M.forum_ids():
        for year in range(2017, 2027):
            day = pd.Timestamp(f"{year}-12-31")
            members = members_on(fid, day.date())
            assert members <= set(M.member_names())
            if day >= founded[fid] and fid not in {"BLETCHLEY"}:
                assert members, f"{fid} has no members at {day.date()}"


# --------------------------------------------------------------------------
# The matrix and helpers
# --------------------------------------------------------------------------


def test_membership_matrix_shape_and_consistency():
    matrix = membership_matrix(END_2021)
    assert list(matrix.columns) == M.forum_ids()
    assert list(matrix.index) == sorted(M.member_names())
    assert all(str(dtype) == "bool" for dtype in matrix.dtypes)
    for fid in matrix.columns:
        assert set(matrix.index[matrix[fid]]) == members_on(fid, END_2021)
    assert not matrix.loc["CHN", "OECD"] and matrix.loc["CHN", "G20"]


def test_membership_matrix_subsets():
    matrix = membership_matrix("2024-01-01", members=["chn", "USA"], forums=["G20", "brics"])
    assert matrix.shape == (2, 2)
    assert list(matrix.index) == ["CHN", "USA"] and list(matrix.columns) == ["G20", "BRICS"]
    assert matrix.loc["CHN", "BRICS"] and not matrix.loc["USA", "BRICS"]


def test_counts_series_and_events():
    counts = M.membership_counts(["2021-12-31", "2022-12-31"], ["GPAI", "OECD"])
    assert list(counts.columns) == ["date", "forum", "members"]
    assert (
        counts.set_index(["forum", "date"]).loc[("GPAI", pd.Timestamp("2022-12-31")), "members"]
        == 29
    )
    series = M.member_count_series("GPAI", "2020-01-01", "2025-01-01", freq="YS")
    assert series.tolist() == [0, 19, 25, 29, 29, 45]
    assert series.is_monotonic_increasing
    events = M.membership_events("2022-01-01", "2026-12-31")
    rus = events[(events["member"] == "RUS") & (events["forum"] == "COE")]
    assert rus["event"].tolist() == ["left"] and rus["date"].iloc[0] == pd.Timestamp("2022-03-16")
    assert events["date"].is_monotonic_increasing
    assert M.member_count("OECD", END_2021) == 38
    assert M.is_member("CHN", "G20", END_2021) and not M.is_member("CHN", "OECD", END_2021)


def test_coverage_and_names():
    aipd = M.coverage("AIPD")
    assert aipd["kind"] == "new" and aipd["data_verified_through"] == dt.date(2023, 6, 8)
    assert "March 2022" in aipd["coverage_note"] and "inferred" in aipd["coverage_note"]
    assert M.forum_names()["GPAI"].startswith("Global Partnership")
    assert M.member_names()["EUU"] == "European Union"


# --------------------------------------------------------------------------
# Dates and bad input
# --------------------------------------------------------------------------


def test_dates_as_strings_dates_datetimes_and_timestamps_agree():
    expected = members_on("OECD", "2021-05-25")
    assert members_on("OECD", dt.date(2021, 5, 25)) == expected
    assert members_on("OECD", dt.datetime(2021, 5, 25, 18, 30)) == expected
    assert members_on("OECD", pd.Timestamp("2021-05-25")) == expected
    assert members_on("OECD", " 2021-05-25 ") == expected


@pytest.mark.parametrize(
    "bad",
    [
        "2021/12/31",
        "31-12-2021",
        "2021-1-1",
        "2021-12-32",
        "2021-02-29",
        "",
        "yesterday",
        "20211231",
    ],
)
def test_malformed_date_strings_are_rejected(bad):
    with pytest.raises(ValueError) as err:
        members_on("G20", bad)
    assert repr(bad) in str(err.value) or "calendar" in str(err.value)


@pytest.mark.parametrize("bad", [None, 2021, 20211231.0, pd.NaT, ["2021-12-31"]])
def test_non_date_values_are_rejected(bad):
    with pytest.raises(ValueError, match="YYYY-MM-DD|datetime.date"):
        forums_of("CHN", bad)


def test_unknown_forum_names_the_value_and_suggests():
    with pytest.raises(ValueError) as err:
        members_on("G21", END_2021)
    assert "'G21'" in str(err.value) and "'G20'" in str(err.value)
    with pytest.raises(ValueError, match="'UNESCO_AI'"):
        members_on("UNESCO", END_2021)
    with pytest.raises(ValueError, match="'COE'"):
        members_on("Council of Europe", END_2021)
    assert members_on("oecd", END_2021) == members_on("OECD", END_2021)  # case-insensitive


def test_unknown_member_names_the_value_and_suggests():
    with pytest.raises(ValueError) as err:
        forums_of("China", END_2021)
    assert "'China'" in str(err.value) and "'CHN'" in str(err.value)
    with pytest.raises(ValueError, match="'GER'.*'DEU'|'GER'.*ISO 3166"):
        forums_of("GER", END_2021)
    with pytest.raises(ValueError, match="'XYZ'"):
        membership_matrix(END_2021, members=["XYZ"])
    with pytest.raises(ValueError):
        forums_of(None, END_2021)


@settings(max_examples=20, deadline=None)
@given(st.dates(min_value=dt.date(2017, 1, 1), max_value=dt.date(2026, 12, 31)))
def test_matrix_and_queries_agree_on_any_date(day):
    matrix = membership_matrix(day)
    for fid in ("G20", "OECD", "GPAI", "COE", "EU", "BRICS"):
        assert int(matrix[fid].sum()) == len(members_on(fid, day))
    for code in ("CHN", "USA", "GBR"):
        assert set(matrix.columns[matrix.loc[code]]) == forums_of(code, day.isoformat())
