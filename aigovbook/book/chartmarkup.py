"""The markup a chart output carries on a page, shared by the renderer and the build.

:mod:`.chartrender` writes it (in notebooks, with Altair); :mod:`.chartscripts` and
:mod:`.chartfiles` find it in Sphinx's pages, and import this module, not Altair.
"""

CHART_CLASS = "aigov-chart"
# The id of the book's vega-embed <script> tag (set by aigovbook.book.chartscripts).
BOOK_SCRIPT_ID = "aigov-vega-embed"
