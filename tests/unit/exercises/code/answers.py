"""Helpers of the code-exercise tests: run a model solution, collect a checker's messages."""

from __future__ import annotations

from aigovbook.exercises.code import check, code_exercise


def run(code: str) -> dict:
    namespace: dict = {}
    exec(code, namespace)
    return namespace


def solution_value(exercise_id: str):
    item = code_exercise(exercise_id)
    return run(item.solution_code())[item.answer]


def messages(exercise_id: str, value) -> str:
    feedback = check(exercise_id, value)
    assert not feedback.correct, feedback
    return "\n".join(feedback.messages)
