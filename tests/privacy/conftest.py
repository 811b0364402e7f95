"""The MVS region (from tests/intake) and a family file with something in every part."""

from __future__ import annotations

from tests.intake.conftest import mvs

__all__ = ["mvs"]
