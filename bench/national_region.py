"""A synthetic national region: ~342 municipalities (GM9001…, all marked synthetic) with
districts of skewed sizes (a few big cities, many villages), one or more 4-digit postcode
areas per district, wijkteams per municipality, POH-jeugd and onderwijs teams, region-wide
flexible and specialist teams, GP practices and schools, and a few help forms of the
region's own. Next to it a finance file with tariffs and the youth population (0–17) per
district, so cost and "per 1,000 youths" work at national size too.

Nothing here is real: the sizes follow the shape of the Netherlands (about 17.9 million
inhabitants, 342 municipalities, about 3,400 CBS districts), the names are made up. The
files are generated at bench time (into var/bench/) and never committed: they are large.

    uv run python -m bench.national_region [--out var/bench/nl-synthetic.yaml] [--seed 1]
    uv run python manage.py region_check var/bench/nl-synthetic.yaml
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
REGION_CODE = "nl-synthetic"
MUNICIPALITIES = 342
INHABITANTS = 17_900_000
DISTRICTS = 3_420  # about 10 per municipality on average
#: Youths 0–17 as a share of inhabitants (CBS: about 3.5 million of 17.9 million).
YOUTH_SHARE = 0.195
FIRST_GM = 9001  # GM9001…GM9342; the fictional region uses GM9901/GM9902
#: Postcode areas are handed out from 1000 upwards, skipping those of the shipped regions
#: (MVS: 3100–3147 and its neighbours; fictional: 99xx) so the files can share a database.
PC4_SKIP = (range(3000, 3200), range(2600, 2700), range(9900, 10000))
YEARS = range(2020, 2028)

_PREFIX = [
    "Noord", "Zuid", "Oost", "West", "Nieuw", "Oud", "Groot", "Klein", "Hoog", "Laag",
    "Sint ", "Ter ", "Den ", "Ooster", "Wester", "Binnen", "Buiten", "Midden", "Lange", "Korte",
]  # fmt: skip
_STEM = [
    "Aal", "Berk", "Bram", "Dal", "Drie", "Eik", "Elst", "Gaas", "Geest", "Haar", "Heem",
    "Hel", "Holt", "Kamp", "Kolk", "Lin", "Loo", "Maar", "Meer", "Molen", "Nes", "Olde",
    "Peel", "Ravens", "Ried", "Schel", "Sloot", "Spui", "Steen", "Tuin", "Veen", "Vliet",
    "Vorden", "Wad", "Weer", "Wold", "Zand", "Zeven", "Zwaan", "Bosch", "Eem", "Ruw",
]  # fmt: skip
_SUFFIX = [
    "dam", "dijk", "veen", "horst", "wijk", "broek", "hoven", "meer", "zijl", "recht",
    "dorp", "burg", "haven", "lo", "rade", "stede", "wolde", "kerk", "voorde", "beek",
]  # fmt: skip
_DISTRICT = [
    "Centrum", "Oud-Zuid", "Nieuw-West", "Noord", "Haven", "Molenwijk", "Bloemenbuurt",
    "Vogelwijk", "Parkwijk", "Dijkzone", "Stationsgebied", "Buitengebied", "Kerkbuurt",
    "Bomenwijk", "Polder", "De Weide", "Het Hof", "Schildersbuurt", "Waterkant", "Beekdal",
]  # fmt: skip
_ORG_MEMBERS = [
    "Jeugdhulp Lage Landen", "Gezin & Groei", "Kind in Zicht", "De Brug Jeugdzorg",
    "Samen Sterk Jeugd", "Horizon Jeugdhulp", "Opvoedpunt Nederland", "Jong Perspectief",
]  # fmt: skip
_SUBCONTRACTORS = [
    "Behandelcentrum Kompas", "GGZ Jeugd Delta", "Gezinshuizen Verbond", "Pleegzorg Plus",
    "Crisisdienst Jeugd", "Dagbehandeling De Kring",
]  # fmt: skip
_PROVINCES = [
    "Noord", "Oost", "Zuid", "West", "Midden", "Kust", "Rivierenland", "Heuvelland",
    "Veenkoloniën", "Randstad-Noord", "Randstad-Zuid", "Delta",
]  # fmt: skip
#: The region's own help forms, next to the national base list.
HELP_FORMS = [
    ("nl-intensieve-ambulante-gezinsbegeleiding", "Intensieve ambulante gezinsbegeleiding",
     "specialistisch", False, 165_00),
    ("nl-jongerenwerk-plus", "Jongerenwerk plus", "basis", False, 38_00),
    ("nl-kamertraining", "Kamertraining", "specialistisch", True, 210_00),
]  # fmt: skip
#: Price per day in cents in 2025 for the national base list (as in regions/mvs-finance.yaml),
#: indexed 3.5% a year.
TARIFFS_2025 = {
    "wijkteamondersteuning": 55_00,
    "poh-jeugd-begeleiding": 45_00,
    "gezinsspecialist-onderwijs": 50_00,
    "consultatie-flexibel-netwerk": 70_00,
    "ambulante-jeugdhulp": 140_00,
    "ouder-kindbegeleiding": 120_00,
    "jeugd-ggz-behandeling": 185_00,
    "dagbehandeling": 195_00,
    "pleegzorg": 250_00,
    "gezinshuis": 320_00,
    "residentieel-verblijf": 430_00,
    "crisisopvang": 450_00,
    "logeeropvang": 260_00,
}


def _sizes(rng: random.Random) -> list[int]:
    """Inhabitants per municipality, largest first: four big cities (930,000, 670,000,
    560,000 and 370,000, like the real four), then a log-normal tail around a median of
    about 30,000 down to about 1,000, summing to about INHABITANTS."""
    big = [930_000, 670_000, 560_000, 370_000]
    tail = sorted(
        (rng.lognormvariate(0, 0.85) for _ in range(MUNICIPALITIES - len(big))), reverse=True
    )
    scale = (INHABITANTS - sum(big)) / sum(tail)
    return big + [min(big[-1] - 10_000, max(1_000, round(t * scale))) for t in tail]


def _district_counts(sizes: list[int]) -> list[int]:
    """Districts per municipality: growing slower than the size (a city of 900,000 has about
    90, a village one or two), about DISTRICTS in total, at most 99 (two code digits)."""
    weights = [s**0.75 for s in sizes]
    scale = DISTRICTS / sum(weights)
    return [max(1, min(99, round(w * scale))) for w in weights]


def _pc4_codes() -> list[str]:
    return [str(n) for n in range(1000, 10000) if not any(n in skip for skip in PC4_SKIP)]


def _unique_name(rng: random.Random, taken: set[str]) -> str:
    while True:
        style = rng.random()
        stem = rng.choice(_STEM)
        if style < 0.45:
            name = stem + rng.choice(_SUFFIX)
        elif style < 0.8:
            name = rng.choice(_PREFIX) + (stem + rng.choice(_SUFFIX)).lower()
        else:
            name = f"{stem}{rng.choice(_SUFFIX)}-{rng.choice(_STEM)}{rng.choice(_SUFFIX)}"
        name = name.replace("  ", " ").strip()
        name = name[0].upper() + name[1:]
        if name not in taken:
            taken.add(name)
            return name


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` inhabitants over `parts` districts of skewed sizes (a few big ones)."""
    weights = [rng.lognormvariate(0, 0.8) for _ in range(parts)]
    scale = total / sum(weights)
    out = [max(10, round(w * scale)) for w in weights]
    return out


