"""Writes of the ijw app: the outbox (messages caused by trajectory changes, retours,
resends), sending, and processing the inbox exactly once.

Exactly once, for the inbox: a received file is stored by its SHA-256 (the same file twice
is one row); it is processed in one transaction that locks its row, checks it, writes its
effect, its retour (in the outbox) and its new state, so a worker killed halfway leaves
nothing and the next run does it all; (sender, type, identification) can be applied only
once (a unique constraint), and a second message with a used identification is rejected
with 9056. The file is acknowledged to the transport only after that commit.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, cast

from django.conf import settings
from django.db import DatabaseError, connection, connections, router, transaction
from django.db.models import Field, Model, Q
from django.db.models.constants import OnConflict
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.care.models import EndReason, EndSubreason, Trajectory
from jeugdmodel.core.errors import DomainError
from jeugdmodel.families.models import Residence, Sex
from jeugdmodel.region.models import IjwProduct, Organisation, Region

from . import builder, codec
from .builder import CareLine, Client, Parties
from .models import CareNotice, InboxMessage, InState, OutboxMessage, OutState
from .rules import TASK, CareKey, SimpleCareState, care_lines, retour_codes
from .schema import MESSAGE_TYPES, SCHEMA_DIR, MessageType
from .selectors import region_codes, region_for_messages, region_products
from .transport import Incoming, Transport, transport
from .validate import TECHNICAL_RETOUR, judge

logger = logging.getLogger(__name__)

SEX_CODES: dict[str, str] = {Sex.MALE: "1", Sex.FEMALE: "2", Sex.OTHER: "0"}
#: Our end reasons as LDT_RedenBeeindiging.
END_REASONS: dict[str, str] = {
    EndReason.ACCORDING_TO_PLAN: "31",
    EndSubreason.CLIENT: "32",
    EndSubreason.PROVIDER: "33",
    EndSubreason.AGREED: "34",
    EndSubreason.MOVED: "35",
    EndSubreason.DIED: "02",
    EndSubreason.OTHER: "35",
}
SEND_ATTEMPTS = 5


def new_identification() -> str:
    """A message identification (12 characters, unique in practice; the database checks)."""
    return uuid.uuid4().hex[:12].upper()


@cache
def retour_descriptions() -> dict[str, str]:
    """The Dutch text of every retour code, from the shipped basisschema."""
    from .schema import load_schema_document

    doc = load_schema_document(SCHEMA_DIR / "Basisschema.xsd")
    ns = {"xs": "http://www.w3.org/2001/XMLSchema"}
    found: dict[str, str] = {}
    for enum in doc.iterfind(
        ".//xs:simpleType[@name='LDT_RetourCode']/xs:restriction/xs:enumeration", ns
    ):
        text = enum.findtext("xs:annotation/xs:documentation", default="", namespaces=ns)
        found[str(enum.get("value"))] = " ".join(text.split())
    return found


def describe_codes(codes: list[str]) -> str:
    texts = retour_descriptions()
    return "; ".join(f"{c}: {texts.get(c, _('onbekende code'))}" for c in codes)


# ---------------------------------------------------------------------------------------
# Outbox: messages caused by trajectory changes


@dataclass(frozen=True)
class _TrajectoryParties:
    parties: Parties
    product: IjwProduct


def _provider_agb(trajectory: Trajectory) -> str:
    """The AGB code that sends for this trajectory: its organisation or the team's, or the
    first one up the consortium (parent) chain that has one."""
    for start in (trajectory.organisation, trajectory.case.team.organisation):
        organisation: Organisation | None = start
        seen: set[int] = set()
        while organisation is not None and organisation.pk not in seen:
            if organisation.agb_code:
                return organisation.agb_code
            seen.add(organisation.pk)
            organisation = organisation.parent
    return ""


def _municipality_code(trajectory: Trajectory, day: date) -> str:
    residence = (
        Residence.objects.filter(person=trajectory.child, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("municipality")
        .order_by("-valid_from")
        .first()
    )
    municipality = residence.municipality if residence else None
    if municipality is None:
        municipality = trajectory.case.team.municipality
    return municipality.code.removeprefix("GM") if municipality else ""


def _parties_for(trajectory: Trajectory) -> _TrajectoryParties | None:
    """Who sends to whom for this trajectory, or None when it is not exchanged (its help
    form has no iJw product in the region, or no AGB code or municipality is known)."""
    team = trajectory.case.team
    product = IjwProduct.objects.filter(
        region_id=team.region_id, help_form_id=trajectory.help_form_id
    ).first()
    if product is None:
        return None
    sender = _provider_agb(trajectory)
    receiver = _municipality_code(trajectory, trajectory.start_date)
    if not sender or not receiver:
        return None
    return _TrajectoryParties(Parties(sender=sender, receiver=receiver), product)


def _client(trajectory: Trajectory) -> Client:
    child = trajectory.child
    return Client(
        bsn=child.bsn,
        birth_date=child.date_of_birth,
        sex=SEX_CODES.get(child.sex, "0"),
        family_name=child.family_name,
        initials=child.given_name[:1].upper(),
    )


def _line(trajectory: Trajectory, product: IjwProduct, *, stop: bool) -> CareLine:
    if product.variant != TASK:
        # Inspannings-/outputgericht: the toewijzing of this trajectory (JW301 sent by the
        # region) is not modelled yet; the trajectory's number stands in (docs/ijw.md).
        assignment_number: int | None = trajectory.pk
        assignment_start: date | None = trajectory.start_date
    else:
        assignment_number = assignment_start = None
    end_key = trajectory.end_subreason or trajectory.end_reason
    return CareLine(
        category=product.category,
        code=product.code or None,
        start=trajectory.start_date,
        assignment_number=assignment_number,
        assignment_start=assignment_start,
        end=trajectory.end_date if stop else None,
        end_reason=END_REASONS.get(end_key, "35") if stop else None,
    )


def outbox_trajectory_change(*, trajectory: Trajectory, stop: bool) -> OutboxMessage | None:
    """Write the JW305 (start) or JW307 (stop) for a trajectory into the outbox. Called in
    the transaction of the change (care signals); nothing when the trajectory is not
    exchanged. A child without a BSN gets no message (iJw needs one)."""
    who = _parties_for(trajectory)
    if who is None or not trajectory.child.bsn:
        return None
    identification = new_identification()
    today = timezone.localdate()
    build = builder.stop_message if stop else builder.start_message
    message = build(
        parties=who.parties,
        identification=identification,
        day=today,
        client=_client(trajectory),
        lines=[_line(trajectory, who.product, stop=stop)],
    )
    return OutboxMessage.objects.create(
        message_type="JW307" if stop else "JW305",
        identification=identification,
        sender=who.parties.sender,
        receiver=who.parties.receiver,
        content=codec.to_xml(message),
        trajectory=trajectory,
        case=trajectory.case,
    )


def on_trajectory_started(sender: Any, *, trajectory: Trajectory, **kwargs: Any) -> None:
    outbox_trajectory_change(trajectory=trajectory, stop=False)


def on_trajectory_ended(sender: Any, *, trajectory: Trajectory, **kwargs: Any) -> None:
    outbox_trajectory_change(trajectory=trajectory, stop=True)


# ---------------------------------------------------------------------------------------
# Sending


def _lock(queryset: Any) -> Any:
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset.select_for_update()


def outbox_sweep(*, via: Transport | None = None) -> int:
    """Send every waiting message; returns how many were sent. Safe to run twice at once
    (rows are locked) and after a crash (sending the same file again is harmless)."""
    via = via or transport()
    sent = 0
    waiting = list(
        OutboxMessage.objects.filter(state=OutState.WAITING)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    )
    for pk in waiting:
        with transaction.atomic():
            message = _lock(OutboxMessage.objects.filter(pk=pk, state=OutState.WAITING)).first()
            if message is None:
                continue
            message.attempts += 1
            try:
                via.send(message.file_name, bytes(message.content))
            except OSError as exc:
                logger.warning("ijw send failed for %s: %s", message.pk, type(exc).__name__)
                if message.attempts >= SEND_ATTEMPTS:
                    message.state = OutState.FAILED
                    message.reason = _(
                        "Verzenden is %(n)s keer mislukt (%(kind)s). Controleer de koppeling en "
                        "verstuur het bericht opnieuw."
                    ) % {"n": message.attempts, "kind": type(exc).__name__}
                message.save(update_fields=["attempts", "state", "reason"])
                continue
            message.state = OutState.ANSWERED if _is_retour(message) else OutState.SENT
            message.sent_at = timezone.now()
            message.save(update_fields=["attempts", "state", "sent_at"])
            sent += 1
    return sent


def _is_retour(message: OutboxMessage) -> bool:
    """A retour we send is final once sent: nobody answers a retour."""
    message_type = MESSAGE_TYPES.get(message.message_type)
    return bool(message_type and message_type.is_retour)


@transaction.atomic
def outbox_resend(*, actor: User, message: OutboxMessage) -> OutboxMessage:
    """Send a failed or rejected message again, as a new message with a new identification
    (the receiver rejects a used one, 9056). Double-click safe: a second call finds the
    first resend and returns it."""
    require(actor, Perm.IJW_MANAGE)
    locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    existing = locked.resends.first()
    if existing is not None:
        return existing
    if locked.state not in (OutState.FAILED, OutState.REJECTED):
        raise DomainError(
            _("Alleen een mislukt of afgekeurd bericht kan opnieuw verstuurd worden.")
        )
    read = codec.read(bytes(locked.content))
    if read.message is None:
        raise DomainError(_("Dit bericht kan niet opnieuw gebouwd worden."))
    identification = new_identification()
    again = _with_identification(read.message, identification, timezone.localdate())
    resend = OutboxMessage.objects.create(
        message_type=locked.message_type,
        identification=identification,
        sender=locked.sender,
        receiver=locked.receiver,
        content=codec.to_xml(again),
        trajectory=locked.trajectory,
        case=locked.case,
        resend_of=locked,
    )
    access_log_write(
        actor=actor,
        action=AccessAction.CREATE,
        record_type="ijw_message",
        record_id=resend.public_id,
        subjects=[],
        event="ijw.resend",
        details={"of": str(locked.public_id), "type": locked.message_type},
    )
    return resend


def _with_identification(message: Any, identification: str, day: date) -> Any:
    from dataclasses import replace

    header = message.header
    ident = replace(
        header.bericht_identificatie, identificatie=identification, dagtekening=day.isoformat()
    )
    return replace(message, header=replace(header, bericht_identificatie=ident))


# ---------------------------------------------------------------------------------------
# Inbox


@dataclass
class InboxContext:
    """The rule context of the inbox: what the rules ask of earlier messages, loaded from
    the database once per batch (the region's codes and products, the identifications
    used, the starts and stops applied for the batch's clients, the assignments sent) and
    kept up to date in memory as the batch's messages are judged one after another, so a
    stop sees the start before it in the same batch and an identification used twice in
    a batch is refused the second time (9056)."""

    today: date
    codes: set[str] | None
    products: dict[tuple[str, str], str] | None
    seen: set[tuple[str, str, str]] = field(default_factory=set)
    care: dict[CareKey, SimpleCareState] = field(default_factory=dict)
    _assignments: set[tuple[str, int]] | None = field(default=None, repr=False)

    @classmethod
    def for_batch(
        cls, *, today: date, region: Region | None, read: list[codec.Read]
    ) -> InboxContext:
        context = cls(
            today=today,
            codes=region_codes(region) if region is not None else None,
            products=region_products(region) if region is not None else None,
        )
        idents: set[str] = set()
        clients: set[tuple[str, str]] = set()
        for result in read:
            message = result.message
            header = message.header if message is not None else result.header
            ident = getattr(header, "bericht_identificatie", None) if header is not None else None
            if ident is not None:
                idents.add(ident.identificatie)
            kind = result.message_type.name if result.message_type is not None else ""
            if message is not None and kind in ("JW305", "JW307"):
                clients.add((message.header.afzender, message.client.bsn))
        if idents:
            context.seen = set(
                InboxMessage.objects.filter(identification__in=idents)
                .exclude(state=InState.RECEIVED)
                .values_list("sender", "message_type", "identification")
            )
        if clients:
            notices = (
                CareNotice.objects.filter(
                    message__state=InState.APPLIED, bsn__in={bsn for _p, bsn in clients}
                )
                .order_by("message_id", "line")
                .only(
                    "kind",
                    "status",
                    "provider",
                    "bsn",
                    "category",
                    "code",
                    "start",
                    "assignment_number",
                )
            )
            context.remember([n for n in notices if (n.provider, n.bsn) in clients])
        return context

    def receives_for(self, code: str) -> bool:
        return self.codes is None or code in self.codes

    def knows_sender(self, code: str) -> bool:
        return self.codes is None or code in self.codes

    def message_id_seen(self, sender: str, message_type: str, identification: str) -> bool:
        return (sender, message_type, identification) in self.seen

    def product_variant(self, category: str, code: str) -> str | None:
        if self.products is None:
            return "?"
        return self.products.get((category, code)) or self.products.get((category, ""))

    def care_state(self, key: CareKey) -> SimpleCareState | None:
        return self.care.get(key)

    def assignment_known(self, bsn: str, number: int) -> bool:
        if self._assignments is None:
            self._assignments = set()
            for row in OutboxMessage.objects.filter(message_type="JW301").only("content"):
                sent = codec.read(bytes(row.content)).message
                if sent is None:
                    continue
                for p in sent.client.toegewezen_producten.toegewezen_product:
                    self._assignments.add((sent.client.bsn, p.toewijzing_nummer))
        return (bsn, number) in self._assignments

    def remember(self, notices: list[CareNotice]) -> None:
        """Applied start/stop lines, in the order they were applied."""
        for notice in notices:
            variant = self.product_variant(notice.category, notice.code)
            plain = variant == TASK or notice.assignment_number is None
            stored = CareKey(
                notice.provider,
                notice.bsn,
                notice.category if plain else "",
                notice.code if plain else "",
                notice.start,
                None if plain else notice.assignment_number,
            )
            state = self.care.setdefault(stored, SimpleCareState())
            if notice.kind == CareNotice.Kind.START:
                state.started = notice.status != "3"
            else:
                state.stopped = notice.status != "3"


def _digest(incoming: Incoming) -> str:
    data = incoming.data if not incoming.too_large else incoming.name.encode()
    return hashlib.sha256(data).hexdigest()


def inbox_receive(incoming: Incoming) -> tuple[InboxMessage, bool]:
    """Store a received file once (by content); the same bytes again give the same row.
    Returns the row and whether it is new. A file over the size limit is stored (by name)
    as rejected without its content."""
    data = incoming.data
    digest = _digest(incoming)
    with transaction.atomic():
        message, created = InboxMessage.objects.get_or_create(
            digest=digest,
            defaults={"file_name": incoming.name[:255], "content": data},
        )
    if incoming.too_large and message.state == InState.RECEIVED:
        with transaction.atomic():
            InboxMessage.objects.filter(pk=message.pk, state=InState.RECEIVED).update(
                state=InState.REJECTED,
                processed_at=timezone.now(),
                problems=[
                    {
                        "line": None,
                        "code": "XML",
                        "retour": "0001",
                        "message": _("Het bestand is groter dan 8 MB; het is niet gelezen."),
                    }
                ],
            )
        message.refresh_from_db()
    return message, created


def inbox_receive_many(incomings: list[Incoming]) -> list[int]:
    """Store received files once each (by content), in one transaction; returns the row
    ids in the order of the files (a file that came twice: its one row, once)."""
    ids: list[int] = []
    plain: dict[str, Incoming] = {}
    for incoming in incomings:
        if incoming.too_large:
            ids.append(inbox_receive(incoming)[0].pk)
        else:
            plain.setdefault(_digest(incoming), incoming)
    if not plain:
        return ids
    with transaction.atomic():
        known = dict(InboxMessage.objects.filter(digest__in=plain).values_list("digest", "pk"))
        _insert_many(
            InboxMessage,
            [
                InboxMessage(digest=d, file_name=i.name[:255], content=i.data)
                for d, i in plain.items()
                if d not in known
            ],
            ignore_conflicts=True,  # another worker stored the same file meanwhile
        )
        if len(known) < len(plain):
            known = dict(InboxMessage.objects.filter(digest__in=plain).values_list("digest", "pk"))
    ids += [known[d] for d in plain]
    return ids


def inbox_process(*, message_id: int, today: date | None = None) -> InboxMessage:
    """Check, answer and apply one received message, exactly once (see the module doc)."""
    return inbox_process_many(message_ids=[message_id], today=today)[0]


def inbox_process_many(*, message_ids: list[int], today: date | None = None) -> list[InboxMessage]:
    """Check, answer and apply received messages, in their order, in one transaction:
    every database read the rules need is done once for the batch, and the retours,
    notices and new states are written in bulk. A message already processed is returned
    as it is. When the batch's transaction fails (a database error), each message is done
    again in its own transaction, so one message cannot hold back the others; if one
    still fails, the error is raised after the others are done (it stays received, and
    no file of the batch is acknowledged: the next poll skips the done ones by content)."""
    try:
        return _process_batch(message_ids, today)
    except DatabaseError:
        if len(message_ids) == 1:
            raise
        logger.warning("ijw inbox batch of %s failed; one by one", len(message_ids))
    done: list[InboxMessage] = []
    failed: DatabaseError | None = None
    for pk in message_ids:
        try:
            done += _process_batch([pk], today)
        except DatabaseError as exc:  # this one stays received; the job tries it again
            logger.warning("ijw inbox message %s failed: %s", pk, type(exc).__name__)
            failed = failed or exc
    if failed is not None:
        raise failed  # the caller acknowledges nothing of this batch
    return done


@transaction.atomic
def _process_batch(message_ids: list[int], today: date | None) -> list[InboxMessage]:
    rows = {m.pk: m for m in InboxMessage.objects.select_for_update().filter(pk__in=message_ids)}
    messages = [rows[pk] for pk in message_ids if pk in rows]
    todo = [m for m in messages if m.state == InState.RECEIVED]
    if not todo:
        return messages  # done before (perhaps by a worker that was killed afterwards)
    results = [codec.read(bytes(m.content)) for m in todo]
    context = InboxContext.for_batch(
        today=today or timezone.localdate(), region=_region_or_none(), read=results
    )
    retours: list[OutboxMessage] = []
    notices: list[CareNotice] = []
    for message, result in zip(todo, results, strict=True):
        _process_one(message, result, context, retours, notices)
    _insert_many(OutboxMessage, retours)
    _insert_many(CareNotice, notices)
    _save_states(todo)
    return messages


_PROCESSED_FIELDS = (
    "state",
    "problems",
    "processed_at",
    "message_type",
    "sender",
    "identification",
)


def _insert_many(model: type[Model], objs: list[Any], *, ignore_conflicts: bool = False) -> None:
    """Insert new rows with one prepared INSERT run for all (``bulk_create`` compiles
    every value of every row; here each field prepares its own value as it does in
    ``save()``, defaults and ``auto_now_add`` included). The objects get no primary key:
    the inbox does not use them afterwards. ``ignore_conflicts``: a row that breaks a
    unique constraint is left out, as ``bulk_create(ignore_conflicts=True)`` does.
    (One multi-row INSERT instead measured no faster on PostgreSQL: psycopg already
    pipelines ``executemany``.)"""
    if not objs:
        return
    db = connections[router.db_for_write(model)]  # the connection itself, not the proxy
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    qn = db.ops.quote_name
    sql = "{} {} ({}) VALUES ({}) {}".format(  # nosec B608 (names from the model)
        db.ops.insert_statement(on_conflict=on_conflict),
        qn(meta.db_table),
        ", ".join(qn(str(f.column)) for f in fields),
        ", ".join(["%s"] * len(fields)),
        db.ops.on_conflict_suffix_sql(fields, on_conflict, [], []) or "",
    )
    rows = [[f.get_db_prep_save(f.pre_save(o, True), db) for f in fields] for o in objs]
    with db.cursor() as cursor:
        cursor.executemany(sql, rows)


def _save_states(messages: list[InboxMessage]) -> None:
    """The new state of each processed message: one prepared UPDATE run for all rows
    (``bulk_update`` builds a CASE per field and row, which cost more than the rest of
    the inbox together). Values go through each field's own preparation for the database."""
    db = connections[router.db_for_write(InboxMessage)]
    meta = InboxMessage._meta
    fields: list[Field[Any, Any]] = [
        cast("Field[Any, Any]", meta.get_field(name)) for name in _PROCESSED_FIELDS
    ]
    qn = db.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 (names from the model)  # nosec B608
        qn(meta.db_table),
        ", ".join(f"{qn(str(f.column))} = %s" for f in fields),
        qn(str(meta.pk.column)),
    )
    rows = [
        [f.get_db_prep_save(getattr(m, f.attname), db) for f in fields] + [m.pk] for m in messages
    ]
    with db.cursor() as cursor:
        cursor.executemany(sql, rows)


