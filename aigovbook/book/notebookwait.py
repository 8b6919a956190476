"""Reading pages while ``tools.build`` still runs the notebooks, and what to read again.

``tools.build`` starts Sphinx while the notebooks execute: a notebook's page waits until
its run is in the execution cache (a file in ``$AIGOVBOOK_WAIT_FOR``), and the
``env-get-outdated`` hook re-reads the pages whose inputs or cached runs changed.
"""

from __future__ import annotations

import os
from pathlib import Path

WAIT_ENV = "AIGOVBOOK_WAIT_FOR"
READY_ALL = "ALL"
PLANNED = "PLANNED"  # lists the notebooks that tools.build is about to run
WAIT_LIMIT_S = 3600


def ready_name(docname: str) -> str:
    """The file in ``$AIGOVBOOK_WAIT_FOR`` that says notebook ``docname`` is in
    the execution cache (written by ``tools.build``)."""
    return docname.replace("/", "__")


def _wait_for_notebook(app, docname: str, source: list) -> None:
    """Started by ``tools.build`` while the notebooks still run, hold Sphinx
    back before it reads a notebook until that notebook is in the execution
    cache: the folder ``$AIGOVBOOK_WAIT_FOR`` then holds a file named for it
    (:func:`ready_name`), or ``ALL`` once every notebook has run or
    failed. Pages that are not notebooks are read meanwhile."""
    import os
    import time

    folder = os.environ.get(WAIT_ENV)
    if not folder or not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    signals = [Path(folder) / ready_name(docname), Path(folder) / READY_ALL]
    start = time.monotonic()
    while not any(s.exists() for s in signals):
        if time.monotonic() - start > WAIT_LIMIT_S:
            raise RuntimeError(f"{docname}: not executed after {WAIT_LIMIT_S} s")
        time.sleep(0.02)


# What every page may depend on besides its own source: what the notebooks
# read (tools.execute.NOTEBOOK_INPUTS, whose digest each cached run records)
# and the configuration.
PAGE_INPUTS = ("aigovbook", "data", "references.bib", "_config.yml")


def inputs_digest(root: Path, names: tuple[str, ...] = PAGE_INPUTS) -> str:
    """Digest of the bytes of the files ``names`` (folders: every file in them) under ``root``."""
    import hashlib

    h = hashlib.sha256()
    for name in names:
        top = Path(root) / name
        files = sorted(top.rglob("*")) if top.is_dir() else [top]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(f"{path.relative_to(root).as_posix()}\0".encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def _outdated_docs(app, env, added, changed, removed) -> list[str]:
    """The pages Sphinx must read again besides those whose source changed.

    Sphinx re-reads a page when its own source file changed. The pages also
    depend on the package, the data, the bibliography and _config.yml: when
    their digest differs from the one the environment was read with, every
    page is read again. And a notebook's page shows the run in the execution
    cache, which tools.build refills while Sphinx starts: the notebooks it is
    about to run are read again, and so is every notebook whose cached run
    is not the one it was read with, or whose last run failed.
    """
    digest = inputs_digest(app.srcdir)
    previous = getattr(env, "aigovbook_inputs", None)
    env.aigovbook_inputs = digest
    unchanged = env.found_docs - added - changed
    if previous != digest:
        return sorted(unchanged)
    notebooks = {doc for doc in unchanged if str(env.doc2path(doc)).endswith(".ipynb")}
    planned = _planned_notebooks()
    if planned is None:  # the pre-execution ended before it said: read every notebook
        return sorted(notebooks)
    runs = _cached_runs(app)
    return sorted(doc for doc in notebooks if doc in planned or not _same_run(env, doc, runs))


def _cached_runs(app) -> set[tuple[str, float]]:
    """Every run in the execution cache, as (notebook file, time it was cached)."""
    from jupyter_cache import get_cache

    config = getattr(app.env, "mystnb_config", None)  # myst-nb's, set when the builder starts
    path = getattr(config, "execution_cache_path", "") or Path(app.outdir).parent / ".jupyter_cache"
    return {(r.uri, r.created.timestamp()) for r in get_cache(str(path)).list_cache_records()}


def _same_run(env, docname: str, runs: set[tuple[str, float]]) -> bool:
    """Whether the page of notebook ``docname`` was read with a run that
    succeeded and is still in the execution cache. (A notebook whose code
    changed is read again anyway; for the same code the cache holds one run,
    each new run replaces the last.)"""
    exec_data = (getattr(env, "nb_metadata", {}).get(docname) or {}).get("exec_data")
    if not exec_data or not exec_data.get("succeeded"):
        return False
    return (str(env.doc2path(docname)), exec_data.get("mtime")) in runs


def _planned_notebooks() -> set[str] | None:
    """The notebooks tools.build is about to run (none when it runs none);
    ``None`` if its pre-execution ended without saying."""
    import time

    folder = os.environ.get(WAIT_ENV)
    if not folder:
        return set()
    plan, done = Path(folder) / PLANNED, Path(folder) / READY_ALL
    start = time.monotonic()
    while not plan.exists() and not done.exists():
        if time.monotonic() - start > WAIT_LIMIT_S:
            raise RuntimeError(f"no plan from the pre-execution after {WAIT_LIMIT_S} s")
        time.sleep(0.02)
    if not plan.exists():
        return None
    return set(plan.read_text(encoding="utf-8").split())


def setup(app):
    app.connect("source-read", _wait_for_notebook)
    app.connect("env-get-outdated", _outdated_docs)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
