"""The demo's iJw exchange: the start/stop messages the demo trajectories wrote in the
outbox are "sent" and answered by the municipality through the real inbox path (most
accepted, a few rejected), and two messages from an outside provider arrive and are
rejected. Deterministic per seed; a second run finds nothing waiting and adds nothing."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone

from jeugdmodel.ijw import builder, codec
from jeugdmodel.ijw.builder import CareLine, Client, Parties
from jeugdmodel.ijw.models import OutboxMessage, OutState
from jeugdmodel.ijw.services import inbox_process, inbox_receive, outbox_sweep
from jeugdmodel.ijw.transport import Incoming

#: Rejections the municipality gives in the demo, per message type.
REJECT = {"JW305": "9074", "JW307": "9069"}
OUTSIDE_PROVIDER = "98000003"  # Behandelpraktijk De Vuurtoren (regions/mvs.yaml)


class _Sink:
    """A transport that keeps what is sent in memory (the demo writes no files)."""

    def __init__(self) -> None:
        self.sent: dict[str, bytes] = {}

    def send(self, name: str, data: bytes) -> None:
        self.sent[name] = data

    def incoming(self) -> Iterator[Incoming]:
        return iter(())

    def acknowledge(self, incoming: Incoming) -> None:
        return None


def generate_ijw(*, seed: int) -> dict[str, int]:
    rng = random.Random(seed * 7_919 + 11)  # nosec B311
    sink = _Sink()
    sent = outbox_sweep(via=sink)
    if not sent:
        return {}
    today = timezone.localdate()
    rejected = answered = 0
    messages = OutboxMessage.objects.filter(state=OutState.SENT, message_type__in=REJECT)
    for index, message in enumerate(messages.order_by("created_at", "id")):
        if index % 10 == 9:
            continue  # not answered yet
        heen = codec.read(bytes(message.content)).message
        if heen is None:
            continue
        codes: dict[int, list[str]] = {}
        if index % 12 == 2:  # a few rejected
            lines = (
                heen.client.start_producten.start_product
                if message.message_type == "JW305"
                else heen.client.stop_producten.stop_product
            )
            codes = {id(lines[0]): [REJECT[message.message_type]]}
            rejected += 1
        else:
            answered += 1
        retour = builder.retour_message(
            heen, identification=f"G{message.pk:011d}", day=today, codes=codes
        )
        _deliver(f"retour-{message.file_name}", codec.to_xml(retour))
    outside = _outside_messages(rng)
    for name, data in outside.items():
        _deliver(name, data)
    return {
        "ijw_sent": sent,
        "ijw_answered": answered,
        "ijw_rejected": rejected,
        "ijw_incoming_rejected": len(outside),
    }


def _deliver(name: str, data: bytes) -> None:
    message, _new = inbox_receive(Incoming(name, data))
    inbox_process(message_id=message.pk)


def _outside_messages(rng: random.Random) -> dict[str, bytes]:
    """Two messages of an outside provider that the region rejects."""
    from jeugdmodel.region.models import Municipality

    municipality = Municipality.objects.order_by("code").first()
    if municipality is None:
        return {}
    today = timezone.localdate()
    parties = Parties(sender=OUTSIDE_PROVIDER, receiver=municipality.code.removeprefix("GM"))
    client = Client(
        bsn="999990019",
        birth_date=today - timedelta(days=4_000 + rng.randrange(2_000)),
        sex="2",
        family_name="Demo",
    )
    line = CareLine(
        category="45",
        code=None,
        start=today - timedelta(days=30),
        end=today - timedelta(days=2),
        end_reason="31",
    )
    stop = builder.stop_message(
        parties=parties, identification="DEMOSTOP1", day=today, client=client, lines=[line]
    )
    future = builder.start_message(
        parties=parties,
        identification="DEMOSTART1",
        day=today + timedelta(days=3),
        client=client,
        lines=[line],
    )
    return {
        "demo-stop-zonder-start.xml": codec.to_xml(stop),
        "demo-dagtekening-in-de-toekomst.xml": codec.to_xml(future),
    }
