"""What students get on Binder is tested, not assumed.

A fresh virtual environment is built from ``binder/requirements.txt`` plus the
book's package (as ``binder/postBuild`` installs it), and every notebook in
``chapters/`` is executed in a fresh kernel running in that environment. The
kernel is the only thing that runs there: nbclient drives it from the test
environment, as Jupyter's server does on Binder. When nbval checks every
notebook in the same run (``./dev test``), nbval's own kernels are these
Binder kernels and the separate runs here are deselected
(``tests/conftest.py``): one run per notebook then proves both things.

The environment is kept in ``_build/binder-env/`` for the next run while
``binder/requirements.txt``, ``binder/postBuild`` and ``pyproject.toml`` stay
the same (a change to any makes a new one; ``BINDER_FRESH=1`` builds one
from scratch every time, as a clean checkout does).

Install time and size are printed and written to ``_build/binder-env.json``
(or ``$BINDER_REPORT``), next to the size of the full environment
(``requirements.txt``, the one running the tests). With
``BINDER_COMPARE_FULL=1`` the full environment is also installed afresh and
timed (slower; ``benchmarks/run.py --full-env`` does this).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sessionjobs import once, shared_root

from tools.book import notebooks
from tools.execute import execute as run_notebook

pytestmark = pytest.mark.binder

ROOT = Path(__file__).resolve().parent.parent
BINDER_REQUIREMENTS = ROOT / "binder" / "requirements.txt"
REPORT = Path(os.environ.get("BINDER_REPORT", ROOT / "_build" / "binder-env.json"))
KERNEL_NAME = "binder-python3"
# Notebooks executed at the same time (each in its own fresh kernel).
PARALLEL = max(1, min(4, os.cpu_count() or 1))


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


# uv installs and lists the packages of the Binder environment: the same
# pinned set that Binder's pip installs (a test checks that nothing unpinned
# comes with them), in about a second instead of pip's twelve.
UV = Path(sys.executable).with_name("uv")


def uv_pip(python: Path, *args: str) -> list[str]:
    """A ``uv pip`` command for the environment of ``python`` (made without a pip)."""
    return [str(UV), "pip", args[0], "--python", str(python), *args[1:]]


def pip_install(python: Path, *args: str) -> None:
    # uv's cache is left on: a repeated run installs from it. No bytecode is
    # compiled: the kernel compiles what it imports; compiling all of pandas
    # and IPython up front would double the install time.
    subprocess.run(uv_pip(python, "install", "--quiet", *args), cwd=ROOT, check=True, timeout=900)


def make_venv(where: Path, *pip_args: str) -> tuple[Path, float]:
    """Create a venv at ``where`` and pip-install ``pip_args``; return (python, seconds)."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=300
    )
    python = where / "bin" / "python"
    pip_install(python, *pip_args)
    return python, time.perf_counter() - start


def postbuild_args() -> list[str]:
    """The pip arguments binder/postBuild uses for the book's own package."""
    text = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip().startswith("pip install")]
    assert len(lines) == 1, "binder/postBuild should run exactly one `pip install`"
    return lines[0].split()[2:]


def install_binder_env(where: Path) -> tuple[Path, float]:
    """Build the Binder environment at ``where``: (python, seconds)."""
    python, seconds = make_venv(where, "-r", str(BINDER_REQUIREMENTS))
    start = time.perf_counter()
    pip_install(python, *postbuild_args())
    return python, seconds + time.perf_counter() - start


_BACKGROUND: dict = {}


def start_in_background(root: Path) -> None:
    """Start building the Binder environment in a thread, under ``root``.

    Optional: a ``pytest_collection_finish`` hook in ``tests/conftest.py`` may
    call this when Binder tests are selected, so the (mostly pip) work
    overlaps with the build and browser tests; the ``binder_env`` fixture
    then waits for it. Without the hook the fixture builds it itself. Under
    pytest-xdist one worker builds it (``sessionjobs.once``) for all.
    """
    if "future" in _BACKGROUND or not BINDER_REQUIREMENTS.is_file():
        return
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="binder-env")
    _BACKGROUND["future"] = pool.submit(shared_binder_env, Path(root))
    pool.shutdown(wait=False)


# A Binder environment is kept between runs in _build/ (``./dev clean`` removes
# it), under a digest of everything that decides what gets installed; any change
# to those files makes a new one. BINDER_FRESH=1 always builds one from scratch,
# as a clean checkout (continuous integration) does anyway.
KEPT = ROOT / "_build" / "binder-env"
INSTALL_INPUTS = (BINDER_REQUIREMENTS, ROOT / "binder" / "postBuild", ROOT / "pyproject.toml")


