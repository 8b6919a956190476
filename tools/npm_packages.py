"""The npm packages the tests read, in ``node_modules``, as ``package-lock.json`` pins them.

Nothing here runs under Node: the tests read axe-core, and the sources of the vendored
JavaScript (which a test compares with ``_widgets/``). So only those packages are
fetched (``npm pack``), each checked against the lockfile's version and integrity hash
and unpacked; their own dependencies, 375 more packages that ``npm ci`` would install
(12 s, 252 MB), are not needed. ``./dev`` runs this when the lockfile changes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from tools.book import ROOT

# Read by the tests besides package.json's own packages: the widget bundle's
# Font Awesome (its licence is vendored with the fonts, _widgets/jupyter-widgets/).
ALSO = ("@fortawesome/fontawesome-free",)


class NpmError(RuntimeError):
    pass


def wanted(root: Path = ROOT) -> dict[str, tuple[str, str]]:
    """Package name -> (version, integrity), from package.json and package-lock.json."""
    manifest = json.loads((root / "package.json").read_text(encoding="utf-8"))
    locked = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    names = [*manifest.get("dependencies", {}), *manifest.get("devDependencies", {}), *ALSO]
    out = {}
    for name in names:
        meta = locked.get(f"node_modules/{name}")
        if meta is None or "integrity" not in meta:
            raise NpmError(f"package-lock.json has no top-level {name} with an integrity hash")
        out[name] = (meta["version"], meta["integrity"])
    return out


def integrity_of(data: bytes, algorithm: str = "sha512") -> str:
    return f"{algorithm}-" + base64.b64encode(hashlib.new(algorithm, data).digest()).decode()


def _unpack(tarball: Path, target: Path) -> None:
    """Unpack an npm tarball (one top folder, usually ``package/``) into ``target``."""
    with tarfile.open(tarball) as tar, tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        tar.extractall(tmp, filter="data")
        [top] = list(Path(tmp).iterdir())
        shutil.rmtree(target, ignore_errors=True)
        top.rename(target)


def install(root: Path = ROOT) -> list[str]:
    """Fetch, check and unpack every wanted package; return "name@version" of each."""
    packages = wanted(root)
    modules = root / "node_modules"
    modules.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="npm-pack-") as folder:
        specs = [f"{name}@{version}" for name, (version, _) in packages.items()]
        proc = subprocess.run(
            ["npm", "pack", *specs, "--json", "--silent", "--pack-destination", folder],
            capture_output=True,
            text=True,
            cwd=folder,
            timeout=600,
        )
        if proc.returncode != 0:
            raise NpmError(f"npm pack failed: {proc.stderr.strip()[-2000:]}")
        packed = {
            (p["name"], p["version"]): Path(folder) / p["filename"] for p in json.loads(proc.stdout)
        }
        # Every tarball is checked before any is unpacked: one bad package
        # leaves node_modules as it was.
        for name, (version, integrity) in packages.items():
            tarball = packed.get((name, version))
            if tarball is None or not tarball.is_file():
                raise NpmError(f"npm pack gave no tarball for {name}@{version}")
            algorithm = integrity.split("-", 1)[0]
            got = integrity_of(tarball.read_bytes(), algorithm)
            if got != integrity:
                raise NpmError(f"{name}@{version}: integrity {got}, the lockfile says {integrity}")
        for name, (version, _) in packages.items():
            target = modules / name
            target.parent.mkdir(parents=True, exist_ok=True)
            _unpack(packed[(name, version)], target)
    return [f"{name}@{version}" for name, (version, _) in packages.items()]


def main(argv: list[str] | None = None) -> int:
    try:
        done = install()
    except NpmError as exc:
        print(f"npm packages: {exc}", file=sys.stderr)
        return 1
    print(f"npm packages: {len(done)} installed as package-lock.json pins them ({', '.join(done)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
