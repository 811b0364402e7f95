"""Run by tests/cases/test_document_crash.py as a separate process: upload a document to a
case and hang inside the transaction, after the file was written and the row saved but
before the commit, until the test kills this process with SIGKILL."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from jeugdmodel.accounts.models import User  # noqa: E402
from jeugdmodel.cases.models import Case  # noqa: E402
from jeugdmodel.cases.services import documents  # noqa: E402

flag = Path(os.environ["HANG_FLAG"])
original = documents.log_case


def log_then_hang(*args: Any, **kwargs: Any) -> None:
    original(*args, **kwargs)
    flag.write_text("written, not committed")
    while True:
        time.sleep(1)


documents.log_case = log_then_hang  # type: ignore[assignment]
documents.document_upload(
    actor=User.objects.get(pk=int(os.environ["HANG_USER"])),
    case=Case.objects.get(pk=int(os.environ["HANG_CASE"])),
    upload=SimpleUploadedFile("verslag.txt", os.environ["HANG_CONTENT"].encode()),
)
