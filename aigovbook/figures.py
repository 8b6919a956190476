"""Look up one published number in the ``figures`` table.

The notebooks of Part II quote figures from reports (MGI, PwC, CNNIC) and
the article's own wording. Each figure is one row of ``data/figures.csv``,
found by its ``measure``, ``region`` and (where a report has several)
``scenario``. :func:`value` returns it as a plain ``int`` or ``float``, the
way the prose writes it (``400``, not ``400.0`` or ``np.float64(400.0)``).
"""

from __future__ import annotations

import pandas as pd

from .text import plain

__all__ = [
    "PART2_CLAIMS",
    "PART2_PUBLISHED",
    "PWC_REGIONS",
    "look_up",
    "one_row",
    "plain",
    "stated",
    "value",
    "value_range",
]

#: PwC's seven world regions in *Sizing the prize* (2017). PwC's Middle East
#: figure comes from a separate 2018 study and is not one of them.
PWC_REGIONS: tuple[str, ...] = (
    "China",
    "North America",
    "Northern Europe",
    "Southern Europe",
    "Developed Asia",
    "Latin America",
    "Rest of world",
)


def one_row(
    table: pd.DataFrame, measure: str, region: str | None = None, scenario: str | None = None
) -> pd.Series:
    """The single row of ``table`` with this measure (region, scenario).

    Raises ``LookupError`` naming the filter when there is no row or more than one.
    """
    rows = table[table["measure"] == measure]
    if region is not None:
        rows = rows[rows["region"] == region]
    if scenario is not None:
        rows = rows[rows["scenario"] == scenario]
    if len(rows) != 1:
        raise LookupError(
            f"expected one row for measure={measure!r}, region={region!r}, "
            f"scenario={scenario!r}; found {len(rows)}"
        )
    return rows.iloc[0]


def value(
    table: pd.DataFrame, measure: str, region: str | None = None, scenario: str | None = None
) -> int | float:
    """The figure with this measure (region, scenario), as a plain number."""
    return plain(one_row(table, measure, region, scenario)["value"])


def value_range(
    table: pd.DataFrame, measure: str, region: str | None = None, scenario: str | None = None
) -> tuple[int | float, int | float]:
    """The (low, high) range with this measure (region, scenario)."""
    row = one_row(table, measure, region, scenario)
    return plain(row["value_low"]), plain(row["value_high"])


def stated(rows: pd.DataFrame, suffix: str = "") -> pd.Series:
    """Each row's figure as the source states it: ``"up to 26%"``, ``"9.9 to 11.5%"``.

    Uses ``qualifier`` ("up to", "over", ...) and, where there is no single
    value, the range ``value_low`` to ``value_high``. Rows with neither are
    missing (``NaN``), so a table shows them as missing, not as zero.
    """

    def one(row) -> str | float:
        if pd.notna(row["value"]):
            number = f"{row['value']:g}{suffix}"
        elif pd.notna(row.get("value_low")) and pd.notna(row.get("value_high")):
            number = f"{row['value_low']:g} to {row['value_high']:g}{suffix}"
        else:
            return float("nan")
        qualifier = row.get("qualifier")
        return f"{qualifier} {number}" if isinstance(qualifier, str) and qualifier else number

    return rows.apply(one, axis=1) if len(rows) else pd.Series(dtype=object)


#: Figures the Part II chapter quotes, by glue name: (measure, region,
#: scenario, column) in the published rows of ``figures``. The notebook
#: ``jobs-and-gains`` glues them with :func:`look_up`; the numbers it
#: computes itself (shares, sums) it glues where it computes them.
PART2_PUBLISHED: dict[str, tuple[str, str, str | None, str]] = {
    # A lookup table, one row per glued figure: the rows look alike because they are data.
    # McKinsey 2017: displacement and switching
    "ch2_displaced_mid": ("displaced_workers", "World", "midpoint", "value"),
    "ch2_displaced_rapid": ("displaced_workers", "World", "rapid", "value"),
    "ch2_switch_mid": ("occupation_switchers", "World", "midpoint", "value"),
    "ch2_switch_rapid": ("occupation_switchers", "World", "rapid", "value"),
    "ch2_switch_mid_pct": ("occupation_switchers_share", "World", "midpoint", "value"),
    "ch2_switch_rapid_pct": ("occupation_switchers_share", "World", "rapid", "value"),
    "ch2_new_jobs_low": ("new_jobs", "World", None, "value_low"),
    "ch2_new_jobs_high": ("new_jobs", "World", None, "value_high"),
    "ch2_chn_switch": ("occupation_switchers", "CHN", "rapid", "value"),
    "ch2_chn_switch_pct": ("occupation_switchers_share", "CHN", "rapid", "value"),
    "ch2_chn_displaced_rapid": ("displaced_workers", "CHN", "rapid", "value"),
    "ch2_usa_switch_pct": ("occupation_switchers_share", "USA", "rapid", "value"),
    "ch2_jpn_switch_pct": ("occupation_switchers_share", "JPN", "rapid", "value"),
    "ch2_mgi2021_chn": ("occupation_shift_mgi2021", "CHN", None, "value"),
    # PwC 2017
    "ch2_pwc_global": ("gdp_gain", "World", None, "value"),
    "ch2_pwc_chn": ("gdp_gain", "China", None, "value"),
    "ch2_pwc_na": ("gdp_gain", "North America", None, "value"),
    "ch2_pwc_chn_boost": ("gdp_boost", "China", None, "value"),
    "ch2_pwc_na_boost": ("gdp_boost", "North America", None, "value"),
    "ch2_pwc_global_boost": ("gdp_boost", "World", None, "value"),
    "ch2_pwc_eu_low": ("gdp_boost", "Europe and Developed Asia", None, "value_low"),
    "ch2_pwc_eu_high": ("gdp_boost", "Europe and Developed Asia", None, "value_high"),
    "ch2_pwc_productivity": ("gdp_gain_productivity", "World", None, "value"),
    "ch2_pwc_consumption": ("gdp_gain_consumption", "World", None, "value"),
    # McKinsey 2018
    "ch2_mgi2018_output": ("economic_output", "World", None, "value"),
    "ch2_mgi2018_growth": ("gdp_growth_per_year", "World", None, "value"),
    "ch2_mgi2018_lead_low": ("net_economic_benefit", "Leading AI countries", None, "value_low"),
    "ch2_mgi2018_lead_high": ("net_economic_benefit", "Leading AI countries", None, "value_high"),
    "ch2_mgi2018_dev_low": ("net_economic_benefit", "Developing countries", None, "value_low"),
    "ch2_mgi2018_dev_high": ("net_economic_benefit", "Developing countries", None, "value_high"),
}

#: The article's own figures that the Part II chapter quotes (rows of
#: ``figures`` with ``row_type`` "article_claim"), by glue name.
PART2_CLAIMS: dict[str, tuple[str, str | None, str | None, str]] = {
    "ch2_article_low": ("job_changers", None, None, "value_low"),
    "ch2_article_high": ("job_changers", None, None, "value_high"),
    "ch2_article_chn": ("occupation_switchers", None, None, "value"),
    "ch2_article_share": ("gdp_gain_share", None, None, "value"),
    "ch2_article_total": ("gdp_gain", None, None, "value"),
}


def look_up(table: pd.DataFrame, wanted: dict[str, tuple]) -> dict[str, int | float]:
    """``{name: number}`` for each ``name: (measure, region, scenario, column)`` in ``wanted``."""
    return {
        name: plain(one_row(table, measure, region, scenario)[column])
        for name, (measure, region, scenario, column) in wanted.items()
    }
