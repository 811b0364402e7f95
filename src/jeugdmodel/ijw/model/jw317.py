from __future__ import annotations

from dataclasses import dataclass, field

from jeugdmodel.ijw.model.basisschema import (
    CdtBerichtIdentificatie,
    CdtOmvang,
    CdtProduct,
    CdtXsdVersie,
    LdtRedenVerzoek,
)

__NAMESPACE__ = "http://www.istandaarden.nl/ijw/3_2/jw317/schema"


@dataclass(frozen=True, slots=True, kw_only=True)
class OngewijzigdProduct:
    toewijzing_nummer: int = field(
        metadata={
            "name": "ToewijzingNummer",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "min_inclusive": 0,
            "max_inclusive": 999999999,
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Header:
    bericht_code: str = field(
        metadata={
            "name": "BerichtCode",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "min_length": 1,
            "max_length": 3,
            "pattern": r"486",
        }
    )
    bericht_versie: int = field(
        metadata={
            "name": "BerichtVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "min_inclusive": 0,
            "max_inclusive": 99,
            "pattern": r"3",
        }
    )
    bericht_subversie: int = field(
        metadata={
            "name": "BerichtSubversie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "min_inclusive": 0,
            "max_inclusive": 99,
            "pattern": r"2",
        }
    )
    afzender: str = field(
        metadata={
            "name": "Afzender",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "min_length": 1,
            "max_length": 8,
            "pattern": r"[0-9]{8}",
        }
    )
    ontvanger: str = field(
        metadata={
            "name": "Ontvanger",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "min_length": 1,
            "pattern": r"[0-9]{4}",
        }
    )
    bericht_identificatie: CdtBerichtIdentificatie = field(
        metadata={
            "name": "BerichtIdentificatie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
        }
    )
    xsd_versie: CdtXsdVersie = field(
        metadata={
            "name": "XsdVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class NieuwProduct:
    product: None | CdtProduct = field(
        default=None,
        metadata={
            "name": "Product",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
        },
    )
    gewenste_ingangsdatum: str = field(
        metadata={
            "name": "GewensteIngangsdatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "pattern": r"[^:Z]*",
        }
    )
    einddatum: None | str = field(
        default=None,
        metadata={
            "name": "Einddatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "pattern": r"[^:Z]*",
        },
    )
    omvang: None | CdtOmvang = field(
        default=None,
        metadata={
            "name": "Omvang",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
        },
    )
    budget: None | int = field(
        default=None,
        metadata={
            "name": "Budget",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "min_inclusive": 0,
            "max_inclusive": 99999999,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class OngewijzigdeProducten:
    ongewijzigd_product: tuple[OngewijzigdProduct, ...] = field(
        default_factory=tuple,
        metadata={
            "name": "OngewijzigdProduct",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "min_occurs": 1,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TeWijzigenProduct:
    toewijzing_nummer: int = field(
        metadata={
            "name": "ToewijzingNummer",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "min_inclusive": 0,
            "max_inclusive": 999999999,
        }
    )
    gewenste_ingangsdatum: str = field(
        metadata={
            "name": "GewensteIngangsdatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "pattern": r"[^:Z]*",
        }
    )
    einddatum: None | str = field(
        default=None,
        metadata={
            "name": "Einddatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "pattern": r"[^:Z]*",
        },
    )
    omvang: None | CdtOmvang = field(
        default=None,
        metadata={
            "name": "Omvang",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
        },
    )
    budget: None | int = field(
        default=None,
        metadata={
            "name": "Budget",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "min_inclusive": 0,
            "max_inclusive": 99999999,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class NieuweProducten:
    nieuw_product: tuple[NieuwProduct, ...] = field(
        default_factory=tuple,
        metadata={
            "name": "NieuwProduct",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "min_occurs": 1,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TeWijzigenProducten:
    te_wijzigen_product: tuple[TeWijzigenProduct, ...] = field(
        default_factory=tuple,
        metadata={
            "name": "TeWijzigenProduct",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "min_occurs": 1,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Verzoek:
    referentie_aanbieder: str = field(
        metadata={
            "name": "ReferentieAanbieder",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "min_length": 1,
            "max_length": 36,
            "pattern": r".*[^\s].*",
        }
    )
    reden_verzoek: LdtRedenVerzoek = field(
        metadata={
            "name": "RedenVerzoek",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
        }
    )
    ongewijzigde_producten: None | OngewijzigdeProducten = field(
        default=None,
        metadata={
            "name": "OngewijzigdeProducten",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
        },
    )
    te_wijzigen_producten: None | TeWijzigenProducten = field(
        default=None,
        metadata={
            "name": "TeWijzigenProducten",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
        },
    )
    nieuwe_producten: None | NieuweProducten = field(
        default=None,
        metadata={
            "name": "NieuweProducten",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Client:
    bsn: str = field(
        metadata={
            "name": "Bsn",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
            "min_length": 1,
            "max_length": 9,
            "pattern": r"[0-9]{9}",
        }
    )
    verzoek: Verzoek = field(
        metadata={
            "name": "Verzoek",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Root:
    header: Header = field(
        metadata={
            "name": "Header",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
        }
    )
    client: Client = field(
        metadata={
            "name": "Client",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/jw317/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Bericht(Root):
    class Meta:
        namespace = "http://www.istandaarden.nl/ijw/3_2/jw317/schema"
