"""A real worker process is killed with SIGKILL while it processes the inbox (inside the
transaction of a batch, or after its commit but before its files are acknowledged). After
a restart every message is applied exactly once, with exactly one retour.

The inbox works in batches of two here, so the four messages are two batches and each
stop is in another batch than its start: killed in the second batch's transaction, the
first batch stays applied and the second is done again; killed between the first batch's
commit and the acknowledgement of its second file, that file comes back and is skipped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from jeugdmodel.ijw import builder, codec
from jeugdmodel.ijw.builder import CareLine, Client, Parties
from jeugdmodel.ijw.jobs import ijw_inbox_poll
from jeugdmodel.ijw.models import CareNotice, InboxMessage, InState, OutboxMessage
from jeugdmodel.jobs.api import job_enqueue
from jeugdmodel.jobs.models import Job, JobState
from tests.jobs.conftest import SharedDb, WorkerProcess, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

StartWorker = Callable[..., WorkerProcess]
TODAY = timezone.localdate()
PROVIDER = Parties(sender="98000001", receiver="0606")


def _messages() -> dict[str, bytes]:
    clients = [
        Client(bsn="999990019", birth_date=date(2013, 1, 5), sex="1", family_name="Bakker"),
        Client(bsn="999900006", birth_date=date(2014, 2, 6), sex="2", family_name="Visser"),
    ]
    line = CareLine(category="45", code=None, start=TODAY - timedelta(days=20))
    stop = replace(line, end=TODAY - timedelta(days=1), end_reason="31")
    day = TODAY
    return {
        "1-start-bakker.xml": codec.to_xml(
            builder.start_message(
                parties=PROVIDER, identification="K1", day=day, client=clients[0], lines=[line]
            )
        ),
        "2-start-visser.xml": codec.to_xml(
            builder.start_message(
                parties=PROVIDER, identification="K2", day=day, client=clients[1], lines=[line]
            )
        ),
        "3-stop-bakker.xml": codec.to_xml(
            builder.stop_message(
                parties=PROVIDER, identification="K3", day=day, client=clients[0], lines=[stop]
            )
        ),
        "4-stop-visser.xml": codec.to_xml(
            builder.stop_message(
                parties=PROVIDER, identification="K4", day=day, client=clients[1], lines=[stop]
            )
        ),
    }


def _job_state(shared_db: SharedDb, job_id: Any) -> str:
    shared_db.pull()
    return Job.objects.get(pk=job_id).state


@pytest.mark.parametrize(("pause_at", "nth"), [("apply", 3), ("ack", 2)])
def test_a_killed_inbox_worker_applies_each_message_exactly_once(
    mvs: Any,
    queued: None,
    shared_db: SharedDb,
    start_worker: StartWorker,
    tmp_path: Path,
    pause_at: str,
    nth: int,
) -> None:
    inbox = tmp_path / "ijw" / "inbox"
    inbox.mkdir(parents=True)
    messages = _messages()
    for name, data in messages.items():
        (inbox / name).write_bytes(data)
    job = job_enqueue(ijw_inbox_poll)
    shared_db.push()
    env = {"JEUGDMODEL_IJW_DIR": str(tmp_path / "ijw"), "JEUGDMODEL_IJW_INBOX_BATCH": "2"}
    flag = tmp_path / "paused"
    first = start_worker(
        module="tests.ijw.pausing_worker",
        env={
            **env,
            "JM_TEST_PAUSE_FLAG": str(flag),
            "JM_TEST_PAUSE_AT": pause_at,
            "JM_TEST_PAUSE_NTH": str(nth),
        },
    )
    wait_for(flag.exists, timeout=60, what=f"the worker to pause at {pause_at} {nth}")
    first.kill()  # SIGKILL in the middle of the inbox
    shared_db.pull()
    applied_before = InboxMessage.objects.filter(state=InState.APPLIED).count()
    assert applied_before == 2  # the first batch, committed
    assert len(list((inbox / "processed").glob("*.xml"))) == (2 if pause_at == "apply" else 1)

    second = start_worker(env=env)
    wait_for(
        lambda: _job_state(shared_db, job.id) == JobState.SUCCEEDED, timeout=60, what="the poll"
    )
    second.stop()
    shared_db.pull()

    assert Job.objects.get(pk=job.id).attempts == 2
    rows = list(InboxMessage.objects.order_by("identification"))
    assert [(m.identification, m.state) for m in rows] == [
        ("K1", InState.APPLIED),
        ("K2", InState.APPLIED),
        ("K3", InState.APPLIED),
        ("K4", InState.APPLIED),
    ]
    # Each message's effect once: one notice per message, one retour per message.
    assert sorted(CareNotice.objects.values_list("message__identification", flat=True)) == [
        "K1",
        "K2",
        "K3",
        "K4",
    ]
    retours = OutboxMessage.objects.filter(answers__isnull=False)
    assert sorted(retours.values_list("answers__identification", flat=True)) == [
        "K1",
        "K2",
        "K3",
        "K4",
    ]
    for retour in retours:
        assert set(builder.retour_codes_of(codec.read(bytes(retour.content)).message)) == {"0200"}
    assert sorted(p.name for p in (inbox / "processed").iterdir()) == sorted(messages)
    assert [p.name for p in inbox.iterdir() if p.is_file()] == []
