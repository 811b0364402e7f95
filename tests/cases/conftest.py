"""Fixtures for the case tests: the MVS region (from tests/intake) and real cases made the
way the front door makes them (a request, assigned by the team lead)."""

from __future__ import annotations

from tests.intake.conftest import mvs

__all__ = ["mvs"]
