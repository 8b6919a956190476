"""Code exercises ("C<part>.<n>"): students write a few lines of Python on the
book's data, and a checker explains what is wrong with their answer.

The exercises are defined in ``data/exercises.yaml`` under ``code_exercises:``
(the field list is at the top of that section). Each names a checker in
:data:`CHECKERS`. A checker computes the expected answer from the data package
through the ``aigovbook`` API (never from a typed value) and compares the
student's object with it, naming the mistake: wrong type, missing or extra
columns, rows or members, wrong sort, off by a factor of 100, a wrong date
boundary, and, for a chart, the encoding it expected.

In a notebook::

    from aigovbook.practice import check
    check("C2.1", share)      # -> Feedback, shown as text

``check`` never raises on a student's answer: anything it cannot read is an
``invalid`` answer with a message. The nbgrader test cells call it too
(``feedback.well_formed`` in the visible test, ``feedback.correct`` and
:func:`matches` in the hidden one).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .figures import PWC_REGIONS

__all__ = [
    "CHECKERS",
    "CodeExercise",
    "CodeExerciseError",
    "Feedback",
    "check",
    "code_exercise",
    "code_exercises",
    "expected",
    "load_code_exercises",
    "matches",
]

BANK_PATH = Path(__file__).resolve().parents[1] / "data" / "exercises.yaml"
SECTION = "code_exercises"
ID_PATTERN = re.compile(r"^C([1-9])\.([1-9][0-9]?)$")
FIELDS = (
    "id",
    "part",
    "page",
    "title",
    "lead_in",
    "prompt",
    "skill",
    "setup",
    "starter",
    "solution",
    "answer",
    "points",
    "checker",
)
STATUSES = ("correct", "incorrect", "invalid", "unanswered")
ARTICLE_DATE = "2021-12-31"  # the article's evidence runs to the end of 2021


class CodeExerciseError(ValueError):
    """The code-exercise definitions are malformed; the message names the entry."""


# --------------------------------------------------------------------------
# definitions
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeExercise:
    """One code exercise, as defined in ``data/exercises.yaml``."""

    id: str
    part: int
    page: str
    title: str
    lead_in: str
    prompt: str
    skill: str
    setup: str
    starter: str
    solution: str
    answer: str
    points: int
    checker: str

    @property
    def slug(self) -> str:
        """``"C2.1"`` -> ``"C2_1"`` (nbgrader grade ids, labels)."""
        return self.id.replace(".", "_")

    @property
    def label(self) -> str:
        """The sphinx-exercise label of the exercise in the book."""
        return "code-" + self.id.replace(".", "-")

    @property
    def mistakes(self) -> tuple[str, ...]:
        """The mistakes the checker recognises (for the instructors' table)."""
        return CHECKERS[self.checker].mistakes

    def starter_code(self) -> str:
        return (self.setup.rstrip() + "\n\n" + self.starter.strip()).strip() + "\n"

    def solution_code(self) -> str:
        return (self.setup.rstrip() + "\n\n" + self.solution.strip()).strip() + "\n"


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def validate(specs: Any) -> list[str]:
    """Structural problems of the ``code_exercises`` list (empty when fine)."""
    if not isinstance(specs, list) or not specs:
        return [f"'{SECTION}' must be a non-empty list"]
    problems: list[str] = []
    seen: set[str] = set()
    for n, spec in enumerate(specs, start=1):
        if not isinstance(spec, dict):
            problems.append(f"code exercise {n}: not a mapping")
            continue
        where = str(spec.get("id") or f"code exercise {n}")
        for name in FIELDS:
            if not _text(spec.get(name)):
                problems.append(f"{where}: missing '{name}'")
        unknown = set(spec) - set(FIELDS)
        if unknown:
            problems.append(f"{where}: unknown field(s) {sorted(unknown)}")
        match = ID_PATTERN.match(str(spec.get("id", "")))
        if not match:
            problems.append(f"{where}: id must look like 'C2.1'")
        elif str(spec.get("part")) != match.group(1):
            problems.append(f"{where}: id does not match part {spec.get('part')}")
        if where in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(where)
        if spec.get("checker") and spec["checker"] not in CHECKERS:
            problems.append(
                f"{where}: unknown checker {spec['checker']!r} (known: {', '.join(CHECKERS)})"
            )
        if not isinstance(spec.get("points"), int) or spec.get("points", 0) < 1:
            problems.append(f"{where}: points must be a whole number of at least 1")
        answer = _text(spec.get("answer"))
        if answer and not answer.isidentifier():
            problems.append(f"{where}: answer must be a Python variable name")
        for name in ("starter", "solution"):
            if answer and not re.search(rf"^{re.escape(answer)}\s*=", _text(spec.get(name)), re.M):
                problems.append(f"{where}: the {name} does not assign '{answer}'")
    return problems


@lru_cache(maxsize=4)
def _read(path: str, mtime: float) -> tuple[CodeExercise, ...]:
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    specs = raw.get(SECTION) if isinstance(raw, dict) else None
    problems = validate(specs)
    if problems:
        raise CodeExerciseError("Code exercise problems:\n- " + "\n- ".join(problems))
    code_fields = ("setup", "starter", "solution")
    items = []
    for spec in specs:
        values: dict[str, Any] = {}
        for name in FIELDS:
            if name in ("part", "points"):
                values[name] = int(spec[name])
            elif name in code_fields:
                values[name] = str(spec[name]).strip() + "\n"
            else:
                values[name] = " ".join(str(spec[name]).split())
        items.append(CodeExercise(**values))
    return tuple(items)


def load_code_exercises(path: str | Path | None = None) -> list[CodeExercise]:
    """Every code exercise, in file order; :class:`CodeExerciseError` if malformed."""
    file = Path(path or BANK_PATH)
    return list(_read(str(file), file.stat().st_mtime_ns))


def code_exercises(part: int | None = None, path: str | Path | None = None) -> list[CodeExercise]:
    """The code exercises (of one part)."""
    return [e for e in load_code_exercises(path) if part is None or e.part == part]


def code_exercise(exercise_id: str, path: str | Path | None = None) -> CodeExercise:
    """The exercise with ``exercise_id``; a ``KeyError`` listing the ids otherwise."""
    found = {e.id: e for e in load_code_exercises(path)}
    key = str(exercise_id).strip()
    if key not in found:
        raise KeyError(f"No code exercise {exercise_id!r}. Known ids: {', '.join(found)}")
    return found[key]


# --------------------------------------------------------------------------
# feedback
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Feedback:
    """The checker's verdict on one answer.

    ``status``: ``correct``; ``incorrect`` (the right kind of object, wrong
    content); ``invalid`` (the wrong kind of object); ``unanswered`` (still
    the starter's ``...``). ``messages`` name the mistakes, one per line.
    """

    exercise: str
    status: str
    messages: tuple[str, ...] = ()

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def well_formed(self) -> bool:
        """The right type and shape (nbgrader's visible test)."""
        return self.status in ("correct", "incorrect")

    def __str__(self) -> str:
        head = {
            "correct": f"{self.exercise}: correct.",
            "incorrect": f"{self.exercise}: not yet right.",
            "invalid": f"{self.exercise}: this is not the kind of answer expected.",
            "unanswered": f"{self.exercise}: not answered yet.",
        }[self.status]
        return "\n".join([head, *(f"- {m}" for m in self.messages)])

    __repr__ = __str__


def _fb(status: str, *messages: str) -> tuple[str, tuple[str, ...]]:
    return status, tuple(m for m in messages if m)


@dataclass(frozen=True)
class Checker:
    """``expected()`` computes the answer from the data; ``compare(value,
    want)`` returns ``(status, messages)``; ``mistakes`` documents what it
    recognises."""

    expected: Callable[[], Any]
    compare: Callable[[Any, Any], tuple[str, tuple[str, ...]]]
    mistakes: tuple[str, ...]


def check(exercise_id: str, value: Any) -> Feedback:
    """Check a student's ``value`` for exercise ``exercise_id``; never raises on the value."""
    item = code_exercise(exercise_id)
    if value is Ellipsis or value is None:
        return Feedback(
            item.id,
            "unanswered",
            (
                f"`{item.answer}` is still `{'...' if value is Ellipsis else 'None'}`: "
                "replace it with your code and run the cell.",
            ),
        )
    checker = CHECKERS[item.checker]
    try:
        status, messages = checker.compare(value, checker.expected())
    except Exception as exc:  # a student's object can break anything; say so, lose nothing
        status, messages = _fb(
            "invalid", f"The checker could not read your answer ({type(exc).__name__}: {exc})."
        )
    return Feedback(item.id, status, tuple(messages))


def expected(exercise_id: str) -> Any:
    """The expected answer, computed from the book's data."""
    return CHECKERS[code_exercise(exercise_id).checker].expected()


def matches(exercise_id: str, value: Any) -> bool:
    """Strict comparison with :func:`expected` (nbgrader's hidden tests)."""
    return check(exercise_id, value).correct


# --------------------------------------------------------------------------
# comparison helpers
# --------------------------------------------------------------------------


def _api():
    import aigovbook

    return aigovbook


def _kind(value: Any) -> str:
    """A short, student-facing name of a value's type."""
    if isinstance(value, pd.DataFrame):
        return f"a DataFrame with columns {list(value.columns)}"
    if isinstance(value, pd.Series):
        return f"a Series of {len(value)} value(s)"
    if isinstance(value, bool):
        return f"the boolean {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    return f"a {type(value).__module__.split('.')[0]}.{type(value).__name__}".replace(
        "builtins.", ""
    )


