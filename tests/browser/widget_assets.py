"""The book's vendored ipywidgets JavaScript: what it is, where it comes from.

Pages with embedded widgets need require.js and the ipywidgets HTML manager
(``embed-amd.js``) plus the Font Awesome fonts that the manager's CSS asks for
relative to its own location. myst-nb would load them from two CDNs; the book
serves them itself instead (no CDN at read time, no Subresource Integrity
mismatch, no font 404s), from ``_widgets/jupyter-widgets/``, which
``_config.yml`` adds to ``html_static_path`` and names in ``nb_ipywidgets_js``.

The files are committed (so the README build command works on a fresh machine
without Node), and they are byte-for-byte copies of the versions pinned in
``package-lock.json``. After changing those pins::

    npm ci && .venv/bin/python tests/browser/widget_assets.py --sync

``--check`` (also run by tests/browser/test_assets.py) fails if the committed
copies and ``node_modules`` differ.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
TARGET = ROOT / "_widgets" / "jupyter-widgets"
HTML_MANAGER = "@jupyter-widgets/html-manager"
REQUIREJS = "requirejs"
FONTAWESOME = "@fortawesome/fontawesome-free"
# Font formats any current browser picks first (woff2) or falls back to (woff);
# the .eot/.ttf/.svg variants named in the same @font-face rules are never
# fetched by a browser that supports woff2.
FONT_SUFFIXES = (".woff2", ".woff")
# Written by hand, not copied: sets the widget bundles' webpack public path to
# this folder, so their fonts load from here and not relative to the page.
OWN_FILES = ("assets-path.js", "a11y.js", "SOURCES.txt")


def package_version(name: str) -> str:
    return json.loads((NODE_MODULES / name / "package.json").read_text())["version"]


def copies() -> dict[str, Path]:
    """Map each vendored file name to its source in node_modules."""
    dist = NODE_MODULES / HTML_MANAGER / "dist"
    files = {
        "require.js": NODE_MODULES / REQUIREJS / "require.js",
        "embed-amd.js": dist / "embed-amd.js",
        "LICENSE-html-manager.txt": NODE_MODULES / HTML_MANAGER / "LICENSE",
        "LICENSE-bundled-third-party.txt": dist / "embed.js.LICENSE.txt",
        "LICENSE-fontawesome.txt": NODE_MODULES / FONTAWESOME / "LICENSE.txt",
    }
    for font in sorted(dist.iterdir()):
        if font.suffix in FONT_SUFFIXES:
            files[font.name] = font
    return files


def check() -> list[str]:
    """Differences between the committed copies and node_modules (empty = in sync)."""
    if not NODE_MODULES.is_dir():
        return ["node_modules is missing: run `npm ci`"]
    problems = []
    expected = copies()
    for name, source in expected.items():
        target = TARGET / name
        if not target.is_file():
            problems.append(f"missing: {target.relative_to(ROOT)}")
        elif not filecmp.cmp(source, target, shallow=False):
            problems.append(f"differs from {source.relative_to(ROOT)}: {name}")
    for extra in sorted(p.name for p in TARGET.iterdir()):
        if extra not in expected and extra not in OWN_FILES:
            problems.append(f"not from node_modules: {extra}")
    return problems


def sync() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    expected = copies()
    for extra in TARGET.iterdir():
        if extra.name not in expected and extra.name not in OWN_FILES:
            extra.unlink()
    for name, source in expected.items():
        shutil.copyfile(source, TARGET / name)
    print(
        f"copied {len(expected)} files to {TARGET.relative_to(ROOT)}: "
        f"{HTML_MANAGER}@{package_version(HTML_MANAGER)}, "
        f"{REQUIREJS}@{package_version(REQUIREJS)}; now update SOURCES.txt"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--sync", action="store_true", help="copy from node_modules")
    group.add_argument("--check", action="store_true", help="compare with node_modules")
    args = parser.parse_args(argv)
    if args.sync:
        sync()
        return 0
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