def _process_one(
    message: InboxMessage,
    result: codec.Read,
    context: InboxContext,
    retours: list[OutboxMessage],
    notices: list[CareNotice],
) -> None:
    """Judge one message in the batch's context; its retour and notices are added to the
    batch's lists, its new state set on the row (written with the batch)."""
    outcome = judge(result, context)
    message.problems = [
        {"line": p.line, "code": p.code, "retour": p.retour, "message": p.message}
        for p in outcome.problems
    ]
    message.processed_at = timezone.now()
    parsed = outcome.message
    if parsed is None or outcome.message_type is None:
        message.state = InState.REJECTED
        retour = _technical_retour(message, outcome.message_type, outcome.header)
        if retour is not None:
            retours.append(retour)
            context.seen.add((message.sender, message.message_type, message.identification))
        return
    message_type = outcome.message_type
    header = parsed.header
    message.message_type = message_type.name
    message.sender = header.afzender
    message.identification = header.bericht_identificatie.identificatie
    context.seen.add((message.sender, message.message_type, message.identification))
    if message_type.is_retour:
        _apply_retour(parsed, message_type.name)
        message.state = InState.REJECTED if outcome.problems else InState.APPLIED
        return
    header_codes, part_codes = retour_codes(list(outcome.findings))
    retours.append(_retour(message, parsed, header_codes, part_codes))
    if header_codes:
        message.state = InState.REJECTED
        return
    applied = _apply(message, parsed, message_type.name, part_codes, context)
    message.state = InState.APPLIED if applied is None or applied else InState.REJECTED
    if applied:
        notices += applied
        context.remember(applied)