def _listing(items: Iterable[Any], limit: int = 6) -> str:
    items = [str(i) for i in items]
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _as_number(value: Any, name: str) -> tuple[float | None, str | None]:
    """A real number out of ``value``, or ``(None, message)``."""
    if isinstance(value, bool):
        return None, f"`{name}` is {_kind(value)}; the answer is a number."
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return None, f"`{name}` is NaN (missing): did a look-up find no row?"
        return number, None
    if isinstance(value, str):
        try:
            float(value.replace("%", ""))
        except ValueError:
            return None, f"`{name}` is {_kind(value)}; compute a number."
        return None, f"`{name}` is {_kind(value)}, a number typed as text: compute it as a number."
    if isinstance(value, (pd.Series, pd.DataFrame, pd.Index)) or hasattr(value, "__len__"):
        size = getattr(value, "size", None) or len(value)
        if size == 1:
            return None, (
                f"`{name}` is {_kind(value)} holding one value; take the number out of it, "
                "e.g. with `.iloc[0]`, `.item()` or `float(...)`."
            )
        return None, f"`{name}` is {_kind(value)}; the answer is one number."
    return None, f"`{name}` is {_kind(value)}; the answer is a number."


def compare_number(
    value: Any,
    want: float,
    *,
    name: str,
    tolerance: float,
    whole: bool = False,
    known: Iterable[tuple[float, str]] = (),
) -> tuple[str, tuple[str, ...]]:
    """Compare a number; recognise factors of 100 and the ``known`` wrong values."""
    number, problem = _as_number(value, name)
    if problem:
        return _fb("invalid", problem)
    assert number is not None
    if abs(number - want) <= tolerance:
        if whole and not float(number).is_integer():
            return _fb("incorrect", f"`{name}` should be a whole number.")
        return _fb("correct")
    for factor, words in (
        (100, "a fraction, not per cent: multiply by 100"),
        (0.01, "100 times too big"),
    ):
        if want and abs(number * factor - want) <= tolerance * max(factor, 1):
            return _fb("incorrect", f"`{name}` is off by a factor of 100: it looks like {words}.")
    for wrong, message in known:
        if abs(number - wrong) <= tolerance:
            return _fb("incorrect", message)
    return _fb(
        "incorrect",
        f"`{name}` = {number:g} is not what the data give. Re-read the prompt and print the "
        "intermediate values (the rows you selected) to see where it goes wrong.",
    )


