"""A worker for the crash test of the inbox: the same `jobs_worker`, except that at the
JM_TEST_PAUSE_NTH message (default the second) it writes a flag file and waits to be
killed, either inside the transaction that applies the batch (JM_TEST_PAUSE_AT=apply: its
effect and retours written, not committed) or after that commit, before the file is
acknowledged (=ack). Run as `python -m tests.ijw.pausing_worker`."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from jeugdmodel.ijw import services  # noqa: E402
from jeugdmodel.ijw.transport import FolderTransport  # noqa: E402

FLAG = Path(os.environ["JM_TEST_PAUSE_FLAG"])
AT = os.environ["JM_TEST_PAUSE_AT"]
NTH = int(os.environ.get("JM_TEST_PAUSE_NTH", "2"))
_seen: list[str] = []


def _pause() -> None:
    FLAG.write_text(str(os.getpid()))
    time.sleep(120)  # killed here


_real_apply = services._apply


def _apply(*args: Any, **kwargs: Any) -> bool:
    applied = _real_apply(*args, **kwargs)
    _seen.append("apply")
    if AT == "apply" and _seen.count("apply") == NTH and not FLAG.exists():
        _pause()
    return applied


_real_ack = FolderTransport.acknowledge


def _acknowledge(self: FolderTransport, incoming: Any) -> None:
    _seen.append("ack")
    if AT == "ack" and _seen.count("ack") == NTH and not FLAG.exists():
        _pause()
    _real_ack(self, incoming)


services._apply = _apply  # type: ignore[assignment]
FolderTransport.acknowledge = _acknowledge  # type: ignore[method-assign]

if __name__ == "__main__":
    call_command("jobs_worker")
