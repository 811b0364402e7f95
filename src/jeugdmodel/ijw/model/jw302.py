from __future__ import annotations

from dataclasses import dataclass, field

from jeugdmodel.ijw.model.basisschema import (
    CdtAdres,
    CdtBerichtIdentificatie,
    CdtCommunicatie,
    CdtGeboortedatum,
    CdtOmvang,
    CdtOpenPeriode,
    CdtProduct,
    CdtTelefoonnummers,
    CdtVolledigeNaam,
    CdtXsdVersie,
    LdtAdresSoort,
    LdtGeslacht,
    LdtJuridischeStatus,
    LdtRedenWijziging,
    LdtRetourCode,
    LdtSoortRelatie,
    LdtWettelijkeVertegenwoordiging,
)

__NAMESPACE__ = "http://www.istandaarden.nl/ijw/3_2/jw302/schema"


@dataclass(frozen=True, slots=True, kw_only=True)
class RetourCodes:
    retour_code: tuple[LdtRetourCode, ...] = field(
        default_factory=tuple,
        metadata={
            "name": "RetourCode",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_occurs": 1,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    soort: LdtAdresSoort = field(
        metadata={
            "name": "Soort",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )
    adres: None | CdtAdres = field(
        default=None,
        metadata={
            "name": "Adres",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        },
    )
    organisatie: None | str = field(
        default=None,
        metadata={
            "name": "Organisatie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_length": 1,
            "max_length": 35,
            "pattern": r".*[^\s].*",
        },
    )
    telefoon: None | CdtTelefoonnummers = field(
        default=None,
        metadata={
            "name": "Telefoon",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        },
    )
    emailadres: None | str = field(
        default=None,
        metadata={
            "name": "Emailadres",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_length": 1,
            "max_length": 80,
            "pattern": r".*[^\s].*",
        },
    )
    periode: None | CdtOpenPeriode = field(
        default=None,
        metadata={
            "name": "Periode",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        },
    )
    retour_codes: RetourCodes = field(
        metadata={
            "name": "RetourCodes",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Header:
    bericht_code: str = field(
        metadata={
            "name": "BerichtCode",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_length": 1,
            "max_length": 3,
            "pattern": r"437",
        }
    )
    bericht_versie: int = field(
        metadata={
            "name": "BerichtVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_inclusive": 0,
            "max_inclusive": 99,
            "pattern": r"3",
        }
    )
    bericht_subversie: int = field(
        metadata={
            "name": "BerichtSubversie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_inclusive": 0,
            "max_inclusive": 99,
            "pattern": r"2",
        }
    )
    afzender: str = field(
        metadata={
            "name": "Afzender",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_length": 1,
            "pattern": r"[0-9]{4}",
        }
    )
    ontvanger: str = field(
        metadata={
            "name": "Ontvanger",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_length": 1,
            "max_length": 8,
            "pattern": r"[0-9]{8}",
        }
    )
    bericht_identificatie: CdtBerichtIdentificatie = field(
        metadata={
            "name": "BerichtIdentificatie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )
    xsd_versie: CdtXsdVersie = field(
        metadata={
            "name": "XsdVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )
    identificatie_retour: str = field(
        metadata={
            "name": "IdentificatieRetour",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_length": 1,
            "max_length": 12,
            "pattern": r".*[^\s].*",
        }
    )
    dagtekening_retour: str = field(
        metadata={
            "name": "DagtekeningRetour",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "pattern": r"[^:Z]*",
        }
    )
    xslt_versie: None | str = field(
        default=None,
        metadata={
            "name": "XsltVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_length": 1,
            "pattern": r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)",
        },
    )
    xsd_versie_retour: CdtXsdVersie = field(
        metadata={
            "name": "XsdVersieRetour",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )
    retour_codes: None | RetourCodes = field(
        default=None,
        metadata={
            "name": "RetourCodes",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ToegewezenProduct:
    toewijzing_nummer: int = field(
        metadata={
            "name": "ToewijzingNummer",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_inclusive": 0,
            "max_inclusive": 999999999,
        }
    )
    referentie_aanbieder: None | str = field(
        default=None,
        metadata={
            "name": "ReferentieAanbieder",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_length": 1,
            "max_length": 36,
            "pattern": r".*[^\s].*",
        },
    )
    product: None | CdtProduct = field(
        default=None,
        metadata={
            "name": "Product",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        },
    )
    toewijzingsdatum: str = field(
        metadata={
            "name": "Toewijzingsdatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "pattern": r"[^:Z]*",
        }
    )
    toewijzingstijd: str = field(
        metadata={
            "name": "Toewijzingstijd",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "pattern": r"[^Z+-]+",
        }
    )
    ingangsdatum: str = field(
        metadata={
            "name": "Ingangsdatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "pattern": r"[^:Z]*",
        }
    )
    einddatum: None | str = field(
        default=None,
        metadata={
            "name": "Einddatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "pattern": r"[^:Z]*",
        },
    )
    reden_wijziging: None | LdtRedenWijziging = field(
        default=None,
        metadata={
            "name": "RedenWijziging",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        },
    )
    omvang: None | CdtOmvang = field(
        default=None,
        metadata={
            "name": "Omvang",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        },
    )
    budget: None | int = field(
        default=None,
        metadata={
            "name": "Budget",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_inclusive": 0,
            "max_inclusive": 99999999,
        },
    )
    commentaar: None | str = field(
        default=None,
        metadata={
            "name": "Commentaar",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_length": 1,
            "pattern": r"([.\s]*\S+[.\s]*)+",
        },
    )
    retour_codes: RetourCodes = field(
        metadata={
            "name": "RetourCodes",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Contactgegevens:
    contact: tuple[Contact, ...] = field(
        default_factory=tuple,
        metadata={
            "name": "Contact",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_occurs": 1,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Relatie:
    nummer: str = field(
        metadata={
            "name": "Nummer",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_length": 1,
            "max_length": 20,
            "pattern": r".*[^\s].*",
        }
    )
    volgorde: None | int = field(
        default=None,
        metadata={
            "name": "Volgorde",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_inclusive": 0,
            "max_inclusive": 99,
        },
    )
    soort: LdtSoortRelatie = field(
        metadata={
            "name": "Soort",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )
    geboortedatum: None | CdtGeboortedatum = field(
        default=None,
        metadata={
            "name": "Geboortedatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        },
    )
    geslacht: None | LdtGeslacht = field(
        default=None,
        metadata={
            "name": "Geslacht",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        },
    )
    naam: CdtVolledigeNaam = field(
        metadata={
            "name": "Naam",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )
    contact: Contact = field(
        metadata={
            "name": "Contact",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )
    retour_codes: RetourCodes = field(
        metadata={
            "name": "RetourCodes",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ToegewezenProducten:
    toegewezen_product: tuple[ToegewezenProduct, ...] = field(
        default_factory=tuple,
        metadata={
            "name": "ToegewezenProduct",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_occurs": 1,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Relaties:
    relatie: tuple[Relatie, ...] = field(
        default_factory=tuple,
        metadata={
            "name": "Relatie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_occurs": 1,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Client:
    bsn: str = field(
        metadata={
            "name": "Bsn",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_length": 1,
            "max_length": 9,
            "pattern": r"[0-9]{9}",
        }
    )
    geboortedatum: CdtGeboortedatum = field(
        metadata={
            "name": "Geboortedatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )
    geslacht: LdtGeslacht = field(
        metadata={
            "name": "Geslacht",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )
    naam: CdtVolledigeNaam = field(
        metadata={
            "name": "Naam",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )
    communicatie: None | CdtCommunicatie = field(
        default=None,
        metadata={
            "name": "Communicatie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        },
    )
    juridische_status: None | LdtJuridischeStatus = field(
        default=None,
        metadata={
            "name": "JuridischeStatus",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        },
    )
    wettelijke_vertegenwoordiging: None | LdtWettelijkeVertegenwoordiging = (
        field(
            default=None,
            metadata={
                "name": "WettelijkeVertegenwoordiging",
                "type": "Element",
                "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            },
        )
    )
    commentaar: None | str = field(
        default=None,
        metadata={
            "name": "Commentaar",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
            "min_length": 1,
            "pattern": r"([.\s]*\S+[.\s]*)+",
        },
    )
    relaties: None | Relaties = field(
        default=None,
        metadata={
            "name": "Relaties",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        },
    )
    contactgegevens: Contactgegevens = field(
        metadata={
            "name": "Contactgegevens",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )
    toegewezen_producten: ToegewezenProducten = field(
        metadata={
            "name": "ToegewezenProducten",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )
    retour_codes: RetourCodes = field(
        metadata={
            "name": "RetourCodes",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Root:
    header: Header = field(
        metadata={
            "name": "Header",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        }
    )
    client: None | Client = field(
        default=None,
        metadata={
            "name": "Client",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw302/schema",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Bericht(Root):
    class Meta:
        namespace = "http://www.istandaarden.nl/ijw/3_2/jw302/schema"