def install_key() -> str:
    import hashlib

    h = hashlib.sha256(f"{sys.version}\n{sys.executable}\n".encode())
    for path in INSTALL_INPUTS:
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def kept_binder_env() -> tuple[Path, float]:
    """The Binder environment kept in _build/ for these install inputs: built
    there if missing (0 s when reused)."""
    import shutil

    where = KEPT / install_key() / "venv"
    done = where.parent / "installed"
    if done.is_file():
        return where / "bin" / "python", 0.0
    if KEPT.is_dir():
        shutil.rmtree(KEPT)  # environments made from other inputs
    python, seconds = install_binder_env(where)
    done.write_text(f"{seconds:.1f}\n", encoding="utf-8")
    return python, seconds


def shared_binder_env(root: Path) -> tuple[Path, float]:
    """The run's one Binder environment: (python, seconds spent installing it)."""
    if os.environ.get("BINDER_FRESH") == "1":
        return once(root, "binder-env", lambda folder: install_binder_env(folder / "venv"))
    return once(root, "binder-env", lambda folder: kept_binder_env())


def run_binder_env(root: Path) -> tuple[Path, float]:
    """The run's Binder environment: the one started in the background
    (:func:`start_in_background`), waited for, or else made now."""
    if "future" in _BACKGROUND:
        return _BACKGROUND["future"].result()
    return shared_binder_env(root)


def register_kernel(python: Path) -> Path:
    """Register the Binder venv's interpreter as the kernel ``KERNEL_NAME``,
    in a Jupyter folder next to the venv that only this run looks in (through
    ``JUPYTER_PATH``); return that folder."""
    jupyter = python.parent.parent.parent / "jupyter"
    kernels = jupyter / "kernels" / KERNEL_NAME
    kernels.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (Binder environment)",
        "language": "python",
        # Binder's pip compiles every module at install; this one installs
        # with --no-compile, so the kernels must be free to write the
        # bytecode (an empty value overrides PYTHONDONTWRITEBYTECODE=1
        # in the caller's environment) or each one compiles pandas anew.
        # PYTHONPATH is emptied: the kernel imports only what Binder installs.
        "env": {
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "PYTHONDONTWRITEBYTECODE": "",
            "PYTHONPATH": "",
        },
    }
    text = json.dumps(spec, indent=1) + "\n"
    target = kernels / "kernel.json"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return jupyter


def use_binder_kernel(root: Path) -> str:
    """Make the run's Binder environment (built, or waited for) the kernel that
    nbval starts for every notebook: its kernel is registered and put on
    ``JUPYTER_PATH``. Return the kernel's name.

    ``tests/conftest.py`` calls this before nbval's first notebook when the
    same run checks every notebook with nbval and runs the Binder tests: then
    one run per notebook both compares its outputs, strictly, and proves it
    runs with only what Binder installs (see ``binder_replaces_current_env``)."""
    python, _ = run_binder_env(root)
    jupyter = register_kernel(python)
    paths = [str(jupyter), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    from jupyter_client.kernelspec import KernelSpecManager

    argv = KernelSpecManager().get_kernel_spec(KERNEL_NAME).argv
    if argv[0] != str(python):
        raise RuntimeError(f"kernel {KERNEL_NAME} resolves to {argv[0]}, not {python}")
    return KERNEL_NAME


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    """(python, facts, jupyter dir) for a fresh venv built the way Binder builds it."""
    assert BINDER_REQUIREMENTS.is_file(), "binder/requirements.txt is missing"
    background = "future" in _BACKGROUND
    python, seconds = run_binder_env(shared_root(tmp_path_factory.getbasetemp()))
    where = python.parent.parent
    register_kernel(python)
    facts = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "binder_install_seconds": round(seconds, 1),
        "binder_env_reused": seconds == 0.0,
        "binder_installed_in_background": background,
        "binder_env_bytes": dir_bytes(where),
        "binder_packages": len(
            subprocess.run(
                uv_pip(python, "list", "--format=freeze"),
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
        ),
        "full_env_bytes": dir_bytes(Path(sys.prefix)),
    }
    if os.environ.get("BINDER_COMPARE_FULL") == "1":
        # As ./dev installs it: every package pinned, no resolver run.
        full, full_seconds = make_venv(
            where.parent / "full-venv", "--no-deps", "-r", str(ROOT / "requirements.txt")
        )
        facts["full_install_seconds"] = round(full_seconds, 1)
        facts["full_env_bytes"] = dir_bytes(full.parent.parent)
    return python, facts, where.parent / "jupyter"


@pytest.fixture(scope="module")
def binder_report(binder_env, pytestconfig):
    _, facts, _ = binder_env
    facts["notebooks"] = {}
    yield facts
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(facts, indent=2) + "\n", encoding="utf-8")
    mb = 1024 * 1024
    lines = [
        f"Binder environment: {facts['binder_packages']} packages, "
        f"{facts['binder_env_bytes'] / mb:.0f} MB, "
        f"installed in {facts['binder_install_seconds']} s",
        f"Full environment (requirements.txt): {facts['full_env_bytes'] / mb:.0f} MB"
        + (
            f", installed in {facts['full_install_seconds']} s"
            if "full_install_seconds" in facts
            else " (install time: BINDER_COMPARE_FULL=1)"
        ),
        *(f"  {name}: {secs} s" for name, secs in facts["notebooks"].items()),
        f"Written to {REPORT}",
    ]
    capman = pytestconfig.pluginmanager.getplugin("capturemanager")
    with capman.global_and_fixture_disabled():
        print("\n" + "\n".join(lines))