def _column_problems(frame: pd.DataFrame, columns: list[str], name: str) -> list[str]:
    have = [str(c) for c in frame.columns]
    missing = [c for c in columns if c not in have]
    extra = [c for c in have if c not in columns]
    out = []
    if missing:
        index_names = [n for n in frame.index.names if n]
        moved = [c for c in missing if c in index_names]
        if moved:
            out.append(
                f"`{name}` has {_listing(moved)} in its index, not as a column: "
                "use `.reset_index()`."
            )
        rest = [c for c in missing if c not in moved]
        if rest:
            out.append(f"`{name}` is missing the column(s) {_listing(rest)}.")
    if extra:
        out.append(f"`{name}` has extra column(s) {_listing(extra)}: keep only {columns}.")
    return out


def compare_table(
    value: Any,
    want: pd.DataFrame,
    *,
    name: str,
    key: str,
    sort_by: list[str],
    why_extra: Callable[[Any], str] | None = None,
    why_missing: Callable[[Any], str] | None = None,
) -> tuple[str, tuple[str, ...]]:
    """Compare a DataFrame row by row, rows identified by column ``key``."""
    columns = [str(c) for c in want.columns]
    if isinstance(value, pd.Series):
        return _fb(
            "invalid",
            f"`{name}` is {_kind(value)}; the answer is a DataFrame with the columns {columns} "
            "(select several columns with a list: `frame[[...]]`).",
        )
    if not isinstance(value, pd.DataFrame):
        return _fb("invalid", f"`{name}` is {_kind(value)}; the answer is a DataFrame.")
    problems = _column_problems(value, columns, name)
    if key not in [str(c) for c in value.columns]:
        return _fb("incorrect", *problems)
    got_keys = [str(k) for k in value[key]]
    want_keys = [str(k) for k in want[key]]
    missing = [k for k in want_keys if k not in got_keys]
    extra = [k for k in got_keys if k not in want_keys]
    duplicated = sorted({k for k in got_keys if got_keys.count(k) > 1})
    for k in extra[:4]:
        problems.append(f"extra row {k!r}" + (f": {why_extra(k)}" if why_extra else "") + ".")
    if len(extra) > 4:
        problems.append(f"... and {len(extra) - 4} more extra rows.")
    for k in missing[:4]:
        problems.append(f"missing row {k!r}" + (f": {why_missing(k)}" if why_missing else "") + ".")
    if len(missing) > 4:
        problems.append(f"... and {len(missing) - 4} more missing rows.")
    if duplicated:
        problems.append(f"rows appear more than once: {_listing(duplicated)}.")
    if not missing and not extra and not duplicated:
        mine = value.set_index(value[key].astype(str))
        theirs = want.set_index(want[key].astype(str))
        for column in columns:
            if column == key or column not in mine.columns:
                continue
            differ = [
                k for k in want_keys if str(mine.loc[k, column]) != str(theirs.loc[k, column])
            ]
            if differ:
                problems.append(
                    f"column {column!r} does not hold the data's values for {_listing(differ, 3)}."
                )
        if not problems and got_keys != want_keys:
            problems.append(f"the right rows in the wrong order: sort by {sort_by}.")
    return _fb("incorrect", *problems) if problems else _fb("correct")


