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
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
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
from .validate import TECHNICAL_RETOUR, check_bytes

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
class DbContext:
    """The rule context backed by the database (the inbox)."""

    today: date
    region: Region | None
    current: InboxMessage
    codes: set[str] | None = None
    products: dict[tuple[str, str], str] | None = None
    _care: dict[CareKey, SimpleCareState] | None = field(default=None, repr=False)
    _loaded: set[tuple[str, str]] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        if self.region is not None:
            self.codes = region_codes(self.region)
            self.products = region_products(self.region)

    def receives_for(self, code: str) -> bool:
        return self.codes is None or code in self.codes

    def knows_sender(self, code: str) -> bool:
        return self.codes is None or code in self.codes

    def message_id_seen(self, sender: str, message_type: str, identification: str) -> bool:
        return (
            InboxMessage.objects.filter(
                sender=sender, message_type=message_type, identification=identification
            )
            .exclude(state=InState.RECEIVED)
            .exclude(pk=self.current.pk)
            .exists()
        )

    def product_variant(self, category: str, code: str) -> str | None:
        if self.products is None:
            return "?"
        return self.products.get((category, code)) or self.products.get((category, ""))

    def care_state(self, key: CareKey) -> SimpleCareState | None:
        """The current start/stop state of a key, from the applied notices of the same
        provider and client (read once per provider and client)."""
        if self._care is None:
            self._care = {}
        loaded = (key.provider, key.bsn)
        if loaded not in self._loaded:
            self._loaded.add(loaded)
            notices = CareNotice.objects.filter(
                message__state=InState.APPLIED, provider=key.provider, bsn=key.bsn
            ).order_by("message_id", "line")
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
                state = self._care.setdefault(stored, SimpleCareState())
                if notice.kind == CareNotice.Kind.START:
                    state.started = notice.status != "3"
                else:
                    state.stopped = notice.status != "3"
        return self._care.get(key)

    def assignment_known(self, bsn: str, number: int) -> bool:
        for row in OutboxMessage.objects.filter(message_type="JW301").only("content"):
            sent = codec.read(bytes(row.content)).message
            if sent is None or sent.client.bsn != bsn:
                continue
            products = sent.client.toegewezen_producten.toegewezen_product
            if any(p.toewijzing_nummer == number for p in products):
                return True
        return False


def inbox_receive(incoming: Incoming) -> tuple[InboxMessage, bool]:
    """Store a received file once (by content); the same bytes again give the same row.
    Returns the row and whether it is new. A file over the size limit is stored (by name)
    as rejected without its content."""
    data = incoming.data
    digest = hashlib.sha256(data if not incoming.too_large else incoming.name.encode()).hexdigest()
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


def inbox_process(*, message_id: int, today: date | None = None) -> InboxMessage:
    """Check, answer and apply one received message, exactly once (see the module doc)."""
    with transaction.atomic():
        message = InboxMessage.objects.select_for_update().get(pk=message_id)
        if message.state != InState.RECEIVED:
            return message  # done before (perhaps by a worker that was killed afterwards)
        context = DbContext(
            today=today or timezone.localdate(),
            region=_region_or_none(),
            current=message,
        )
        outcome = check_bytes(bytes(message.content), context)
        message.problems = [
            {"line": p.line, "code": p.code, "retour": p.retour, "message": p.message}
            for p in outcome.problems
        ]
        message.processed_at = timezone.now()
        parsed = outcome.message
        if parsed is None or outcome.message_type is None:
            message.state = InState.REJECTED
            fields = ["state", "problems", "processed_at"]
            if _write_technical_retour(message, outcome.message_type, outcome.header):
                fields += ["message_type", "sender", "identification"]
            message.save(update_fields=fields)
            return message
        message_type = outcome.message_type
        header = parsed.header
        message.message_type = message_type.name
        message.sender = header.afzender
        message.identification = header.bericht_identificatie.identificatie
        if message_type.is_retour:
            _apply_retour(parsed, message_type.name)
            message.state = InState.REJECTED if outcome.problems else InState.APPLIED
        else:
            header_codes, part_codes = retour_codes(list(outcome.findings))
            _write_retour(message, parsed, header_codes, part_codes)
            if header_codes:
                message.state = InState.REJECTED
            else:
                applied = _apply(message, parsed, message_type.name, part_codes, context)
                message.state = InState.APPLIED if applied else InState.REJECTED
        message.save()
        return message


def _region_or_none() -> Region | None:
    try:
        return region_for_messages()
    except DomainError:
        return None


def _write_technical_retour(
    message: InboxMessage, message_type: MessageType | None, header: Any | None
) -> OutboxMessage | None:
    """A heen message that fails its XSD is rejected as a whole with retour code 0001
    (afgekeurd om technische redenen), in a retour that carries only the header, when its
    header can be read and that retour is itself valid; otherwise there is no one to
    answer reliably and the message is only shown as rejected."""
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
    return OutboxMessage.objects.create(
        message_type=message_type.retour or "",
        identification=identification,
        sender=header.ontvanger,
        receiver=header.afzender,
        content=codec.to_xml(retour),
        answers=message,
        retour_codes=TECHNICAL_RETOUR,
    )


def _write_retour(
    message: InboxMessage, parsed: Any, header_codes: list[str], part_codes: dict[int, list[str]]
) -> OutboxMessage:
    identification = new_identification()
    retour = builder.retour_message(
        parsed,
        identification=identification,
        day=timezone.localdate(),
        codes=part_codes,
        header_codes=header_codes,
    )
    heen = codec.type_of(parsed)
    retour_type = heen.retour or ""
    return OutboxMessage.objects.create(
        message_type=retour_type,
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
    context: DbContext,
) -> bool:
    """The effect of an accepted heen message: start/stop lines go into the register
    (only the lines without findings). Other types are recorded (the row itself). False
    when nothing could be applied (every line rejected)."""
    if name not in ("JW305", "JW307"):
        return True
    message_type = MESSAGE_TYPES[name]
    lines = (
        parsed.client.start_producten.start_product
        if name == "JW305"
        else parsed.client.stop_producten.stop_product
    )
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
    CareNotice.objects.bulk_create(notices)
    return bool(notices)


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


def inbox_poll(*, via: Transport | None = None, today: date | None = None) -> int:
    """Read what the transport has, process each message once, then acknowledge it."""
    via = via or transport()
    done = 0
    for incoming in via.incoming():
        message, _new = inbox_receive(incoming)
        inbox_process(message_id=message.pk, today=today)
        via.acknowledge(incoming)
        done += 1
    return done
