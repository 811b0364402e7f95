"""iJw messages per second: build + validate, and parse + check + apply (the inbox path),
next to lxml's bare schema validation of the same messages (the ceiling).

    bin/bench ijw                   500 JW305 start messages, taakgericht
    bin/bench ijw --messages 2000

Runs on a fresh SQLite file (or DATABASE_URL) with the MVS region loaded; no demo data.
The inbox row is the inbox job's own path (inbox_poll with a transport in memory), in
batches of JEUGDMODEL_IJW_INBOX_BATCH (or --batch).
The target (issue): build + validate within 3x of bare validation. Prints, never asserts.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from bench.common import ROOT


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["JEUGDMODEL_VAR_DIR"] = tempfile.mkdtemp(prefix="jeugdmodel-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jeugdmodel.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("region_load", str(ROOT / "regions" / "mvs.yaml"), verbosity=0)


def _inputs(count: int, seed: int) -> list[dict[str, Any]]:
    from stdnum.nl import bsn as stdnum_bsn

    from jeugdmodel.ijw.builder import CareLine, Client, Parties

    rng = random.Random(seed)
    today = date.today()
    rows = []
    while len(rows) < count:
        bsn = f"{rng.randrange(100_000_000, 999_999_999)}"
        if not stdnum_bsn.is_valid(bsn):
            continue
        rows.append(
            {
                "parties": Parties(sender="98000001", receiver="0606"),
                "identification": f"B{len(rows):011d}",
                "day": today,
                "client": Client(
                    bsn=bsn,
                    birth_date=today - timedelta(days=rng.randrange(365, 6_500)),
                    sex=rng.choice("012"),
                    family_name=rng.choice(["Jansen", "de Vries", "Bakker", "El Amrani"]),
                    initials="A",
                ),
                "lines": [
                    CareLine(
                        category=rng.choice(["45", "54", "41"]),
                        code=None,
                        start=today - timedelta(days=rng.randrange(1, 400)),
                    )
                ],
            }
        )
    return rows


def _forget_earlier_runs(blobs: list[bytes]) -> None:
    """A run on a kept database (DATABASE_URL) first removes what an earlier run with the
    same messages left in the inbox, so the inbox applies them again instead of skipping."""
    import hashlib

    from jeugdmodel.ijw.models import CareNotice, InboxMessage, OutboxMessage

    digests = [hashlib.sha256(b).hexdigest() for b in blobs]
    earlier = InboxMessage.objects.filter(digest__in=digests)
    CareNotice.objects.filter(message__in=earlier).delete()
    OutboxMessage.objects.filter(answers__in=earlier).delete()
    earlier.delete()


def _rate(label: str, count: int, fn: Callable[[], object]) -> tuple[str, float]:
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    return label, count / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--batch", type=int, default=None, help="inbox batch size (default: the setting)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="rounds; the fastest of each measurement counts"
    )
    args = parser.parse_args()
    _setup()

    from lxml import etree

    from jeugdmodel.ijw import builder, codec
    from jeugdmodel.ijw.rules import MemoryContext
    from jeugdmodel.ijw.schema import schema_for, shared_parser
    from jeugdmodel.ijw.services import inbox_poll
    from jeugdmodel.ijw.transport import Incoming
    from jeugdmodel.ijw.validate import check_bytes

    inputs = _inputs(args.messages, args.seed)
    messages = [builder.start_message(**row) for row in inputs]
    blobs = [codec.to_xml(m) for m in messages]
    schema = schema_for("JW305")
    n = len(blobs)

    def bare() -> None:
        parser = shared_parser()  # one parser, as the inbox uses
        for data in blobs:
            assert schema.validate(etree.fromstring(data, parser))

    def build_validate() -> None:
        # What a sender does: object → bytes → XSD of exactly those bytes.
        parser = shared_parser()
        for row in inputs:
            data = codec.to_xml(builder.start_message(**row))
            assert schema.validate(etree.fromstring(data, parser))

    def parse_check() -> None:
        context = MemoryContext(today=date.today())
        for data in blobs:
            assert check_bytes(data, context).ok

    class Memory:
        """A transport that hands over the messages from memory (no disk in the timing)."""

        def __init__(self) -> None:
            self.acknowledged = 0

        def send(self, name: str, data: bytes) -> None:
            raise AssertionError("the inbox sends nothing itself")

        def incoming(self) -> Iterator[Incoming]:
            return (Incoming(f"{i}.xml", data) for i, data in enumerate(blobs))

        def acknowledge(self, incoming: Incoming) -> None:
            self.acknowledged += 1

    def parse_apply() -> None:
        # The inbox job's path: store, read, XSD, rules against the database, apply the
        # starts, write the retours, commit (per batch), acknowledge.
        from jeugdmodel.ijw.models import InboxMessage, InState

        via = Memory()
        assert inbox_poll(via=via, batch=args.batch) == n
        assert via.acknowledged == n
        applied = InboxMessage.objects.filter(digest__in=digests, state=InState.APPLIED)
        assert applied.count() == n

    import hashlib

    digests = [hashlib.sha256(b).hexdigest() for b in blobs]
    bare()  # warm-up (schema compiled, code paths loaded)
    measured: dict[str, float] = {}
    labels = {
        "lxml: kale XSD-validatie (plafond)": bare,
        "bouwen + XML + XSD-validatie": build_validate,
        "lezen + XSD + binden + regels": parse_check,
        "inbox: + regels met database + toepassen + retour": parse_apply,
    }
    # Rounds: each measurement once per round, the fastest round counts (other work on
    # the machine only ever slows a run down).
    for _round in range(args.repeat):
        for label, fn in labels.items():
            if fn is parse_apply:
                _forget_earlier_runs(blobs)
            rate = _rate(label, n, fn)[1]
            measured[label] = max(rate, measured.get(label, 0.0))
    rows = list(measured.items())
    from django.conf import settings
    from django.db import connection

    batch = args.batch or settings.JM_IJW_INBOX_BATCH
    print(
        f"\niJw JW305, {n} berichten, database {connection.vendor}, inbox per {batch}, "
        f"snelste van {args.repeat} rondes"
    )
    print(f"  {'meting':<52} {'berichten/s':>12} {'x plafond':>10}")
    ceiling = rows[0][1]
    for label, rate in rows:
        print(f"  {label:<52} {rate:>12.0f} {ceiling / rate:>10.1f}")


if __name__ == "__main__":
    main()
