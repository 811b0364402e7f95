from __future__ import annotations

from dataclasses import dataclass, field

from jeugdmodel.ijw.model.basisschema import (
    CdtBerichtIdentificatie,
    CdtGeboortedatum,
    CdtOmvang,
    CdtProduct,
    CdtVerkorteNaam,
    CdtVerwijzer,
    CdtXsdVersie,
    LdtGeslacht,
    LdtJaNee,
    LdtRetourCode,
)

__NAMESPACE__ = "http://www.istandaarden.nl/ijw/3_2/jw316/schema"


@dataclass(frozen=True, slots=True, kw_only=True)
class RetourCodes:
    retour_code: tuple[LdtRetourCode, ...] = field(
        default_factory=tuple,
        metadata={
            "name": "RetourCode",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "min_occurs": 1,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AangevraagdProduct:
    referentie_aanbieder: str = field(
        metadata={
            "name": "ReferentieAanbieder",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "min_length": 1,
            "max_length": 36,
            "pattern": r".*[^\s].*",
        }
    )
    beschikking_nummer: None | int = field(
        default=None,
        metadata={
            "name": "BeschikkingNummer",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "min_inclusive": 0,
            "max_inclusive": 999999999,
        },
    )
    product: None | CdtProduct = field(
        default=None,
        metadata={
            "name": "Product",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        },
    )
    beschikking_ingangsdatum: None | str = field(
        default=None,
        metadata={
            "name": "BeschikkingIngangsdatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "pattern": r"[^:Z]*",
        },
    )
    toewijzing_ingangsdatum: str = field(
        metadata={
            "name": "ToewijzingIngangsdatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "pattern": r"[^:Z]*",
        }
    )
    toewijzing_einddatum: None | str = field(
        default=None,
        metadata={
            "name": "ToewijzingEinddatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "pattern": r"[^:Z]*",
        },
    )
    omvang: None | CdtOmvang = field(
        default=None,
        metadata={
            "name": "Omvang",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        },
    )
    budget: None | int = field(
        default=None,
        metadata={
            "name": "Budget",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "min_inclusive": 0,
            "max_inclusive": 99999999,
        },
    )
    verwijzer: CdtVerwijzer = field(
        metadata={
            "name": "Verwijzer",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        }
    )
    raamcontract: None | LdtJaNee = field(
        default=None,
        metadata={
            "name": "Raamcontract",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        },
    )
    commentaar: None | str = field(
        default=None,
        metadata={
            "name": "Commentaar",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "min_length": 1,
            "pattern": r"([.\s]*\S+[.\s]*)+",
        },
    )
    retour_codes: RetourCodes = field(
        metadata={
            "name": "RetourCodes",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Header:
    bericht_code: str = field(
        metadata={
            "name": "BerichtCode",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "min_length": 1,
            "max_length": 3,
            "pattern": r"447",
        }
    )
    bericht_versie: int = field(
        metadata={
            "name": "BerichtVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "min_inclusive": 0,
            "max_inclusive": 99,
            "pattern": r"3",
        }
    )
    bericht_subversie: int = field(
        metadata={
            "name": "BerichtSubversie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "min_inclusive": 0,
            "max_inclusive": 99,
            "pattern": r"2",
        }
    )
    afzender: str = field(
        metadata={
            "name": "Afzender",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "min_length": 1,
            "max_length": 8,
            "pattern": r"[0-9]{8}",
        }
    )
    ontvanger: str = field(
        metadata={
            "name": "Ontvanger",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "min_length": 1,
            "pattern": r"[0-9]{4}",
        }
    )
    bericht_identificatie: CdtBerichtIdentificatie = field(
        metadata={
            "name": "BerichtIdentificatie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        }
    )
    xsd_versie: CdtXsdVersie = field(
        metadata={
            "name": "XsdVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        }
    )
    identificatie_retour: str = field(
        metadata={
            "name": "IdentificatieRetour",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "min_length": 1,
            "max_length": 12,
            "pattern": r".*[^\s].*",
        }
    )
    dagtekening_retour: str = field(
        metadata={
            "name": "DagtekeningRetour",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "pattern": r"[^:Z]*",
        }
    )
    xslt_versie: None | str = field(
        default=None,
        metadata={
            "name": "XsltVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "min_length": 1,
            "pattern": r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)",
        },
    )
    xsd_versie_retour: CdtXsdVersie = field(
        metadata={
            "name": "XsdVersieRetour",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        }
    )
    retour_codes: None | RetourCodes = field(
        default=None,
        metadata={
            "name": "RetourCodes",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AangevraagdeProducten:
    aangevraagd_product: tuple[AangevraagdProduct, ...] = field(
        default_factory=tuple,
        metadata={
            "name": "AangevraagdProduct",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "min_occurs": 1,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Client:
    bsn: str = field(
        metadata={
            "name": "Bsn",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "min_length": 1,
            "max_length": 9,
            "pattern": r"[0-9]{9}",
        }
    )
    geboortedatum: CdtGeboortedatum = field(
        metadata={
            "name": "Geboortedatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        }
    )
    geslacht: LdtGeslacht = field(
        metadata={
            "name": "Geslacht",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        }
    )
    naam: CdtVerkorteNaam = field(
        metadata={
            "name": "Naam",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        }
    )
    gezagsdrager_bekend: None | LdtJaNee = field(
        default=None,
        metadata={
            "name": "GezagsdragerBekend",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        },
    )
    commentaar: None | str = field(
        default=None,
        metadata={
            "name": "Commentaar",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
            "min_length": 1,
            "pattern": r"([.\s]*\S+[.\s]*)+",
        },
    )
    aangevraagde_producten: AangevraagdeProducten = field(
        metadata={
            "name": "AangevraagdeProducten",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        }
    )
    retour_codes: RetourCodes = field(
        metadata={
            "name": "RetourCodes",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Root:
    header: Header = field(
        metadata={
            "name": "Header",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        }
    )
    client: None | Client = field(
        default=None,
        metadata={
            "name": "Client",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw316/schema",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Bericht(Root):
    class Meta:
        namespace = "http://www.istandaarden.nl/ijw/3_2/jw316/schema"
