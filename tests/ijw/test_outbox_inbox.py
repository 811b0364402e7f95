"""The outbox is written with the trajectory change; sending and the inbox are idempotent;
every incoming message is checked, answered with its retour and applied once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from jeugdmodel.care.models import EndReason, Trajectory
from jeugdmodel.care.services import trajectory_end, trajectory_start
from jeugdmodel.ijw import builder, codec, services
from jeugdmodel.ijw.builder import CareLine, Client, Parties
from jeugdmodel.ijw.models import CareNotice, InboxMessage, InState, OutboxMessage, OutState
from jeugdmodel.ijw.transport import FolderTransport
from jeugdmodel.jobs.api import schedules
from jeugdmodel.region.models import Organisation
from tests.care.conftest import World, help_form

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
HAVEN_AGB = "98000001"  # Jeugdhulp De Haven, a member of Mevis (regions/mvs.yaml)


def start(world: World, code: str = "ambulante-jeugdhulp", **kwargs: Any) -> Trajectory:
    values: dict[str, Any] = {
        "actor": world.coordinator,
        "case": world.case,
        "child": world.sam,
        "help_form": help_form(code),
        "start_date": TODAY - timedelta(days=30),
        "organisation": Organisation.objects.get(region__code="mvs", code="jeugdhulp-de-haven"),
        "specialist_reason": "Behandeling nodig.",
    }
    values.update(kwargs)
    return trajectory_start(**values)


def outbox(message_type: str) -> list[Any]:
    return [
        codec.read(bytes(m.content)).message
        for m in OutboxMessage.objects.filter(message_type=message_type).order_by("id")
    ]


# --- outbox --------------------------------------------------------------------------------


def test_a_trajectory_start_and_end_write_jw305_and_jw307_in_the_outbox(exchanged: World) -> None:
    trajectory = start(exchanged)
    [row] = OutboxMessage.objects.all()
    assert (row.message_type, row.state, row.sender, row.trajectory) == (
        "JW305",
        OutState.WAITING,
        HAVEN_AGB,
        trajectory,
    )
    assert row.receiver == "0606"  # Schiedam: Sam lives there
    [jw305] = outbox("JW305")
    line = jw305.client.start_producten.start_product[0]
    # MVS is taakgericht: no toewijzing, product category only, keyed on the start date.
    assert line.toewijzing_nummer is None
    assert (line.product.categorie.value, line.product.code) == ("45", None)
    assert line.begindatum == trajectory.start_date.isoformat()

    trajectory_end(
        actor=exchanged.coordinator,
        case=exchanged.case,
        trajectory=trajectory,
        end_date=TODAY,
        end_reason=EndReason.ACCORDING_TO_PLAN,
    )
    [jw307] = outbox("JW307")
    stop = jw307.client.stop_producten.stop_product[0]
    assert (stop.einddatum, stop.reden_beeindiging.value) == (TODAY.isoformat(), "31")
    assert stop.begindatum == line.begindatum


def test_the_outbox_row_is_part_of_the_change(
    exchanged: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(message: Any) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.codec, "to_xml", broken)
    with pytest.raises(RuntimeError):
        start(exchanged)
    assert not Trajectory.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_trajectories_that_are_not_exchanged_send_nothing(world: World, exchanged: World) -> None:
    # Each with its own (exchanged) help form: a child has one running trajectory per form.
    start(exchanged, organisation=None)  # no AGB code anywhere up the chain
    scala = Organisation.objects.get(region__code="mvs", code="scala")
    start(exchanged, "dagbehandeling", organisation=scala)  # Scala and Mevis have no AGB code
    exchanged.sam.bsn = ""
    exchanged.sam.save(update_fields=["bsn"])
    start(exchanged, "gezinshuis")  # no BSN
    assert Trajectory.objects.count() == 3
    assert not OutboxMessage.objects.exists()


def test_the_sweep_sends_each_waiting_message_once(
    exchanged: World, folder: FolderTransport
) -> None:
    start(exchanged)
    assert services.outbox_sweep(via=folder) == 1
    row = OutboxMessage.objects.get()
    assert row.state == OutState.SENT
    [sent] = list(folder.outbox.iterdir())
    assert sent.name == row.file_name
    assert sent.read_bytes() == bytes(row.content)
    assert services.outbox_sweep(via=folder) == 0


class BrokenTransport(FolderTransport):
    def send(self, name: str, data: bytes) -> None:
        raise OSError("no route")


def test_a_failing_transport_fails_the_message_after_five_tries_with_a_dutch_reason(
    exchanged: World, tmp_path: Path
) -> None:
    start(exchanged)
    broken = BrokenTransport(tmp_path)
    for _ in range(services.SEND_ATTEMPTS):
        assert services.outbox_sweep(via=broken) == 0
    row = OutboxMessage.objects.get()
    assert row.state == OutState.FAILED
    assert "Verzenden is 5 keer mislukt" in row.reason


def test_the_sweep_and_the_poll_are_scheduled_jobs() -> None:
    entries = schedules()
    assert entries["ijw.outbox_sweep"].task.name.endswith("ijw_outbox_sweep")
    assert entries["ijw.inbox_poll"].task.name.endswith("ijw_inbox_poll")


# --- inbox ---------------------------------------------------------------------------------

PROVIDER = Parties(sender=HAVEN_AGB, receiver="0606")
CLIENT = Client(bsn="999990019", birth_date=date(2013, 1, 5), sex="1", family_name="Bakker")
LINE = CareLine(category="45", code=None, start=TODAY - timedelta(days=10))


def drop(folder: FolderTransport, name: str, data: bytes) -> None:
    folder.inbox.mkdir(parents=True, exist_ok=True)
    (folder.inbox / name).write_bytes(data)


def start_xml(ident: str, *lines: CareLine) -> bytes:
    return codec.to_xml(
        builder.start_message(
            parties=PROVIDER, identification=ident, day=TODAY, client=CLIENT, lines=lines or [LINE]
        )
    )


def stop_xml(ident: str, line: CareLine = LINE) -> bytes:
    stop = replace(line, end=TODAY, end_reason="31")
    return codec.to_xml(
        builder.stop_message(
            parties=PROVIDER, identification=ident, day=TODAY, client=CLIENT, lines=[stop]
        )
    )


def retour_of(message: InboxMessage) -> Any:
    row = OutboxMessage.objects.get(answers=message)
    return codec.read(bytes(row.content)).message


def test_a_start_is_checked_applied_answered_and_acknowledged(
    mvs: Any, folder: FolderTransport
) -> None:
    drop(folder, "a.xml", start_xml("IN1"))
    assert services.inbox_poll(via=folder) == 1
    message = InboxMessage.objects.get()
    assert (message.state, message.message_type, message.sender, message.identification) == (
        InState.APPLIED,
        "JW305",
        HAVEN_AGB,
        "IN1",
    )
    notice = CareNotice.objects.get()
    assert (notice.kind, notice.bsn, notice.category, notice.start) == (
        "start",
        CLIENT.bsn,
        "45",
        LINE.start,
    )
    retour = retour_of(message)
    assert codec.type_of(retour).name == "JW306"
    assert set(builder.retour_codes_of(retour)) == {"0200"}
    assert not (folder.inbox / "a.xml").exists()
    assert (folder.processed / "a.xml").exists()


def test_the_same_file_twice_is_applied_once(mvs: Any, folder: FolderTransport) -> None:
    data = start_xml("IN2")
    drop(folder, "a.xml", data)
    services.inbox_poll(via=folder)
    drop(folder, "a-again.xml", data)
    services.inbox_poll(via=folder)
    assert InboxMessage.objects.count() == 1
    assert CareNotice.objects.count() == 1
    assert OutboxMessage.objects.filter(message_type="JW306").count() == 1


def test_a_used_identification_is_rejected_with_9056_and_nothing_applied(
    mvs: Any, folder: FolderTransport
) -> None:
    drop(folder, "a.xml", start_xml("IN3"))
    services.inbox_poll(via=folder)
    drop(folder, "b.xml", start_xml("IN3", replace(LINE, start=LINE.start - timedelta(days=1))))
    services.inbox_poll(via=folder)
    second = InboxMessage.objects.get(file_name="b.xml")
    assert second.state == InState.REJECTED
    assert [p["code"] for p in second.problems] == ["TR056"]
    assert builder.retour_codes_of(retour_of(second)) == ["9056"]
    assert CareNotice.objects.count() == 1


def test_a_stop_needs_its_start(mvs: Any, folder: FolderTransport) -> None:
    drop(folder, "1.xml", stop_xml("IN4"))
    services.inbox_poll(via=folder)
    lonely = InboxMessage.objects.get(identification="IN4")
    assert lonely.state == InState.REJECTED
    assert "9069" in builder.retour_codes_of(retour_of(lonely))
    drop(folder, "2.xml", start_xml("IN5"))
    drop(folder, "3.xml", stop_xml("IN6"))
    services.inbox_poll(via=folder)
    assert InboxMessage.objects.get(identification="IN6").state == InState.APPLIED
    assert sorted(CareNotice.objects.values_list("kind", flat=True)) == ["start", "stop"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"not xml at all", "XML"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "XML"),
        (b"<Bericht xmlns='http://www.istandaarden.nl/ijw/3_1/jw305/schema'/>", "XML"),
        (b"<jw305:Bericht xmlns:jw305='http://www.istandaarden.nl/ijw/3_2/jw305/schema'/>", "XSD"),
    ],
)
def test_bad_input_is_rejected_and_the_poll_goes_on(
    mvs: Any, folder: FolderTransport, data: bytes, code: str
) -> None:
    drop(folder, "0-bad.xml", data)
    drop(folder, "1-good.xml", start_xml("IN7"))
    assert services.inbox_poll(via=folder) == 2
    bad = InboxMessage.objects.get(file_name="0-bad.xml")
    assert bad.state == InState.REJECTED
    assert {p["code"] for p in bad.problems} == {code}
    assert InboxMessage.objects.get(file_name="1-good.xml").state == InState.APPLIED


def test_a_retour_answers_or_rejects_our_message(exchanged: World, folder: FolderTransport) -> None:
    start(exchanged)
    services.outbox_sweep(via=folder)
    sent = OutboxMessage.objects.get(message_type="JW305")
    heen = codec.read(bytes(sent.content)).message
    line = heen.client.start_producten.start_product[0]
    rejected = builder.retour_message(
        heen, identification="GEM1", day=TODAY, codes={id(line): ["9069"]}
    )
    drop(folder, "retour.xml", codec.to_xml(rejected))
    services.inbox_poll(via=folder)
    sent.refresh_from_db()
    assert sent.state == OutState.REJECTED
    assert sent.reason == "9069: Er is geen actueel startbericht met dezelfde sleutel."
    assert "0200" in sent.retour_codes


def test_an_accepting_retour_marks_the_message_answered(
    exchanged: World, folder: FolderTransport
) -> None:
    start(exchanged)
    sent = OutboxMessage.objects.get(message_type="JW305")
    heen = codec.read(bytes(sent.content)).message
    drop(
        folder,
        "retour.xml",
        codec.to_xml(builder.retour_message(heen, identification="GEM2", day=TODAY)),
    )
    services.inbox_poll(via=folder)
    sent.refresh_from_db()
    assert (sent.state, sent.reason) == (OutState.ANSWERED, "")


def test_a_message_that_fails_its_xsd_gets_a_header_only_retour_with_0001(
    mvs: Any, folder: FolderTransport
) -> None:
    # A BSN with letters: the XSD refuses the message, its header is fine.
    broken = start_xml("IN8").replace(CLIENT.bsn.encode(), b"99999ABCD")
    drop(folder, "broken.xml", broken)
    services.inbox_poll(via=folder)
    message = InboxMessage.objects.get()
    assert message.state == InState.REJECTED
    assert {p["code"] for p in message.problems} == {"XSD"}
    assert (message.message_type, message.sender, message.identification) == (
        "JW305",
        HAVEN_AGB,
        "IN8",
    )
    row = OutboxMessage.objects.get(answers=message)
    assert (row.message_type, row.sender, row.receiver, row.retour_codes) == (
        "JW306",
        "0606",
        HAVEN_AGB,
        "0001",
    )
    read = codec.read(bytes(row.content))
    assert read.ok, read.errors
    retour = read.message
    assert retour is not None
    assert retour.client is None
    assert builder.retour_codes_of(retour) == ["0001"]
    assert retour.header.bericht_identificatie.identificatie == "IN8"
    assert CareNotice.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        # no header at all
        b"<jw305:Bericht xmlns:jw305='http://www.istandaarden.nl/ijw/3_2/jw305/schema'/>",
    ],
)
def test_no_retour_when_the_header_of_an_invalid_message_cannot_be_read(
    mvs: Any, folder: FolderTransport, data: bytes
) -> None:
    drop(folder, "bad.xml", data)
    services.inbox_poll(via=folder)
    message = InboxMessage.objects.get()
    assert message.state == InState.REJECTED
    assert not OutboxMessage.objects.filter(answers=message).exists()


def test_no_retour_when_the_header_of_an_invalid_message_is_itself_invalid(
    mvs: Any, folder: FolderTransport
) -> None:
    # The sender code is too long for the retour's header: nothing reliable to answer to.
    broken = start_xml("IN9").replace(HAVEN_AGB.encode(), b"980000011234")
    drop(folder, "bad.xml", broken)
    services.inbox_poll(via=folder)
    message = InboxMessage.objects.get()
    assert message.state == InState.REJECTED
    assert not OutboxMessage.objects.filter(answers=message).exists()


def test_an_invalid_retour_is_not_answered(exchanged: World, folder: FolderTransport) -> None:
    start(exchanged)
    sent = OutboxMessage.objects.get(message_type="JW305")
    heen = codec.read(bytes(sent.content)).message
    retour = codec.to_xml(builder.retour_message(heen, identification="GEM3", day=TODAY))
    drop(folder, "retour.xml", retour.replace(b"<jw306:Client>", b"<jw306:Client><x/>"))
    services.inbox_poll(via=folder)
    message = InboxMessage.objects.get()
    assert message.state == InState.REJECTED
    assert not OutboxMessage.objects.filter(answers=message).exists()


# --- batches: the messages of one poll are judged in order, in one transaction ------------


def test_in_one_batch_a_used_identification_and_a_stop_before_its_start_are_refused(
    mvs: Any, folder: FolderTransport
) -> None:
    data = start_xml("B1")
    drop(folder, "1-start.xml", data)
    drop(folder, "2-start-again.xml", data)  # the same file twice: one row
    drop(folder, "3-same-id.xml", start_xml("B1", replace(LINE, start=LINE.start - timedelta(1))))
    drop(folder, "4-stop.xml", stop_xml("B2", replace(LINE, start=LINE.start - timedelta(2))))
    drop(folder, "5-start.xml", start_xml("B3", replace(LINE, start=LINE.start - timedelta(2))))
    drop(folder, "6-stop.xml", stop_xml("B4"))
    assert services.inbox_poll(via=folder, batch=10) == 6
    states = dict(InboxMessage.objects.values_list("file_name", "state"))
    assert states == {
        "1-start.xml": InState.APPLIED,
        "3-same-id.xml": InState.REJECTED,
        "4-stop.xml": InState.REJECTED,  # its start comes after it
        "5-start.xml": InState.APPLIED,
        "6-stop.xml": InState.APPLIED,  # its start came before it, in the same batch
    }
    codes = {m.file_name: builder.retour_codes_of(retour_of(m)) for m in InboxMessage.objects.all()}
    assert codes["3-same-id.xml"] == ["9056"]
    assert "9069" in codes["4-stop.xml"]
    assert sorted(CareNotice.objects.values_list("message__identification", "kind")) == [
        ("B1", "start"),
        ("B3", "start"),
        ("B4", "stop"),
    ]
    assert len(list(folder.processed.iterdir())) == 6  # every file acknowledged


def test_a_database_error_in_a_batch_holds_back_only_its_own_message(
    mvs: Any, folder: FolderTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import DatabaseError

    real_apply = services._apply

    def failing_apply(message: InboxMessage, *args: Any) -> Any:
        if message.identification == "D2":
            raise DatabaseError("disk full")
        return real_apply(message, *args)

    monkeypatch.setattr(services, "_apply", failing_apply)
    for i in (1, 2, 3):
        drop(folder, f"{i}.xml", start_xml(f"D{i}", replace(LINE, start=LINE.start - timedelta(i))))
    with pytest.raises(DatabaseError):
        services.inbox_poll(via=folder, batch=10)
    states = dict(InboxMessage.objects.values_list("file_name", "state"))
    assert states == {"1.xml": InState.APPLIED, "2.xml": InState.RECEIVED, "3.xml": InState.APPLIED}
    assert not folder.processed.exists()  # nothing of the batch acknowledged

    monkeypatch.setattr(services, "_apply", real_apply)
    assert services.inbox_poll(via=folder, batch=10) == 3
    assert set(InboxMessage.objects.values_list("state", flat=True)) == {InState.APPLIED}
    assert sorted(CareNotice.objects.values_list("message__identification", flat=True)) == [
        "D1",
        "D2",
        "D3",
    ]
    assert OutboxMessage.objects.filter(answers__isnull=False).count() == 3


# --- the issue's list of bad input, through the inbox job --------------------------------


def test_every_bad_input_of_the_issue_through_the_inbox_once_and_the_poll_goes_on(
    folder: FolderTransport,
) -> None:
    """The folder of valid and broken cases that ijw_validate classifies (another version,
    a wrong namespace, truncated, not XML, an XML bomb, an external entity, an unknown
    product, a stop without a start, the same identification twice, …), each file twice,
    and a 100 MB file, all in the inbox at once: every message gets the state and the
    codes ijw_validate gives it, each valid one is applied once, the poll returns normally
    (the worker stays up), and a second poll of the same files changes nothing."""
    from jeugdmodel.region.regionfile import parse_region_file, shipped_region_file
    from jeugdmodel.region.services import region_load
    from tests.ijw.test_validate_command import CASES, expected

    region_load(data=parse_region_file(shipped_region_file("fictional")))
    cases = expected()
    folder.inbox.mkdir(parents=True)
    for name in cases:
        data = (CASES / name).read_bytes()
        (folder.inbox / name).write_bytes(data)
        (folder.inbox / f"zz-again-{name}").write_bytes(data)  # the same file twice
    with (folder.inbox / "huge.xml").open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # 100 MB (sparse): never read
    day = date(2026, 6, 1)  # the day the cases were written for

    assert services.inbox_poll(via=folder, today=day) == 2 * len(cases) + 1

    rows = {m.file_name: m for m in InboxMessage.objects.all()}
    assert set(rows) == {*cases, "huge.xml"}  # each file twice is one row
    for name, codes in cases.items():
        message = rows[name]
        found = list(dict.fromkeys(f"{p['code']}/{p['retour']}" for p in message.problems))
        assert (message.state, found) == (
            InState.REJECTED if codes else InState.APPLIED,
            codes,
        ), name
    assert rows["huge.xml"].state == InState.REJECTED
    assert [p["code"] for p in rows["huge.xml"].problems] == ["XML"]
    applied = [n for n, codes in cases.items() if not codes]
    assert sorted(set(CareNotice.objects.values_list("message__file_name", flat=True))) == applied
    assert CareNotice.objects.count() == len(applied)  # one line each, once
    before = (CareNotice.objects.count(), OutboxMessage.objects.count())

    for name in cases:
        (folder.inbox / f"later-{name}").write_bytes((CASES / name).read_bytes())
    assert services.inbox_poll(via=folder, today=day) == len(cases)
    assert InboxMessage.objects.count() == len(cases) + 1
    assert (CareNotice.objects.count(), OutboxMessage.objects.count()) == before
    assert [p.name for p in folder.inbox.iterdir() if p.is_file()] == []
