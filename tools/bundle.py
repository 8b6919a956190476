"""Write a clean build of the book as one zip file that works with no network.

Usage (``./dev bundle`` runs this)::

    python -m tools.bundle [--student] [--out ZIP]
    python -m tools.bundle --html DIR [--out ZIP]   # zip a build that has a manifest

The edition is built from scratch, its manifest lists every regular file the build
wrote, and only those files go into the zip, which is the same byte for byte for the
same sources. See chapters/architecture.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import stat
import sys
import zipfile
from pathlib import Path, PurePosixPath

from tools.book import ROOT, relative

FOLDER = "china-global-ai-governance"
EDITIONS = ("instructor", "student")
BUNDLE_BUILDS = ROOT / "_build" / "bundle"
DEFAULT_HTML = ROOT / "_build" / "html"
DEFAULT_OUT = ROOT / "_build" / f"{FOLDER}.zip"
STUDENT_OUT = ROOT / "_build" / f"{FOLDER}-student.zip"
MANIFEST = "bundle-manifest.json"  # beside the HTML folder, never inside it
SKIP_DIRS = {"reports"}  # execution tracebacks, present only after a failed build
FIXED_TIME = (2000, 1, 1, 0, 0, 0)
FILE_MODE = 0o644 << 16
UNIX = 3  # ZipInfo.create_system: fixed, whatever system writes the zip

README = """\
{title}
{rule}

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
EDITION_NAMES = {
    "instructor": "instructor edition, with the worked solutions",
    "student": "student edition, without solutions",
}


class BundleError(Exception):
    """The site cannot be bundled (missing, failed or changed build)."""


# --------------------------------------------------------------------------
# the manifest: what the build wrote
# --------------------------------------------------------------------------


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _listed(rel: str) -> bool:
    """Whether a path (relative, POSIX) may be in a manifest at all."""
    parts = PurePosixPath(rel).parts
    return (
        bool(parts)
        and not rel.startswith("/")
        and not any(p.startswith(".") or p in ("", "..") for p in parts)
        and parts[0] not in SKIP_DIRS
    )


def manifest_path(html: Path) -> Path:
    return Path(html).parent / MANIFEST


def write_manifest(html: Path) -> Path:
    """List every regular file of the build at ``html`` (call it when the
    build, into an emptied folder, has finished); return the manifest's path.

    Dotfiles, dot-folders, ``reports/`` and symbolic links (to files or
    folders) are left out."""
    html = Path(html)
    files: dict[str, dict] = {}
    for dirpath, dirnames, filenames in os.walk(html):  # does not follow links
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if _listed((here / d).relative_to(html).as_posix()) and not (here / d).is_symlink()
        )
        for name in sorted(filenames):
            path = here / name
            rel = path.relative_to(html).as_posix()
            if not _listed(rel) or not stat.S_ISREG(path.lstat().st_mode):
                continue
            data = path.read_bytes()
            files[rel] = {"sha256": _digest(data), "bytes": len(data)}
    out = manifest_path(html)
    out.write_text(json.dumps({"files": files}, indent=0, sort_keys=True) + "\n", "utf-8")
    return out


def read_manifest(html: Path) -> dict[str, dict]:
    """The manifest of the build at ``html``: relative path -> sha256, bytes."""
    path = manifest_path(html)
    if not path.is_file():
        raise BundleError(
            f"{relative(html)} has no manifest ({MANIFEST} beside it): bundle a clean "
            "build with ./dev bundle"
        )
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError) as err:
        raise BundleError(f"{relative(path)} is not a bundle manifest ({err})") from None
    bad = [rel for rel in files if not isinstance(rel, str) or not _listed(rel)]
    if bad:
        raise BundleError(f"{relative(path)} lists paths no bundle may hold: {bad[:3]}")
    return files


