"""Business rules of iJw 3.2 beyond the XSD, each named, with its rule code and retour code.

A rule looks at one parsed message (the xsdata object) and a :class:`RuleContext` that
answers what the rule needs to know of earlier messages (ids seen, starts and stops
registered, assignments, the region's products). The inbox gives a database-backed context
(:mod:`jeugdmodel.ijw.services`); ``ijw_validate`` and the tests use :class:`MemoryContext`.

Rule codes: a ``TR`` code is derived from the retour code (TR0nn for 90nn); it was not
checked against the official rule report of iJw 3.2, which we do not have. Codes starting
with ``JM-`` are our own names. The retour code is always one from the ``LDT_RetourCode``
list of the shipped basisschema, so the retour message stays XSD-valid; docs/ijw.md says
per rule what was checked against that list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from stdnum.nl import bsn as stdnum_bsn

from .schema import MessageType

# ---------------------------------------------------------------------------------------
# Rules and findings


@dataclass(frozen=True)
class Rule:
    code: str
    retour: str
    title: str  # Dutch, for people


@dataclass(frozen=True)
class Finding:
    rule: Rule
    message: str  # Dutch, names the value
    target: Any  # the part of the message the retour code belongs to (header: None)
    locator: tuple[tuple[str, int], ...] = ()  # element path from the root, for the line

    @property
    def retour(self) -> str:
        return self.rule.retour


HEADER_RECEIVER = Rule("JM-H01", "0001", "De ontvanger is niet een van onze codes")
HEADER_SENDER = Rule("JM-H02", "0001", "De afzender is ons niet bekend")
HEADER_UNIQUE_ID = Rule(
    "TR056", "9056", "Identificatie moet per berichtsoort uniek zijn voor de verzendende partij"
)
HEADER_DATE_NOT_FUTURE = Rule(
    "JM-H03", "8848", "Dagtekening moet gelijk zijn aan of voor de systeemdatum liggen"
)
CLIENT_BSN = Rule("JM-C01", "0001", "Het BSN voldoet niet aan de elfproef")
PRODUCT_KNOWN = Rule(
    "JM-P01", "S329", "Het product komt niet voor in de productenlijst van de regio"
)
TASK_NO_ASSIGNMENT = Rule(
    "JM-V01",
    "0001",
    "Taakgericht product met een toewijzingnummer (taakgericht heeft geen toewijzing)",
)
ASSIGNMENT_LINK = Rule(
    "TR019", "9019", "Het regiebericht kan niet gekoppeld worden aan een toewijzing"
)
START_TWICE = Rule("TR074", "9074", "Er is al een eerder bericht ontvangen met dezelfde sleutel")
CORRECTION_WITHOUT_ORIGINAL = Rule(
    "TR063", "9063", "Het bericht kan niet verwerkt worden omdat geen eerder bericht ontvangen is"
)
STOP_WITHOUT_START = Rule("TR069", "9069", "Er is geen actueel startbericht met dezelfde sleutel")
DELETE_START_AFTER_STOP = Rule(
    "TR071",
    "9071",
    "Het eerdere startbericht kan niet verwijderd worden omdat de zorg al beëindigd is",
)
STOP_BEFORE_START = Rule("JM-S01", "0001", "De einddatum ligt vóór de begindatum")

ALL_RULES: tuple[Rule, ...] = (
    HEADER_RECEIVER,
    HEADER_SENDER,
    HEADER_UNIQUE_ID,
    HEADER_DATE_NOT_FUTURE,
    CLIENT_BSN,
    PRODUCT_KNOWN,
    TASK_NO_ASSIGNMENT,
    ASSIGNMENT_LINK,
    START_TWICE,
    CORRECTION_WITHOUT_ORIGINAL,
    STOP_WITHOUT_START,
    DELETE_START_AFTER_STOP,
    STOP_BEFORE_START,
)

TASK = "taakgericht"


# ---------------------------------------------------------------------------------------
# What the rules need to know


@dataclass(frozen=True)
class CareKey:
    """The key of a start/stop: product + start date in taakgericht, else the assignment."""

    provider: str  # the AGB code that sends start and stop
    bsn: str
    category: str
    code: str
    start: date
    assignment_number: int | None


class CareState(Protocol):
    started: bool  # a current (not deleted) start exists
    stopped: bool  # a current (not deleted) stop exists


@dataclass
class SimpleCareState:
    started: bool = False
    stopped: bool = False


class RuleContext(Protocol):
    today: date

    def receives_for(self, code: str) -> bool: ...
    def knows_sender(self, code: str) -> bool: ...
    def message_id_seen(self, sender: str, message_type: str, identification: str) -> bool: ...
    def product_variant(self, category: str, code: str) -> str | None: ...
    def care_state(self, key: CareKey) -> CareState | None: ...
    def assignment_known(self, bsn: str, number: int) -> bool: ...


@dataclass
class MemoryContext:
    """A context in memory: for files checked together, and for tests.

    ``products`` maps (category, code) to a variant; ``None`` means the region's product
    list is not known and the product rules are skipped. ``receivers``/``senders`` ``None``:
    not checked. :meth:`remember` records an accepted message, so that files checked in
    order see each other (a stop after its start, a repeated id).
    """

    today: date
    products: dict[tuple[str, str], str] | None = None
    receivers: set[str] | None = None
    senders: set[str] | None = None
    assignments: set[tuple[str, int]] = field(default_factory=set)
    seen_ids: set[tuple[str, str, str]] = field(default_factory=set)
    care: dict[CareKey, SimpleCareState] = field(default_factory=dict)

    def receives_for(self, code: str) -> bool:
        return self.receivers is None or code in self.receivers

    def knows_sender(self, code: str) -> bool:
        return self.senders is None or code in self.senders

    def message_id_seen(self, sender: str, message_type: str, identification: str) -> bool:
        return (sender, message_type, identification) in self.seen_ids

    def product_variant(self, category: str, code: str) -> str | None:
        if self.products is None:
            return "?"
        return self.products.get((category, code)) or self.products.get((category, ""))

    def care_state(self, key: CareKey) -> CareState | None:
        return self.care.get(key)

    def assignment_known(self, bsn: str, number: int) -> bool:
        return (bsn, number) in self.assignments

    def remember(self, message: Any, message_type: MessageType) -> None:
        h = message.header
        self.seen_ids.add((h.afzender, message_type.name, h.bericht_identificatie.identificatie))
        for key, status, kind in care_lines(message, message_type, self):
            state = self.care.setdefault(key, SimpleCareState())
            if kind == "start":
                state.started = status != "3"
            else:
                state.stopped = status != "3"
        if message_type.name == "JW301":
            for p in message.client.toegewezen_producten.toegewezen_product:
                self.assignments.add((message.client.bsn, p.toewijzing_nummer))


# ---------------------------------------------------------------------------------------
# Checking


def check(message: Any, message_type: MessageType, context: RuleContext) -> list[Finding]:
    """All findings for one message (empty: accepted)."""
    findings = list(_header_rules(message, message_type, context))
    client = getattr(message, "client", None)
    if client is not None and hasattr(client, "bsn"):
        findings += _bsn_rule(client)
    if message_type.name in ("JW305", "JW307"):
        findings += _care_rules(message, message_type, context)
    return findings


def _header_rules(
    message: Any, message_type: MessageType, context: RuleContext
) -> Iterator[Finding]:
    h = message.header
    loc: tuple[tuple[str, int], ...] = (("Header", 0),)
    if not context.receives_for(h.ontvanger):
        yield Finding(
            HEADER_RECEIVER,
            f"Ontvanger {h.ontvanger} is niet een van onze codes.",
            None,
            (*loc, ("Ontvanger", 0)),
        )
    if not context.knows_sender(h.afzender):
        yield Finding(
            HEADER_SENDER,
            f"Afzender {h.afzender} is ons niet bekend.",
            None,
            (*loc, ("Afzender", 0)),
        )
    ident = h.bericht_identificatie
    if context.message_id_seen(h.afzender, message_type.name, ident.identificatie):
        yield Finding(
            HEADER_UNIQUE_ID,
            f"Identificatie {ident.identificatie} is door afzender {h.afzender} al gebruikt "
            f"voor een {message_type.name}.",
            None,
            (*loc, ("BerichtIdentificatie", 0)),
        )
    if date.fromisoformat(ident.dagtekening) > context.today:
        yield Finding(
            HEADER_DATE_NOT_FUTURE,
            f"Dagtekening {ident.dagtekening} ligt na vandaag ({context.today.isoformat()}).",
            None,
            (*loc, ("BerichtIdentificatie", 0), ("Dagtekening", 0)),
        )


_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def bsn_valid(bsn: str) -> bool:
    """The elfproef of a BSN. The XSD already guarantees nine digits, so this is the
    weighted sum alone (python-stdnum's general check, which first cleans and checks the
    format, cost a sixth of reading a message; the tests hold both to the same answer)."""
    if len(bsn) != 9 or not bsn.isascii() or not bsn.isdigit():
        return stdnum_bsn.is_valid(bsn)
    total = sum(int(d) * w for d, w in zip(bsn, _BSN_WEIGHTS, strict=True))
    return total % 11 == 0 and bsn != "000000000"


def _bsn_rule(client: Any) -> Iterator[Finding]:
    if not bsn_valid(client.bsn):
        yield Finding(
            CLIENT_BSN,
            f"BSN {client.bsn} voldoet niet aan de elfproef.",
            client,
            (("Client", 0), ("Bsn", 0)),
        )


def _lines(message: Any, message_type: MessageType) -> tuple[Any, ...]:
    if message_type.name == "JW305":
        return tuple(message.client.start_producten.start_product)
    return tuple(message.client.stop_producten.stop_product)


def key_of(provider: str, bsn: str, line: Any) -> CareKey:
    product = line.product
    return CareKey(
        provider=provider,
        bsn=bsn,
        category=product.categorie.value if product else "",
        code=(product.code or "") if product else "",
        start=date.fromisoformat(line.begindatum),
        assignment_number=line.toewijzing_nummer,
    )


def care_lines(
    message: Any, message_type: MessageType, context: RuleContext
) -> Iterator[tuple[CareKey, str, str]]:
    """(key, status, "start"/"stop") per line of a JW305/JW307; others yield nothing."""
    if message_type.name not in ("JW305", "JW307"):
        return
    kind = "start" if message_type.name == "JW305" else "stop"
    for line in _lines(message, message_type):
        yield (
            _normalised_key(message.header.afzender, message.client.bsn, line, context),
            line.status_aanlevering.value,
            kind,
        )


def _normalised_key(provider: str, bsn: str, line: Any, context: RuleContext) -> CareKey:
    """Taakgericht keys on product + start date only (any toewijzingnummer is ignored);
    the other variants on the toewijzing + start date."""
    key = key_of(provider, bsn, line)
    if context.product_variant(key.category, key.code) == TASK or key.assignment_number is None:
        return CareKey(provider, bsn, key.category, key.code, key.start, None)
    return CareKey(provider, bsn, "", "", key.start, key.assignment_number)


def _care_rules(message: Any, message_type: MessageType, context: RuleContext) -> Iterator[Finding]:
    is_start = message_type.name == "JW305"
    element = "StartProduct" if is_start else "StopProduct"
    group = "StartProducten" if is_start else "StopProducten"
    bsn = message.client.bsn
    for index, line in enumerate(_lines(message, message_type)):
        loc = (("Client", 0), (group, 0), (element, index))
        key = key_of(message.header.afzender, bsn, line)
        product_text = f"{key.category} {key.code}".strip()
        variant = context.product_variant(key.category, key.code)
        if variant is None:
            yield Finding(
                PRODUCT_KNOWN,
                f"Product {product_text} komt niet voor in de productenlijst van de regio.",
                line,
                (*loc, ("Product", 0)),
            )
            continue
        if variant == TASK:
            if key.assignment_number is not None:
                yield Finding(
                    TASK_NO_ASSIGNMENT,
                    f"Product {product_text} is taakgericht maar het bericht noemt "
                    f"toewijzing {key.assignment_number}.",
                    line,
                    (*loc, ("ToewijzingNummer", 0)),
                )
                continue
        elif variant != "?" and not (
            # TR019: only in the variants that assign per client.
            key.assignment_number is not None
            and context.assignment_known(bsn, key.assignment_number)
        ):
            yield Finding(
                ASSIGNMENT_LINK,
                f"Toewijzing {key.assignment_number or '(leeg)'} voor product {product_text} "
                "is ons niet bekend.",
                line,
                (*loc, ("ToewijzingNummer", 0)),
            )
            continue
        if not is_start and line.einddatum < line.begindatum:
            yield Finding(
                STOP_BEFORE_START,
                f"Einddatum {line.einddatum} ligt vóór begindatum {line.begindatum}.",
                line,
                (*loc, ("Einddatum", 0)),
            )
            continue
        yield from _status_rules(line, key, is_start, context, loc)


def _status_rules(
    line: Any,
    key: CareKey,
    is_start: bool,
    context: RuleContext,
    loc: tuple[tuple[str, int], ...],
) -> Iterator[Finding]:
    state = context.care_state(_normalised_key(key.provider, key.bsn, line, context))
    started = bool(state and state.started)
    stopped = bool(state and state.stopped)
    exists = started if is_start else stopped
    status = line.status_aanlevering.value
    here = (*loc, ("StatusAanlevering", 0))
    described = f"begindatum {line.begindatum}"
    if status == "1":
        if exists:
            yield Finding(
                START_TWICE,
                f"Er is al een {'start' if is_start else 'stop'} met dezelfde sleutel "
                f"({described}).",
                line,
                here,
            )
        elif not is_start and not started:
            yield Finding(
                STOP_WITHOUT_START,
                f"Stop zonder start: er is geen actuele start met dezelfde sleutel ({described}).",
                line,
                here,
            )
    elif status in ("2", "3"):
        if not exists:
            yield Finding(
                CORRECTION_WITHOUT_ORIGINAL,
                f"Correctie (status {status}) zonder eerder bericht met dezelfde sleutel "
                f"({described}).",
                line,
                here,
            )
        elif is_start and status == "3" and stopped:
            yield Finding(
                DELETE_START_AFTER_STOP,
                f"De start ({described}) kan niet verwijderd worden: de zorg is al gestopt.",
                line,
                here,
            )


# ---------------------------------------------------------------------------------------
# From findings to the retour message


def retour_codes(findings: list[Finding]) -> tuple[list[str], dict[int, list[str]]]:
    """(header codes, codes per part) for :func:`jeugdmodel.ijw.builder.retour_message`.

    Header findings reject the whole message; a part with findings gets their codes.
    """
    header: list[str] = []
    parts: dict[int, list[str]] = {}
    for f in findings:
        if f.target is None:
            if f.retour not in header:
                header.append(f.retour)
        else:
            codes = parts.setdefault(id(f.target), [])
            if f.retour not in codes:
                codes.append(f.retour)
    return header, parts


def line_of(tree: Any, locator: tuple[tuple[str, int], ...]) -> int | None:
    """The source line of the element a finding points at (the deepest that exists)."""
    element = tree.getroot() if hasattr(tree, "getroot") else tree
    line = element.sourceline
    for name, index in locator:
        matches = [
            c for c in element if isinstance(c.tag, str) and c.tag.rsplit("}", 1)[-1] == name
        ]
        if index >= len(matches):
            break
        element = matches[index]
        line = element.sourceline
    return line
