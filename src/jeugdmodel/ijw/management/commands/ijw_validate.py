"""``ijw_validate FILE...``: is each file a valid iJw 3.2 message, and if not, why."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from jeugdmodel.core.errors import DomainError
from jeugdmodel.ijw.rules import MemoryContext
from jeugdmodel.ijw.schema import MAX_MESSAGE_BYTES
from jeugdmodel.ijw.selectors import memory_context, region_for_messages
from jeugdmodel.ijw.validate import TECHNICAL_RETOUR, XML_CODE, Outcome, Problem, check_bytes


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for its *.xml files, by name."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".xml")
        else:
            found.append(path)
    return found


def read_file(path: Path) -> bytes | Problem:
    try:
        size = path.stat().st_size
        if size > MAX_MESSAGE_BYTES:
            return Problem(
                None,
                XML_CODE,
                TECHNICAL_RETOUR,
                _("Het bestand is groter dan %(mb)s MB; een iJw-bericht is nooit zo groot.")
                % {"mb": MAX_MESSAGE_BYTES // (1024 * 1024)},
            )
        return path.read_bytes()
    except OSError as exc:
        return Problem(
            None,
            XML_CODE,
            TECHNICAL_RETOUR,
            _("Kan het bestand niet lezen: %(why)s") % {"why": exc.strerror},
        )


class Command(BaseCommand):
    help = (
        "Controleert iJw 3.2-berichten (XSD en bedrijfsregels). Per bestand 'geldig' of de "
        "fouten als BESTAND:REGEL: CODE: melding; de exitcode is 1 bij een fout. Bestanden "
        "worden in volgorde gecontroleerd en zien elkaar (een stop na zijn start)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help=_("berichten of mappen"))
        parser.add_argument("--region", default="", help=_("regiocode (standaard: de enige regio)"))
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help=_("de systeemdatum (JJJJ-MM-DD)")
        )

    def handle(
        self, *args: Any, files: list[Path], region: str, today: date | None, **options: Any
    ) -> None:
        day = today or date.today()
        try:
            context = memory_context(today=day, region=region_for_messages(region or None))
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        except DatabaseError:
            self.stderr.write(
                _("Geen database met regiogegevens: alleen XSD en regels zonder regio.")
            )
            context = MemoryContext(today=day)
        failed = 0
        paths = expand(files)
        for path in paths:
            data = read_file(path)
            outcome = (
                Outcome(None, None, (data,), ())
                if isinstance(data, Problem)
                else self._check(data, context)
            )
            if outcome.ok:
                assert outcome.message_type is not None
                self.stdout.write(
                    _("%(path)s: geldig (%(type)s)")
                    % {"path": path, "type": outcome.message_type.name}
                )
                context.remember(outcome.message, outcome.message_type)
                continue
            failed += 1
            for problem in outcome.problems:
                line = f"{problem.line}:" if problem.line else ""
                self.stdout.write(
                    f"{path}:{line} {problem.code}/{problem.retour}: {problem.message}"
                )
        if failed:
            raise CommandError(
                _("%(failed)s van %(total)s bestand(en) afgekeurd.")
                % {"failed": failed, "total": len(paths)}
            )

    @staticmethod
    def _check(data: bytes, context: Any) -> Outcome:
        try:
            return check_bytes(data, context)
        except Exception as exc:  # never a traceback: an unexpected failure is a finding too
            return Outcome(
                None,
                None,
                (
                    Problem(
                        None,
                        XML_CODE,
                        TECHNICAL_RETOUR,
                        _("Onverwachte fout bij het lezen (%(kind)s).")
                        % {"kind": type(exc).__name__},
                    ),
                ),
                (),
            )
