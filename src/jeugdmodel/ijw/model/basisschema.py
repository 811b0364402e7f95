from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

__NAMESPACE__ = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtAchternaam:
    class Meta:
        name = "CDT_Achternaam"

    achternaam: str = field(
        metadata={
            "name": "Achternaam",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 200,
            "pattern": r".*[^\s].*",
        }
    )
    voorvoegsel: None | str = field(
        default=None,
        metadata={
            "name": "Voorvoegsel",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 10,
            "pattern": r".*[^\s].*",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtBerichtIdentificatie:
    class Meta:
        name = "CDT_BerichtIdentificatie"

    identificatie: str = field(
        metadata={
            "name": "Identificatie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 12,
            "pattern": r".*[^\s].*",
        }
    )
    dagtekening: str = field(
        metadata={
            "name": "Dagtekening",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "pattern": r"[^:Z]*",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtGeslotenPeriode:
    class Meta:
        name = "CDT_GeslotenPeriode"

    begindatum: str = field(
        metadata={
            "name": "Begindatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "pattern": r"[^:Z]*",
        }
    )
    einddatum: str = field(
        metadata={
            "name": "Einddatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "pattern": r"[^:Z]*",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtOpenPeriode:
    class Meta:
        name = "CDT_OpenPeriode"

    begindatum: None | str = field(
        default=None,
        metadata={
            "name": "Begindatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "pattern": r"[^:Z]*",
        },
    )
    einddatum: None | str = field(
        default=None,
        metadata={
            "name": "Einddatum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "pattern": r"[^:Z]*",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtReferentie:
    class Meta:
        name = "CDT_Referentie"

    referentie_nummer: str = field(
        metadata={
            "name": "ReferentieNummer",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 20,
        }
    )
    vorig_referentie_nummer: None | str = field(
        default=None,
        metadata={
            "name": "VorigReferentieNummer",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 20,
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtTelefoon:
    class Meta:
        name = "CDT_Telefoon"

    telefoonnummer: str = field(
        metadata={
            "name": "Telefoonnummer",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 15,
            "pattern": r"[0-9]*",
        }
    )
    landnummer: str = field(
        metadata={
            "name": "Landnummer",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 4,
            "pattern": r".*[^\s].*",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtXsdVersie:
    class Meta:
        name = "CDT_XsdVersie"

    basisschema_xsd_versie: str = field(
        metadata={
            "name": "BasisschemaXsdVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "pattern": r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)",
        }
    )
    bericht_xsd_versie: str = field(
        metadata={
            "name": "BerichtXsdVersie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "pattern": r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)",
        }
    )


class LdtAanduidingWoonadres(Enum):
    AB = "AB"
    BY = "BY"
    TO = "TO"
    WW = "WW"


class LdtAdresSoort(Enum):
    VALUE_01 = "01"
    VALUE_02 = "02"
    VALUE_03 = "03"
    VALUE_04 = "04"


class LdtCommunicatievorm(Enum):
    VALUE_1 = "1"
    VALUE_2 = "2"
    VALUE_3 = "3"


class LdtDatumGebruik(Enum):
    VALUE_1 = "1"
    VALUE_2 = "2"
    VALUE_3 = "3"


class LdtDebetCredit(Enum):
    C = "C"
    D = "D"


class LdtEenheid(Enum):
    VALUE_01 = "01"
    VALUE_04 = "04"
    VALUE_14 = "14"
    VALUE_16 = "16"
    VALUE_82 = "82"
    VALUE_83 = "83"
    VALUE_84 = "84"


class LdtFrequentie(Enum):
    VALUE_1 = "1"
    VALUE_2 = "2"
    VALUE_4 = "4"
    VALUE_6 = "6"


class LdtGeslacht(Enum):
    VALUE_0 = "0"
    VALUE_1 = "1"
    VALUE_2 = "2"


class LdtJaNee(Enum):
    VALUE_1 = "1"
    VALUE_2 = "2"


class LdtJuridischeStatus(Enum):
    VALUE_01 = "01"
    VALUE_02 = "02"
    VALUE_03 = "03"
    VALUE_04 = "04"
    VALUE_05 = "05"
    VALUE_11 = "11"
    VALUE_12 = "12"


class LdtLandCode(Enum):
    AD = "AD"
    AE = "AE"
    AF = "AF"
    AG = "AG"
    AI = "AI"
    AL = "AL"
    AM = "AM"
    AO = "AO"
    AQ = "AQ"
    AR = "AR"
    AS = "AS"
    AT = "AT"
    AU = "AU"
    AW = "AW"
    AX = "AX"
    AZ = "AZ"
    BA = "BA"
    BB = "BB"
    BD = "BD"
    BE = "BE"
    BF = "BF"
    BG = "BG"
    BH = "BH"
    BI = "BI"
    BJ = "BJ"
    BL = "BL"
    BM = "BM"
    BN = "BN"
    BO = "BO"
    BQ = "BQ"
    BR = "BR"
    BS = "BS"
    BT = "BT"
    BV = "BV"
    BW = "BW"
    BY = "BY"
    BZ = "BZ"
    CA = "CA"
    CC = "CC"
    CD = "CD"
    CF = "CF"
    CG = "CG"
    CH = "CH"
    CI = "CI"
    CK = "CK"
    CL = "CL"
    CM = "CM"
    CN = "CN"
    CO = "CO"
    CR = "CR"
    CU = "CU"
    CV = "CV"
    CW = "CW"
    CX = "CX"
    CY = "CY"
    CZ = "CZ"
    DE = "DE"
    DJ = "DJ"
    DK = "DK"
    DM = "DM"
    DO = "DO"
    DZ = "DZ"
    EC = "EC"
    EE = "EE"
    EG = "EG"
    EH = "EH"
    ER = "ER"
    ES = "ES"
    ET = "ET"
    FI = "FI"
    FJ = "FJ"
    FK = "FK"
    FM = "FM"
    FO = "FO"
    FR = "FR"
    GA = "GA"
    GB = "GB"
    GD = "GD"
    GE = "GE"
    GF = "GF"
    GG = "GG"
    GH = "GH"
    GI = "GI"
    GL = "GL"
    GM = "GM"
    GN = "GN"
    GP = "GP"
    GQ = "GQ"
    GR = "GR"
    GS = "GS"
    GT = "GT"
    GU = "GU"
    GW = "GW"
    GY = "GY"
    HK = "HK"
    HM = "HM"
    HN = "HN"
    HR = "HR"
    HT = "HT"
    HU = "HU"
    ID = "ID"
    IE = "IE"
    IL = "IL"
    IM = "IM"
    IN = "IN"
    IO = "IO"
    IQ = "IQ"
    IR = "IR"
    IS = "IS"
    IT = "IT"
    JE = "JE"
    JM = "JM"
    JO = "JO"
    JP = "JP"
    KE = "KE"
    KG = "KG"
    KH = "KH"
    KI = "KI"
    KM = "KM"
    KN = "KN"
    KP = "KP"
    KR = "KR"
    KW = "KW"
    KY = "KY"
    KZ = "KZ"
    LA = "LA"
    LB = "LB"
    LC = "LC"
    LI = "LI"
    LK = "LK"
    LR = "LR"
    LS = "LS"
    LT = "LT"
    LU = "LU"
    LV = "LV"
    LY = "LY"
    MA = "MA"
    MC = "MC"
    MD = "MD"
    ME = "ME"
    MF = "MF"
    MG = "MG"
    MH = "MH"
    MK = "MK"
    ML = "ML"
    MM = "MM"
    MN = "MN"
    MO = "MO"
    MP = "MP"
    MQ = "MQ"
    MR = "MR"
    MS = "MS"
    MT = "MT"
    MU = "MU"
    MV = "MV"
    MW = "MW"
    MX = "MX"
    MY = "MY"
    MZ = "MZ"
    NA = "NA"
    NC = "NC"
    NE = "NE"
    NF = "NF"
    NG = "NG"
    NI = "NI"
    NL = "NL"
    NO = "NO"
    NP = "NP"
    NR = "NR"
    NU = "NU"
    NZ = "NZ"
    OM = "OM"
    PA = "PA"
    PE = "PE"
    PF = "PF"
    PG = "PG"
    PH = "PH"
    PK = "PK"
    PL = "PL"
    PM = "PM"
    PN = "PN"
    PR = "PR"
    PS = "PS"
    PT = "PT"
    PW = "PW"
    PY = "PY"
    QA = "QA"
    RE = "RE"
    RO = "RO"
    RS = "RS"
    RU = "RU"
    RW = "RW"
    SA = "SA"
    SB = "SB"
    SC = "SC"
    SD = "SD"
    SE = "SE"
    SG = "SG"
    SH = "SH"
    SI = "SI"
    SJ = "SJ"
    SK = "SK"
    SL = "SL"
    SM = "SM"
    SN = "SN"
    SO = "SO"
    SR = "SR"
    SS = "SS"
    ST = "ST"
    SV = "SV"
    SX = "SX"
    SY = "SY"
    SZ = "SZ"
    TC = "TC"
    TD = "TD"
    TF = "TF"
    TG = "TG"
    TH = "TH"
    TJ = "TJ"
    TK = "TK"
    TL = "TL"
    TM = "TM"
    TN = "TN"
    TO = "TO"
    TR = "TR"
    TT = "TT"
    TV = "TV"
    TW = "TW"
    TZ = "TZ"
    UA = "UA"
    UG = "UG"
    UM = "UM"
    US = "US"
    UY = "UY"
    UZ = "UZ"
    VA = "VA"
    VC = "VC"
    VE = "VE"
    VG = "VG"
    VI = "VI"
    VN = "VN"
    VU = "VU"
    WF = "WF"
    WS = "WS"
    YE = "YE"
    YT = "YT"
    ZA = "ZA"
    ZM = "ZM"
    ZW = "ZW"


class LdtNaamGebruik(Enum):
    VALUE_1 = "1"
    VALUE_2 = "2"
    VALUE_3 = "3"
    VALUE_4 = "4"
    VALUE_5 = "5"
    VALUE_6 = "6"


class LdtProductCategorie(Enum):
    VALUE_31 = "31"
    VALUE_32 = "32"
    VALUE_33 = "33"
    VALUE_34 = "34"
    VALUE_35 = "35"
    VALUE_36 = "36"
    VALUE_37 = "37"
    VALUE_38 = "38"
    VALUE_40 = "40"
    VALUE_41 = "41"
    VALUE_42 = "42"
    VALUE_43 = "43"
    VALUE_44 = "44"
    VALUE_45 = "45"
    VALUE_46 = "46"
    VALUE_47 = "47"
    VALUE_48 = "48"
    VALUE_49 = "49"
    VALUE_50 = "50"
    VALUE_51 = "51"
    VALUE_52 = "52"
    VALUE_53 = "53"
    VALUE_54 = "54"
    VALUE_55 = "55"


class LdtRedenAfwijzingVerzoek(Enum):
    VALUE_1 = "1"
    VALUE_2 = "2"
    VALUE_3 = "3"
    VALUE_4 = "4"
    VALUE_5 = "5"
    VALUE_6 = "6"
    VALUE_7 = "7"
    VALUE_8 = "8"
    VALUE_9 = "9"


class LdtRedenBeeindiging(Enum):
    VALUE_02 = "02"
    VALUE_20 = "20"
    VALUE_31 = "31"
    VALUE_32 = "32"
    VALUE_33 = "33"
    VALUE_34 = "34"
    VALUE_35 = "35"
    VALUE_36 = "36"
    VALUE_37 = "37"
    VALUE_38 = "38"
    VALUE_39 = "39"


class LdtRedenVerzoek(Enum):
    VALUE_1 = "1"
    VALUE_2 = "2"


class LdtRedenWijziging(Enum):
    VALUE_01 = "01"
    VALUE_02 = "02"
    VALUE_03 = "03"
    VALUE_04 = "04"
    VALUE_05 = "05"
    VALUE_06 = "06"
    VALUE_07 = "07"
    VALUE_08 = "08"
    VALUE_09 = "09"
    VALUE_10 = "10"
    VALUE_11 = "11"
    VALUE_12 = "12"
    VALUE_13 = "13"
    VALUE_14 = "14"


class LdtRetourCode(Enum):
    VALUE_0001 = "0001"
    VALUE_0200 = "0200"
    VALUE_0233 = "0233"
    VALUE_0611 = "0611"
    VALUE_8001 = "8001"
    VALUE_8017 = "8017"
    VALUE_8021 = "8021"
    VALUE_8187 = "8187"
    VALUE_8214 = "8214"
    VALUE_8848 = "8848"
    VALUE_9019 = "9019"
    VALUE_9056 = "9056"
    VALUE_9063 = "9063"
    VALUE_9069 = "9069"
    VALUE_9071 = "9071"
    VALUE_9074 = "9074"
    VALUE_9307 = "9307"
    VALUE_9308 = "9308"
    VALUE_9319 = "9319"
    VALUE_9321 = "9321"
    VALUE_9322 = "9322"
    VALUE_9326 = "9326"
    VALUE_9332 = "9332"
    VALUE_9333 = "9333"
    VALUE_9338 = "9338"
    VALUE_9339 = "9339"
    VALUE_9340 = "9340"
    VALUE_9341 = "9341"
    VALUE_9346 = "9346"
    VALUE_9347 = "9347"
    VALUE_9349 = "9349"
    VALUE_9350 = "9350"
    VALUE_9351 = "9351"
    VALUE_9355 = "9355"
    VALUE_9357 = "9357"
    VALUE_9359 = "9359"
    VALUE_9360 = "9360"
    VALUE_9361 = "9361"
    VALUE_9365 = "9365"
    VALUE_9366 = "9366"
    VALUE_9367 = "9367"
    VALUE_9369 = "9369"
    VALUE_9373 = "9373"
    VALUE_9374 = "9374"
    VALUE_9375 = "9375"
    VALUE_9379 = "9379"
    VALUE_9384 = "9384"
    VALUE_9385 = "9385"
    VALUE_9387 = "9387"
    VALUE_9388 = "9388"
    VALUE_9389 = "9389"
    VALUE_9390 = "9390"
    VALUE_9411 = "9411"
    VALUE_9412 = "9412"
    VALUE_9413 = "9413"
    VALUE_9414 = "9414"
    VALUE_9415 = "9415"
    S300 = "S300"
    S329 = "S329"


class LdtSoortRelatie(Enum):
    VALUE_03 = "03"
    VALUE_04 = "04"
    VALUE_05 = "05"
    VALUE_06 = "06"
    VALUE_07 = "07"
    VALUE_08 = "08"
    VALUE_09 = "09"
    VALUE_10 = "10"
    VALUE_11 = "11"
    VALUE_12 = "12"
    VALUE_13 = "13"
    VALUE_14 = "14"
    VALUE_15 = "15"
    VALUE_16 = "16"
    VALUE_17 = "17"
    VALUE_18 = "18"
    VALUE_19 = "19"
    VALUE_20 = "20"
    VALUE_21 = "21"
    VALUE_22 = "22"
    VALUE_23 = "23"
    VALUE_24 = "24"
    VALUE_25 = "25"


class LdtStatusAanlevering(Enum):
    VALUE_1 = "1"
    VALUE_2 = "2"
    VALUE_3 = "3"
    VALUE_9 = "9"


class LdtTypeVerwijzer(Enum):
    VALUE_01 = "01"
    VALUE_02 = "02"
    VALUE_03 = "03"
    VALUE_04 = "04"
    VALUE_05 = "05"
    VALUE_06 = "06"
    VALUE_08 = "08"


class LdtVerzoekAntwoord(Enum):
    VALUE_1 = "1"
    VALUE_2 = "2"


class LdtWettelijkeVertegenwoordiging(Enum):
    VALUE_06 = "06"
    VALUE_07 = "07"
    VALUE_08 = "08"
    VALUE_09 = "09"
    VALUE_10 = "10"


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtBedragMetDc:
    class Meta:
        name = "CDT_BedragMetDC"

    bedrag: int = field(
        metadata={
            "name": "Bedrag",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_inclusive": 0,
            "max_inclusive": 99999999,
        }
    )
    debet_credit: LdtDebetCredit = field(
        metadata={
            "name": "DebetCredit",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtCommunicatie:
    class Meta:
        name = "CDT_Communicatie"

    vorm: LdtCommunicatievorm = field(
        metadata={
            "name": "Vorm",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        }
    )
    taal: None | str = field(
        default=None,
        metadata={
            "name": "Taal",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 25,
            "pattern": r".*[^\s].*",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtGeboortedatum:
    class Meta:
        name = "CDT_Geboortedatum"

    datum: str = field(
        metadata={
            "name": "Datum",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "pattern": r"[^:Z]*",
        }
    )
    datum_gebruik: None | LdtDatumGebruik = field(
        default=None,
        metadata={
            "name": "DatumGebruik",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtHuis:
    class Meta:
        name = "CDT_Huis"

    huisnummer: int = field(
        metadata={
            "name": "Huisnummer",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_inclusive": 0,
            "max_inclusive": 99999,
        }
    )
    huisletter: None | str = field(
        default=None,
        metadata={
            "name": "Huisletter",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 1,
            "pattern": r".*[^\s].*",
        },
    )
    huisnummer_toevoeging: None | str = field(
        default=None,
        metadata={
            "name": "HuisnummerToevoeging",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 4,
            "pattern": r".*[^\s].*",
        },
    )
    aanduiding_woonadres: None | LdtAanduidingWoonadres = field(
        default=None,
        metadata={
            "name": "AanduidingWoonadres",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtOmvang:
    class Meta:
        name = "CDT_Omvang"

    volume: int = field(
        metadata={
            "name": "Volume",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_inclusive": 0,
            "max_inclusive": 99999999,
        }
    )
    eenheid: LdtEenheid = field(
        metadata={
            "name": "Eenheid",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        }
    )
    frequentie: LdtFrequentie = field(
        metadata={
            "name": "Frequentie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtProduct:
    class Meta:
        name = "CDT_Product"

    categorie: LdtProductCategorie = field(
        metadata={
            "name": "Categorie",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        }
    )
    code: None | str = field(
        default=None,
        metadata={
            "name": "Code",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 5,
            "pattern": r".*[^\s].*",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtTelefoonnummers:
    class Meta:
        name = "CDT_Telefoonnummers"

    telefoon01: CdtTelefoon = field(
        metadata={
            "name": "Telefoon01",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        }
    )
    telefoon02: None | CdtTelefoon = field(
        default=None,
        metadata={
            "name": "Telefoon02",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtTotaalBedragMetDc:
    class Meta:
        name = "CDT_TotaalBedragMetDC"

    totaal_bedrag: int = field(
        metadata={
            "name": "TotaalBedrag",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_inclusive": 0,
            "max_inclusive": 999999999999,
        }
    )
    debet_credit: LdtDebetCredit = field(
        metadata={
            "name": "DebetCredit",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtVerkorteNaam:
    class Meta:
        name = "CDT_VerkorteNaam"

    geslachtsnaam: CdtAchternaam = field(
        metadata={
            "name": "Geslachtsnaam",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        }
    )
    voornamen: None | str = field(
        default=None,
        metadata={
            "name": "Voornamen",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 200,
            "pattern": r".*[^\s].*",
        },
    )
    voorletters: None | str = field(
        default=None,
        metadata={
            "name": "Voorletters",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 6,
            "pattern": r"([a-zA-ZÀ-ỳ])+",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtVerwijzer:
    class Meta:
        name = "CDT_Verwijzer"

    type_value: LdtTypeVerwijzer = field(
        metadata={
            "name": "Type",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        }
    )
    naam: None | str = field(
        default=None,
        metadata={
            "name": "Naam",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 64,
            "pattern": r".*[^\s].*",
        },
    )
    zorgverlener_code: None | str = field(
        default=None,
        metadata={
            "name": "ZorgverlenerCode",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 8,
            "pattern": r"[0-9]{8}",
        },
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtVolledigeNaam:
    class Meta:
        name = "CDT_VolledigeNaam"

    geslachtsnaam: CdtAchternaam = field(
        metadata={
            "name": "Geslachtsnaam",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        }
    )
    partnernaam: None | CdtAchternaam = field(
        default=None,
        metadata={
            "name": "Partnernaam",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        },
    )
    voornamen: None | str = field(
        default=None,
        metadata={
            "name": "Voornamen",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 200,
            "pattern": r".*[^\s].*",
        },
    )
    voorletters: None | str = field(
        default=None,
        metadata={
            "name": "Voorletters",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 6,
            "pattern": r"([a-zA-ZÀ-ỳ])+",
        },
    )
    naam_gebruik: LdtNaamGebruik = field(
        metadata={
            "name": "NaamGebruik",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        }
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CdtAdres:
    class Meta:
        name = "CDT_Adres"

    huis: None | CdtHuis = field(
        default=None,
        metadata={
            "name": "Huis",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        },
    )
    postcode: None | str = field(
        default=None,
        metadata={
            "name": "Postcode",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 8,
            "pattern": r".*[^\s].*",
        },
    )
    straatnaam: None | str = field(
        default=None,
        metadata={
            "name": "Straatnaam",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 24,
            "pattern": r".*[^\s].*",
        },
    )
    plaatsnaam: None | str = field(
        default=None,
        metadata={
            "name": "Plaatsnaam",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
            "min_length": 1,
            "max_length": 80,
            "pattern": r".*[^\s].*",
        },
    )
    land_code: None | LdtLandCode = field(
        default=None,
        metadata={
            "name": "LandCode",
            "type": "Element",
            "namespace": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        },
    )
