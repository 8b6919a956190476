"""Notebook helpers that work both in the book build and on Binder.

:func:`glue` stores a value in a cell's output so that Markdown pages can
show it with ``{glue:text}`name```. It writes exactly what ``myst_nb.glue``
writes, but without importing myst-nb, which students' lean Binder
environment does not install.
"""

from __future__ import annotations

from typing import Any

from IPython.core.formatters import format_display_data
from IPython.display import display

GLUE_PREFIX = "application/papermill.record/"  # the prefix myst-nb reads


def glue(name: str, variable: Any, display_value: bool = False) -> None:
    """Glue ``variable`` under ``name`` for use in the book's Markdown pages.

    Unlike ``myst_nb.glue`` the value is hidden by default
    (``display_value=False``), which is what the book's notebooks want.
    """
    mimebundle, metadata = format_display_data(variable)
    mime_prefix = "" if display_value else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": mime_prefix}
    display({mime_prefix + k: v for k, v in mimebundle.items()}, raw=True, metadata=metadata)
