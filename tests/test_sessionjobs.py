"""The run-once jobs behind the shared builds (tests/sessionjobs.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sessionjobs import JobFailed, once, shared_root

HERE = Path(__file__).resolve().parent

# Two processes start the same job at once; the job records each run and sleeps.
RACE = """
import time
from sessionjobs import once
def job(folder):
    with open(folder / "runs", "a") as f:
        f.write("run\\n")
    time.sleep(1)
    return str(folder)
print(once({root!r}, "build", job))
"""


def test_a_job_runs_in_one_process_and_every_process_gets_its_result(tmp_path):
    code = RACE.format(root=str(tmp_path))
    env = {**os.environ, "PYTHONPATH": str(HERE)}  # sessionjobs.py is in tests/
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=60)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outputs == [str(tmp_path / "build")] * 2
    assert (tmp_path / "build" / "runs").read_text() == "run\n"


def test_a_failed_job_fails_for_every_caller_and_is_not_run_again(tmp_path):
    calls = []

    def job(folder):
        calls.append(folder)
        raise ValueError("no book")

    for _ in range(2):
        with pytest.raises(JobFailed, match="build: ValueError: no book"):
            once(tmp_path, "build", job)
    assert len(calls) == 1


def test_workers_share_the_run_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    assert shared_root(tmp_path / "popen-gw0") == tmp_path / "popen-gw0"
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    assert shared_root(tmp_path / "popen-gw0") == tmp_path
