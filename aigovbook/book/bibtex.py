"""A speed patch for sphinxcontrib-bibtex: pybtex's plain-text backend registered once."""

from __future__ import annotations


def _register_pybtex_backend() -> None:
    """Register pybtex's plain-text backend once.

    sphinxcontrib-bibtex otherwise looks the plug-in up among all installed
    packages' entry points for every citation (about 16 ms each, some 5 s per
    cold build of this book).
    """
    import pybtex.backends.plaintext
    import pybtex.plugin

    pybtex.plugin.register_plugin(
        "pybtex.backends", "plaintext", pybtex.backends.plaintext.Backend, force=True
    )


def setup(app):
    _register_pybtex_backend()
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
