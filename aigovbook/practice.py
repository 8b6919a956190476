"""The old name of :mod:`aigovbook.exercises.code`, kept so that notebooks saved
before the rename (``from aigovbook.practice import check``) still run."""

from .exercises.code import *  # noqa: F403
from .exercises.code import __all__  # noqa: F401