# --------------------------------------------------------------------------
# the checkers
# --------------------------------------------------------------------------

# -- C1.1 and C1.2: the doctrine table ------------------------------------------

LOW_PROFILE = "Keep a low profile and never claim leadership"


def _eras() -> pd.DataFrame:
    doctrine = _api().load("doctrine")
    eras = doctrine[doctrine["kind"] == "era"][["leader", "start", "principle"]]
    return eras.sort_values("start", kind="stable").reset_index(drop=True)


def _compare_eras(value: Any, want: pd.DataFrame):
    doctrine = _api().load("doctrine").set_index("leader", drop=False)

    def why_extra(leader: str) -> str:
        kinds = set(doctrine.loc[doctrine["leader"] == leader, "kind"])
        if "era" not in kinds:
            return "its rows are turning points, not eras: keep rows whose kind is 'era'"
        return "not an era leader in the data"

    if isinstance(value, pd.DataFrame) and "leader" in value.columns:
        leaders = list(value["leader"].astype(str))
        if len(leaders) > len(set(leaders)) and set(leaders) >= set(want["leader"]):
            return _fb(
                "incorrect",
                "some leaders appear more than once: turning points are still in the table; "
                'keep only the rows whose `kind` is "era".',
            )
    return compare_table(
        value,
        want,
        name="eras",
        key="leader",
        sort_by=["start"],
        why_extra=why_extra,
        why_missing=lambda leader: "an era in the data (kind 'era')",
    )


def _low_profile_years() -> int:
    eras = _api().load("doctrine")
    eras = eras[eras["kind"] == "era"]
    first = eras.loc[eras["principle"] == LOW_PROFILE, "start"].min()
    after = eras[(eras["start"] > first) & (eras["principle"] != LOW_PROFILE)]
    return int(after["start"].min() - first)


def _compare_low_profile(value: Any, want: int):
    eras = _api().load("doctrine")
    eras = eras[eras["kind"] == "era"].sort_values("start")
    low = eras[eras["principle"] == LOW_PROFILE]
    first = int(low["start"].min())
    known = [
        (want + 1, "one year too many: a span from one start year to another is their difference."),
        (
            int(low["end"].max()) - first if low["end"].notna().all() else -1,
            "you used the `end` of the last low-profile era; measure to the `start` of the "
            "next era instead (the same here only if the eras meet).",
        ),
        (
            int(low.iloc[0]["end"]) - first,
            "that is the first low-profile era alone; the principle continued in the eras "
            "after it until a different principle started.",
        ),
        (
            int(eras.iloc[-1]["start"]) - int(eras.iloc[0]["start"]),
            "that span starts with the first era of all, not with the first low-profile era.",
        ),
    ]
    known = [(w, m) for w, m in known if w != want]
    return compare_number(value, want, name="years", tolerance=0, whole=True, known=known)


# -- C2.1 to C2.3: PwC and McKinsey figures -------------------------------------


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
    if isinstance(value, pd.Series):
        return _fb(
            "invalid",
            f"`table` is {_kind(value)}; the answer is a DataFrame (pivot the rows: "
            "`.pivot(index=..., columns=..., values=...)`).",
        )
    if not isinstance(value, pd.DataFrame):
        return _fb("invalid", f"`table` is {_kind(value)}; the answer is a DataFrame.")
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


def _field(channel: Any) -> tuple[str | None, str | None]:
    """(field, type) of an encoding channel as a dict from ``Chart.to_dict``."""
    if not isinstance(channel, Mapping):
        return None, None
    return channel.get("field"), channel.get("type")


