from __future__ import annotations

from dataclasses import dataclass, field

from jeugdmodel.ijw.model.basisschema import (
    CdtBedragMetDc,
    CdtBerichtIdentificatie,
    CdtGeslotenPeriode,
    CdtReferentie,
    CdtTotaalBedragMetDc,
    CdtXsdVersie,
    LdtEenheid,
    LdtProductCategorie,
    LdtRetourCode,
)

__NAMESPACE__ = "http://www.istandaarden.nl/ijw/3_2/jw325/schema"


@dataclass(frozen=True, slots=True, kw_only=True)
class RetourCodes:
    retour_code: tuple[LdtRetourCode, ...] = field(
        default_factory=tuple,
        metadata={
            "name": "RetourCode",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
            "min_occurs": 1,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Header:
    bericht_code: str = field(
        metadata={
            "name": "BerichtCode",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
            "min_length": 1,
            "max_length": 3,
            "pattern": r"491",
        }
    )
    bericht_versie: int = field(
        metadata={
            "name": "BerichtVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
            "min_inclusive": 0,
            "max_inclusive": 99,
            "pattern": r"3",
        }
    )
    bericht_subversie: int = field(
        metadata={
            "name": "BerichtSubversie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
            "min_inclusive": 0,
            "max_inclusive": 99,
            "pattern": r"2",
        }
    )
    afzender: str = field(
        metadata={
            "name": "Afzender",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
            "min_length": 1,
            "pattern": r"[0-9]{4}",
        }
    )
    ontvanger: str = field(
        metadata={
            "name": "Ontvanger",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
            "min_length": 1,
            "max_length": 8,
            "pattern": r"[0-9]{8}",
        }
    )
    bericht_identificatie: CdtBerichtIdentificatie = field(
        metadata={
            "name": "BerichtIdentificatie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )
    xsd_versie: CdtXsdVersie = field(
        metadata={
            "name": "XsdVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )
    declaratie_identificatie: CdtBerichtIdentificatie = field(
        metadata={
            "name": "DeclaratieIdentificatie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )
    xslt_versie: None | str = field(
        default=None,
        metadata={
            "name": "XsltVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
            "min_length": 1,
            "pattern": r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)",
        },
    )
    xsd_versie_declaratie: CdtXsdVersie = field(
        metadata={
            "name": "XsdVersieDeclaratie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )
    retour_codes: RetourCodes = field(
        metadata={
            "name": "RetourCodes",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Prestatie:
    product_referentie: CdtReferentie = field(
        metadata={
            "name": "ProductReferentie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )
    toewijzing_nummer: int = field(
        metadata={
            "name": "ToewijzingNummer",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
            "min_inclusive": 0,
            "max_inclusive": 999999999,
        }
    )
    product_categorie: LdtProductCategorie = field(
        metadata={
            "name": "ProductCategorie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )
    product_code: str = field(
        metadata={
            "name": "ProductCode",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
            "min_length": 1,
            "max_length": 5,
            "pattern": r".*[^\s].*",
        }
    )
    product_periode: CdtGeslotenPeriode = field(
        metadata={
            "name": "ProductPeriode",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )
    geleverd_volume: int = field(
        metadata={
            "name": "GeleverdVolume",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
            "min_inclusive": 0,
            "max_inclusive": 99999999,
        }
    )
    eenheid: LdtEenheid = field(
        metadata={
            "name": "Eenheid",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )
    product_tarief: None | int = field(
        default=None,
        metadata={
            "name": "ProductTarief",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
            "min_inclusive": 0,
            "max_inclusive": 99999999,
        },
    )
    ingediend_bedrag: CdtBedragMetDc = field(
        metadata={
            "name": "IngediendBedrag",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )
    retour_codes: RetourCodes = field(
        metadata={
            "name": "RetourCodes",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Prestaties:
    prestatie: tuple[Prestatie, ...] = field(
        default_factory=tuple,
        metadata={
            "name": "Prestatie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
            "min_occurs": 1,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Client:
    bsn: str = field(
        metadata={
            "name": "Bsn",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
            "min_length": 1,
            "max_length": 9,
            "pattern": r"[0-9]{9}",
        }
    )
    prestaties: Prestaties = field(
        metadata={
            "name": "Prestaties",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )
    retour_codes: RetourCodes = field(
        metadata={
            "name": "RetourCodes",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Clienten:
    client: tuple[Client, ...] = field(
        default_factory=tuple,
        metadata={
            "name": "Client",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
            "min_occurs": 1,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DeclaratieAntwoord:
    declaratie_nummer: str = field(
        metadata={
            "name": "DeclaratieNummer",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
            "min_length": 1,
            "max_length": 12,
        }
    )
    totaal_ingediend_bedrag: CdtTotaalBedragMetDc = field(
        metadata={
            "name": "TotaalIngediendBedrag",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )
    totaal_toegekend_bedrag: CdtTotaalBedragMetDc = field(
        metadata={
            "name": "TotaalToegekendBedrag",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )
    clienten: None | Clienten = field(
        default=None,
        metadata={
            "name": "Clienten",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        },
    )
    retour_codes: RetourCodes = field(
        metadata={
            "name": "RetourCodes",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Root:
    header: Header = field(
        metadata={
            "name": "Header",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        }
    )
    declaratie_antwoord: None | DeclaratieAntwoord = field(
        default=None,
        metadata={
            "name": "DeclaratieAntwoord",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw325/schema",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Bericht(Root):
    class Meta:
        namespace = "http://www.istandaarden.nl/ijw/3_2/jw325/schema"
