"""tools/npm_packages.py: the npm packages the tests read, as package-lock.json pins them.

``npm pack`` is replaced here by a fake that writes tarballs, so that a tarball
whose bytes differ from the lockfile's integrity hash can be planted."""

from __future__ import annotations

import io
import json
import re
import subprocess
import tarfile
from pathlib import Path

import pytest

from tools import npm_packages as npm
from tools.book import ROOT


def _tarball(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _project(tmp_path: Path, tarballs: dict[str, bytes], locked: dict[str, bytes]) -> Path:
    """A project with package.json and package-lock.json; ``locked``: the bytes whose
    hashes the lockfile records (the tarballs npm pack gives may differ)."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "package.json").write_text(
        json.dumps({"dependencies": {"vega": "6.4.0"}, "devDependencies": {"axe-core": "4.14.1"}})
    )
    packages = {"": {}}
    for name, data in locked.items():
        version = "6.4.0" if name == "vega" else "4.14.1" if name == "axe-core" else "5.15.4"
        packages[f"node_modules/{name}"] = {"version": version, "integrity": npm.integrity_of(data)}
    (root / "package-lock.json").write_text(json.dumps({"packages": packages}))
    return root


@pytest.fixture
def fake_pack(monkeypatch):
    given: dict[str, bytes] = {}

    def run(argv, **kwargs):
        assert argv[:2] == ["npm", "pack"]
        folder = Path(argv[argv.index("--pack-destination") + 1])
        answer = []
        for spec in argv[2:]:
            if spec.startswith("-"):
                break
            name, version = spec.rsplit("@", 1)
            filename = name.replace("@", "").replace("/", "-") + f"-{version}.tgz"
            (folder / filename).write_bytes(given[name])
            answer.append({"name": name, "version": version, "filename": filename})
        return subprocess.CompletedProcess(argv, 0, json.dumps(answer), "")

    monkeypatch.setattr(npm.subprocess, "run", run)
    return given


NAMES = ("vega", "axe-core", *npm.ALSO)


def test_each_package_is_unpacked_when_its_hash_is_the_lockfiles(tmp_path, fake_pack):
    tarballs = {n: _tarball({"package.json": json.dumps({"name": n}), "LICENSE": n}) for n in NAMES}
    fake_pack.update(tarballs)
    root = _project(tmp_path, tarballs, tarballs)
    assert npm.install(root) == ["vega@6.4.0", "axe-core@4.14.1", f"{npm.ALSO[0]}@5.15.4"]
    for name in NAMES:
        assert (root / "node_modules" / name / "LICENSE").read_text() == name


def test_a_tarball_unlike_the_lockfile_is_refused_and_nothing_is_unpacked(tmp_path, fake_pack):
    """The last package is the tampered one: the ones before it, good, are not
    unpacked either (node_modules stays as it was)."""
    good = {n: _tarball({"LICENSE": n}) for n in NAMES}
    fake_pack.update({**good, NAMES[-1]: _tarball({"LICENSE": "tampered"})})
    root = _project(tmp_path, good, good)
    (root / "node_modules" / "vega").mkdir(parents=True)
    (root / "node_modules" / "vega" / "LICENSE").write_text("installed before")
    refused = re.escape(f"{NAMES[-1]}@5.15.4: integrity sha512-") + ".*the lockfile says"
    with pytest.raises(npm.NpmError, match=refused):
        npm.install(root)
    assert (root / "node_modules" / "vega" / "LICENSE").read_text() == "installed before"
    assert not (root / "node_modules" / "axe-core").exists()


def test_a_package_the_lockfile_does_not_pin_is_named(tmp_path, fake_pack):
    tarballs = {n: _tarball({"LICENSE": n}) for n in NAMES if n != "axe-core"}
    root = _project(tmp_path, tarballs, tarballs)
    with pytest.raises(npm.NpmError, match="no top-level axe-core"):
        npm.install(root)


def test_the_wanted_packages_are_package_jsons_and_the_fonts():
    manifest = json.loads((ROOT / "package.json").read_text())
    names = {*manifest["dependencies"], *manifest["devDependencies"], *npm.ALSO}
    assert set(npm.wanted()) == names
    installed = {
        name: json.loads((ROOT / "node_modules" / name / "package.json").read_text())["version"]
        for name in names
    }
    assert installed == {name: version for name, (version, _) in npm.wanted().items()}