def _region_or_none() -> Region | None:
    try:
        return region_for_messages()
    except DomainError:
        return None


def _technical_retour(
    message: InboxMessage, message_type: MessageType | None, header: Any | None
) -> OutboxMessage | None:
    """A heen message that fails its XSD is rejected as a whole with retour code 0001
    (afgekeurd om technische redenen), in a retour that carries only the header, when its
    header can be read and that retour is itself valid; otherwise there is no one to
    answer reliably and the message is only shown as rejected. Returns the retour, not
    yet saved."""
    if message_type is None or message_type.is_retour or header is None:
        return None
    identification = new_identification()
    retour = builder.header_only_retour(
        header,
        message_type,
        identification=identification,
        day=timezone.localdate(),
        header_codes=[TECHNICAL_RETOUR],
    )
    if codec.is_valid(retour):
        return None
    message.message_type = message_type.name
    message.sender = header.afzender
    message.identification = header.bericht_identificatie.identificatie
    # Sender and receiver as in the header: the retour goes back to whoever sent it.
    return OutboxMessage(
        message_type=message_type.retour or "",
        identification=identification,
        sender=header.ontvanger,
        receiver=header.afzender,
        content=codec.to_xml(retour),
        answers=message,
        retour_codes=TECHNICAL_RETOUR,
    )


