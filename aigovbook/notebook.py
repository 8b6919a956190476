"""Notebook helpers that work both in the book build and on Binder.

:func:`glue` stores a value in a cell's output so that Markdown pages can
show it with ``{glue:text}`name```. It writes exactly what ``myst_nb.glue``
writes, but without importing myst-nb, which students' lean Binder
environment does not install. It accepts numpy and pandas scalars
(``np.int64(7)`` is glued as ``7``, ``np.float64(15.7)`` as ``15.7``), so a
count or a value taken from a DataFrame needs no conversion.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from IPython.core.formatters import format_display_data
from IPython.display import display

GLUE_PREFIX = "application/papermill.record/"  # the prefix myst-nb reads


def glue(name: str, variable: Any, display_value: bool = False) -> None:
    """Glue ``variable`` under ``name`` for use in the book's Markdown pages.

    Unlike ``myst_nb.glue`` the value is hidden by default
    (``display_value=False``), which is what the book's notebooks want.
    Numpy scalars are glued as the plain Python numbers they hold.
    """
    if isinstance(variable, np.generic):
        variable = variable.item()
    mimebundle, metadata = format_display_data(variable)
    mime_prefix = "" if display_value else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": mime_prefix}
    display({mime_prefix + k: v for k, v in mimebundle.items()}, raw=True, metadata=metadata)


def glue_all(values: dict[str, Any]) -> None:
    """Glue every ``name: value`` pair of ``values`` (see :func:`glue`)."""
    for name, value in values.items():
        glue(name, value)
