"""nbgrader course configuration: this repository is the course directory.

The assignments are the parts: ``source/part<N>/part<N>.ipynb``, generated
from ``data/exercises.yaml`` by ``python -m tools.code_exercises``.
See chapters/grading-nbgrader.md for the commands (release, collect,
autograde, export).
"""

c = get_config()  # noqa: F821 (provided by nbgrader when it reads this file)

c.CourseDirectory.course_id = "aigov"
# Instructors on a shared hub set the exchange directory here, e.g.
# c.Exchange.root = "/srv/nbgrader/exchange"

# What replaces a solution region in the released notebooks.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"

# Autograding runs every submission in a fresh kernel; the checkers load the
# book's data once per kernel, which takes a few seconds.
c.ExecutePreprocessor.timeout = 300
# A graded submission's kernel is stopped at once: its outputs are already
# read, and a graceful stop spends about half a CPU-second tearing it down.
c.ExecutePreprocessor.shutdown_kernel = "immediate"