def _read_listed(html: Path, rel: str, want: dict) -> bytes:
    """The bytes of listed file ``rel``, read without following any link; it
    must be the regular file the build wrote."""
    path = html / rel
    real = os.path.realpath(path)
    if real != os.path.join(os.path.realpath(html), *PurePosixPath(rel).parts):
        raise BundleError(f"{rel} is reached through a symbolic link; rebuild (./dev bundle)")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise BundleError(f"{rel} is gone since the build; rebuild (./dev bundle)") from None
    except OSError as err:
        raise BundleError(f"{rel} cannot be read safely ({err.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise BundleError(f"{rel} is no longer a regular file; rebuild (./dev bundle)")
        data = handle.read()
    if _digest(data) != want.get("sha256"):
        raise BundleError(f"{rel} changed since the build; rebuild (./dev bundle)")
    return data


def site_files(html: Path) -> list[Path]:
    """The files of the built site that go into the zip (the manifest's), sorted."""
    return [Path(html) / rel for rel in sorted(read_manifest(html))]


# --------------------------------------------------------------------------
# the zip
# --------------------------------------------------------------------------


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(f"{FOLDER}/{name}", FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = FILE_MODE
    info.create_system = UNIX
    return info


def write_bundle(html: Path = DEFAULT_HTML, out: Path = DEFAULT_OUT, edition: str = "") -> dict:
    """Zip the files the manifest of the build at ``html`` lists into ``out``;
    return counts and sizes. ``edition`` names the edition in README.txt."""
    html = Path(html)
    if not (html / "index.html").is_file():
        raise BundleError(f"no built book at {html} (run ./dev bundle)")
    listed = read_manifest(html)
    if "index.html" not in listed:
        raise BundleError(f"the manifest of {relative(html)} does not list index.html")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    raw = 0
    title = "China and Global AI Governance: offline copy of the book"
    if edition in EDITION_NAMES:
        title += f" ({EDITION_NAMES[edition]})"
    readme = README.format(folder=FOLDER, title=title, rule="=" * len(title))
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr(_entry("README.txt"), readme)
            for rel in sorted(listed):
                data = _read_listed(html, rel, listed[rel])
                raw += len(data)
                zf.writestr(_entry(rel), data)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(out)  # never leave a half-written zip under the final name
    return {"files": len(listed) + 1, "bytes": raw, "zip_bytes": out.stat().st_size, "out": out}


# --------------------------------------------------------------------------
# the clean build
# --------------------------------------------------------------------------


def clean_build(edition: str = "instructor", folder: Path | None = None) -> Path:
    """Build ``edition`` from scratch into ``folder`` (default
    ``_build/bundle/<edition>``), emptied first; write its manifest; return
    the HTML folder. Raise :class:`BundleError` if the build failed."""
    from tools import build as book_build

    if edition not in EDITIONS:
        raise BundleError(f"unknown edition {edition!r} (one of {', '.join(EDITIONS)})")
    folder = Path(folder or BUNDLE_BUILDS / edition).resolve()
    shutil.rmtree(folder, ignore_errors=True)  # no page of an earlier build survives
    folder.mkdir(parents=True)
    if edition == "student":
        from tools.student_edition import build_student

        # reuse=folder: the emptied folder itself, i.e. reuse nothing
        result, _ = build_student(folder, reuse=folder, force=True)
    else:
        result = book_build.build(folder, force=True)
    what = f"Bundle ({edition} edition)"
    if book_build.report(result, folder / "build.log", what) != 0:
        raise BundleError(f"the clean {edition} build failed (log: {relative(folder)}/build.log)")
    write_manifest(result.html)
    return result.html


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--student", action="store_true", help="the student edition")
    parser.add_argument(
        "--html", type=Path, help="zip this build (it needs a manifest) instead of building"
    )
    parser.add_argument("--out", type=Path, help="zip file to write")
    args = parser.parse_args(argv)
    edition = "student" if args.student else "instructor"
    out = args.out or (STUDENT_OUT if args.student else DEFAULT_OUT)
    try:
        html = args.html if args.html is not None else clean_build(edition)
        result = write_bundle(html, out, edition)
    except BundleError as err:
        print(f"bundle: {err}", file=sys.stderr)
        return 1
    print(
        f"bundle: wrote {relative(result['out'])} ({EDITION_NAMES[edition]}; "
        f"{result['files']} files, {result['bytes'] / 1e6:.1f} MB unpacked, "
        f"{result['zip_bytes'] / 1e6:.1f} MB zipped)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
