"""Execute the book's notebooks in parallel into the build's execution cache.

Jupyter Book 1 (myst-nb, ``execute_notebooks: cache``) executes notebooks one
after another while it reads them. Run this first and it finds every notebook
already in the cache (same cache folder, same notebook hash) and only reads
the stored outputs::

    .venv/bin/python benchmarks/preexecute.py [--path-output DIR]   # then
    .venv/bin/jupyter-book build . --path-output DIR ...

``DIR`` is the build's ``--path-output`` (default: the repository, i.e. the
cache in ``_build/.jupyter_cache``). Notebooks whose code is unchanged since
they were cached are skipped. ``benchmarks/run.py --pre-execute`` measures
the effect.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    from build import toc_files  # tools/build.py, beside this file

    files = toc_files(root)
    paths = [root / f"{Path(f).with_suffix('')}.ipynb" for f in files]
    return [p for p in paths if p.is_file()]


def execution_timeout(root: Path = ROOT) -> int:
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return int((config.get("execute") or {}).get("timeout", 30))


def preexecute(path_output: Path = ROOT, notebooks: list[Path] | None = None) -> dict:
    """Execute what the cache lacks, in parallel; return counts and seconds."""
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    notebooks = toc_notebooks() if notebooks is None else notebooks
    cache = get_cache(str(Path(path_output) / "_build" / ".jupyter_cache"))
    start = time.perf_counter()
    for nb in notebooks:
        cache.add_nb_to_project(str(nb))
    logger = logging.getLogger("preexecute")
    executor = load_executor("local-parallel", cache=cache, logger=logger)
    result = executor.run_and_cache(
        filter_uris=[str(nb) for nb in notebooks],
        timeout=execution_timeout(),
        allow_errors=False,
    )
    seconds = round(time.perf_counter() - start, 1)
    times = {}
    for nb in notebooks:
        try:
            record = cache.get_cached_project_nb(str(nb))
        except KeyError:
            continue
        if record is not None:
            secs = (record.data or {}).get("execution_seconds")
            if secs is not None:
                rel = nb.relative_to(ROOT) if nb.is_relative_to(ROOT) else nb
                times[str(rel)] = round(float(secs), 2)
    return {
        "seconds": seconds,
        "executed": len(result.succeeded),
        "failed": sorted(result.excepted + result.errored),
        "notebooks_s": times,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path-output", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    summary = preexecute(args.path_output.resolve())
    print(
        f"pre-executed {summary['executed']} notebook(s) in {summary['seconds']} s"
        + (f"; FAILED: {summary['failed']}" if summary["failed"] else "")
    )
    return 1 if summary["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
