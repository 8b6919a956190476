"""The book's build, execution and authoring tools, one package run with ``python -m``.

=========================  =================================================
``python -m tools.build``  strict build into ``_build/html`` (``./dev build``)
``python -m tools.execute`` re-execute notebooks in place (``./dev execute``)
``python -m tools.student_edition``  the edition without solutions (``./dev student``)
``python -m tools.check``  the fast edit-loop tests (``./dev check``)
``python -m tools.check_notebooks``  stored outputs present (pre-commit hook)
``python -m tools.fingerprint_article``  the article's shingles for the prose test
=========================  =================================================

Shared pieces: :mod:`tools.book` (the repository, its table of contents, its
notebooks and the execution timeout, each read in one place),
:mod:`tools.execute` (the one notebook executor) and :mod:`tools.browser`
(a local server and Debian's Chromium for the benchmark). Modules import
each other only downwards: ``book`` <- ``execute`` <- ``build`` <-
``student_edition``.
"""
