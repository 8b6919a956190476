"""Every chart of the built book has an SVG and a PNG download for slides.

Static checks on the built HTML (no browser): for every chart output on every
page of the table of contents, the page links an SVG and a PNG (inside the
figure caption when the chart is a figure); the SVG is well-formed, carries
the chart's title as ``<title>``, its description as ``<desc>`` and its source
line as text; the PNG is a PNG of a sensible size that the build wrote.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import browserkit as bk
import pytest
from bs4 import BeautifulSoup

from aigovbook.book import chartfiles

pytestmark = pytest.mark.browser
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def charts(html_dir):
    """(page, chart div, its spec) for every chart in the book."""
    found = []
    for page in bk.toc_files():
        path = html_dir / f"{page}.html"
        if not path.is_file():
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for div in soup.select(".aigov-chart"):
            script = div.find_next_sibling("script")
            found.append((page, div, chartfiles.chart_spec(script.string)))
    return found


def _links(div) -> dict[str, str]:
    """The download links that belong to a chart: in its figure's caption, or just after it."""
    figure = div.find_parent("figure")
    scope = figure.find("figcaption") if figure else div.find_next(class_=chartfiles.LINKS_CLASS)
    assert scope is not None, "no download links"
    return {a.get_text(): a["href"] for a in scope.select(f".{chartfiles.LINKS_CLASS} a[href]")}


def test_every_chart_has_svg_and_png(html_dir, charts):
    assert charts, "no charts found"
    seen = set()
    for page, div, spec in charts:
        links = _links(div)
        assert set(links) == {"SVG", "PNG"}, (page, links)
        base = (html_dir / page).parent
        svg_path = (base / unquote(links["SVG"])).resolve()
        png_path = (base / unquote(links["PNG"])).resolve()
        assert svg_path not in seen, f"two charts share {svg_path.name}"
        seen.add(svg_path)

        root = ET.fromstring(svg_path.read_text(encoding="utf-8"))
        assert root.tag == f"{SVG}svg"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text == chartfiles._title(spec), svg_path.name
        assert desc is not None and desc.text == spec["description"], svg_path.name
        subtitle = spec["title"]["subtitle"]
        texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
        assert subtitle in texts, f"{svg_path.name}: source line not drawn as text"

        data = png_path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", png_path.name
        width, height = struct.unpack(">II", data[16:24])
        assert width >= 400 and height >= 200, (png_path.name, width, height)


def test_download_links_are_inside_figure_captions(charts):
    for page, div, _ in charts:
        figure = div.find_parent("figure")
        if figure is not None and figure.find("figcaption") is not None:
            caption = figure.find("figcaption")
            assert caption.select(f".{chartfiles.LINKS_CLASS}"), page


def test_chart_svg_names_come_from_figure_names(charts):
    names = [re.sub(r".*/", "", _links(div)["SVG"]) for _, div, _ in charts]
    assert any("--fig-" in name for name in names), names
