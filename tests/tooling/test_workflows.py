"""The GitHub Actions workflows: valid, and doing what the README promises.

Each workflow is validated against the GitHub workflow JSON schema that
``check-jsonschema`` ships (SchemaStore's, vendored in the package, so no
network), then its structure is checked: the test workflow runs ``./dev test``
on pull requests and uploads ``_build/html/reports`` when it fails; the
publish workflow builds ``main`` and deploys it to GitHub Pages.
(``actionlint`` is not used: its PyPI package downloads the binary from
GitHub when it is installed, which the project's machines cannot do.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tools.book import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def schema_errors(path: Path) -> str:
    """What ``check-jsonschema --builtin-schema vendor.github-workflows`` says
    about ``path`` (run in this process); empty if the workflow is valid."""
    from check_jsonschema import main
    from click.testing import CliRunner

    args = ["--builtin-schema", "vendor.github-workflows", str(path)]
    result = CliRunner().invoke(main, args)
    return "" if result.exit_code == 0 else f"{result.output}{result.exception or ''}"


def load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads `on:` as True
    return workflow


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses(workflow: dict, action: str) -> list[dict]:
    return [s for s in steps(workflow) if s.get("uses", "").split("@")[0] == action]


def test_there_are_exactly_the_two_workflows():
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ["publish.yml", "test.yml"]


@pytest.mark.parametrize("name", ["test.yml", "publish.yml"])
def test_workflow_matches_the_schema(name):
    assert schema_errors(WORKFLOWS / name) == ""


@pytest.mark.parametrize(
    "breakage",
    [
        ("runs-on: ubuntu-latest", "run-on: ubuntu-latest"),  # misspelt key
        ("pull_request:", "pull_requests:"),  # unknown event
        ("timeout-minutes: 30", "timeout-minutes: half an hour"),  # wrong type
    ],
)
def test_the_schema_check_rejects_a_broken_workflow(tmp_path, breakage):
    text = (WORKFLOWS / "test.yml").read_text(encoding="utf-8")
    assert breakage[0] in text
    broken = tmp_path / "test.yml"
    broken.write_text(text.replace(breakage[0], breakage[1], 1), encoding="utf-8")
    assert schema_errors(broken) != ""


@pytest.mark.parametrize("name", ["test.yml", "publish.yml"])
def test_actions_are_pinned_to_a_major_version(name):
    for step in steps(load(name)):
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+", step["uses"]), step["uses"]


def test_pull_requests_run_the_whole_suite_and_upload_reports_on_failure():
    workflow = load("test.yml")
    assert "pull_request" in workflow["on"]
    runs = [s.get("run", "").strip() for s in steps(workflow)]
    assert "./dev test" in runs
    (upload,) = uses(workflow, "actions/upload-artifact")
    assert upload["if"] == "failure()"
    assert upload["with"]["path"] == "_build/html/reports"
    # the upload comes after the tests
    assert steps(workflow).index(upload) > runs.index("./dev test")


def test_main_is_built_and_published_on_github_pages():
    workflow = load("publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "./dev build" in [s.get("run", "").strip() for s in build["steps"]]
    (artifact,) = [s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", "")]
    assert artifact["with"]["path"] == "_build/html"
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
