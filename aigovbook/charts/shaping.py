"""The columns the charts draw, added to the tables a notebook prepares."""

from __future__ import annotations

import pandas as pd

from ..text import MONTHS

# -- Part I


def _year_span(start, end) -> str:
    """'1978–1989', '2012–ongoing' or '2008'."""
    start = int(start)
    if pd.isna(end):
        return f"{start}\u2013ongoing"
    end = int(end)
    return str(start) if end == start else f"{start}\u2013{end}"


def doctrine_rows(doctrine: pd.DataFrame, as_of: int) -> pd.DataFrame:
    """The ``doctrine`` table with the columns the timeline draws.

    Adds ``years`` ("1978–1989", "2012–ongoing"), ``end_drawn`` (an ongoing
    era is drawn up to ``as_of``) and ``surname``; ``start`` becomes an int.
    """
    return doctrine.assign(
        start=doctrine["start"].astype(int),
        end_drawn=doctrine["end"].fillna(as_of).astype(int),
        years=[_year_span(s, e) for s, e in zip(doctrine["start"], doctrine["end"], strict=True)],
        principle=doctrine["principle"].fillna(""),
        surname=doctrine["leader"].fillna("").str.split().str[0],
    )


def principle_spans(eras: pd.DataFrame) -> pd.DataFrame:
    """Merge consecutive eras (rows of :func:`doctrine_rows`) that share a principle.

    One row per span: ``principle``, ``start``, ``end_drawn``, ``leaders``,
    ``years``, ``description``, ``source``.
    """
    eras = eras.assign(block=(eras["principle"] != eras["principle"].shift()).cumsum())
    spans = (
        eras.groupby("block")
        .agg(
            principle=("principle", "first"),
            start=("start", "min"),
            end_drawn=("end_drawn", "max"),
            leaders=("leader", ", ".join),
            description=("description", "first"),
            source=("source", lambda s: ", ".join(dict.fromkeys(s))),
        )
        .reset_index(drop=True)
    )
    ongoing = eras.groupby("block")["end"].apply(lambda e: e.isna().any()).reset_index(drop=True)
    spans["years"] = [
        f"{s}\u2013ongoing" if is_ongoing else f"{s}\u2013{e}"
        for s, e, is_ongoing in zip(spans["start"], spans["end_drawn"], ongoing, strict=False)
    ]
    return spans


# -- Part II


def focus_country_rows(
    found: pd.DataFrame, focus: list[str], panels: dict[str, str], country_names: pd.Series
) -> pd.DataFrame:
    """One row per panel (measure) and focus country, gaps included.

    ``found`` holds the published rows for the ``focus`` countries (codes)
    and the measures in ``panels`` (measure -> panel title). A country with
    no figure for a measure keeps a row with a missing ``value`` and the
    label "no verified figure", so a chart shows the gap instead of a zero.
    """
    grid = pd.MultiIndex.from_product([list(panels), focus], names=["measure", "region"])
    columns = ["measure", "region", "scenario", "value", "qualifier"]
    rows = grid.to_frame(index=False).merge(found[columns], how="left")
    rows["country"] = rows.region.map(country_names)
    rows["panel"] = rows.measure.map(panels)
    rows["group"] = ["China" if r == "CHN" else "Other focus country" for r in rows.region]
    rows["scenario"] = rows.scenario.fillna("").replace({"unspecified": "not stated"})
    rows["label"] = [
        "no verified figure"
        if pd.isna(v)
        else (f"{q} " if q else "")
        + f"{v:.0f}"
        + ("%" if m.endswith("share") else "")
        + (" (scenario not stated)" if s == "not stated" else "")
        for v, q, m, s in zip(rows.value, rows.qualifier, rows.measure, rows.scenario, strict=False)
    ]
    rows["label_x"] = rows.value.fillna(0)
    return rows


# -- Part III

#: Names of the ``documents`` table's categories.
DOCUMENT_CATEGORIES: dict[str, str] = {
    "privacy_data": "Privacy and data protection",
    "ethics": "Ethics",
    "technical_standards": "Technical standards",
}
#: Short chart labels for documents (by ``id``); the tooltip and table give full titles.
DOCUMENT_LABELS: dict[str, str] = {
    "cyber_security_law": "Cyber Security Law",
    "civil_code": "Civil Code",
    "app_self_assessment_2020": "App self-assessment guideline (draft)",
    "data_security_law": "Data Security Law",
    "apps_pi_white_paper": "Mobile-apps personal information white paper",
    "pipl": "Personal Information Protection Law",
    "ai_ethics_guide_2020": "Guide to AI Ethics",
    "ethical_norms_2021": "Ethical Norms for New Generation AI",
    "trustworthy_ai_white_paper": "White Paper on Trustworthy AI",
    "ai_standardization_white_paper_2018": "White Paper on AI Standardization (2018)",
    "ai_standardization_white_paper_2021": "White Paper on AI Standardization (2021)",
    "guide_standard_framework_2020": "Guide to a national AI standard framework",
    "smart_car_strategy_2020": "Smart Car strategy",
    "intelligent_manufacturing_framework_2021": "Intelligent manufacturing standard framework",
    "standardization_outline_2021": "National Standardization Development Outline",
    "ai_terminology_draft_2021": "AI terminology (draft national standard)",
}


