"""Expensive set-up done once per test run, however many processes run the tests.

``./dev test`` runs the suite in several pytest-xdist workers. Each worker
wants the built book (both editions) and one of them the Binder environment;
building them once per worker would double the run's heaviest work. A job
here runs in exactly one process: the first to take the job's lock runs it
and stores its result (pickled) next to the lock; the others wait on the lock
and load that result. With no workers (plain ``pytest``) it simply runs.

If the process running a job dies, the operating system drops its lock and the
next waiter runs the job itself. A job that raises stores the error, which
every waiter raises again, so a failed build fails once per worker, not never.
"""

from __future__ import annotations

import fcntl
import os
import pickle
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class JobFailed(RuntimeError):
    """A shared job raised in the process that ran it."""


def shared_root(basetemp: Path) -> Path:
    """The folder all of a run's workers share: the run's base temporary folder."""
    basetemp = Path(basetemp)
    return basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp


@contextmanager
def _locked(path: Path):
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released on close, or when the process dies
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def once(root: Path, name: str, job: Callable[[Path], Any]) -> Any:
    """``job(folder)``'s result, computed by one process of the run only.

    ``folder`` is ``root / name``, made for the job; the result must pickle.
    """
    folder = Path(root) / name
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder.with_name(f"{name}.result.pickle")
    with _locked(folder.with_name(f"{name}.lock")):
        if not stored.is_file():
            try:
                outcome: tuple[str, Any] = ("ok", job(folder))
            except Exception as exc:  # noqa: BLE001 - stored, then raised in every process
                outcome = ("error", f"{type(exc).__name__}: {exc}")
            stored.write_bytes(pickle.dumps(outcome))
        status, value = pickle.loads(stored.read_bytes())
    if status == "error":
        raise JobFailed(f"{name}: {value}")
    return value
