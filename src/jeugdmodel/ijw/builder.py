"""Building iJw 3.2 messages: headers, start/stop (JW305/JW307), toewijzing (JW301), retours.

The functions here take plain values (no models) so they are easy to test and to feed from
hypothesis; :mod:`jeugdmodel.ijw.services` maps trajectories and people onto them.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .codec import message_class, model, type_of
from .model.basisschema import (
    CdtAchternaam,
    CdtBerichtIdentificatie,
    CdtGeboortedatum,
    CdtProduct,
    CdtVerkorteNaam,
    CdtXsdVersie,
    LdtGeslacht,
    LdtProductCategorie,
    LdtRedenBeeindiging,
    LdtRetourCode,
    LdtStatusAanlevering,
)
from .schema import MESSAGE_TYPES, MessageType

#: The XSD version we put in the header (see schemas/PROVENANCE.md, caveat on versions).
XSD_VERSION = "1.0.0"

#: Retour codes that say "nothing wrong here".
OK = "0200"


class Status:
    """StatusAanlevering: 1 new, 2 change, 3 delete."""

    NEW = "1"
    CHANGE = "2"
    DELETE = "3"


@dataclass(frozen=True, kw_only=True)
class Parties:
    sender: str  # AGB code (8 digits) of a provider, or municipality code (4 digits)
    receiver: str


@dataclass(frozen=True, kw_only=True)
class Client:
    bsn: str
    birth_date: date
    sex: str  # LDT_Geslacht: "0" unknown, "1" male, "2" female
    family_name: str
    initials: str = ""
    postcode: str = ""  # 1234AB
    house_number: int | None = None


@dataclass(frozen=True, kw_only=True)
class CareLine:
    """One StartProduct/StopProduct. Taakgericht: no assignment number or date."""

    category: str
    code: str | None
    start: date
    assignment_number: int | None = None
    assignment_start: date | None = None
    end: date | None = None  # stop only
    end_reason: str | None = None  # stop only: LDT_RedenBeeindiging
    status: str = Status.NEW


@dataclass(frozen=True, kw_only=True)
class AssignedProduct:
    number: int
    category: str
    code: str | None
    assigned_at: datetime
    start: date
    end: date | None


def _d(day: date) -> str:
    return day.isoformat()


def header(name: str, *, parties: Parties, identification: str, day: date) -> Any:
    """The header of a heen message ``name`` (e.g. ``"JW305"``)."""
    message_type = MESSAGE_TYPES[name]
    return model(name).Header(
        bericht_code=message_type.bericht_code,
        bericht_versie=3,
        bericht_subversie=2,
        afzender=parties.sender,
        ontvanger=parties.receiver,
        bericht_identificatie=CdtBerichtIdentificatie(
            identificatie=identification, dagtekening=_d(day)
        ),
        xsd_versie=CdtXsdVersie(basisschema_xsd_versie=XSD_VERSION, bericht_xsd_versie=XSD_VERSION),
    )


def _name(client: Client) -> CdtVerkorteNaam:
    return CdtVerkorteNaam(
        geslachtsnaam=CdtAchternaam(achternaam=client.family_name[:200]),
        voorletters=client.initials[:6] or None,
    )


def _product(line: CareLine | AssignedProduct) -> CdtProduct:
    return CdtProduct(categorie=LdtProductCategorie(line.category), code=line.code or None)


def start_message(
    *, parties: Parties, identification: str, day: date, client: Client, lines: Sequence[CareLine]
) -> Any:
    """JW305 start zorg."""
    m = model("JW305")
    products = tuple(
        m.StartProduct(
            toewijzing_nummer=line.assignment_number,
            product=_product(line),
            toewijzing_ingangsdatum=_d(line.assignment_start) if line.assignment_start else None,
            begindatum=_d(line.start),
            status_aanlevering=LdtStatusAanlevering(line.status),
        )
        for line in lines
    )
    return m.Bericht(
        header=header("JW305", parties=parties, identification=identification, day=day),
        client=m.Client(
            bsn=client.bsn,
            geboortedatum=CdtGeboortedatum(datum=_d(client.birth_date)),
            geslacht=LdtGeslacht(client.sex),
            naam=_name(client),
            start_producten=m.StartProducten(start_product=products),
        ),
    )


def stop_message(
    *, parties: Parties, identification: str, day: date, client: Client, lines: Sequence[CareLine]
) -> Any:
    """JW307 stop zorg. Every line needs ``end`` and ``end_reason``."""
    m = model("JW307")
    products = []
    for line in lines:
        if line.end is None or line.end_reason is None:
            raise ValueError("a stop line needs an end date and an end reason")
        products.append(
            m.StopProduct(
                toewijzing_nummer=line.assignment_number,
                product=_product(line),
                toewijzing_ingangsdatum=_d(line.assignment_start)
                if line.assignment_start
                else None,
                begindatum=_d(line.start),
                reden_beeindiging=LdtRedenBeeindiging(line.end_reason),
                einddatum=_d(line.end),
                status_aanlevering=LdtStatusAanlevering(line.status),
            )
        )
    return m.Bericht(
        header=header("JW307", parties=parties, identification=identification, day=day),
        client=m.Client(
            bsn=client.bsn,
            geboortedatum=CdtGeboortedatum(datum=_d(client.birth_date)),
            geslacht=LdtGeslacht(client.sex),
            naam=_name(client),
            stop_producten=m.StopProducten(stop_product=tuple(products)),
        ),
    )


def assignment_message(
    *,
    parties: Parties,
    identification: str,
    day: date,
    client: Client,
    products: Sequence[AssignedProduct],
) -> Any:
    """JW301 toewijzing (inspannings-/outputgericht: per client)."""
    m = model("JW301")
    from .model.basisschema import CdtVolledigeNaam, LdtNaamGebruik

    assigned = tuple(
        m.ToegewezenProduct(
            toewijzing_nummer=p.number,
            product=_product(p),
            toewijzingsdatum=_d(p.assigned_at.date()),
            toewijzingstijd=p.assigned_at.time().replace(microsecond=0).isoformat(),
            ingangsdatum=_d(p.start),
            einddatum=_d(p.end) if p.end else None,
        )
        for p in products
    )
    return m.Bericht(
        header=header("JW301", parties=parties, identification=identification, day=day),
        client=m.Client(
            bsn=client.bsn,
            geboortedatum=CdtGeboortedatum(datum=_d(client.birth_date)),
            geslacht=LdtGeslacht(client.sex),
            naam=CdtVolledigeNaam(
                geslachtsnaam=CdtAchternaam(achternaam=client.family_name[:200]),
                voorletters=client.initials[:6] or None,
                naam_gebruik=LdtNaamGebruik("1"),
            ),
            contactgegevens=m.Contactgegevens(contact=(_contact(m, client),)),
            toegewezen_producten=m.ToegewezenProducten(toegewezen_product=assigned),
        ),
    )


def _contact(m: Any, client: Client) -> Any:
    """The BRP address (soort 01) as far as we know it."""
    from .model.basisschema import CdtAdres, CdtHuis, LdtAdresSoort

    address = None
    if client.postcode or client.house_number is not None:
        address = CdtAdres(
            huis=CdtHuis(huisnummer=client.house_number)
            if client.house_number is not None
            else None,
            postcode=client.postcode.replace(" ", "").upper() or None,
        )
    return m.Contact(soort=LdtAdresSoort("01"), adres=address)


# ---------------------------------------------------------------------------------------
# Retour messages


#: How a field of a retour part is filled from the heen part (see :func:`_conversion`).
_COPY, _ONE, _MANY, _CODES = range(4)
_CONVERSIONS: dict[tuple[type[Any], type[Any]], tuple[tuple[str, int, Any], ...]] = {}


def _conversion(source: type[Any], target: type[Any]) -> tuple[tuple[str, int, Any], ...]:
    """(field, how, retour class) for each field of ``target`` that is filled from a
    ``source`` of the heen message (same field names): copied as it is (text, enums, and
    the basisschema's classes, which heen and retour share), converted into the retour's
    own class (one, or each of a repeated field), or the part's retour codes. Resolving
    the types is costly: once per pair of classes."""
    known = _CONVERSIONS.get((source, target))
    if known is not None:
        return known
    source_hints = _hints(source)
    plan: list[tuple[str, int, Any]] = []
    for name, hint in _hints(target).items():
        if name == "retour_codes":
            plan.append((name, _CODES, sys.modules[target.__module__].RetourCodes))
        elif name in source_hints:
            repeated, inner = _element_type(hint)
            shared = inner is _element_type(source_hints[name])[1]
            if dataclasses.is_dataclass(inner) and not shared:
                plan.append((name, _MANY if repeated else _ONE, inner))
            else:
                plan.append((name, _COPY, None))
    _CONVERSIONS[(source, target)] = tuple(plan)
    return _CONVERSIONS[(source, target)]


def _element_type(hint: Any) -> tuple[bool, Any]:
    """(repeated, the type of one element) of a field's type hint."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    if typing.get_origin(hint) is tuple:
        return True, typing.get_args(hint)[0]
    return False, hint


_HINTS: dict[type[Any], dict[str, Any]] = {}
_FIELD_NAMES: dict[type[Any], tuple[str, ...]] = {}


def _hints(target: type[Any]) -> dict[str, Any]:
    """The field types of a generated class (resolving them is costly: once per class)."""
    known = _HINTS.get(target)
    if known is None:
        known = _HINTS[target] = typing.get_type_hints(target)
    return known


def _field_names(cls: type[Any]) -> tuple[str, ...]:
    known = _FIELD_NAMES.get(cls)
    if known is None:
        known = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return known


def _convert_object(source: Any, target: type[Any], codes: Mapping[int, Sequence[str]]) -> Any:
    """Copy a heen part into the retour class ``target`` (same field names), adding codes."""
    kwargs: dict[str, Any] = {}
    _fill(kwargs, source, target, codes)
    return target(**kwargs)


def _fill(
    kwargs: dict[str, Any], source: Any, target: type[Any], codes: Mapping[int, Sequence[str]]
) -> None:
    """The fields of ``target`` filled from ``source`` (those not yet in ``kwargs``)."""
    for name, how, inner in _CONVERSIONS.get((type(source), target)) or _conversion(
        type(source), target
    ):
        if name in kwargs:
            continue
        if how == _CODES:
            values = codes.get(id(source)) or (OK,)
            kwargs[name] = inner(retour_code=tuple(LdtRetourCode(v) for v in values))
            continue
        value = getattr(source, name)
        if value is None or how == _COPY:
            kwargs[name] = value
        elif how == _ONE:
            kwargs[name] = _convert_object(value, inner, codes)
        else:
            kwargs[name] = tuple(_convert_object(v, inner, codes) for v in value)


def retour_message(
    heen: Any,
    *,
    identification: str,
    day: date,
    codes: Mapping[int, Sequence[str]] | None = None,
    header_codes: Sequence[str] = (),
) -> Any:
    """The retour of a heen message (JW302/306/308/316/318/320, and JW325 for a JW323).

    ``codes`` maps ``id(part)`` of a part of the heen message (a client, a product, a
    prestatie) to its retour codes; a part without codes gets ``0200``. ``header_codes``
    are the header's codes (``0200`` when empty). A message rejected as a whole (a header
    code other than 0200) carries only the header.
    """
    codes = dict(codes or {})
    heen_type = type_of(heen)
    if heen_type.retour is None:
        raise ValueError(f"{heen_type.name} is itself a retour message")
    if heen_type.name == "JW323":
        return _declaratie_antwoord(
            heen, identification=identification, day=day, codes=codes, header_codes=header_codes
        )
    target = message_class(heen_type.retour)
    rejected = bool(header_codes) and list(header_codes) != [OK]
    retour_header = _retour_header(
        heen.header, heen_type, identification=identification, day=day, header_codes=header_codes
    )
    kwargs: dict[str, Any] = dict.fromkeys(_field_names(target))
    kwargs["header"] = retour_header
    if not rejected:
        for name in _field_names(type(heen)):
            if name != "header" and getattr(heen, name) is not None:
                del kwargs[name]  # filled from the heen message below
        _fill(kwargs, heen, target, codes)
    return target(**kwargs)


def header_only_retour(
    header: Any,
    heen_type: MessageType,
    *,
    identification: str,
    day: date,
    header_codes: Sequence[str],
) -> Any:
    """The retour that rejects a whole heen message, built from its header alone (for a
    message whose body cannot be read, e.g. one that fails its XSD)."""
    if heen_type.retour is None:
        raise ValueError(f"{heen_type.name} is itself a retour message")
    if heen_type.retour == "JW325":
        m = model("JW325")
        return m.Bericht(
            header=_declaratie_header(
                header, identification=identification, day=day, header_codes=header_codes
            ),
            declaratie_antwoord=None,
        )
    target = message_class(heen_type.retour)
    retour_header = _retour_header(
        header, heen_type, identification=identification, day=day, header_codes=header_codes
    )
    kwargs: dict[str, Any] = {
        f.name: None for f in dataclasses.fields(target) if f.name != "header"
    }
    return target(header=retour_header, **kwargs)


def _retour_header(
    h: Any, heen_type: MessageType, *, identification: str, day: date, header_codes: Sequence[str]
) -> Any:
    assert heen_type.retour is not None
    m = model(heen_type.retour)
    return m.Header(
        bericht_code=MESSAGE_TYPES[heen_type.retour].bericht_code,
        bericht_versie=3,
        bericht_subversie=2,
        afzender=h.afzender,
        ontvanger=h.ontvanger,
        bericht_identificatie=h.bericht_identificatie,
        xsd_versie=h.xsd_versie,
        identificatie_retour=identification,
        dagtekening_retour=_d(day),
        xsd_versie_retour=CdtXsdVersie(
            basisschema_xsd_versie=XSD_VERSION, bericht_xsd_versie=XSD_VERSION
        ),
        retour_codes=m.RetourCodes(
            retour_code=tuple(LdtRetourCode(c) for c in (header_codes or [OK]))
        ),
    )


def _declaratie_antwoord(
    heen: Any,
    *,
    identification: str,
    day: date,
    codes: Mapping[int, Sequence[str]],
    header_codes: Sequence[str],
) -> Any:
    from .model.basisschema import CdtTotaalBedragMetDc, LdtDebetCredit

    m = model("JW325")
    h = heen.header
    rejected = bool(header_codes) and list(header_codes) != [OK]
    answer = None
    if not rejected:
        d = heen.declaratie
        clients = []
        total = 0
        for client in d.clienten.client if d.clienten else ():
            prestaties = []
            for p in client.prestaties.prestatie:
                p_codes = codes.get(id(p)) or ["8001"]  # 8001: volledig toegewezen
                if p_codes == ["8001"]:
                    sign = 1 if p.ingediend_bedrag.debet_credit.value == "D" else -1
                    total += sign * p.ingediend_bedrag.bedrag
                prestaties.append(
                    m.Prestatie(
                        product_referentie=p.product_referentie,
                        toewijzing_nummer=p.toewijzing_nummer,
                        product_categorie=p.product_categorie,
                        product_code=p.product_code,
                        product_periode=p.product_periode,
                        geleverd_volume=p.geleverd_volume,
                        eenheid=p.eenheid,
                        product_tarief=p.product_tarief,
                        ingediend_bedrag=p.ingediend_bedrag,
                        retour_codes=m.RetourCodes(
                            retour_code=tuple(LdtRetourCode(c) for c in p_codes)
                        ),
                    )
                )
            clients.append(
                m.Client(
                    bsn=client.bsn,
                    prestaties=m.Prestaties(prestatie=tuple(prestaties)),
                    retour_codes=m.RetourCodes(
                        retour_code=tuple(LdtRetourCode(c) for c in (codes.get(id(client)) or [OK]))
                    ),
                )
            )
        answer = m.DeclaratieAntwoord(
            declaratie_nummer=d.declaratie_nummer,
            totaal_ingediend_bedrag=d.totaal_ingediend_bedrag,
            totaal_toegekend_bedrag=CdtTotaalBedragMetDc(
                totaal_bedrag=abs(total), debet_credit=LdtDebetCredit("D" if total >= 0 else "C")
            ),
            clienten=m.Clienten(client=tuple(clients)) if clients else None,
            retour_codes=m.RetourCodes(retour_code=(LdtRetourCode(OK),)),
        )
    return m.Bericht(
        header=_declaratie_header(
            h, identification=identification, day=day, header_codes=header_codes
        ),
        declaratie_antwoord=answer,
    )


def _declaratie_header(
    h: Any, *, identification: str, day: date, header_codes: Sequence[str]
) -> Any:
    m = model("JW325")
    return m.Header(
        bericht_code=MESSAGE_TYPES["JW325"].bericht_code,
        bericht_versie=3,
        bericht_subversie=2,
        afzender=h.ontvanger,
        ontvanger=h.afzender,
        bericht_identificatie=CdtBerichtIdentificatie(
            identificatie=identification, dagtekening=_d(day)
        ),
        xsd_versie=CdtXsdVersie(basisschema_xsd_versie=XSD_VERSION, bericht_xsd_versie=XSD_VERSION),
        declaratie_identificatie=h.bericht_identificatie,
        xsd_versie_declaratie=h.xsd_versie,
        retour_codes=m.RetourCodes(
            retour_code=tuple(LdtRetourCode(c) for c in (header_codes or [OK]))
        ),
    )


def retour_codes_of(retour: Any) -> list[str]:
    """All retour codes in a retour message, header first (for the message log)."""
    found: list[str] = []
    _collect_codes(retour, found)
    return found


#: Per generated class: its fields that hold retour codes (True) or parts (False).
_CODE_FIELDS: dict[type[Any], tuple[tuple[str, bool], ...]] = {}


def _collect_codes(part: Any, found: list[str]) -> None:
    cls = type(part)
    fields = _CODE_FIELDS.get(cls)
    if fields is None:
        fields = _CODE_FIELDS[cls] = tuple(
            (name, name == "retour_codes")
            for name, hint in _hints(cls).items()
            if name == "retour_codes" or dataclasses.is_dataclass(_element_type(hint)[1])
        )
    for name, is_codes in fields:
        value = getattr(part, name)
        if value is None:
            continue
        if is_codes:
            found.extend(c.value for c in value.retour_code)
        else:
            for item in value if isinstance(value, tuple) else (value,):
                _collect_codes(item, found)
