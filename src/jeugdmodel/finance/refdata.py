"""The finance reference file (``regions/<region>-finance.yaml``): reading and checking it,
without touching the database.

The file holds, for one region, budgets per municipality, year and taakveld, tariffs per
help form and year, the contract terms per year and the youth population (0–17) per
district (and, when known, per municipality) and year. The format is in docs/finance.md.

Checking here is about the file itself: known keys, whole years, amounts in euros with at
most two decimals, known taakveld codes and no entry twice. Whether the codes exist in the
database (region, municipalities, districts, help forms) is checked by the loader
(``services.finance_load``). Every error names its place (``budgets[3].taakveld``) and,
when the text is known, its line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from jeugdmodel.core.errors import DomainError
from jeugdmodel.region.regionfile import (
    FileTooLarge,
    RegionFileError,
    join_path,
    line_for_path,
    read_region_document,
    read_source_text,
    sort_errors,
)

from .models import TAAKVELD_CATEGORY, CostMethod
from .money import MoneyFormatError, euros_to_cents

FORMAT_VERSION = 1
MIN_YEAR = 2000
MAX_YEAR = 2100

FinanceFileError = RegionFileError


class FinanceFileInvalid(DomainError):
    """The finance file has errors; ``errors`` lists them all."""

    def __init__(self, errors: list[FinanceFileError]) -> None:
        self.errors = errors
        super().__init__(
            _("Het financiële bestand bevat %(count)d fout(en).") % {"count": len(errors)}
        )


def shipped_finance_file(region_code: str) -> Path:
    """The finance file shipped with Jeugdmodel for a region, e.g. ``regions/mvs-finance.yaml``."""
    return Path(settings.BASE_DIR) / "regions" / f"{region_code}-finance.yaml"


# ---------------------------------------------------------------------------------------
# The typed file


@dataclass(frozen=True, kw_only=True)
class BudgetEntry:
    path: str
    municipality: str
    year: int
    taakveld: str
    category: str
    amount_cents: int
    synthetic: bool
    source: str


@dataclass(frozen=True, kw_only=True)
class TariffEntry:
    path: str
    help_form: str
    year: int
    price_cents: int
    synthetic: bool
    source: str


@dataclass(frozen=True, kw_only=True)
class TermsEntry:
    path: str
    year: int
    cost_method: str
    lump_sum_cents: int | None
    reserve_percent: Decimal
    overhead_min_percent: Decimal
    overhead_max_percent: Decimal
    volume_correction: bool
    reference_youths: Mapping[str, int]
    covered_categories: tuple[str, ...]
    synthetic: bool
    source: str


@dataclass(frozen=True, kw_only=True)
class PopulationEntry:
    """Youths 0–17 in a district (``district`` set) or a whole municipality (not set)."""

    path: str
    year: int
    municipality: str | None
    district: str | None
    youths: int
    synthetic: bool
    source: str


@dataclass(frozen=True, kw_only=True)
class FinanceFile:
    region: str
    budgets: tuple[BudgetEntry, ...] = ()
    tariffs: tuple[TariffEntry, ...] = ()
    contract_terms: tuple[TermsEntry, ...] = ()
    youth_population: tuple[PopulationEntry, ...] = ()
    #: Which sections the file has: a section that is left out is left alone by the loader.
    sections: frozenset[str] = frozenset()
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, path: str) -> int | None:
        return line_for_path(self.lines, path)

    def error(self, path: str, message: str) -> FinanceFileError:
        return FinanceFileError(path, message, self.line_of(path))


SECTIONS = ("budgets", "tariffs", "contract_terms", "youth_population")
TOP_KEYS = frozenset({"version", "region", *SECTIONS})


# ---------------------------------------------------------------------------------------
# Entry points


def parse_finance_file(source: Path | str) -> FinanceFile:
    """Read and check a finance file: a ``Path`` is read from disk, a ``str`` is YAML text.

    Raises ``FinanceFileInvalid`` with every error found (with line numbers)."""
    try:
        text = read_source_text(source)
    except FileTooLarge as exc:
        raise FinanceFileInvalid([exc.error()]) from exc
    document = read_region_document(text)
    if document.errors:
        raise FinanceFileInvalid(sort_errors(document.errors))
    return finance_file_from_data(document.data, lines=document.lines)


def finance_file_from_data(data: Any, *, lines: Mapping[str, int] | None = None) -> FinanceFile:
    reader = _Reader(lines or {})
    result = reader.read(data)
    if reader.errors or result is None:
        raise FinanceFileInvalid(sort_errors(reader.errors))
    return result


# ---------------------------------------------------------------------------------------
# Reading with checks


class _Reader:
    def __init__(self, lines: Mapping[str, int]) -> None:
        self.lines = lines
        self.errors: list[FinanceFileError] = []

    # -- errors and small values -------------------------------------------------------

    def fail(self, path: str, message: str) -> None:
        self.errors.append(FinanceFileError(path, message, line_for_path(self.lines, path)))

    def mapping(self, value: Any, path: str, allowed: Iterable[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(path, _("hier hoort een mapping (sleutel: waarde)."))
            return None
        known = set(allowed)
        for key in value:
            if str(key) not in known:
                self.fail(
                    join_path(path, str(key)),
                    _("onbekende sleutel '%(key)s'; toegestaan: %(allowed)s.")
                    % {"key": key, "allowed": ", ".join(sorted(known))},
                )
        return value

    def required(self, entry: Mapping[str, Any], key: str, path: str) -> Any:
        if key not in entry or entry[key] is None:
            self.fail(path, _("'%(key)s' ontbreekt.") % {"key": key})
            return None
        return entry[key]

    def year(self, value: Any, path: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int | str):
            self.fail(path, _("een jaar is een geheel getal, zoals 2025."))
            return None
        try:
            year = int(value)
        except ValueError:
            self.fail(path, _("een jaar is een geheel getal, zoals 2025."))
            return None
        if not MIN_YEAR <= year <= MAX_YEAR:
            self.fail(
                path,
                _("het jaar %(year)s ligt niet tussen %(min)d en %(max)d.")
                % {"year": value, "min": MIN_YEAR, "max": MAX_YEAR},
            )
            return None
        return year

    def money(self, value: Any, path: str) -> int | None:
        try:
            return euros_to_cents(value)
        except MoneyFormatError:
            self.fail(
                path,
                _(
                    "'%(value)s' is geen bedrag in euro's: gebruik een getal van 0 of meer "
                    "met hoogstens twee decimalen, zoals 1234.50."
                )
                % {"value": value},
            )
            return None

    def percent(self, value: Any, path: str) -> Decimal | None:
        message = _("'%(value)s' is geen percentage tussen 0 en 100 (hoogstens twee decimalen).")
        if isinstance(value, bool) or value is None:
            self.fail(path, message % {"value": value})
            return None
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            self.fail(path, message % {"value": value})
            return None
        if (
            not number.is_finite()
            or not 0 <= number <= 100
            or number != number.quantize(Decimal("0.01"))
        ):
            self.fail(path, message % {"value": value})
            return None
        return number.quantize(Decimal("0.01"))

    def count(self, value: Any, path: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(
                path,
                _("'%(value)s' is geen aantal (een geheel getal van 0 of meer).")
                % {"value": value},
            )
            return None
        return value

    def flag(self, value: Any, path: str, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(path, _("hier hoort true of false."))
            return default
        return value

    def text(self, value: Any, path: str) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(path, _("hier hoort tekst."))
            return ""
        if len(value) > 500:
            self.fail(path, _("de tekst is langer dan 500 tekens."))
        return value

    def code(self, value: Any, path: str, prefix: str, digits: int) -> str | None:
        if not isinstance(value, str) or not (
            value.startswith(prefix)
            and len(value) == len(prefix) + digits
            and value[len(prefix) :].isdigit()
        ):
            self.fail(
                path,
                _(
                    "'%(value)s' is geen code van de vorm %(prefix)s gevolgd door "
                    "%(digits)d cijfers."
                )
                % {"value": value, "prefix": prefix, "digits": digits},
            )
            return None
        return value

    def taakveld(self, value: Any, path: str) -> str | None:
        code = str(value).strip() if isinstance(value, str | int | float) else ""
        if code not in TAAKVELD_CATEGORY:
            self.fail(
                path,
                _("onbekend taakveld '%(value)s'; bekend zijn: %(known)s.")
                % {"value": value, "known": ", ".join(TAAKVELD_CATEGORY)},
            )
            return None
        return code

    # -- the file ---------------------------------------------------------------------

    def read(self, data: Any) -> FinanceFile | None:
        if data is None:
            self.fail("", _("Het financiële bestand is leeg."))
            return None
        top = self.mapping(data, "", TOP_KEYS)
        if top is None:
            return None
        version = top.get("version")
        if version != FORMAT_VERSION:
            self.fail(
                "version",
                _("de versie moet %(version)d zijn.") % {"version": FORMAT_VERSION},
            )
        region = top.get("region")
        if not isinstance(region, str) or not region:
            self.fail("region", _("'region' ontbreekt: de code van de regio, zoals mvs."))
            region = ""
        sections = frozenset(s for s in SECTIONS if s in top)
        lists: dict[str, list[Any]] = {}
        for section in sections:
            value = top[section]
            if value is None:
                value = []
            if not isinstance(value, list):
                self.fail(section, _("hier hoort een lijst."))
                value = []
            lists[section] = value
        budgets = self.budgets(lists.get("budgets", []))
        tariffs = self.tariffs(lists.get("tariffs", []))
        terms = self.terms(lists.get("contract_terms", []))
        population = self.population(lists.get("youth_population", []))
        return FinanceFile(
            region=region,
            budgets=tuple(budgets),
            tariffs=tuple(tariffs),
            contract_terms=tuple(terms),
            youth_population=tuple(population),
            sections=sections,
            lines=self.lines,
        )

    def budgets(self, items: list[Any]) -> list[BudgetEntry]:
        out: list[BudgetEntry] = []
        seen: dict[tuple[str, int, str], str] = {}
        allowed = ("municipality", "year", "taakveld", "amount", "synthetic", "source")
        for index, item in enumerate(items):
            path = join_path("budgets", index)
            entry = self.mapping(item, path, allowed)
            if entry is None:
                continue
            muni = self.required(entry, "municipality", path)
            year = self.required(entry, "year", path)
            taakveld = self.required(entry, "taakveld", path)
            amount = self.required(entry, "amount", path)
            if muni is not None:
                muni = self.code(muni, join_path(path, "municipality"), "GM", 4)
            if year is not None:
                year = self.year(year, join_path(path, "year"))
            code = None
            if taakveld is not None:
                code = self.taakveld(taakveld, join_path(path, "taakveld"))
            cents = None if amount is None else self.money(amount, join_path(path, "amount"))
            synthetic = self.flag(entry.get("synthetic"), join_path(path, "synthetic"), False)
            source = self.text(entry.get("source"), join_path(path, "source"))
            if muni is None or year is None or code is None or cents is None:
                continue
            category = str(TAAKVELD_CATEGORY[code])
            key = (muni, year, category)
            if key in seen:
                self.fail(
                    path,
                    _(
                        "%(municipality)s %(year)d heeft al een regel voor deze categorie "
                        "(%(category)s) in %(other)s; tel de regels op tot één bedrag."
                    )
                    % {
                        "municipality": muni,
                        "year": year,
                        "category": category,
                        "other": seen[key],
                    },
                )
                continue
            seen[key] = path
            out.append(
                BudgetEntry(
                    path=path,
                    municipality=muni,
                    year=year,
                    taakveld=code,
                    category=category,
                    amount_cents=cents,
                    synthetic=synthetic,
                    source=source,
                )
            )
        return out

    def tariffs(self, items: list[Any]) -> list[TariffEntry]:
        out: list[TariffEntry] = []
        seen: dict[tuple[str, int], str] = {}
        for index, item in enumerate(items):
            path = join_path("tariffs", index)
            entry = self.mapping(item, path, ("help_form", "per_day", "synthetic", "source"))
            if entry is None:
                continue
            form = self.required(entry, "help_form", path)
            prices = self.required(entry, "per_day", path)
            synthetic = self.flag(entry.get("synthetic"), join_path(path, "synthetic"), False)
            source = self.text(entry.get("source"), join_path(path, "source"))
            if form is not None and not isinstance(form, str):
                self.fail(join_path(path, "help_form"), _("hier hoort de code van een hulpvorm."))
                form = None
            if prices is None:
                continue
            prices_path = join_path(path, "per_day")
            if not isinstance(prices, dict) or not prices:
                self.fail(
                    prices_path,
                    _("hier hoort per jaar een prijs per dag, zoals 2025: 145.00."),
                )
                continue
            for raw_year, raw_price in prices.items():
                item_path = join_path(prices_path, str(raw_year))
                year = self.year(raw_year, item_path)
                cents = self.money(raw_price, item_path)
                if not form or year is None or cents is None:
                    continue
                if cents > 2**31 - 1:
                    self.fail(item_path, _("deze prijs per dag is te hoog."))
                    continue
                key = (form, year)
                if key in seen:
                    self.fail(
                        item_path,
                        _("de hulpvorm %(form)s heeft voor %(year)d al een prijs in %(other)s.")
                        % {"form": form, "year": year, "other": seen[key]},
                    )
                    continue
                seen[key] = item_path
                out.append(
                    TariffEntry(
                        path=item_path,
                        help_form=form,
                        year=year,
                        price_cents=cents,
                        synthetic=synthetic,
                        source=source,
                    )
                )
        return out

    def terms(self, items: list[Any]) -> list[TermsEntry]:
        out: list[TermsEntry] = []
        seen: dict[int, str] = {}
        allowed = (
            "year",
            "cost_method",
            "lump_sum",
            "reserve_percent",
            "overhead_percent",
            "volume_correction",
            "reference_youths",
            "covered_taakvelden",
            "synthetic",
            "source",
        )
        methods = [str(m) for m in CostMethod.values]
        for index, item in enumerate(items):
            path = join_path("contract_terms", index)
            entry = self.mapping(item, path, allowed)
            if entry is None:
                continue
            raw_year = self.required(entry, "year", path)
            year = None if raw_year is None else self.year(raw_year, join_path(path, "year"))
            method = entry.get("cost_method", CostMethod.TARIFFS)
            if method not in methods:
                self.fail(
                    join_path(path, "cost_method"),
                    _("onbekende kostenmethode '%(value)s'; kies %(known)s.")
                    % {"value": method, "known": " of ".join(methods)},
                )
                method = CostMethod.TARIFFS
            lump_sum = None
            if entry.get("lump_sum") is not None:
                lump_sum = self.money(entry["lump_sum"], join_path(path, "lump_sum"))
            elif method == CostMethod.LUMP_SUM:
                self.fail(
                    path,
                    _("met kostenmethode lump_sum hoort een aanneemsom (lump_sum) in euro's."),
                )
            reserve = self.percent(
                entry.get("reserve_percent", "2"), join_path(path, "reserve_percent")
            )
            low, high = self.overhead(
                entry.get("overhead_percent"), join_path(path, "overhead_percent")
            )
            volume = self.flag(
                entry.get("volume_correction"), join_path(path, "volume_correction"), True
            )
            references = self.references(
                entry.get("reference_youths"), join_path(path, "reference_youths")
            )
            covered = self.covered(
                entry.get("covered_taakvelden"), join_path(path, "covered_taakvelden")
            )
            synthetic = self.flag(entry.get("synthetic"), join_path(path, "synthetic"), False)
            source = self.text(entry.get("source"), join_path(path, "source"))
            if year is None or reserve is None or low is None or high is None:
                continue
            if year in seen:
                self.fail(
                    join_path(path, "year"),
                    _("voor %(year)d staan al contractvoorwaarden in %(other)s.")
                    % {"year": year, "other": seen[year]},
                )
                continue
            seen[year] = path
            out.append(
                TermsEntry(
                    path=path,
                    year=year,
                    cost_method=str(method),
                    lump_sum_cents=lump_sum,
                    reserve_percent=reserve,
                    overhead_min_percent=low,
                    overhead_max_percent=high,
                    volume_correction=volume,
                    reference_youths=references,
                    covered_categories=covered,
                    synthetic=synthetic,
                    source=source,
                )
            )
        return out

    def overhead(self, value: Any, path: str) -> tuple[Decimal | None, Decimal | None]:
        if value is None:
            return Decimal("8.00"), Decimal("10.00")
        entry = self.mapping(value, path, ("min", "max"))
        if entry is None:
            return None, None
        low = self.percent(self.required(entry, "min", path), join_path(path, "min"))
        high = self.percent(self.required(entry, "max", path), join_path(path, "max"))
        if low is not None and high is not None and low > high:
            self.fail(
                path,
                _("het minimum (%(min)s%%) is groter dan het maximum (%(max)s%%).")
                % {"min": low, "max": high},
            )
            return None, None
        return low, high

    def references(self, value: Any, path: str) -> dict[str, int]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(path, _("hier hoort per gemeentecode een aantal, zoals GM0622: 1400."))
            return {}
        out: dict[str, int] = {}
        for key, number in value.items():
            item_path = join_path(path, str(key))
            code = self.code(key, item_path, "GM", 4)
            youths = self.count(number, item_path)
            if youths == 0:
                self.fail(item_path, _("het begrote aantal jeugdigen moet groter dan 0 zijn."))
                continue
            if code and youths is not None:
                out[code] = youths
        return out

    def covered(self, value: Any, path: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not value:
            self.fail(path, _("hier hoort een lijst van taakvelden, zoals ['6.2', '6.752']."))
            return ()
        categories: list[str] = []
        for index, item in enumerate(value):
            code = self.taakveld(item, join_path(path, index))
            if code is not None:
                category = str(TAAKVELD_CATEGORY[code])
                if category not in categories:
                    categories.append(category)
        return tuple(categories)

    def population(self, items: list[Any]) -> list[PopulationEntry]:
        out: list[PopulationEntry] = []
        seen: dict[tuple[str, str, int], str] = {}
        allowed = ("year", "districts", "municipalities", "synthetic", "source")
        for index, item in enumerate(items):
            path = join_path("youth_population", index)
            entry = self.mapping(item, path, allowed)
            if entry is None:
                continue
            raw_year = self.required(entry, "year", path)
            year = None if raw_year is None else self.year(raw_year, join_path(path, "year"))
            synthetic = self.flag(entry.get("synthetic"), join_path(path, "synthetic"), False)
            source = self.text(entry.get("source"), join_path(path, "source"))
            if "districts" not in entry and "municipalities" not in entry:
                self.fail(path, _("noem 'districts' (per wijkcode) of 'municipalities'."))
            for section, prefix, digits in (("districts", "WK", 6), ("municipalities", "GM", 4)):
                value = entry.get(section)
                if value is None:
                    continue
                section_path = join_path(path, section)
                if not isinstance(value, dict):
                    self.fail(
                        section_path,
                        _("hier hoort per code een aantal jeugdigen, zoals %(example)s.")
                        % {"example": f"{prefix}{'0' * (digits - 1)}1: 520"},
                    )
                    continue
                for key, number in value.items():
                    item_path = join_path(section_path, str(key))
                    code = self.code(key, item_path, prefix, digits)
                    youths = self.count(number, item_path)
                    if code is None or youths is None or year is None:
                        continue
                    seen_key = (section, code, year)
                    if seen_key in seen:
                        self.fail(
                            item_path,
                            _("%(code)s heeft voor %(year)d al een aantal in %(other)s.")
                            % {"code": code, "year": year, "other": seen[seen_key]},
                        )
                        continue
                    seen[seen_key] = item_path
                    out.append(
                        PopulationEntry(
                            path=item_path,
                            year=year,
                            municipality=code if section == "municipalities" else None,
                            district=code if section == "districts" else None,
                            youths=youths,
                            synthetic=synthetic,
                            source=source,
                        )
                    )
        return out