def _retour(
    message: InboxMessage, parsed: Any, header_codes: list[str], part_codes: dict[int, list[str]]
) -> OutboxMessage:
    """The retour of a heen message, not yet saved."""
    identification = new_identification()
    retour = builder.retour_message(
        parsed,
        identification=identification,
        day=timezone.localdate(),
        codes=part_codes,
        header_codes=header_codes,
    )
    heen = codec.type_of(parsed)
    return OutboxMessage(
        message_type=heen.retour or "",
        identification=identification,
        # A retour goes back to whoever sent the heen message.
        sender=parsed.header.ontvanger,
        receiver=parsed.header.afzender,
        content=codec.to_xml(retour),
        answers=message,
        retour_codes=",".join(builder.retour_codes_of(retour))[:200],
    )


def _apply(
    message: InboxMessage,
    parsed: Any,
    name: str,
    part_codes: dict[int, list[str]],
    context: InboxContext,
) -> list[CareNotice] | None:
    """The effect of an accepted heen message: start/stop lines for the register (only
    the lines without findings), not yet saved. Other types are recorded (the row itself)
    and give None. Empty when nothing could be applied (every line rejected)."""
    if name not in ("JW305", "JW307"):
        return None
    message_type = MESSAGE_TYPES[name]
    lines = (
        parsed.client.start_producten.start_product
        if name == "JW305"
        else parsed.client.stop_producten.stop_product
    )
    if part_codes.get(id(parsed.client)):
        return []  # the client is rejected (e.g. its BSN): none of its lines apply
    keys = list(care_lines(parsed, message_type, context))
    notices = []
    for index, (line, (key, status, kind)) in enumerate(zip(lines, keys, strict=True)):
        if part_codes.get(id(line)):
            continue
        notices.append(
            CareNotice(
                message=message,
                line=index,
                kind=kind,
                status=status,
                provider=key.provider,
                bsn=key.bsn,
                category=line.product.categorie.value if line.product else "",
                code=(line.product.code or "") if line.product else "",
                start=key.start,
                assignment_number=line.toewijzing_nummer,
                end=date.fromisoformat(line.einddatum) if kind == "stop" else None,
                end_reason=line.reden_beeindiging.value if kind == "stop" else "",
            )
        )
    return notices


