from __future__ import annotations

from dataclasses import dataclass, field

from jeugdmodel.ijw.model.basisschema import (
    CdtBerichtIdentificatie,
    CdtGeboortedatum,
    CdtProduct,
    CdtVerkorteNaam,
    CdtXsdVersie,
    LdtGeslacht,
    LdtStatusAanlevering,
)

__NAMESPACE__ = "http://www.istandaarden.nl/ijw/3_2/jw305/schema"


@dataclass(frozen=True, slots=True, kw_only=True)
class Header:
    bericht_code: str = field(
        metadata={
            "name": "BerichtCode",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
            "min_length": 1,
            "max_length": 3,
            "pattern": r"438",
        }
    )
    bericht_versie: int = field(
        metadata={
            "name": "BerichtVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
            "min_inclusive": 0,
            "max_inclusive": 99,
            "pattern": r"3",
        }
    )
    bericht_subversie: int = field(
        metadata={
            "name": "BerichtSubversie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
            "min_inclusive": 0,
            "max_inclusive": 99,
            "pattern": r"2",
        }
    )
    afzender: str = field(
        metadata={
            "name": "Afzender",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
            "min_length": 1,
            "max_length": 8,
            "pattern": r"[0-9]{8}",
        }
    )
    ontvanger: str = field(
        metadata={
            "name": "Ontvanger",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
            "min_length": 1,
            "pattern": r"[0-9]{4}",
        }
    )
    bericht_identificatie: CdtBerichtIdentificatie = field(
        metadata={
            "name": "BerichtIdentificatie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
        }
    )
    xsd_versie: CdtXsdVersie = field(
        metadata={
            "name": "XsdVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class StartProduct:
    toewijzing_nummer: None | int = field(
        default=None,
        metadata={
            "name": "ToewijzingNummer",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
            "min_inclusive": 0,
            "max_inclusive": 999999999,
        },
    )
    product: None | CdtProduct = field(
        default=None,
        metadata={
            "name": "Product",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
        },
    )
    toewijzing_ingangsdatum: None | str = field(
        default=None,
        metadata={
            "name": "ToewijzingIngangsdatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
            "pattern": r"[^:Z]*",
        },
    )
    begindatum: str = field(
        metadata={
            "name": "Begindatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
            "pattern": r"[^:Z]*",
        }
    )
    status_aanlevering: LdtStatusAanlevering = field(
        metadata={
            "name": "StatusAanlevering",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class StartProducten:
    start_product: tuple[StartProduct, ...] = field(
        default_factory=tuple,
        metadata={
            "name": "StartProduct",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
            "min_occurs": 1,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Client:
    bsn: str = field(
        metadata={
            "name": "Bsn",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
            "min_length": 1,
            "max_length": 9,
            "pattern": r"[0-9]{9}",
        }
    )
    geboortedatum: CdtGeboortedatum = field(
        metadata={
            "name": "Geboortedatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
        }
    )
    geslacht: LdtGeslacht = field(
        metadata={
            "name": "Geslacht",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
        }
    )
    naam: CdtVerkorteNaam = field(
        metadata={
            "name": "Naam",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
        }
    )
    start_producten: StartProducten = field(
        metadata={
            "name": "StartProducten",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Root:
    header: Header = field(
        metadata={
            "name": "Header",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
        }
    )
    client: Client = field(
        metadata={
            "name": "Client",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw305/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Bericht(Root):
    class Meta:
        namespace = "http://www.istandaarden.nl/ijw/3_2/jw305/schema"
