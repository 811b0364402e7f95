"""A worker for the crash test of the council report: the same `jobs_worker`, except that
the first time it stores an ODT it writes a flag file and waits to be killed (after the
PDF of the report has been stored). Run as `python -m tests.jobs.pausing_worker`."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import django

django.setup()

from django.core.files.storage import FileSystemStorage  # noqa: E402
from django.core.management import call_command  # noqa: E402

_real_save = FileSystemStorage._save


def _save(self: FileSystemStorage, name: str, content: Any) -> str:
    flag = Path(os.environ["JM_TEST_PAUSE_FLAG"])
    if name.endswith(".odt") and not flag.exists():
        flag.write_text(str(os.getpid()))
        time.sleep(120)  # killed here, with the PDF stored and the report not done
    return _real_save(self, name, content)


FileSystemStorage._save = _save  # type: ignore[method-assign]

if __name__ == "__main__":
    call_command("jobs_worker")
