"""``ijw_import SRC...``: read iJw messages from files, folders or zip files into the inbox."""

from __future__ import annotations

import zipfile
from argparse import ArgumentParser
from collections.abc import Iterator
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jeugdmodel.ijw.models import InState
from jeugdmodel.ijw.schema import MAX_MESSAGE_BYTES
from jeugdmodel.ijw.services import inbox_process, inbox_receive
from jeugdmodel.ijw.transport import Incoming

#: A zip with more members than this is refused (a zip of a million empty files).
MAX_ZIP_MEMBERS = 10_000


def incoming_from(path: Path) -> Iterator[Incoming | str]:
    """Messages from a file, a folder (its *.xml files) or a zip (its *.xml members); a
    problem is yielded as a Dutch text."""
    if path.is_dir():
        for child in sorted(
            p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".xml"
        ):
            yield from incoming_from(child)
        return
    if not path.exists():
        yield _("%(path)s: bestaat niet.") % {"path": path}
        return
    if zipfile.is_zipfile(path):
        yield from _from_zip(path)
        return
    if path.stat().st_size > MAX_MESSAGE_BYTES:
        yield Incoming(path.name, b"", too_large=True)
        return
    yield Incoming(path.name, path.read_bytes())


def _from_zip(path: Path) -> Iterator[Incoming | str]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > MAX_ZIP_MEMBERS:
                yield _("%(path)s: meer dan %(n)s bestanden in het zipbestand; niet gelezen.") % {
                    "path": path,
                    "n": MAX_ZIP_MEMBERS,
                }
                return
            for member in sorted(members, key=lambda m: m.filename):
                name = PurePosixPath(member.filename).name
                if not name.lower().endswith(".xml"):
                    continue
                if member.file_size > MAX_MESSAGE_BYTES:
                    yield Incoming(f"{path.name}/{name}", b"", too_large=True)
                    continue
                with archive.open(member) as f:
                    data = f.read(MAX_MESSAGE_BYTES + 1)  # never more, whatever the header says
                if len(data) > MAX_MESSAGE_BYTES:
                    yield Incoming(f"{path.name}/{name}", b"", too_large=True)
                    continue
                yield Incoming(f"{path.name}/{name}", data)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        yield _("%(path)s: het zipbestand is beschadigd (%(kind)s).") % {
            "path": path,
            "kind": type(exc).__name__,
        }


class Command(BaseCommand):
    help = (
        "Leest iJw-berichten (bestanden, mappen, zipbestanden) in de inbox en verwerkt ze zoals "
        "de geplande taak: controleren, beantwoorden met een retour, één keer toepassen. "
        "Exitcode 1 als er een bericht is afgekeurd."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("sources", nargs="+", type=Path, help=_("bestanden, mappen of .zip"))
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help=_("de systeemdatum")
        )

    def handle(self, *args: Any, sources: list[Path], today: date | None, **options: Any) -> None:
        total = rejected = 0
        for source in sources:
            for item in incoming_from(source):
                total += 1
                if isinstance(item, str):
                    rejected += 1
                    self.stdout.write(item)
                    continue
                message, new = inbox_receive(item)
                if not new and message.state != InState.RECEIVED:
                    self.stdout.write(
                        _("%(name)s: al ontvangen (%(state)s).")
                        % {"name": item.name, "state": message.get_state_display()}
                    )
                    continue
                if message.state == InState.RECEIVED:
                    message = inbox_process(message_id=message.pk, today=today)
                if message.state == InState.APPLIED:
                    self.stdout.write(
                        _("%(name)s: verwerkt (%(type)s %(id)s).")
                        % {
                            "name": item.name,
                            "type": message.message_type,
                            "id": message.identification,
                        }
                    )
                else:
                    rejected += 1
                    codes = ", ".join(f"{p['code']}/{p['retour']}" for p in message.problems)
                    self.stdout.write(
                        _("%(name)s: afgekeurd (%(codes)s).") % {"name": item.name, "codes": codes}
                    )
        if rejected:
            raise CommandError(
                _("%(n)s van %(total)s bericht(en) afgekeurd.") % {"n": rejected, "total": total}
            )
