"""Filters that refresh on every change queue their requests instead of aborting them:
htmx reports every aborted request as a console error (htmx:sendAbort)."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "jeugdmodel"


def test_filters_refreshing_on_change_queue_the_last_request() -> None:
    checked = 0
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<form\b[^>]*>", text, flags=re.S):
            if "hx-get" not in tag or 'hx-trigger="change' not in tag:
                continue
            checked += 1
            assert 'hx-sync="this:queue last"' in tag, f"{path.name}: {tag}"
    assert checked >= 2  # the worklist and the dashboard
    for path in TEMPLATES.rglob("*.html"):
        assert ":replace" not in path.read_text(encoding="utf-8"), path.name
