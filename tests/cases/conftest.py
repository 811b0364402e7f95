"""Fixtures for the case tests: the MVS region (from tests/intake) and real cases made the
way the front door makes them (a request, assigned by the team lead)."""

from __future__ import annotations

from tests.intake.conftest import mvs

__all__ = ["mvs"]

# The job system's fixtures for a real subprocess on a shared database (upload crash test).
from tests.jobs.conftest import shared_db, start_worker  # noqa: F401
