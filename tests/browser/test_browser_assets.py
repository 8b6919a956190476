"""The JavaScript the pages load is pinned, local and the version asked for.

No browser and no build needed: these compare package.json,
package-lock.json, node_modules and the vendored widget folder with what
Altair and myst-nb (as installed) put into pages.
"""

from __future__ import annotations

import json

import browserkit as bk
import pytest
import widget_assets
import yaml

pytestmark = pytest.mark.browser

PACKAGE = json.loads((bk.ROOT / "package.json").read_text(encoding="utf-8"))


def test_npm_dependencies_are_pinned_exactly():
    for section in ("dependencies", "devDependencies"):
        for name, spec in PACKAGE.get(section, {}).items():
            assert spec[0].isdigit(), f"{name}@{spec} is a range; pin an exact version"
            assert bk.locked_versions()[name] == spec, f"package-lock.json disagrees on {name}"


def test_node_modules_match_the_lockfile():
    for name, version in bk.locked_versions().items():
        if name in PACKAGE["dependencies"] or name in PACKAGE.get("devDependencies", {}):
            meta = bk.NODE_MODULES / name / "package.json"
            assert meta.is_file(), f"node_modules/{name} missing: run `npm ci`"
            assert json.loads(meta.read_text())["version"] == version, f"run `npm ci` ({name})"


def test_lockfile_has_the_vega_versions_altair_asks_for():
    import altair as alt

    for url in (
        f"https://cdn.jsdelivr.net/npm/vega@{alt.VEGA_VERSION}?noext",
        f"https://cdn.jsdelivr.net/npm/vega-lite@{alt.VEGALITE_VERSION}?noext",
        f"https://cdn.jsdelivr.net/npm/vega-embed@{alt.VEGAEMBED_VERSION}?noext",
    ):
        assert bk.cdn_file(url).is_file(), url


def test_vendored_widget_manager_is_what_myst_nb_asks_for():
    from myst_nb.core.config import ipywidgets_js_factory

    wanted = {}
    for url in ipywidgets_js_factory():
        if "html-manager@" in url:
            wanted["@jupyter-widgets/html-manager"] = url.split("html-manager@")[1].split("/")[0]
        if "/require.js/" in url:
            wanted["requirejs"] = url.split("/require.js/")[1].split("/")[0]
    assert set(wanted) == {"@jupyter-widgets/html-manager", "requirejs"}, wanted
    for name, version in wanted.items():
        assert bk.locked_versions()[name] == version


def test_vendored_widget_files_are_copies_of_node_modules():
    assert widget_assets.check() == []


def test_config_loads_the_vendored_widget_scripts():
    config = yaml.safe_load((bk.ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config["sphinx"]["config"]
    assert sphinx["html_static_path"] == ["_widgets"]
    scripts = list(sphinx["nb_ipywidgets_js"])
    for script in scripts:
        assert not script.startswith(("http:", "https:")), script
        assert (bk.ROOT / "_widgets" / script).is_file(), script
    # Order matters: the public path before require.js, require.js before the manager.
    assert (
        scripts.index("jupyter-widgets/assets-path.js")
        < scripts.index("jupyter-widgets/require.js")
        < scripts.index("jupyter-widgets/embed-amd.js")
    )


def test_no_top_level_static_folder():
    """With a top-level _static/, Jupyter Book 1 adds every .js under every
    html_static_path folder to every page (4 MB of widget code on each)."""
    assert not (bk.ROOT / "_static").exists()


@pytest.mark.parametrize(
    "url, package",
    [
        ("https://cdn.jsdelivr.net/npm/vega@6?noext", "vega"),
        ("https://cdn.jsdelivr.net/npm/vega-lite@6.4.1?noext", "vega-lite"),
        ("https://cdn.jsdelivr.net/npm/vega-embed@7", "vega-embed"),
        (
            "https://cdn.jsdelivr.net/npm/@jupyter-widgets/html-manager@1.0.6/dist/embed-amd.js",
            "@jupyter-widgets/html-manager",
        ),
        ("https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.4/require.min.js", "requirejs"),
    ],
)
def test_cdn_urls_map_to_node_modules(url, package):
    path = bk.cdn_file(url)
    assert path.is_relative_to(bk.NODE_MODULES / package)


@pytest.mark.parametrize(
    "url",
    [
        "https://cdn.jsdelivr.net/npm/vega@5?noext",  # other major version
        "https://cdn.jsdelivr.net/npm/vega-lite@6.4.0?noext",  # other exact version
        "https://cdn.jsdelivr.net/npm/vega-lib?noext",  # no version at all
        "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js",  # not in the lockfile
        "https://cdn.jsdelivr.net/npm/vega@6/../../package.json",  # outside the package
    ],
)
def test_cdn_urls_not_in_the_lockfile_are_refused(url):
    with pytest.raises(bk.CdnMiss):
        bk.cdn_file(url)
