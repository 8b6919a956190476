"""Checkers of the code exercises C2.1 to C2.3 (Part II): PwC and McKinsey
figures, and a chart of them."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ....figures import PWC_REGIONS
from ..compare import (
    Checker,
    CodeExerciseError,
    _api,
    _column_problems,
    _fb,
    _listing,
    _not_a_frame,
    compare_chart,
    compare_number,
)


def _source_figures(measure: str) -> pd.DataFrame:
    figures = _api().load("figures")
    rows = figures[(figures["row_type"] == "source_figure") & (figures["measure"] == measure)]
    recalled = rows[rows["status"] == "RECALLED"]
    if len(recalled):
        raise CodeExerciseError(f"{measure}: an exercise may not be graded on RECALLED figures")
    return rows


def _gain() -> pd.Series:
    return _source_figures("gdp_gain").set_index("region")["value"]


def _pwc_share() -> float:
    gain = _gain()
    return float(100 * (gain["China"] + gain["North America"]) / gain["World"])


def _compare_pwc_share(value: Any, want: float):
    gain = _gain()
    figures = _api().load("figures")
    article = figures[
        (figures["row_type"] == "article_claim") & (figures["measure"] == "gdp_gain")
    ]["value"]
    article_share = figures[
        (figures["row_type"] == "article_claim") & (figures["measure"] == "gdp_gain_share")
    ]["value"]
    known = [
        (
            100 * gain["China"] / gain["World"],
            "that is China alone: add North America's gain.",
        ),
        (
            100 * gain["North America"] / gain["World"],
            "that is North America alone: add China's gain.",
        ),
    ]
    if len(article):
        known.append(
            (
                100 * (gain["China"] + gain["North America"]) / float(article.iloc[0]),
                "you divided by the article's rounded total; divide by PwC's World figure.",
            )
        )
    if len(article_share):
        known.append(
            (
                float(article_share.iloc[0]),
                "that is the article's rounded claim; compute the share from PwC's figures.",
            )
        )
    known.append(
        (
            round(want),
            "rounded to a whole number; keep at least one decimal (or do not round).",
        )
    )
    return compare_number(value, want, name="share", tolerance=0.05, known=known)


MCKINSEY = ["displaced_workers", "occupation_switchers"]


def _mckinsey_table() -> pd.DataFrame:
    rows = pd.concat([_source_figures(m) for m in MCKINSEY])
    world = rows[rows["region"] == "World"]
    table = world.pivot(index="scenario", columns="measure", values="value")
    return table[MCKINSEY].sort_index()


def _compare_mckinsey(value: Any, want: pd.DataFrame):
    not_frame = _not_a_frame(
        value,
        "table",
        series_hint=" (pivot the rows: `.pivot(index=..., columns=..., values=...)`)",
    )
    if not_frame:
        return not_frame
    problems = []
    frame = value
    if "scenario" in map(str, frame.columns):
        if set(MCKINSEY) <= set(map(str, frame.columns)):
            problems.append('`scenario` is a column: make it the index (`.set_index("scenario")`).')
            frame = frame.set_index("scenario")
        else:
            return _fb(
                "incorrect",
                "`table` is still a tidy (long) table: pivot it so that each measure is a "
                "column and each scenario a row.",
            )
    columns = [str(c) for c in frame.columns]
    if sorted(columns) != sorted(MCKINSEY):
        swapped = set(map(str, frame.index)) >= set(MCKINSEY)
        if swapped:
            return _fb(
                "incorrect",
                "rows and columns are swapped: scenarios go in the index, measures in the "
                "columns (swap `index=` and `columns=`, or use `.T`).",
            )
        return _fb("incorrect", *(problems + _column_problems(frame, MCKINSEY, "table")))
    index = [str(i) for i in frame.index]
    missing = [s for s in want.index if s not in index]
    extra = [s for s in index if s not in want.index]
    if missing:
        problems.append(f"missing scenario(s) {_listing(missing)}.")
    if extra:
        problems.append(
            f"extra row(s) {_listing(extra)}: keep McKinsey's source figures for the World only."
        )
    if missing or extra:
        return _fb("incorrect", *problems)
    frame = frame.set_axis(index, axis=0)
    mine = frame.loc[list(want.index), MCKINSEY].astype(float)
    theirs = want.astype(float)
    if (mine.to_numpy() == theirs.to_numpy()).all():
        return _fb("incorrect", *problems) if problems else _fb("correct")
    if (mine.to_numpy() == theirs[MCKINSEY[::-1]].to_numpy()).all():
        problems.append("the two columns' values are swapped: check which measure is which.")
    elif ((mine / 1e6).to_numpy() == theirs.to_numpy()).all():
        problems.append("values are a million times too big: the table is in million people.")
    elif ((mine * 100).round(6).to_numpy() == theirs.to_numpy()).all() or (
        (mine / 100).round(6).to_numpy() == theirs.to_numpy()
    ).all():
        problems.append("values are off by a factor of 100: keep the figures as they are.")
    else:
        differ = [
            f"{s}/{m}" for s in want.index for m in MCKINSEY if mine.loc[s, m] != theirs.loc[s, m]
        ]
        problems.append(
            f"values differ from the data at {_listing(differ)}: did you keep only the "
            'region "World" and the source figures?'
        )
    return _fb("incorrect", *problems)


def _pwc_chart_expected() -> dict[str, Any]:
    gain = _gain()
    return {
        "mark": "bar",
        "x": "quantitative",
        "y": "nominal",
        "values": {r: float(gain[r]) for r in PWC_REGIONS},
        "encoding": "mark_bar(); x = the gain (`value`, quantitative :Q); "
        "y = the region (`region`, nominal :N); a title; a description",
    }


#: checker name (``checker:`` in the YAML) -> :class:`Checker`
CHECKERS: dict[str, Checker] = {
    "pwc_share": Checker(
        _pwc_share,
        _compare_pwc_share,
        (
            "not a number (text, a one-value Series)",
            "a fraction, not per cent (off by a factor of 100)",
            "China alone or North America alone",
            "divided by the article's rounded total",
            "the article's rounded claim copied",
            "rounded to a whole number",
        ),
    ),
    "mckinsey_table": Checker(
        _mckinsey_table,
        _compare_mckinsey,
        (
            "not a DataFrame",
            "still a long table (not pivoted)",
            "scenario as a column, not the index",
            "rows and columns swapped",
            "missing or extra scenarios (other regions or the article's rows kept)",
            "the two measures' values swapped",
            "in people, not million people; off by a factor of 100",
        ),
    ),
    "pwc_chart": Checker(
        _pwc_chart_expected,
        compare_chart,
        (
            "not an Altair chart, or several charts combined",
            "wrong mark type (expects bar)",
            "x and y swapped; wrong field type on x or y",
            "missing or extra regions; bar lengths not PwC's gains",
            "no title",
            "no description (or a few words)",
        ),
    ),
}
