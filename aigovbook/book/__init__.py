"""What only the build imports: the book's Sphinx extensions and chart files.

``aigovbook.book`` in ``_config.yml`` sets up one extension per concern (see
:data:`EXTENSIONS`). Nothing here is imported at package import time, so notebooks
that draw charts (:mod:`aigovbook.book.chartrender`) load no Sphinx code.
"""

EXTENSIONS = (
    "aigovbook.book.appendix",  # the generated "Data and sources" page
    "aigovbook.book.bibtex",  # pybtex speed patch
    "aigovbook.book.chartscripts",  # Vega scripts and chart downloads on pages with charts
    "aigovbook.book.notebookwait",  # tools.build: wait for notebooks, what to read again
    "aigovbook.book.factrole",  # the {fact} role
    "aigovbook.book.exercises",  # kernel-free exercises: holders, checker script, solutions
)


def setup(app):
    for name in EXTENSIONS:
        app.setup_extension(name)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
