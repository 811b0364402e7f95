"""How iJw messages leave and arrive: a pluggable transport.

The embedded default is :class:`FolderTransport` (files in ``JM_IJW_DIR``). A real exchange
(the GGk route via VECOZO/Inlichtingenbureau, with the StUF-GGk envelope) is another class
with the same three methods, named in ``JEUGDMODEL_IJW_TRANSPORT``:

- ``send(name, data)``: deliver one message; calling it twice for the same name must be
  harmless (the outbox sweep may retry after a crash).
- ``incoming()``: the messages waiting, as :class:`Incoming` (a name and the bytes).
- ``acknowledge(incoming)``: the message is processed (its effect and retour committed);
  it must not come back from ``incoming()``. Until then it may come back any number of
  times: the inbox recognises it by its content and applies it once.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from .schema import MAX_MESSAGE_BYTES


@dataclass(frozen=True)
class Incoming:
    name: str
    data: bytes
    too_large: bool = False


class Transport(Protocol):
    def send(self, name: str, data: bytes) -> None: ...
    def incoming(self) -> Iterator[Incoming]: ...
    def acknowledge(self, incoming: Incoming) -> None: ...


class FolderTransport:
    """``<dir>/outbox/`` for what we send, ``<dir>/inbox/`` for what arrives."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root or settings.JM_IJW_DIR)
        self.outbox = self.root / "outbox"
        self.inbox = self.root / "inbox"
        self.processed = self.inbox / "processed"

    def send(self, name: str, data: bytes) -> None:
        """Atomic: a reader never sees half a file (write aside, then rename)."""
        self.outbox.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.outbox, prefix=".sending-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.outbox / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def incoming(self) -> Iterator[Incoming]:
        if not self.inbox.is_dir():
            return
        for path in sorted(p for p in self.inbox.iterdir() if p.is_file()):
            if path.name.startswith("."):
                continue
            if path.stat().st_size > MAX_MESSAGE_BYTES:
                yield Incoming(path.name, b"", too_large=True)
                continue
            yield Incoming(path.name, path.read_bytes())

    def acknowledge(self, incoming: Incoming) -> None:
        self.processed.mkdir(parents=True, exist_ok=True)
        source = self.inbox / incoming.name
        if source.exists():
            os.replace(source, self.processed / incoming.name)


def transport() -> Transport:
    cls = import_string(settings.JM_IJW_TRANSPORT)
    instance: Transport = cls()
    return instance
