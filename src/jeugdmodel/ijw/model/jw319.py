from __future__ import annotations

from dataclasses import dataclass, field

from jeugdmodel.ijw.model.basisschema import (
    CdtBerichtIdentificatie,
    CdtXsdVersie,
    LdtRedenAfwijzingVerzoek,
    LdtVerzoekAntwoord,
)

__NAMESPACE__ = "http://www.istandaarden.nl/ijw/3_2/jw319/schema"


@dataclass(frozen=True, slots=True, kw_only=True)
class Woonplaatsbeginsel:
    gemeente: str = field(
        metadata={
            "name": "Gemeente",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw319/schema",
            "min_length": 1,
            "pattern": r"[0-9]{4}",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Antwoord:
    referentie_aanbieder: str = field(
        metadata={
            "name": "ReferentieAanbieder",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw319/schema",
            "min_length": 1,
            "max_length": 36,
            "pattern": r".*[^\s].*",
        }
    )
    verzoek_antwoord: LdtVerzoekAntwoord = field(
        metadata={
            "name": "VerzoekAntwoord",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw319/schema",
        }
    )
    reden_afwijzing_verzoek: None | LdtRedenAfwijzingVerzoek = field(
        default=None,
        metadata={
            "name": "RedenAfwijzingVerzoek",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw319/schema",
        },
    )
    woonplaatsbeginsel: None | Woonplaatsbeginsel = field(
        default=None,
        metadata={
            "name": "Woonplaatsbeginsel",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw319/schema",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Header:
    bericht_code: str = field(
        metadata={
            "name": "BerichtCode",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw319/schema",
            "min_length": 1,
            "max_length": 3,
            "pattern": r"488",
        }
    )
    bericht_versie: int = field(
        metadata={
            "name": "BerichtVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw319/schema",
            "min_inclusive": 0,
            "max_inclusive": 99,
            "pattern": r"3",
        }
    )
    bericht_subversie: int = field(
        metadata={
            "name": "BerichtSubversie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw319/schema",
            "min_inclusive": 0,
            "max_inclusive": 99,
            "pattern": r"2",
        }
    )
    afzender: str = field(
        metadata={
            "name": "Afzender",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw319/schema",
            "min_length": 1,
            "pattern": r"[0-9]{4}",
        }
    )
    ontvanger: str = field(
        metadata={
            "name": "Ontvanger",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw319/schema",
            "min_length": 1,
            "max_length": 8,
            "pattern": r"[0-9]{8}",
        }
    )
    bericht_identificatie: CdtBerichtIdentificatie = field(
        metadata={
            "name": "BerichtIdentificatie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw319/schema",
        }
    )
    xsd_versie: CdtXsdVersie = field(
        metadata={
            "name": "XsdVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw319/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Root:
    header: Header = field(
        metadata={
            "name": "Header",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw319/schema",
        }
    )
    antwoord: Antwoord = field(
        metadata={
            "name": "Antwoord",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw319/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Bericht(Root):
    class Meta:
        namespace = "http://www.istandaarden.nl/ijw/3_2/jw319/schema"
