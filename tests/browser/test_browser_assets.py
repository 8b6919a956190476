"""The JavaScript the pages load is pinned, local and the version asked for.

No browser and no build needed: these compare package.json,
package-lock.json, node_modules and the vendored folders (``_widgets/``)
with what Altair and myst-nb (as installed) ask for, and check how the
browser tests keep a page offline (browserkit.offline_proxy, off_origin_watch;
test_browser.py checks it in Chromium).
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
            install = "run `.venv/bin/python -m tools.npm_packages`"
            assert meta.is_file(), f"node_modules/{name} missing: {install}"
            assert json.loads(meta.read_text())["version"] == version, f"{install} ({name})"


def _satisfies(version: str, spec: str) -> bool:
    """jsDelivr-style spec: exact ("6.4.1") or partial ("6", "6.4")."""
    return version == spec or version.startswith(spec + ".")


def test_lockfile_has_the_vega_versions_altair_asks_for():
    import altair as alt

    for name, spec in (
        ("vega", alt.VEGA_VERSION),
        ("vega-lite", alt.VEGALITE_VERSION),
        ("vega-embed", alt.VEGAEMBED_VERSION),
    ):
        assert _satisfies(bk.locked_versions()[name], spec), (name, spec)


def test_chart_output_names_no_path_and_no_address():
    """A chart output must work at any folder depth and offline. In the
    notebook it is the Vega-Lite specification alone (JupyterLab draws it
    with its own Vega); in the book its HTML calls the page's vegaEmbed and
    names no path into the book and no address anywhere."""
    import altair as alt

    from aigovbook.book import chartrender

    chart = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q")
    bundle, metadata = chartrender.render(chart.to_dict(), {"actions": False})
    assert sorted(bundle) == sorted([chartrender.LAB_MIMETYPE, "text/plain"])
    lab = bundle[chartrender.LAB_MIMETYPE]
    assert lab["$schema"] == chartrender.LAB_SCHEMA
    assert {**lab, "$schema": chart.to_dict()["$schema"]} == chart.to_dict()
    assert metadata[chartrender.LAB_MIMETYPE]["embed_options"]["renderer"] == "svg"

    html = chartrender.chart_html(lab, {"actions": False})
    assert "_static" not in html and "../" not in html
    code = html.split("<script")[1].split("})(")[0]
    assert "http" not in code and "src" not in code
    assert f'class="{chartrender.CHART_CLASS}"' in html
    assert '"renderer": "svg"' in html
    assert chartrender.BOOK_SCHEMA in html and chartrender.LAB_SCHEMA not in html
    assert html == chartrender.chart_html(lab, {"actions": False})  # the same in every build


def test_sphinx_extension_loads_vendored_vega():
    from aigovbook.book import chartscripts

    for script in chartscripts.VEGA_SCRIPTS:
        assert (bk.ROOT / "_widgets" / script).is_file(), script
    assert [s.split("/")[-1] for s in chartscripts.VEGA_SCRIPTS] == [
        f"{name}.min.js" for name in widget_assets.VEGA_PACKAGES
    ]


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


class _FakeRequest:
    def __init__(self, url):
        self.url = url
        self.frame = None


@pytest.mark.parametrize(
    "url, outcome",
    [
        ("http://127.0.0.1:8000/chapters/intro.html", "allowed"),
        ("http://127.0.0.1:8000/_static/vega/vega.min.js?v=1", "allowed"),
        ("data:image/png;base64,AAAA", "allowed"),
        ("http://127.0.0.1:8001/x.js", "aborted"),  # another port is another origin
        ("http://127.0.0.1:8000.evil.example/x.js", "aborted"),
        ("https://cdn.jsdelivr.net/npm/vega@6", "aborted"),
        ("https://fonts.googleapis.com/css", "aborted"),
    ],
)
def test_every_request_off_the_origin_is_recorded(url, outcome):
    net = bk.Network()
    bk.off_origin_watch("http://127.0.0.1:8000/", net)(_FakeRequest(url))
    assert (url in net.third_party) == (outcome == "aborted")
    assert bool(net.failed) == (outcome == "aborted")


@pytest.mark.parametrize(
    "base, bypass",
    [
        ("http://127.0.0.1:8000/", "<-loopback>,127.0.0.1:8000"),
        ("file:///tmp/book/index.html", "<-loopback>"),  # a copy opened from disk: no server
    ],
)
def test_the_offline_proxy_lets_through_the_origin_only(base, bypass):
    proxy = bk.offline_proxy(base)
    assert proxy["bypass"] == bypass and proxy["server"].startswith("http://127.0.0.1:")
