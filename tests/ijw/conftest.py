"""Fixtures for the outbox and inbox: the care world of MVS with a BSN for Sam and a
provider with an AGB code, and a folder transport in a temporary directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jeugdmodel.ijw.transport import FolderTransport
from tests.care.conftest import World, help_form, travel, world  # noqa: F401  (fixtures)
from tests.intake.conftest import mvs  # noqa: F401  (fixture)
from tests.jobs.conftest import queued, shared_db, start_worker  # noqa: F401  (fixtures)

SAM_BSN = "999900006"


@pytest.fixture
def folder(tmp_path: Path, settings: Any) -> FolderTransport:
    settings.JM_IJW_DIR = tmp_path / "ijw"
    return FolderTransport(tmp_path / "ijw")


@pytest.fixture
def exchanged(world: World) -> World:  # noqa: F811
    """Sam has a BSN, so his trajectories are exchanged."""
    world.sam.bsn = SAM_BSN
    world.sam.save(update_fields=["bsn"])
    return world
