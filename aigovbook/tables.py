"""Tables fit for a book: :func:`show_table`.

pandas shows a DataFrame for programmers: an index column of row numbers,
``400.0`` for a whole number, ``NaN`` or ``<NA>`` for a missing value, and
long cells cut off with "...". :func:`show_table` shows it as the book does:
no index column unless it means something, numbers as the prose writes them
(``400`` not ``400.0``, years without a thousands separator), "—" for a
missing value with a note saying what it means, and nothing truncated. The
HTML and plain-text forms are deterministic, so nbval can compare them.
"""

from __future__ import annotations

import hashlib
import html
import numbers

import pandas as pd

from .text import format_date

__all__ = ["MISSING", "Table", "format_cell", "show_table"]

MISSING = "\u2014"  # em dash
DEFAULT_NOTE = f"{MISSING} no value in the data."


def _is_missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists, arrays: not a missing scalar
        return False


def format_cell(value) -> str:
    """One cell as the prose writes it ("—" when missing)."""
    if _is_missing(value):
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp):
        return format_date(value)
    if isinstance(value, numbers.Integral):
        value = int(value)
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        if value.is_integer():
            return format_cell(int(value))
        text = f"{value:,.3f}" if abs(value) >= 10_000 else f"{value:.3f}"
        return text.rstrip("0").rstrip(".")
    return str(value)


class Table:
    """A DataFrame formatted for reading; ``_repr_html_`` gives the book's table."""

    def __init__(self, frame: pd.DataFrame, *, index: bool, note: str | None, caption: str | None):
        self.index = index
        self.caption = caption
        shown = frame.reset_index() if index else frame
        self.columns = [str(c) for c in shown.columns]
        self.rows = [[format_cell(v) for v in row] for row in shown.itertuples(index=False)]
        missing = any(MISSING in row for row in self.rows)
        self.note = (note or DEFAULT_NOTE) if missing else None
        if note and not missing and not note.startswith(MISSING):
            self.note = note  # a note that is not about missing values is always shown

    def _key(self) -> str:
        text = "\x1f".join(self.columns + ["\x1e".join(r) for r in self.rows])
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f'<th scope="col">{esc(c)}</th>' for c in self.columns)
        body = []
        for row in self.rows:
            cells = []
            for i, cell in enumerate(row):
                if self.index and i == 0:
                    cells.append(f'<th scope="row">{esc(cell)}</th>')
                else:
                    cells.append(f"<td>{esc(cell)}</td>")
            body.append(f"<tr>{''.join(cells)}</tr>")
        caption = f"<caption>{esc(self.caption)}</caption>" if self.caption else ""
        note = f'<p class="aigov-table-note">{esc(self.note)}</p>' if self.note else ""
        return (
            f'<div class="aigov-table" id="table-{self._key()}">'
            f'<table class="dataframe aigov-table">{caption}'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f"{note}</div>"
        )

    def __repr__(self) -> str:
        widths = [max(len(c), *(len(r[i]) for r in self.rows)) for i, c in enumerate(self.columns)]
        line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))  # noqa: E731
        lines = [line(self.columns)] + [line(r) for r in self.rows]
        if self.caption:
            lines.insert(0, self.caption)
        if self.note:
            lines.append(self.note)
        return "\n".join(s.rstrip() for s in lines)


def show_table(
    frame: pd.DataFrame | pd.Series,
    *,
    index: bool = False,
    note: str | None = None,
    caption: str | None = None,
) -> Table:
    """``frame`` as a book table.

    ``index=True`` keeps the index as the first column (give it a name: it
    becomes the column's header), for an index that means something (a
    country, a year); otherwise the index is dropped. ``note`` says what
    "—" means in this table; it is shown only when a value is missing
    (a default note is used if none is given). A note that does not start
    with "—" is always shown.
    """
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    return Table(frame, index=index, note=note, caption=caption)