def test_binder_requirements_are_pinned_and_agree_with_the_full_environment():
    full = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            full[name.lower().replace("_", "-")] = version.strip()
    for line in BINDER_REQUIREMENTS.read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        assert "==" in line, f"not pinned: {line}"
        name, version = line.split("==")
        key = name.lower().replace("_", "-")
        assert full.get(key) == version.strip(), f"{line} differs from requirements.txt"


def test_binder_requirements_pin_everything_installed(binder_env):
    """Binder installs with dependencies: whatever pip pulled in unpinned would
    float between builds, so every installed package must be pinned."""
    python, _, _ = binder_env
    frozen = subprocess.run(
        uv_pip(python, "list", "--format=freeze", "--exclude-editable"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    pinned = {
        line.split("#")[0].strip().lower().replace("_", "-")
        for line in BINDER_REQUIREMENTS.read_text().splitlines()
        if "==" in line.split("#")[0]
    }
    unpinned = sorted(
        f
        for f in frozen
        if f.lower().replace("_", "-") not in pinned
        and f.split("==")[0].lower() not in {"pip", "setuptools", "wheel", "aigovbook"}
    )
    assert unpinned == []


def test_binder_env_is_the_kernels_env(binder_env):
    python, _, _ = binder_env
    out = subprocess.run(
        [str(python), "-c", "import sys, aigovbook; print(sys.prefix)"],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    )
    assert Path(out.stdout.strip()) == python.parent.parent


def test_binder_env_is_leaner_than_the_full_one(binder_env):
    _, facts, _ = binder_env
    assert facts["binder_env_bytes"] < facts["full_env_bytes"] / 2


def execute(notebook: Path) -> tuple[float, str | None]:
    """Run ``notebook`` top to bottom in a fresh Binder kernel: (seconds, error or None)."""
    done = run_notebook(notebook, kernel_name=KERNEL_NAME)  # the first failing cell is its error
    errors = [
        o
        for c in done.nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    return done.seconds, done.error or (f"error outputs: {errors}" if errors else None)


@pytest.fixture(scope="module")
def executed(binder_env, binder_report):
    """Every notebook, executed in the Binder environment, PARALLEL at a time."""
    _, _, jupyter_dir = binder_env
    saved = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(jupyter_dir)  # the kernel spec empties PYTHONPATH
    try:
        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            results = dict(zip(notebooks(), pool.map(execute, notebooks()), strict=True))
    finally:
        if saved is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = saved
    for notebook, (seconds, _) in results.items():
        binder_report["notebooks"][str(notebook.relative_to(ROOT))] = round(seconds, 2)
    return results


@pytest.mark.parametrize("notebook", notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_runs_in_the_binder_env(executed, notebook):
    _, error = executed[notebook]
    assert error is None, error


def test_a_kept_environment_is_replaced_when_its_install_inputs_change(tmp_path, monkeypatch):
    import test_binder_env as this

    reqs = tmp_path / "requirements.txt"
    reqs.write_text("pandas==2.2.3\n")
    monkeypatch.setattr(this, "INSTALL_INPUTS", (reqs,))
    before = this.install_key()
    reqs.write_text("pandas==2.2.2\n")
    assert this.install_key() != before