def _apply_retour(parsed: Any, name: str) -> None:
    """A retour for a message we sent: that message is answered or rejected."""
    header = parsed.header
    if name == "JW325":
        heen_type = "JW323"
        identification = header.declaratie_identificatie.identificatie
        sender = header.ontvanger
    else:
        heen_type = next(t.name for t in MESSAGE_TYPES.values() if t.retour == name)
        identification = header.bericht_identificatie.identificatie
        sender = header.afzender
    codes = builder.retour_codes_of(parsed)
    bad = [c for c in codes if c not in ("0200", "0233", "8001")]
    OutboxMessage.objects.filter(
        message_type=heen_type, sender=sender, identification=identification
    ).update(
        state=OutState.REJECTED if bad else OutState.ANSWERED,
        retour_codes=",".join(codes)[:200],
        reason=describe_codes(bad) if bad else "",
        answered_at=timezone.now(),
    )


def inbox_poll(
    *, via: Transport | None = None, today: date | None = None, batch: int | None = None
) -> int:
    """Read what the transport has and process it in batches (``JM_IJW_INBOX_BATCH``):
    store a batch's files, check, answer and apply them in one transaction, and only after
    that commit acknowledge its files. A worker killed in between leaves each message
    either undone (the next run does it) or done (the next run sees its content again and
    skips it)."""
    via = via or transport()
    size = max(1, batch or settings.JM_IJW_INBOX_BATCH)
    done = 0
    pending: list[Incoming] = []
    for incoming in via.incoming():
        pending.append(incoming)
        if len(pending) >= size:
            done += _poll_batch(via, pending, today)
            pending = []
    if pending:
        done += _poll_batch(via, pending, today)
    return done


def _poll_batch(via: Transport, incomings: list[Incoming], today: date | None) -> int:
    inbox_process_many(message_ids=inbox_receive_many(incomings), today=today)
    for incoming in incomings:
        via.acknowledge(incoming)
    return len(incomings)
