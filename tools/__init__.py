"""The book's build and authoring tools, each run as ``python -m tools.<name>``.

build (``./dev build``), execute (``./dev execute``), student_edition (``./dev student``),
check (``./dev check``), bundle (``./dev bundle``), pdf (``./dev pdf``), code_exercises
(``./dev code-exercises``), check_notebooks (pre-commit hook), fingerprint_article (the
prose test's shingles), pagetext (compare the text of two builds).
Shared pieces: :mod:`tools.book` (the repository, its table of contents and notebooks),
:mod:`tools.execute` (the one notebook executor) and :mod:`tools.browser` (a local server
and Debian's Chromium). Modules import each other only downwards: ``book`` <- ``execute``
<- ``build`` <- ``student_edition``.
"""
