"""Chart downloads are converted off Sphinx's thread, once per specification."""

from __future__ import annotations

import json

import pytest

from aigovbook.book import chartfiles

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "title": "Tiny",
    "description": "Two bars.",
    "data": {"values": [{"x": "a", "y": 1}, {"x": "b", "y": 2}]},
    "mark": "bar",
    "encoding": {
        "x": {"field": "x", "type": "nominal"},
        "y": {"field": "y", "type": "quantitative"},
    },
}


def test_files_are_written_once_per_specification(tmp_path):
    queue = chartfiles._Queue()
    queue.submit(tmp_path, "page--fig", SPEC)
    assert queue.finish() == []
    svg, png = tmp_path / "page--fig.svg", tmp_path / "page--fig.png"
    assert "<title>Tiny</title>" in svg.read_text() and png.read_bytes()[:4] == b"\x89PNG"
    recorded = json.loads((tmp_path / ".specs.json").read_text())
    assert recorded == {"page--fig": chartfiles.spec_digest(SPEC)}

    again = chartfiles._Queue()  # the next build into the same folder
    again.submit(tmp_path, "page--fig", SPEC)
    assert again.jobs == []  # unchanged: not converted again
    changed = {**SPEC, "title": "Tiny, changed"}
    again.submit(tmp_path, "page--fig", changed)
    assert len(again.jobs) == 1 and again.finish() == []
    assert "<title>Tiny, changed</title>" in svg.read_text()

    png.unlink()  # a file gone: converted again although the record is current
    third = chartfiles._Queue()
    third.submit(tmp_path, "page--fig", changed)
    assert len(third.jobs) == 1 and third.finish() == [] and png.is_file()


def test_a_failed_conversion_fails_the_build_and_names_the_chart(tmp_path, monkeypatch):
    monkeypatch.setattr(chartfiles, "_QUEUE", chartfiles._Queue())
    chartfiles._QUEUE.submit(tmp_path, "page--broken", {"mark": {"type": "no-such-mark"}})
    with pytest.raises(RuntimeError, match="page--broken"):
        chartfiles.finish()
    assert "page--broken" not in json.loads((tmp_path / ".specs.json").read_text())


def test_a_second_edition_starts_from_the_first_editions_files(tmp_path):
    """The student edition copies the instructor's chart files: the same
    specification is not converted again, a different one is."""
    first, second = tmp_path / "first", tmp_path / "second"
    queue = chartfiles._Queue()
    queue.submit(first / chartfiles.DOWNLOAD_DIR, "page--fig", SPEC)
    assert queue.finish() == []

    assert chartfiles.seed(first, second) is True
    assert chartfiles.seed(first, second) is False  # the target has its own files now
    again = chartfiles._Queue()
    again.submit(second / chartfiles.DOWNLOAD_DIR, "page--fig", SPEC)
    assert again.jobs == []
    again.submit(second / chartfiles.DOWNLOAD_DIR, "page--fig", {**SPEC, "title": "Other"})
    assert len(again.jobs) == 1 and again.finish() == []
    svg = (second / chartfiles.DOWNLOAD_DIR / "page--fig.svg").read_text()
    assert "<title>Other</title>" in svg
    assert "<title>Tiny</title>" in (first / chartfiles.DOWNLOAD_DIR / "page--fig.svg").read_text()
    assert chartfiles.seed(tmp_path / "nothing-built", tmp_path / "third") is False


def test_the_converter_starts_without_the_package():
    """The worker is the script chartconvert.py: it imports neither aigovbook
    (which imports pandas) nor Altair, so each build's worker starts in about
    0.1 CPU-s instead of about 0.9."""
    import subprocess
    import sys

    from aigovbook.book import chartconvert

    probe = (
        "import runpy, sys; sys.argv = [sys.argv[1]]; "
        "runpy.run_path(sys.argv[0], run_name='__main__'); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'aigovbook', 'pandas', 'altair', 'numpy'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, chartconvert.__file__],
        input="",
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_a_new_converter_version_draws_the_files_anew(monkeypatch):
    """A chart's recorded digest covers the installed vl-convert: after an
    upgrade, files kept from an earlier build (or seeded from another) are
    not taken as current."""
    before = chartfiles.spec_digest(SPEC)
    chartfiles._maker.cache_clear()
    monkeypatch.setattr(chartfiles, "converter_version", lambda: "0.0.0-other")
    try:
        assert chartfiles.spec_digest(SPEC) != before
    finally:
        chartfiles._maker.cache_clear()
