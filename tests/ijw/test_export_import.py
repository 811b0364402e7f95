"""`ijw_export` writes outgoing messages to a folder or zip; `ijw_import` reads files,
folders and zips into the inbox and processes them once, refusing hostile zips."""

from __future__ import annotations

import zipfile
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from jeugdmodel.ijw import builder, codec
from jeugdmodel.ijw.builder import CareLine, Client, Parties
from jeugdmodel.ijw.models import CareNotice, InboxMessage, InState, OutboxMessage
from jeugdmodel.ijw.schema import MAX_MESSAGE_BYTES

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PROVIDER = Parties(sender="98000001", receiver="0606")
CLIENT = Client(
    bsn="999990019", birth_date=TODAY - timedelta(days=4000), sex="1", family_name="Bakker"
)


def start_xml(ident: str, days_ago: int = 10) -> bytes:
    line = CareLine(category="45", code=None, start=TODAY - timedelta(days=days_ago))
    return codec.to_xml(
        builder.start_message(
            parties=PROVIDER, identification=ident, day=TODAY, client=CLIENT, lines=[line]
        )
    )


def run(command: str, *args: str) -> tuple[str, str | None]:
    out = StringIO()
    try:
        call_command(command, *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def test_import_a_folder_and_a_zip_once(mvs: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xml").write_bytes(start_xml("IMP1"))
    (folder / "notes.txt").write_text("niet lezen")
    archive = tmp_path / "b.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("sub/b.xml", start_xml("IMP2", days_ago=20))
        z.writestr("readme.md", "overslaan")
    out, error = run("ijw_import", str(folder), str(archive))
    assert error is None
    assert "a.xml: verwerkt (JW305 IMP1)." in out
    assert "b.zip/b.xml: verwerkt (JW305 IMP2)." in out
    assert CareNotice.objects.count() == 2
    assert OutboxMessage.objects.filter(message_type="JW306").count() == 2

    out, error = run("ijw_import", str(folder), str(archive))
    assert error is None
    assert "a.xml: al ontvangen (verwerkt)." in out
    assert CareNotice.objects.count() == 2


def test_import_reports_rejections_and_exits_one(mvs: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<kapot")
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("huge.xml", b" " * (MAX_MESSAGE_BYTES + 10))  # compresses to almost nothing
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    out, error = run("ijw_import", str(bad), str(big), str(broken), str(tmp_path / "missing.xml"))
    assert "bad.xml: afgekeurd (XML/0001)." in out
    assert "big.zip/huge.xml: afgekeurd (XML/0001)." in out
    assert "broken.zip: afgekeurd (XML/0001)." in out  # not a readable zip: not XML either
    assert "missing.xml: bestaat niet." in out
    assert error is not None
    assert error.endswith("bericht(en) afgekeurd.")
    assert not InboxMessage.objects.filter(state=InState.APPLIED).exists()


def test_export_to_a_folder_and_a_zip(mvs: Any, tmp_path: Path) -> None:
    run("ijw_import", str(_write(tmp_path, "x.xml", start_xml("EXP1"))))
    retour = OutboxMessage.objects.get()
    out, error = run("ijw_export", str(tmp_path / "uit"))
    assert error is None
    assert "1 bericht(en) geschreven" in out
    assert (tmp_path / "uit" / retour.file_name).read_bytes() == bytes(retour.content)
    run("ijw_export", str(tmp_path / "uit.zip"), "--status", "waiting", "--type", "jw306")
    with zipfile.ZipFile(tmp_path / "uit.zip") as z:
        assert z.namelist() == [retour.file_name]
    run("ijw_export", str(tmp_path / "leeg.zip"), "--status", "failed")
    with zipfile.ZipFile(tmp_path / "leeg.zip") as z:
        assert z.namelist() == []


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path