def compare_chart(value: Any, want: Mapping[str, Any], *, name: str = "chart"):
    """Compare an Altair chart: mark, x/y encodings and their data, title, description."""
    import altair as alt

    expected_text = f"Expected: {want['encoding']}."
    if not isinstance(value, alt.TopLevelMixin):
        return _fb(
            "invalid", f"`{name}` is {_kind(value)}; the answer is an Altair chart. {expected_text}"
        )
    if not isinstance(value, alt.Chart):
        return _fb(
            "invalid",
            f"`{name}` is an {type(value).__name__} (several charts combined); the answer is "
            f"one `alt.Chart`. {expected_text}",
        )
    spec = value.to_dict(validate=False)
    problems = []
    mark = spec.get("mark")
    mark_type = mark.get("type") if isinstance(mark, Mapping) else mark
    if mark_type != want["mark"]:
        problems.append(f"the mark is {mark_type!r}: use `.mark_{want['mark']}()`.")
    encoding = spec.get("encoding") or {}
    x_field, x_type = _field(encoding.get("x"))
    y_field, y_type = _field(encoding.get("y"))
    if x_type == want["y"] and y_type == want["x"]:
        problems.append(
            "x and y are swapped: the gain goes on x (quantitative), the regions on y (nominal)."
        )
    else:
        for channel, field, ftype in (("x", x_field, x_type), ("y", y_field, y_type)):
            if field is None:
                problems.append(
                    f"no field is encoded on {channel}: expected a {want[channel]} field."
                )
            elif ftype != want[channel]:
                problems.append(
                    f"{channel} encodes {field!r} as {ftype}; expected a {want[channel]} field "
                    f"(`:{want[channel][0].upper()}`)."
                )
    data = value.data if isinstance(value.data, pd.DataFrame) else None
    if data is None:
        problems.append("the chart has no DataFrame as data: pass the table to `alt.Chart(...)`.")
    elif x_field in data.columns and y_field in data.columns and not problems:
        shown = dict(zip(data[y_field].astype(str), data[x_field], strict=False))
        missing = [r for r in want["values"] if r not in shown]
        extra = [r for r in shown if r not in want["values"]]
        if missing:
            problems.append(f"regions missing from the chart: {_listing(missing)}.")
        if extra:
            problems.append(f"rows that are not PwC's seven regions: {_listing(extra)}.")
        if not missing and not extra:
            wrong = [r for r, v in want["values"].items() if abs(float(shown[r]) - v) > 1e-9]
            if wrong:
                problems.append(f"the bar lengths do not match PwC's gains for {_listing(wrong)}.")
    elif not problems:
        problems.append(
            f"the encoded fields {x_field!r} and {y_field!r} are not columns of the data."
        )
    title = spec.get("title")
    title_text = title.get("text") if isinstance(title, Mapping) else title
    if not title_text or not str(title_text).strip():
        problems.append('the chart has no title: `alt.Chart(data, title="...")`.')
    description = spec.get("description")
    if not description or len(str(description).split()) < 5:
        problems.append(
            "the chart has no description (or only a few words): "
            '`alt.Chart(data, description="...")` gives screen-reader users a sentence '
            "saying what the chart shows."
        )
    if problems:
        return _fb("incorrect", *problems, expected_text)
    return _fb("correct")


# -- C3.1 and C3.2: the documents --------------------------------------------------

DOC_YEARS = (2020, 2021)


def _documents_2020_2021() -> pd.DataFrame:
    documents = _api().load("documents")
    rows = documents[documents["year"].between(*DOC_YEARS)]
    columns = ["category", "year", "title"]
    return rows[columns].sort_values(columns, kind="stable").reset_index(drop=True)


def _compare_documents(value: Any, want: pd.DataFrame):
    documents = _api().load("documents").set_index("title")

    def why_extra(title: str) -> str:
        if title in documents.index:
            year = documents.loc[title, "year"]
            if pd.notna(year):
                return (
                    f"from {int(year)}, outside 2020-2021 (check the boundaries: both years count)"
                )
        return "not a document of 2020-2021"

    def why_missing(title: str) -> str:
        year = int(documents.loc[title, "year"])
        return f"from {year}, inside 2020-2021 (check the boundaries: both years count)"

    return compare_table(
        value,
        want,
        name="docs",
        key="title",
        sort_by=["category", "year", "title"],
        why_extra=why_extra,
        why_missing=why_missing,
    )


def _counts() -> pd.Series:
    return _api().load("documents")["category"].value_counts().sort_index()


def _compare_counts(value: Any, want: pd.Series):
    if isinstance(value, pd.DataFrame):
        if value.shape[1] == 1:
            return _fb(
                "invalid",
                f'`counts` is {_kind(value)}; take its one column (`frame["..."]`) '
                "to get a Series.",
            )
        return _fb(
            "invalid",
            f"`counts` is {_kind(value)}: `groupby(...).count()` counts every column; "
            'count one column, e.g. `documents["category"].value_counts()`.',
        )
    if isinstance(value, Mapping):
        value = pd.Series(value)
    if not isinstance(value, pd.Series):
        return _fb("invalid", f"`counts` is {_kind(value)}; the answer is a pandas Series.")
    got = {str(k): v for k, v in value.items()}
    missing = [c for c in want.index if c not in got]
    extra = [c for c in got if c not in want.index]
    if missing or extra:
        hint = (
            " The index should hold the category codes "
            f"({_listing(want.index)}), not labels or numbers."
        )
        return _fb(
            "incorrect",
            f"missing categories: {_listing(missing)}." if missing else "",
            f"unexpected index values: {_listing(extra)}." + hint if extra else "",
        )
    mine = pd.Series({k: float(got[k]) for k in want.index})
    theirs = want.astype(float)
    if (mine == theirs).all():
        if not all(float(v).is_integer() for v in value):
            return _fb("incorrect", "counts are whole numbers.")
        return _fb("correct")
    total = float(theirs.sum())
    if (abs(mine - theirs / total) < 1e-9).all():
        return _fb(
            "incorrect",
            "these are shares (they add up to 1), not counts: drop `normalize=True`.",
        )
    if (abs(mine - 100 * theirs / total) < 1e-6).all():
        return _fb(
            "incorrect", "these are percentages, not counts: drop `normalize=True` and * 100."
        )
    documents = _api().load("documents")
    in_range = documents[documents["year"].between(*DOC_YEARS)]["category"].value_counts()
    if all(mine[c] == in_range.get(c, 0) for c in want.index):
        return _fb("incorrect", "you counted the documents of 2020-2021 only; count all years.")
    differ = [c for c in want.index if mine[c] != theirs[c]]
    return _fb("incorrect", f"the counts for {_listing(differ)} are not what the data give.")


