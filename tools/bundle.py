"""Write the built book as one zip file that works with no network.

Usage (``./dev bundle`` builds the book first, then runs this)::

    python -m tools.bundle [--html _build/html] [--out _build/china-global-ai-governance.zip]

The zip holds one folder, ``china-global-ai-governance/``, with the built HTML
site and a ``README.txt`` that says how to read it. Every page loads its
scripts, styles and fonts from that folder (Vega and the widget manager
included), so, unzipped anywhere and served with ``python -m http.server``, it
works offline; ``tests/browser/test_offline_bundle.py`` does exactly that with
every off-origin request aborted, and also opens the pages from ``file://``.

Files the reader never needs are left out: Sphinx's ``.buildinfo`` and the
execution ``reports/`` folder (present only after a failed build). The zip is
deterministic: entries are sorted and carry a fixed timestamp.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

from tools.book import ROOT

FOLDER = "china-global-ai-governance"
DEFAULT_HTML = ROOT / "_build" / "html"
DEFAULT_OUT = ROOT / "_build" / f"{FOLDER}.zip"
SKIP_NAMES = {".buildinfo", ".specs.json"}  # .specs.json: aigovbook.chartfiles, for rebuilds
SKIP_DIRS = {"reports", ".doctrees"}
FIXED_TIME = (2000, 1, 1, 0, 0, 0)

README = """\
China and Global AI Governance: offline copy of the book
========================================================

This folder is the whole book as a website. It needs no internet connection:
every script, style sheet, font and chart library is inside it.

Best: serve it from this folder and open the address it prints, e.g.

    python3 -m http.server --directory {folder} 8000
    # then open http://localhost:8000/ in a browser

Also works: open {folder}/index.html straight from disk (file://). Text,
figures, charts, the self-check widgets and links all work. Search lists the
matching pages but shows no excerpts from them (browsers do not let a page
opened from disk read other files).

Running the notebooks (Binder, JupyterHub) needs a network and a Jupyter
server; the pages show every stored output without one.
"""


class BundleError(Exception):
    """The site cannot be bundled (missing or incomplete build)."""


def site_files(html: Path) -> list[Path]:
    """Every file of the built site that goes into the zip, sorted."""
    files = []
    for path in sorted(html.rglob("*")):
        rel = path.relative_to(html)
        if not path.is_file() or path.name in SKIP_NAMES or rel.parts[0] in SKIP_DIRS:
            continue
        files.append(path)
    return files


def write_bundle(html: Path = DEFAULT_HTML, out: Path = DEFAULT_OUT) -> dict:
    """Zip the built site at ``html`` into ``out``; return counts and sizes."""
    html = Path(html)
    if not (html / "index.html").is_file():
        raise BundleError(f"no built book at {html} (run ./dev build first)")
    files = site_files(html)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".zip.partial")
    raw = 0
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        info = zipfile.ZipInfo(f"{FOLDER}/README.txt", FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, README.format(folder=FOLDER))
        for path in files:
            info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(html).as_posix()}", FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = path.read_bytes()
            raw += len(data)
            zf.writestr(info, data)
    tmp.replace(out)  # never leave a half-written zip under the final name
    return {"files": len(files) + 1, "bytes": raw, "zip_bytes": out.stat().st_size, "out": out}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=DEFAULT_HTML, help="built site")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="zip file to write")
    args = parser.parse_args(argv)
    try:
        result = write_bundle(args.html, args.out)
    except BundleError as err:
        print(f"bundle: {err}", file=sys.stderr)
        return 1
    print(
        f"bundle: wrote {result['out']} ({result['files']} files, "
        f"{result['bytes'] / 1e6:.1f} MB unpacked, {result['zip_bytes'] / 1e6:.1f} MB zipped)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
