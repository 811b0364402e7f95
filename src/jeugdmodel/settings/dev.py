"""Local development and the demo: debug optional, SQLite under var/ by default."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