# -- C4.1 and C4.2: membership on a date ---------------------------------------------


def _day(text: str) -> str:
    day = _dt.date.fromisoformat(text)
    return f"{day.day} {day:%B %Y}"


def _china_2021() -> set[str]:
    return set(_api().forums_of("CHN", ARTICLE_DATE))


def _membership_story(forum: str, member: str, date: str) -> str:
    """Why ``member`` was or was not in ``forum`` on ``date``, with the data's dates."""
    rows = _api().load("memberships")
    rows = rows[(rows["forum"] == forum) & (rows["member"] == member)]
    if rows.empty:
        return "the data record no membership at all"
    day = pd.Timestamp(date)
    joined = rows["joined"].min()
    left = rows["left"].dropna()
    if joined > day:
        return f"joined on {_day(str(joined.date()))}, after {_day(date)}"
    if len(left) and left.max() <= day:
        return f"left on {_day(str(left.max().date()))}, before {_day(date)}"
    return f"a member since {_day(str(joined.date()))}"


def _compare_china(value: Any, want: set[str]):
    api = _api()
    names = api.membership.forum_names()
    if isinstance(value, str):
        return _fb(
            "invalid",
            f"`china_2021` is {_kind(value)}; the answer is a set of forum ids, e.g. "
            '`{"G20", "BRICS"}`.',
        )
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        return _fb("invalid", f"`china_2021` is {_kind(value)}; the answer is a set of forum ids.")
    items = list(value)
    if not all(isinstance(i, str) for i in items):
        return _fb("invalid", '`china_2021` should hold forum ids as text, such as "G20".')
    problems = []
    if not isinstance(value, (set, frozenset)):
        problems.append(f"`china_2021` is {_kind(value)}; a set would do (`set(...)`).")
    by_name = {v.casefold(): k for k, v in names.items()}
    as_names = [i for i in items if i not in names and i.casefold() in by_name]
    if as_names:
        return _fb(
            "invalid",
            f"use forum ids, not names: e.g. {by_name[as_names[0].casefold()]!r} for "
            f"{as_names[0]!r}.",
        )
    unknown = [i for i in items if i not in names]
    if unknown:
        hints = [
            f"{u!r}"
            + (
                f" (did you mean {m[0]!r}?)"
                if (m := difflib.get_close_matches(u, names, 1))
                else ""
            )
            for u in unknown
        ]
        return _fb(
            "invalid", f"unknown forum id(s): {', '.join(hints)}. Ids: {_listing(names, 20)}."
        )
    got = set(items)
    if got == want:
        return _fb("incorrect", *problems) if problems else _fb("correct")
    for other in ("2022-12-31", "2021-01-01", "2020-12-31", "2026-01-01"):
        if got == set(api.forums_of("CHN", other)) and got != want:
            problems.append(
                f"this is China's list on {_day(other)}: query the date {_day(ARTICLE_DATE)} "
                '("2021-12-31").'
            )
            break
    for forum in sorted(got - want):
        problems.append(
            f"extra forum {forum}: China {_membership_story(forum, 'CHN', ARTICLE_DATE)}."
        )
    for forum in sorted(want - got):
        problems.append(
            f"missing forum {forum}: China was {_membership_story(forum, 'CHN', ARTICLE_DATE)}."
        )
    return _fb("incorrect", *problems)


GPAI_YEARS = range(2020, 2025)


def _gpai_counts(day: str = "12-31") -> pd.Series:
    api = _api()
    return pd.Series(
        [len(api.members_on("GPAI", f"{y}-{day}")) for y in GPAI_YEARS],
        index=pd.Index(list(GPAI_YEARS)),
    )


