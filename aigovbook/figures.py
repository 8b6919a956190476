"""Look up one published number in the ``figures`` table.

The notebooks of Part II quote figures from reports (MGI, PwC, CNNIC) and
the article's own wording. Each figure is one row of ``data/figures.csv``,
found by its ``measure``, ``region`` and (where a report has several)
``scenario``. :func:`value` returns it as a plain ``int`` or ``float``, the
way the prose writes it (``400``, not ``400.0`` or ``np.float64(400.0)``).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["PWC_REGIONS", "one_row", "plain", "stated", "value", "value_range"]

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


def plain(x) -> int | float:
    """A plain Python number: ``int`` when it is whole, else ``float``."""
    x = float(x)
    return int(x) if x.is_integer() else x


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
