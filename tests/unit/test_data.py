"""The data package: Frictionless validity, referential integrity, and the
facts the book's charts rely on."""

from __future__ import annotations

import csv
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import aigovbook
from aigovbook import data as D

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
BIB = ROOT / "references.bib"

RESOURCES = [
    "figures",
    "forums",
    "memberships",
    "countries",
    "doctrine",
    "plan_milestones",
    "documents",
    "events",
    "facts",
]


def bib_keys_by_regex() -> set[str]:
    """Keys of references.bib, parsed independently of aigovbook."""
    return set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), flags=re.M))


def raw_rows(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------
# The package as a whole
# --------------------------------------------------------------------------


def test_frictionless_validates_the_whole_package():
    """``frictionless.validate`` on datapackage.json reports it valid (schema, types,
    constraints, primary and foreign keys).

    It runs in a subprocess for speed and isolation: importing ``jsonschema``
    there would otherwise import ``rfc3987_syntax``, which compiles dozens of
    grammars at import (about 3 s). That optional module only backs the
    ``iri`` string format, which the data package does not use, so the
    subprocess blocks it.
    """
    pytest.importorskip("frictionless")
    script = (
        "import sys, json; sys.modules['rfc3987_syntax'] = None\n"
        "import frictionless\n"
        f"report = frictionless.validate({str(DATA / 'datapackage.json')!r})\n"
        "errors = [f'{t.name}: {e.message}' for t in report.tasks for e in t.errors]\n"
        "errors += [e.message for e in report.errors]\n"
        "print(json.dumps({'valid': report.valid, 'errors': errors[:20],\n"
        "                  'tasks': [t.name for t in report.tasks]}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["valid"], "\n".join(result["errors"])
    assert sorted(result["tasks"]) == sorted(RESOURCES)


def test_package_metadata():
    pkg = D.package()
    assert [r["name"] for r in pkg["resources"]] == RESOURCES
    assert pkg["licenses"][0]["name"] == "CC-BY-4.0"
    assert pkg["x-gaps"], "gaps must be declared"
    for res in pkg["resources"]:
        assert res["description"] and res["title"]
        assert (DATA / res["path"]).exists()
        for field in res["schema"]["fields"]:
            assert field.get("description"), f"{res['name']}.{field['name']} lacks a description"


def test_resource_names_and_every_table_loads():
    assert aigovbook.resource_names() == RESOURCES
    for name in RESOURCES:
        frame = aigovbook.load(name)
        assert len(frame) > 0, name
        declared = [
            f["name"] for f in D.package()["resources"][RESOURCES.index(name)]["schema"]["fields"]
        ]
        assert list(frame.columns) == declared


def test_csv_files_are_utf8_with_unix_newlines_and_iso_dates():
    for name in RESOURCES:
        raw = (DATA / f"{name}.csv").read_bytes()
        raw.decode("utf-8")
        assert b"\r\n" not in raw, f"{name}.csv has Windows line endings"
    for row in raw_rows("memberships"):
        for col in ("joined", "left"):
            assert row[col] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[col])


def test_load_returns_typed_copies():
    ms = aigovbook.load("memberships")
    assert str(ms["joined"].dtype).startswith("datetime64")
    assert str(aigovbook.load("documents")["month"].dtype) == "Int64"
    assert aigovbook.load("figures")["value"].dtype == float
    ms.loc[:, "member"] = "XXX"  # must not leak into the cache
    assert "XXX" not in set(aigovbook.load("memberships")["member"])


def test_unknown_resource_lists_valid_names():
    with pytest.raises(ValueError) as err:
        aigovbook.load("figure")
    message = str(err.value)
    assert "'figure'" in message and "figures" in message and "memberships" in message


def test_data_dir_can_be_overridden_by_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("AIGOVBOOK_DATA_DIR", str(tmp_path))
    with pytest.raises(D.DataValidationError, match="datapackage.json"):
        aigovbook.load("figures")
    monkeypatch.setenv("AIGOVBOOK_DATA_DIR", str(DATA))
    assert len(aigovbook.load("figures")) > 0


# --------------------------------------------------------------------------
# Referential integrity
# --------------------------------------------------------------------------


def test_every_source_key_is_in_the_bibliography():
    keys = bib_keys_by_regex()
    assert keys <= D.bib_keys()
    for res in D.package()["resources"]:
        for col in res.get("x-bib-columns", []):
            for i, row in enumerate(raw_rows(res["name"]), start=2):
                if row[col]:
                    assert row[col] in keys, (
                        f"{res['path']} row {i}: {col}={row[col]!r} not in references.bib"
                    )


def test_every_table_with_facts_names_a_source_on_every_row():
    for name in ["figures", "forums", "memberships", "doctrine", "plan_milestones", "documents"]:
        frame = aigovbook.load(name)
        assert (frame["source"] != "").all(), name


def test_members_and_countries_match_both_ways():
    countries = set(aigovbook.load("countries")["code"])
    members = set(aigovbook.load("memberships")["member"])
    assert members <= countries
    assert countries <= members, f"unused country codes: {sorted(countries - members)}"


def test_forums_and_memberships_match_both_ways():
    forums = set(aigovbook.load("forums")["id"])
    used = set(aigovbook.load("memberships")["forum"])
    assert used == forums


def test_member_code_conventions():
    countries = aigovbook.load("countries").set_index("code")
    assert countries.loc["EUU", "name"] == "European Union"
    assert countries.loc["AFU", "name"] == "African Union"
    assert set(countries.index[countries["kind"] == "organization"]) == {"EUU", "AFU"}
    assert countries.loc["EUU", "note"] and countries.loc["AFU", "note"]


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return aigovbook.load("figures").set_index("id")


def test_article_claims_are_all_there_as_the_article_states_them(figures):
    claims = figures[figures["row_type"] == "article_claim"]
    assert (claims["source"] == "chengzeng2023").all()
    assert (claims["claim_in_article"] != "").all()
    expect = {
        "A01": ("job_changers", None, (400, 800)),
        "A02": ("occupation_switchers", 100, None),
        "A03": ("gdp_gain", 16, None),
        "A04": ("gdp_gain_share", 70, None),
        "A05": ("internet_users", 1, None),
        "A06": ("internet_penetration", 71.6, None),
        "A07": ("survey_share", 80, None),
        "A08": ("survey_share", 70, None),
        "A09": ("leaked_user_records", 2.56, None),
        "A10": ("military_ai_market", 26.36, None),
        "A11": ("forum_member_count", 38, None),
    }
    for rid, (measure, value, rng) in expect.items():
        row = figures.loc[rid]
        assert row["measure"] == measure, rid
        if value is not None:
            assert row["value"] == value, rid
        if rng is not None:
            assert (row["value_low"], row["value_high"]) == rng, rid


def test_article_wording_differences_are_noted(figures):
    assert "North America" in figures.loc["A04", "note"]
    assert "15.7" in figures.loc["A03", "note"]
    assert (
        "occupational" in figures.loc["A02", "note"] and "displaced" in figures.loc["A02", "note"]
    )
    assert "DISPLACED" in figures.loc["A01", "note"]


def test_pwc_regions_add_up_and_the_share_is_recomputable(figures):
    gains = figures[
        (figures["measure"] == "gdp_gain") & (figures["source"] == "visualcapitalist2017")
    ]
    assert len(gains) == 7
    assert math.isclose(gains["value"].sum(), 15.7, abs_tol=0.15)
    world = figures.loc["P01", "value"]
    china_na = figures.loc["D01", "value"]
    assert china_na == pytest.approx(
        gains.set_index("region").loc[["China", "North America"], "value"].sum()
    )
    assert figures.loc["D02", "value"] == pytest.approx(round(100 * china_na / world, 1))
    assert figures.loc["P03", "value"] + figures.loc["P04", "value"] == pytest.approx(world)


def test_boost_and_share_are_different_measures_with_different_units(figures):
    boost_units = set(figures.loc[figures["measure"] == "gdp_boost", "unit"])
    share_units = set(figures.loc[figures["measure"] == "gain_share_of_global", "unit"])
    assert boost_units == {"% of 2030 GDP"}
    assert share_units == {"% of global AI GDP gain"}
    china_boost = figures[(figures["measure"] == "gdp_boost") & (figures["region"] == "China")]
    assert china_boost["value"].tolist() == [26]


def test_one_unit_per_measure(figures):
    units = figures.groupby("measure")["unit"].nunique()
    assert (units == 1).all(), units[units > 1]


def test_mckinsey_scenarios_and_the_separate_2021_report(figures):
    world = figures[(figures["region"] == "World") & (figures["source"] == "mgi2017")]
    displaced = world[world["measure"] == "displaced_workers"].set_index("scenario")["value"]
    switchers = world[world["measure"] == "occupation_switchers"].set_index("scenario")["value"]
    assert displaced.to_dict() == {"midpoint": 400, "rapid": 800}
    assert switchers.to_dict() == {"midpoint": 75, "rapid": 375}
    x01 = figures.loc["X01"]
    assert x01["original_source"] == "mgi2021china" and x01["value"] == 220
    assert x01["measure"] not in set(figures.drop(index="X01")["measure"])  # never mixed in
    assert figures.loc["N01", "value"] == 13 and figures.loc["N02", "value"] == 1.2


def test_no_gap_is_silently_filled(figures):
    china_displaced = figures[
        (figures["measure"] == "displaced_workers") & (figures["region"] == "CHN")
    ]
    assert china_displaced["scenario"].tolist() == ["rapid"]  # midpoint was NOT_FOUND
    europe_boost = figures[
        (figures["measure"] == "gdp_boost")
        & figures["region"].isin(["Northern Europe", "Southern Europe"])
    ]
    assert europe_boost.empty  # RECALLED in research, not confirmed
    assert set(figures["status"]) <= {"VERIFIED", "DERIVED"}
    gaps = " ".join(D.package()["x-gaps"])
    assert "Northern Europe" in gaps and "midpoint" in gaps


# --------------------------------------------------------------------------
# Forums and timelines
# --------------------------------------------------------------------------


def test_forum_ids_and_typology():
    forums = aigovbook.load("forums").set_index("id")
    assert list(forums.index) == [
        "G7",
        "G20",
        "G20_AI",
        "OECD",
        "GPAI",
        "AIPD",
        "COE",
        "EU",
        "BRICS",
        "BLETCHLEY",
        "UN",
        "CCW",
        "UNESCO_AI",
        "SC42",
    ]
    assert set(forums.index[forums["kind"] == "new"]) == {"GPAI", "AIPD", "BLETCHLEY"}
    assert (forums["kind_rationale"].str.len() > 40).all()
    assert (
        forums.loc["GPAI", "kind_basis"] == "article"
        and forums.loc["BLETCHLEY", "kind_basis"] == "ours"
    )


def test_plan_milestones_are_2020_2025_2030():
    plan = aigovbook.load("plan_milestones")
    assert plan["year"].tolist() == [2020, 2025, 2030]
    assert set(plan["original_source"]) == {"statecouncil2017"}


def test_documents_cover_the_articles_list():
    docs = aigovbook.load("documents").set_index("id")
    assert set(docs["category"]) == {"privacy_data", "ethics", "technical_standards"}
    for needle in [
        "Civil Code",
        "Data Security Law",
        "Personal Information Protection Law",
        "Ethical Norms",
        "Trustworthy AI",
        "AI Standardization",
        "Smart Car",
        "Intelligent Manufacturing",
        "Standardization Development Outline",
        "Terminology",
        "Cyber Security Law",
        "Guide to AI Ethics",
    ]:
        assert docs["title"].str.contains(needle, regex=False).any(), needle
    assert docs.loc["apps_pi_white_paper", "month"] == 11
    assert docs.loc["intelligent_manufacturing_framework_2021", "month"] == 12


def test_doctrine_eras_are_ordered_and_do_not_overlap():
    doc = aigovbook.load("doctrine")
    eras = doc[doc["kind"] == "era"].sort_values("start")
    assert eras["leader"].tolist() == [
        "Mao Zedong",
        "Deng Xiaoping",
        "Jiang Zemin",
        "Hu Jintao",
        "Xi Jinping",
    ]
    assert eras.iloc[0]["start"] == 1949 and eras.iloc[-1]["start"] == 2012
    ends = eras["end"].tolist()[:-1]
    starts = eras["start"].tolist()[1:]
    assert all(end <= start for end, start in zip(ends, starts, strict=True))
    assert pd.isna(eras.iloc[-1]["end"])  # current era is open
    assert {"financial_crisis", "xi_era"} <= set(doc["id"])
    assert (
        "low profile" in eras.iloc[1]["principle"] and "achievement" in eras.iloc[-1]["principle"]
    )