def _compare_gpai(value: Any, want: pd.Series):
    if isinstance(value, Mapping):
        value = pd.Series(value)
    if isinstance(value, pd.DataFrame):
        return _fb(
            "invalid",
            f"`gpai` is {_kind(value)}; the answer is a Series (one value per year).",
        )
    if not isinstance(value, pd.Series):
        return _fb(
            "invalid",
            f"`gpai` is {_kind(value)}; the answer is a pandas Series indexed by year "
            "(`pd.Series(counts, index=years)`).",
        )
    problems = []
    index = list(value.index)
    if index and all(isinstance(i, (pd.Timestamp, _dt.date)) for i in index):
        return _fb(
            "incorrect",
            "the index holds dates; use the years as whole numbers "
            "(e.g. `index=range(2020, 2025)`).",
        )
    try:
        years = [int(str(i)) for i in index]
    except ValueError:
        return _fb("incorrect", f"the index should hold years such as 2020, not {index[:3]}.")
    got = dict(zip(years, value.tolist(), strict=False))
    missing = [y for y in want.index if y not in got]
    extra = [y for y in got if y not in want.index]
    if missing:
        problems.append(f"missing year(s): {_listing(missing)}.")
    if extra:
        problems.append(f"extra year(s): {_listing(extra)}; the prompt asks for 2020 to 2024.")
    if missing or extra:
        return _fb("incorrect", *problems)
    mine = pd.Series([got[y] for y in want.index], index=want.index)
    if (mine == want).all():
        return _fb("correct")
    january = _gpai_counts("01-01")
    if (mine == january).all():
        return _fb(
            "incorrect",
            "these are the counts on 1 January; the prompt asks for 31 December "
            "(wrong date boundary: members who joined during the year are missing).",
        )
    next_january = pd.Series(
        [len(_api().members_on("GPAI", f"{y + 1}-01-01")) for y in want.index], index=want.index
    )
    if (mine == next_january).all() and not (next_january == want).all():
        return _fb("incorrect", "these are the counts on 1 January of the next year.")
    eu = pd.Series(
        [int("EUU" in _api().members_on("GPAI", f"{y}-12-31")) for y in want.index],
        index=want.index,
    )
    if (mine == want - eu).all():
        return _fb(
            "incorrect",
            "the European Union is missing: it is a member of GPAI and counts as one.",
        )
    differ = [str(y) for y in want.index if mine[y] != want[y]]
    return _fb(
        "incorrect",
        f"the counts for {_listing(differ)} are not the data's counts on 31 December.",
    )


# -- C5.1 and C5.2: events after the article ----------------------------------------

SUMMIT_COLUMNS = ["date", "title", "china_role", "us_role"]


def _events_api():
    from aigovbook import events as events_module

    return events_module


def _confirmed_summits() -> pd.DataFrame:
    summits = _events_api().events(kind="summit", gradable=True)
    return summits[SUMMIT_COLUMNS].reset_index(drop=True)


def _compare_summits(value: Any, want: pd.DataFrame):
    every = _events_api().events().set_index("title")

    def why_extra(title: str) -> str:
        if title not in every.index:
            return "not an event title in the data"
        row = every.loc[title]
        if row["status"] == "RECALLED":
            return (
                "its status is RECALLED (the book's recollection, not confirmed): "
                'keep only rows whose `status` is not "RECALLED"'
            )
        return f'its kind is {row["kind"]!r}, not "summit"'

    def why_missing(title: str) -> str:
        return f"a confirmed summit event of {_day(str(every.loc[title, 'date'].date()))}"

    if isinstance(value, pd.DataFrame) and "date" in value.columns:
        try:  # dates kept as text ("2023-11-01") are read as dates
            value = value.assign(date=pd.to_datetime(value["date"]))
        except (ValueError, TypeError):
            pass
    return compare_table(
        value,
        want,
        name="summits",
        key="title",
        sort_by=["date"],
        why_extra=why_extra,
        why_missing=why_missing,
    )


def _china_roles() -> pd.Series:
    return _events_api().events(gradable=True)["china_role"].value_counts()


