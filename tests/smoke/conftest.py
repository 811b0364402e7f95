"""Smoke journeys against a running production setup (bin/production), in Debian's
Chromium. They run only when JEUGDMODEL_SMOKE_URL names the server (the CI step in
.ci/run sets it); otherwise they are skipped.

    JEUGDMODEL_SMOKE_URL=http://127.0.0.1:8012 DATABASE_URL=postgres://…/jeugdmodel_smoke \\
      uv run pytest tests/smoke --ds=jeugdmodel.settings.dev -p no:cacheprovider

The test process writes its own users (and a few steering cells) into the server's
database, so it needs the same DATABASE_URL; the server itself is only reached over HTTP."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import (  # noqa: F401  (the browser fixtures)
    axe_check,
    browser,
    browser_errors,
    chromium_executable,
    new_page,
    page,
    phone_page,
    playwright,
    viewport,
)

SMOKE_URL = os.environ.get("JEUGDMODEL_SMOKE_URL", "").rstrip("/")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SMOKE_URL:
        return
    skip = pytest.mark.skip(reason="JEUGDMODEL_SMOKE_URL is not set (bin/production smoke)")
    for item in items:
        if "tests/smoke/" in str(item.path):
            item.add_marker(skip)