def national_region_data(seed: int = 1) -> tuple[dict[str, Any], dict[str, Any]]:
    """The region file and the finance file as data (both plain dicts, ready for YAML)."""
    rng = random.Random(seed)
    sizes = _sizes(rng)
    counts = _district_counts(sizes)
    pc4_pool = iter(_pc4_codes())
    names: set[str] = set()

    municipalities: list[dict[str, Any]] = []
    districts: list[dict[str, Any]] = []
    postcodes: list[dict[str, Any]] = []
    organisations: list[dict[str, Any]] = [
        {
            "code": "landelijke-jeugdhulp",
            "name": "Landelijke Jeugdhulp (synthetisch)",
            "kind": "contracted_party",
            "synthetic": True,
        },
        {
            "code": "contractbureau-nl",
            "name": "Contractbureau Jeugdhulp Nederland",
            "kind": "contract_management",
            "synthetic": True,
        },
    ]
    members = []
    for i, name in enumerate(_ORG_MEMBERS, start=1):
        code = f"lid-{i:02d}"
        members.append(code)
        organisations.append(
            {
                "code": code,
                "name": name,
                "kind": "member",
                "parent": "landelijke-jeugdhulp",
                "agb_code": f"9800{i:04d}",
                "synthetic": True,
            }
        )
    for i, name in enumerate(_SUBCONTRACTORS, start=1):
        organisations.append(
            {
                "code": f"onderaannemer-{i:02d}",
                "name": name,
                "kind": "subcontractor",
                "parent": "landelijke-jeugdhulp",
                "agb_code": f"9801{i:04d}",
                "synthetic": True,
            }
        )
    teams: list[dict[str, Any]] = []
    population: dict[str, int] = {}
    agb = 0
    brin = 0

    for index, (inhabitants, n_districts) in enumerate(zip(sizes, counts, strict=True)):
        gm = f"GM{FIRST_GM + index:04d}"
        name = _unique_name(rng, names)
        municipalities.append({"code": gm, "name": name, "synthetic": True})
        organisations.append(
            {
                "code": f"gemeente-{gm.lower()}",
                "name": f"Gemeente {name}",
                "kind": "municipality",
                "municipality": gm,
                "synthetic": True,
            }
        )
        district_codes = []
        # A PO-box-only postcode area for the larger places, as in the real country.
        if inhabitants > 40_000:
            postcodes.append(
                {
                    "pc4": next(pc4_pool),
                    "municipality": gm,
                    "valid_from": "2020-01-01",
                    "residential": False,
                    "synthetic": True,
                }
            )
        district_names = rng.sample(_DISTRICT, min(len(_DISTRICT), n_districts))
        for d, people in enumerate(_split(rng, inhabitants, n_districts)):
            wk = f"WK{gm[2:]}{d:02d}"
            label = district_names[d] if d < len(district_names) else f"Wijk {d:02d}"
            districts.append(
                {
                    "code": wk,
                    "name": f"{label} ({name})" if d >= len(district_names) else label,
                    "municipality": gm,
                    "inhabitants": people,
                    "synthetic": True,
                }
            )
            population[wk] = round(people * YOUTH_SHARE * rng.uniform(0.8, 1.2))
            district_codes.append(wk)
            for _ in range(1 + people // 15_000):
                postcodes.append(
                    {
                        "pc4": next(pc4_pool),
                        "municipality": gm,
                        "district": wk,
                        "valid_from": "2020-01-01",
                        "residential": True,
                        "synthetic": True,
                    }
                )
        # Wijkteams: one for a small place, one per ~5 districts in a town or city.
        n_teams = max(1, round(n_districts / 5))
        member = rng.choice(members)
        for t in range(n_teams):
            covered = district_codes[t::n_teams]
            teams.append(
                {
                    "code": f"wijkteam-{gm.lower()}-{t + 1:02d}",
                    "name": f"Wijkteam {name}" + (f" {t + 1}" if n_teams > 1 else ""),
                    "kind": "wijkteam",
                    "organisation": f"gemeente-{gm.lower()}",
                    "municipality": gm,
                    "covers": {"districts": covered},
                    "callback_working_days": rng.choice([3, 5]),
                    "synthetic": True,
                }
            )
        # GP practices (one per ~9,000 inhabitants) and schools (one per ~7,000); about
        # two thirds of each are covered by a POH-jeugd or an onderwijs team.
        gps, schools = [], []
        for _ in range(max(1, inhabitants // 9_000)):
            agb += 1
            code = f"huisarts-{agb:05d}"
            gps.append(code)
            organisations.append(
                {
                    "code": code,
                    "name": f"Huisartsenpraktijk {name} {len(gps)}",
                    "kind": "gp_practice",
                    "agb_code": f"981{agb:05d}",
                    "municipality": gm,
                    "synthetic": True,
                }
            )
        for _ in range(max(1, inhabitants // 7_000)):
            brin += 1
            code = f"school-{brin:05d}"
            schools.append(code)
            letters = chr(65 + (brin // 26) % 26) + chr(65 + brin % 26)
            organisations.append(
                {
                    "code": code,
                    "name": f"Basisschool {name} {len(schools)}",
                    "kind": "school",
                    "brin_code": f"{98 - (brin // 676) % 10:02d}{letters}",
                    "municipality": gm,
                    "synthetic": True,
                }
            )
        covered_gps = [g for g in gps if rng.random() < 0.67]
        if covered_gps:
            teams.append(
                {
                    "code": f"poh-jeugd-{gm.lower()}",
                    "name": f"POH-jeugd {name}",
                    "kind": "poh_jeugd",
                    "organisation": member,
                    "municipality": gm,
                    "covers": {"gp_practices": covered_gps},
                    "synthetic": True,
                }
            )
        covered_schools = [s for s in schools if rng.random() < 0.67]
        if covered_schools:
            teams.append(
                {
                    "code": f"onderwijs-{gm.lower()}",
                    "name": f"Gezinsspecialisten onderwijs {name}",
                    "kind": "onderwijs",
                    "organisation": member,
                    "municipality": gm,
                    "covers": {"schools": covered_schools},
                    "synthetic": True,
                }
            )
    for province in _PROVINCES:
        slug = province.lower().replace("ë", "e")
        teams.append(
            {
                "code": f"flexnetwerk-{slug}",
                "name": f"Flexibel netwerk {province}",
                "kind": "flex_netwerk",
                "organisation": "landelijke-jeugdhulp",
                "covers": {"whole_region": True},
                "synthetic": True,
            }
        )
        teams.append(
            {
                "code": f"specialistisch-{slug}",
                "name": f"Specialistische jeugdhulp {province}",
                "kind": "specialistisch",
                "organisation": "landelijke-jeugdhulp",
                "covers": {"whole_region": True},
                "synthetic": True,
            }
        )
    region = {
        "version": 1,
        "region": {
            "code": REGION_CODE,
            "name": "Nederland (synthetisch)",
            "description": (
                "Verzonnen landelijke regio voor bench/steering: de vorm van Nederland "
                f"({MUNICIPALITIES} gemeenten, ongeveer {DISTRICTS} wijken, "
                f"{INHABITANTS:,} inwoners), alle namen en codes verzonnen."
            ).replace(",", "."),
            "synthetic": True,
        },
        "municipalities": municipalities,
        "districts": districts,
        "postcodes": postcodes,
        "organisations": organisations,
        "teams": teams,
        "help_forms": [
            {"code": code, "name": name, "level": level, "with_stay": stay, "synthetic": True}
            for code, name, level, stay, _price in HELP_FORMS
        ],
    }
    prices = dict(TARIFFS_2025) | {code: price for code, *_r, price in HELP_FORMS}
    finance = {
        "version": 1,
        "region": REGION_CODE,
        "tariffs": [
            {
                "help_form": form,
                "synthetic": True,
                "per_day": {
                    year: f"{round(price / 1.035 ** (2025 - year) / 50) * 50 / 100:.2f}"
                    for year in YEARS
                },
            }
            for form, price in prices.items()
        ],
        "youth_population": [
            {
                "year": year,
                "synthetic": True,
                "districts": {wk: round(n * 1.01 ** (year - 2024)) for wk, n in population.items()},
            }
            for year in YEARS
        ],
    }
    return region, finance


def _dump(data: dict[str, Any], path: Path, header: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
    path.write_text(header + text, encoding="utf-8")


def national_region_write(out: Path, *, seed: int = 1) -> tuple[Path, Path]:
    """Write the region file to `out` and the finance file next to it
    (`<stem>-finance.yaml`); returns both paths."""
    region, finance = national_region_data(seed)
    finance_path = out.with_name(f"{out.stem}-finance{out.suffix}")
    header = (
        "# Synthetische landelijke regio, gemaakt door bench/national_region.py "
        f"(seed {seed}). Alles verzonnen; niet committen.\n"
    )
    _dump(region, out, header)
    _dump(finance, finance_path, header)
    return out, finance_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "nl-synthetic.yaml")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    region_path, finance_path = national_region_write(args.out, seed=args.seed)
    region, _finance = national_region_data(args.seed)
    print(
        f"{region_path}: {len(region['municipalities'])} gemeenten, "
        f"{len(region['districts'])} wijken, {len(region['postcodes'])} postcodegebieden, "
        f"{len(region['teams'])} teams, {len(region['organisations'])} organisaties"
    )
    print(f"{finance_path}: tarieven en jeugdbevolking per wijk")


if __name__ == "__main__":
    main()
