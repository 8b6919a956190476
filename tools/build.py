"""Build the book strictly and fail on any warning or notebook failure.

``jupyter-book build -W -n --keep-going`` can exit 0 even when a notebook
fails to execute, so this script also reads the build log and the
``reports/`` folder where Jupyter Book writes execution tracebacks.

Usage: ``python tools/build.py [--path-output DIR] [extra jupyter-book args]``
(``./dev build`` runs it with the defaults: output in ``_build/html``).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")

# What Sphinx, myst-nb and jupyter-cache print for problems. The kernel's own
# chatter ("TCP without encryption", "KeyboardInterrupt caught in kernel") does
# not match.
PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|Traceback|Execution Failed)\b")
# ...except the kernel's own notices, printed once per executed notebook.
KERNEL_NOISE = re.compile(
    r"^\[IPKernelApp\] WARNING \| Kernel is running over TCP without encryption"
)


def toc_files(root: Path = ROOT) -> list[str]:
    """Every document the table of contents names, in reading order, without suffix."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))
            walk(entry.get("chapters", []))

    walk(toc.get("parts", []))
    walk(toc.get("chapters", []))
    return [str(Path(f).with_suffix("")) for f in files]


@dataclass(frozen=True)
class BuildResult:
    """One run of ``jupyter-book build``: where it wrote and what it said."""

    html: Path
    log: str
    returncode: int
    seconds: float

    @property
    def reports(self) -> Path:
        """Folder where Jupyter Book writes notebook execution tracebacks."""
        return self.html / "reports"

    def problems(self) -> list[str]:
        """Warning/error lines of the log plus one line per execution report."""
        found = log_problems(self.log)
        if self.reports.exists():
            found += [f"execution report: {p.name}" for p in sorted(self.reports.rglob("*.log"))]
        if self.returncode != 0:
            found.append(f"jupyter-book exited with {self.returncode}")
        return found


def log_problems(log: str) -> list[str]:
    """The lines of a build log that report a warning or an error."""
    return [ln for ln in log.splitlines() if PROBLEM.search(ln) and not KERNEL_NOISE.search(ln)]


def build(out_dir: Path = ROOT, *extra: str, pre_execute: bool = True) -> BuildResult:
    """Build the book with ``-W -n --keep-going``; the HTML lands in ``out_dir/_build/html``.

    With ``pre_execute`` (the default), notebooks missing from the execution
    cache are first executed two at a time (tools/preexecute.py), so that
    Jupyter Book, which executes them one after another, finds them cached.
    A notebook that fails there is reported by the build itself.
    """
    start = time.perf_counter()
    if pre_execute:
        from preexecute import preexecute  # tools/ is on sys.path beside this file

        preexecute(Path(out_dir))
    proc = subprocess.run(
        [
            str(JUPYTER_BOOK),
            "build",
            str(ROOT),
            "-W",
            "-n",
            "--keep-going",
            "--path-output",
            str(out_dir),
            *extra,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
        timeout=1200,
    )
    return BuildResult(
        html=Path(out_dir) / "_build" / "html",
        log=proc.stdout + proc.stderr,
        returncode=proc.returncode,
        seconds=time.perf_counter() - start,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path-output", type=Path, default=ROOT)
    args, extra = parser.parse_known_args(argv)
    result = build(args.path_output, *extra)
    log_file = result.html.parent / "build.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    log_file.write_text(result.log, encoding="utf-8")
    problems = result.problems()
    if problems:
        print(result.log[-6000:])
        print(f"\nBuild FAILED with {len(problems)} problem(s):", *problems, sep="\n  ")
        return 1
    print(
        f"Built {result.html / 'index.html'} in {result.seconds:.1f} s with 0 warnings "
        f"(log: {log_file.relative_to(ROOT) if log_file.is_relative_to(ROOT) else log_file})."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