def document_rows(documents: pd.DataFrame) -> pd.DataFrame:
    """The ``documents`` table, in date order, with the columns the timeline shows.

    Adds ``label`` (from :data:`DOCUMENT_LABELS`, else the title), ``date``
    ("March 2021", or "2019 (month not given)"), ``category_label`` and
    ``mark`` (the category's name), and ``issuer_shown`` (says so when the
    sources name no issuer).
    """

    def readable_date(row):
        if pd.isna(row["month"]):
            return f"{row['year']} (month not given)"
        return f"{MONTHS[int(row['month']) - 1]} {row['year']}"

    return (
        documents.assign(
            year=documents["year"].astype(int),
            label=[
                DOCUMENT_LABELS.get(i, t)
                for i, t in zip(documents["id"], documents["title"], strict=True)
            ],
            date=documents.apply(readable_date, axis=1),
            category_label=documents["category"].map(DOCUMENT_CATEGORIES),
            mark=documents["category"].map(DOCUMENT_CATEGORIES),
            issuer_shown=documents["issuer"].replace("", "Not recorded in the book's sources"),
            month_sort=documents["month"].fillna(0).astype(int),
        )
        .sort_values(["year", "month_sort", "label"])
        .reset_index(drop=True)
    )


def plan_rows(milestones: pd.DataFrame, plan_issued: int) -> pd.DataFrame:
    """The plan lane's rows: the plan itself (issued in ``plan_issued``) and its milestones."""
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "year": [plan_issued],
                    "mark": ["Plan issued"],
                    "text": ["Plan issued"],
                    "goal": ["New Generation AI Development Plan issued by the State Council"],
                    "source": ["statecouncil2017"],
                }
            ),
            milestones.assign(
                mark="Plan milestone",
                text=milestones["year"].astype(str) + " goal",
                source=milestones["source"]
                + " (translating "
                + milestones["original_source"]
                + ")",
            )[["year", "mark", "text", "goal", "source"]],
        ],
        ignore_index=True,
    )


# -- Part IV

HEATMAP_STATUS = ["China is a member", "Member", "Not a member", "Not recorded in the data"]


def membership_cells(
    matrix: pd.DataFrame, forums: pd.DataFrame, memberships: pd.DataFrame, names: dict
) -> pd.DataFrame:
    """One row per member and forum of ``matrix`` (a :func:`membership_matrix`), with its status.

    A member that is not in a forum whose ``member_coverage`` is "partial"
    and has no row for it in ``memberships`` is "Not recorded in the data",
    not "Not a member". ``forums`` needs ``label`` and ``type``.
    """
    partial = set(forums.loc[forums["member_coverage"] == "partial", "id"])
    recorded = memberships.groupby("forum")["member"].agg(set)

    def state(member, forum, is_member):
        if is_member:
            return "China is a member" if member == "CHN" else "Member"
        if forum in partial and member not in recorded[forum]:
            return "Not recorded in the data"
        return "Not a member"

    cells = matrix.stack().rename("is_member").reset_index()
    cells["status"] = [
        state(m, f, b)
        for m, f, b in zip(cells["member"], cells["forum"], cells["is_member"], strict=False)
    ]
    cells["symbol"] = cells["status"].map(
        dict(zip(HEATMAP_STATUS, ["yes", "yes", "no", "?"], strict=True))
    )
    cells = cells.merge(
        forums[["id", "label", "name", "type", "founded"]], left_on="forum", right_on="id"
    )
    cells["country"] = cells["member"].map(names)
    return cells


def forum_changes(
    forums: pd.DataFrame, events: pd.DataFrame, full: list[str], then: str, now: pd.Timestamp
) -> pd.DataFrame:
    """Each forum in ``full``: its member count on ``then`` and ``now``, and the change in words.

    ``forums`` is indexed by id (with ``short_label``, ``name`` and
    ``founded``); ``events`` comes from
    :func:`aigovbook.membership.membership_events` over the same period. The
    ``change`` says "no change", "new since 2021: N" for a forum created
    after ``then``, or "+N" / "−N" with how many of the new rows are derived,
    or (for one or two events) who joined or left. ``china`` says whether
    China is a member ``now``. Rows are sorted by the count ``now``.
    """
    from ..membership import members_on

    def change_text(forum, before, after):
        if before == 0 and forums.loc[forum, "founded"] > pd.Timestamp(then):
            return f"new since 2021: {after}"
        if after == before:
            return "no change"
        mine = events[(events["forum"] == forum) & (events["status"] != "DISPUTED")]
        derived = int((mine["status"] == "DERIVED").sum())
        if derived:
            note = f" ({derived} derived)"
        elif len(mine) <= 2:  # name the one or two members who joined or left
            note = (
                " ("
                + ", ".join(
                    f"{'' if e == 'joined' else 'left: '}{n}"
                    for n, e in zip(mine["name"], mine["event"], strict=False)
                )
                + ")"
            )
        else:
            note = ""
        return f"{after - before:+d}{note}".replace("-", "\u2212", 1)

    rows = []
    for f in full:
        before, after = len(members_on(f, then)), len(members_on(f, now))
        china_now = "CHN" in members_on(f, now)
        rows.append(
            {
                "forum": f,
                "Forum": forums.loc[f, "short_label"] + (" (incl. China)" if china_now else ""),
                "name": forums.loc[f, "name"],
                "then": before,
                "now": after,
                "change": change_text(f, before, after),
                "china": "China a member" if china_now else "China not a member",
            }
        )
    return pd.DataFrame(rows).sort_values("now", ascending=False, kind="stable")