def _compare_china_roles(value: Any, want: pd.Series):
    if isinstance(value, pd.DataFrame):
        if value.shape[1] == 1:
            return _fb(
                "invalid",
                f'`china_roles` is {_kind(value)}; take its one column (`frame["..."]`) '
                "to get a Series.",
            )
        return _fb(
            "invalid",
            f"`china_roles` is {_kind(value)}: `groupby(...).count()` counts every column; "
            'count one column, e.g. `confirmed["china_role"].value_counts()`.',
        )
    if isinstance(value, Mapping):
        value = pd.Series(value, dtype=object)
    if not isinstance(value, pd.Series):
        return _fb("invalid", f"`china_roles` is {_kind(value)}; the answer is a pandas Series.")
    roles = _events_api().ROLES
    got: dict[str, float] = {}
    for key, number in value.items():
        count, problem = _as_number(number, f"china_roles[{key!r}]")
        if problem:
            return _fb("invalid", problem)
        got[str(key)] = float(count)
    labels = {label: code for code, label in roles.items() if label != code}
    as_labels = [k for k in got if k in labels]
    if as_labels:
        return _fb(
            "incorrect",
            f"use the role codes of the `china_role` column, not display labels: e.g. "
            f"{labels[as_labels[0]]!r} for {as_labels[0]!r}.",
        )
    unknown = [k for k in got if k not in roles]
    if unknown:
        return _fb(
            "incorrect",
            f"unexpected index values: {_listing(unknown)}. The index should hold the role "
            f"codes of `china_role` ({_listing(roles, 9)}).",
        )
    # roles with a count of 0 (as `role_counts` gives them) are fine
    mine = pd.Series({k: v for k, v in got.items() if v != 0}, dtype=float)
    theirs = want.astype(float)

    def same(other: pd.Series) -> bool:
        other = other[other != 0].astype(float)
        return set(mine.index) == set(other.index) and all(
            abs(mine[k] - other[k]) < 1e-9 for k in other.index
        )

    if same(theirs):
        if not all(float(v).is_integer() for v in got.values()):
            return _fb("incorrect", "counts are whole numbers.")
        return _fb("correct")
    total = float(theirs.sum())
    if same(theirs / total):
        return _fb(
            "incorrect", "these are shares (they add up to 1), not counts: drop `normalize=True`."
        )
    if same(100 * theirs / total):
        return _fb(
            "incorrect", "these are percentages, not counts: drop `normalize=True` and * 100."
        )
    every = _events_api().events()
    if same(every["china_role"].value_counts()):
        recalled = every[every["status"] == "RECALLED"]
        return _fb(
            "incorrect",
            "you counted every row, RECALLED ones too: "
            f"{_listing(recalled['id'])} is the book's recollection, not confirmed; "
            'keep only rows whose `status` is not "RECALLED".',
        )
    confirmed = _events_api().events(gradable=True)
    if same(confirmed["us_role"].value_counts()):
        return _fb(
            "incorrect", "these are the roles of the United States (`us_role`), not China's."
        )
    for kind in _events_api().KINDS:
        if same(confirmed.loc[confirmed["kind"] == kind, "china_role"].value_counts()):
            return _fb(
                "incorrect",
                f"you counted the {kind!r} events only; count the events of all tracks.",
            )
    missing = [r for r in theirs.index if r not in mine.index]
    extra = [r for r in mine.index if r not in theirs.index]
    differ = [r for r in theirs.index if r in mine.index and mine[r] != theirs[r]]
    return _fb(
        "incorrect",
        f"missing role(s): {_listing(missing)}." if missing else "",
        f"role(s) China plays in no confirmed event: {_listing(extra)}." if extra else "",
        f"the counts for {_listing(differ)} are not what the data give." if differ else "",
    )


#: checker name (``checker:`` in the YAML) -> :class:`Checker`
CHECKERS: dict[str, Checker] = {
    "doctrine_eras": Checker(
        _eras,
        _compare_eras,
        (
            "not a DataFrame (e.g. a Series)",
            "missing or extra columns; a column left in the index",
            "turning points kept (rows that are not eras)",
            "a missing era",
            "wrong sort order",
        ),
    ),
    "low_profile_years": Checker(
        _low_profile_years,
        _compare_low_profile,
        (
            "not a number (text, a one-value Series)",
            "one year too many (inclusive count)",
            "the first low-profile era alone",
            "measured from the first era of all",
            "not a whole number",
        ),
    ),
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
    "documents_2020_2021": Checker(
        _documents_2020_2021,
        _compare_documents,
        (
            "not a DataFrame",
            "missing or extra columns",
            "wrong year boundary (a document from outside 2020-2021 kept, or 2021 left out)",
            "wrong sort order",
        ),
    ),
    "documents_per_category": Checker(
        _counts,
        _compare_counts,
        (
            "a DataFrame (groupby().count()) instead of a Series",
            "labels instead of category codes; missing categories",
            "shares or percentages instead of counts",
            "only 2020-2021 counted",
        ),
    ),
    "china_forums_2021": Checker(
        _china_2021,
        _compare_china,
        (
            "not a set of ids (text, a mapping; names instead of ids; unknown ids)",
            "the list on another date (wrong date boundary)",
            "an extra forum, explained by its join or leave date",
            "a missing forum, with the date China joined",
        ),
    ),
    "gpai_by_year": Checker(
        _gpai_counts,
        _compare_gpai,
        (
            "not a Series (a list, a DataFrame)",
            "dates instead of years in the index; missing or extra years",
            "counted on 1 January instead of 31 December (date boundary)",
            "the European Union left out",
        ),
    ),
    "confirmed_summits": Checker(
        _confirmed_summits,
        _compare_summits,
        (
            "not a DataFrame (e.g. a Series)",
            "missing or extra columns; a column left in the index",
            "the RECALLED row kept (not confirmed)",
            "an event of another track kept; a summit missing",
            "wrong sort order",
        ),
    ),
    "china_role_counts": Checker(
        _china_roles,
        _compare_china_roles,
        (
            "a DataFrame (groupby().count()) instead of a Series",
            "display labels instead of role codes; unknown roles",
            "shares or percentages instead of counts",
            "a RECALLED row counted",
            "the United States' roles instead of China's",
            "one track only",
        ),
    ),
}
