"""The region file: reading, checking and writing it, without touching the database.

A region file is YAML in the shape of ``docs/region-schema.json`` (see ``docs/region-file.md``).
Checking runs in two rounds: first the structure (the JSON Schema, translated into Dutch),
then, when the structure is right, the meaning (codes, references, periods, team kinds).
Every error names its place as a path such as ``teams[3].covers.districts[1]`` (indexes
count from 0) and, when the text is known, the line in the YAML.
"""

from __future__ import annotations

import calendar
import functools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import yaml
from django.conf import settings
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from jeugdmodel.core.errors import DomainError
from jeugdmodel.core.schema_messages import describe_type, join_path, schema_problems

FORMAT_VERSION = 1
DEFAULT_TRANSITIONAL_MONTHS = 6
SECTIONS = (
    "municipalities",
    "districts",
    "postcodes",
    "organisations",
    "teams",
    "outside_region",
    "help_forms",
    "ijw_products",
)
COVER_KINDS = ("districts", "postcodes", "gp_practices", "schools", "whole_region")

# Which cover kinds each team kind may (and must, at least one of) use.
TEAM_COVERS: dict[str, frozenset[str]] = {
    "wijkteam": frozenset({"districts", "postcodes"}),
    "poh_jeugd": frozenset({"gp_practices"}),
    "onderwijs": frozenset({"schools"}),
    "flex_netwerk": frozenset({"whole_region"}),
    "specialistisch": frozenset({"whole_region"}),
}


def shipped_region_file(name: str) -> Path:
    """The path of a region file shipped with Jeugdmodel, e.g. ``"mvs"`` or ``"fictional"``."""
    return Path(settings.BASE_DIR) / "regions" / f"{name}.yaml"


def schema_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "region-schema.json"


@functools.cache
def region_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return schema


@functools.cache
def _schema_validator() -> Draft202012Validator:
    return Draft202012Validator(region_schema())


# ---------------------------------------------------------------------------------------
# Errors


@dataclass(frozen=True)
class RegionFileError:
    """One thing wrong in a region file: where (path, line) and what (a Dutch message)."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def format(self, filename: str) -> str:
        """``FILE:LINE: path: message``, the shape compilers and editors understand."""
        place = f"{filename}:{self.line}" if self.line is not None else filename
        return f"{place}: {self}"


class RegionFileInvalid(DomainError):
    """The region file has errors; ``errors`` lists them all."""

    def __init__(self, errors: list[RegionFileError]) -> None:
        self.errors = errors
        super().__init__(_("Het regiobestand bevat %(count)d fout(en).") % {"count": len(errors)})


# ---------------------------------------------------------------------------------------
# The typed region file


@dataclass(frozen=True, kw_only=True)
class RegionInfo:
    code: str
    name: str
    description: str = ""
    #: The term for a crisis or a safety concern: the family hears from a professional the
    #: same day, within this many hours after the request came in (None: the default, 4).
    crisis_response_hours: int | None = None
    #: The region's crisis line, used when a team has no phone number of its own.
    crisis_phone: str = ""
    synthetic: bool = False
    source: str = ""


@dataclass(frozen=True, kw_only=True)
class MunicipalityEntry:
    code: str
    name: str
    synthetic: bool = False
    source: str = ""


@dataclass(frozen=True, kw_only=True)
class DistrictEntry:
    code: str
    name: str
    municipality: str
    inhabitants: int | None = None
    synthetic: bool = False
    source: str = ""


@dataclass(frozen=True, kw_only=True)
class PostcodeEntry:
    pc4: str
    municipality: str
    valid_from: date
    valid_to: date | None = None
    district: str | None = None
    residential: bool = True
    synthetic: bool = False
    source: str = ""

    def overlaps(self, other: PostcodeEntry) -> bool:
        return periods_overlap(self.valid_from, self.valid_to, other.valid_from, other.valid_to)


@dataclass(frozen=True, kw_only=True)
class OrganisationEntry:
    code: str
    name: str
    kind: str
    parent: str | None = None
    agb_code: str = ""
    brin_code: str = ""
    municipality: str | None = None
    synthetic: bool = False
    source: str = ""


@dataclass(frozen=True, kw_only=True)
class TeamCoverage:
    districts: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()
    gp_practices: tuple[str, ...] = ()
    schools: tuple[str, ...] = ()
    whole_region: bool = False

    def used_kinds(self) -> list[str]:
        """The cover kinds in use, in the order of ``COVER_KINDS``."""
        return [kind for kind in COVER_KINDS if getattr(self, kind)]


@dataclass(frozen=True, kw_only=True)
class TeamEntry:
    code: str
    name: str
    kind: str
    covers: TeamCoverage
    organisation: str | None = None
    municipality: str | None = None
    callback_working_days: int | None = None
    #: The team's phone number, named on a crisis receipt.
    phone: str = ""
    synthetic: bool = False
    source: str = ""


@dataclass(frozen=True, kw_only=True)
class OutsideRegionEntry:
    municipality_code: str
    municipality_name: str
    pc4: str | None = None
    forward: bool = False
    forward_to: str = ""
    synthetic: bool = False
    source: str = ""


@dataclass(frozen=True, kw_only=True)
class HelpFormEntry:
    code: str
    name: str
    level: str
    with_stay: bool = False
    synthetic: bool = False
    source: str = ""


@dataclass(frozen=True, kw_only=True)
class IjwProductEntry:
    """The iJw product of a help form and its variant (taakgericht, inspannings-, output-)."""

    help_form: str
    category: str
    variant: str
    code: str = ""
    synthetic: bool = False
    source: str = ""


@dataclass(frozen=True, kw_only=True)
class TransitionalProduct:
    productcode: str
    until: date


@dataclass(frozen=True, kw_only=True)
class TransitionEntry:
    """The switch to a new contracted party: its date and the end of the transitional right."""

    switch_date: date
    transitional_right_months: int = DEFAULT_TRANSITIONAL_MONTHS
    products: tuple[TransitionalProduct, ...] = ()
    synthetic: bool = False
    source: str = ""

    def default_end(self) -> date:
        """The last day of the transitional right when neither product nor client sets one."""
        return add_months(self.switch_date, self.transitional_right_months) - timedelta(days=1)

    def end_for_product(self, productcode: str) -> date:
        for product in self.products:
            if product.productcode == productcode:
                return product.until
        return self.default_end()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, kw_only=True)
class RegionFile:
    region: RegionInfo
    municipalities: tuple[MunicipalityEntry, ...]
    districts: tuple[DistrictEntry, ...] = ()
    postcodes: tuple[PostcodeEntry, ...] = ()
    organisations: tuple[OrganisationEntry, ...] = ()
    teams: tuple[TeamEntry, ...] = ()
    outside_region: tuple[OutsideRegionEntry, ...] = ()
    help_forms: tuple[HelpFormEntry, ...] = ()
    ijw_products: tuple[IjwProductEntry, ...] = ()
    transition: TransitionEntry | None = None
    extensions: Mapping[str, Any] = field(default_factory=dict)
    version: int = FORMAT_VERSION
    # Where each path starts in the YAML text (empty when not read from text).
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, path: str) -> int | None:
        return line_for_path(self.lines, path)


def periods_overlap(start_a: date, end_a: date | None, start_b: date, end_b: date | None) -> bool:
    """Whether two inclusive periods share a day (``None`` as end means open-ended)."""
    a_before_b = end_a is not None and end_a < start_b
    b_before_a = end_b is not None and end_b < start_a
    return not (a_before_b or b_before_a)


# ---------------------------------------------------------------------------------------
# Reading YAML with line numbers


#: Limits for a YAML file from outside (a region or finance file is tens of kilobytes with
#: a few dozen anchors): beyond them the file is refused with a clear error, before it can
#: take the memory or time of the process (an "alias bomb" of a few hundred bytes expands
#: to billions of values; deep nesting or a number of a million digits gives a traceback).
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ALIASES = 200
MAX_NODES = 200_000
MAX_DEPTH = 32
MAX_INT_CHARACTERS = 20


class _RegionLoader(yaml.SafeLoader):
    """Safe YAML, but dates stay text: the schema checks them and we parse them ourselves.

    With limits: how many aliases (*name), how deep the nesting, how long an integer."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    _("meer dan %(max)d verwijzingen (*naam) in één bestand")
                    % {"max": MAX_ALIASES},
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    _("dieper genest dan %(max)d niveaus") % {"max": MAX_DEPTH},
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(node.value)
    if len(text) > MAX_INT_CHARACTERS:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            _("dit getal is te groot (meer dan %(max)d tekens)") % {"max": MAX_INT_CHARACTERS},
            node.start_mark,
        )
    value: int = loader.construct_yaml_int(node)
    return value


_RegionLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_RegionLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand to more than MAX_NODES values, or that
    refers to itself, before anything walks it as a tree. Linear in the distinct nodes."""
    sizes: dict[int, int] = {}
    busy: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in busy:
            raise yaml.composer.ComposerError(
                None, None, _("een verwijzing (*naam) verwijst naar zichzelf"), node.start_mark
            )
        busy.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            children: list[yaml.Node] = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            children = []
        for child in children:
            total += size(child)
            if total > MAX_NODES:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    _(
                        "de verwijzingen (*naam) klappen uit tot meer dan %(max)d waarden; "
                        "zo'n bestand wordt niet gelezen"
                    )
                    % {"max": MAX_NODES},
                    child.start_mark,
                )
        busy.discard(key)
        sizes[key] = total
        return total

    size(root)


def read_source_text(source: Path | str) -> str:
    """The text of a YAML source (a ``Path`` is read from disk). Raises ``FileTooLarge`` for
    more than MAX_FILE_BYTES, before reading it."""
    if isinstance(source, Path):
        if source.stat().st_size > MAX_FILE_BYTES:
            raise FileTooLarge(source.stat().st_size)
        return source.read_text(encoding="utf-8")
    if len(source) > MAX_FILE_BYTES:
        raise FileTooLarge(len(source.encode("utf-8")))
    return source


class FileTooLarge(Exception):
    def __init__(self, size: int) -> None:
        self.size = size
        super().__init__(size)

    def error(self) -> RegionFileError:
        return RegionFileError(
            "",
            _("Het bestand is te groot (%(size)d bytes); hoogstens %(max)d bytes.")
            % {"size": self.size, "max": MAX_FILE_BYTES},
        )


@dataclass(frozen=True)
class RegionDocument:
    """YAML text turned into plain data, with the line of every path and YAML-level errors."""

    data: Any
    lines: Mapping[str, int]
    errors: tuple[RegionFileError, ...] = ()


def read_region_document(text: str) -> RegionDocument:
    """Parse YAML text. Syntax errors come back as errors, never as exceptions."""
    if len(text) > MAX_FILE_BYTES:
        return RegionDocument(data=None, lines={}, errors=(FileTooLarge(len(text)).error(),))
    loader = _RegionLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_expansion(node)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        return RegionDocument(data=None, lines={}, errors=(_syntax_error(exc),))
    except yaml.YAMLError as exc:
        message = _("Ongeldige YAML: %(problem)s") % {"problem": exc}
        return RegionDocument(data=None, lines={}, errors=(RegionFileError("", message),))
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    duplicates: list[RegionFileError] = []
    if node is not None:
        _map_lines(node, "", lines, duplicates)
    return RegionDocument(data=data, lines=lines, errors=tuple(duplicates))


def _syntax_error(exc: yaml.MarkedYAMLError) -> RegionFileError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or str(exc)
    if mark is None:
        message = _("Ongeldige YAML: %(problem)s") % {"problem": problem}
        return RegionFileError("", message)
    message = _("Ongeldige YAML: %(problem)s (regel %(line)d, kolom %(column)d)") % {
        "problem": problem,
        "line": mark.line + 1,
        "column": mark.column + 1,
    }
    return RegionFileError("", message, line=mark.line + 1, column=mark.column + 1)


def _map_lines(
    node: yaml.Node, path: str, lines: dict[str, int], duplicates: list[RegionFileError]
) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, join_path(path, index), lines, duplicates)
    elif isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_path = join_path(path, key)
            key_line = key_node.start_mark.line + 1
            if key in seen:
                message = _("de sleutel '%(key)s' staat twee keer in dezelfde mapping") % {
                    "key": key
                }
                duplicates.append(RegionFileError(key_path, message, line=key_line))
                continue
            seen.add(key)
            lines[key_path] = key_line
            _map_lines(value_node, key_path, lines, duplicates)


def line_for_path(lines: Mapping[str, int], path: str) -> int | None:
    """The line of ``path`` or, failing that, of the nearest enclosing place."""
    current = path
    while True:
        if current in lines:
            return lines[current]
        if not current:
            return None
        current = _parent_path(current)


def _parent_path(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


# ---------------------------------------------------------------------------------------
# Public entry points


def parse_region_file(source: Path | str) -> RegionFile:
    """Read and check a region file: a ``Path`` is read from disk, a ``str`` is YAML text.

    Raises ``RegionFileInvalid`` with every error found.
    """
    try:
        text = read_source_text(source)
    except FileTooLarge as exc:
        raise RegionFileInvalid([exc.error()]) from exc
    document = read_region_document(text)
    errors = list(document.errors)
    if document.data is not None or not errors:
        errors += check_region_data(document.data, lines=document.lines)
    if errors:
        raise RegionFileInvalid(sort_errors(errors))
    return build_region_file(document.data, lines=document.lines)


def region_file_from_data(data: Any) -> RegionFile:
    """Check plain data (as from ``yaml.safe_load`` or an export) and build the region file."""
    errors = check_region_data(data)
    if errors:
        raise RegionFileInvalid(errors)
    return build_region_file(data)


def check_region_data(
    data: Any, *, lines: Mapping[str, int] | None = None
) -> list[RegionFileError]:
    """All errors in region data: structure first, then meaning. Empty when all is well."""
    errors = structure_errors(data)
    if not errors:
        errors = meaning_errors(build_region_file(data))
    return sort_errors([_with_line(error, lines or {}) for error in errors])


def sort_errors(errors: Iterable[RegionFileError]) -> list[RegionFileError]:
    unique = dict.fromkeys(errors)
    return sorted(unique, key=lambda e: (e.line if e.line is not None else 0, e.path))


def _with_line(error: RegionFileError, lines: Mapping[str, int]) -> RegionFileError:
    if error.line is not None:
        return error
    return RegionFileError(error.path, error.message, line_for_path(lines, error.path))


# ---------------------------------------------------------------------------------------
# Round 1: structure (JSON Schema in Dutch, plus real calendar dates)


def structure_errors(data: Any) -> list[RegionFileError]:
    if data is None:
        return [RegionFileError("", _("Het regiobestand is leeg."))]
    if not isinstance(data, dict):
        message = _(
            "Het regiobestand moet een mapping zijn (sleutel: waarde) met bovenaan "
            "'region' en 'municipalities', geen %(found)s."
        ) % {"found": describe_type(data)}
        return [RegionFileError("", message)]
    errors: list[RegionFileError] = []
    for error in _schema_validator().iter_errors(data):
        errors.extend(_translate_schema_error(error))
    errors.extend(_date_errors(data))
    return errors


def _translate_schema_error(error: ValidationError) -> list[RegionFileError]:
    return [
        RegionFileError(join_path(p.path, p.field) if p.field else p.path, p.text)
        for p in schema_problems(
            error, patterns=_pattern_messages(), extra={"minProperties": _message_min_properties}
        )
    ]


def _message_min_properties(error: ValidationError) -> str:
    return _("geef minstens één van: %(names)s") % {"names": ", ".join(COVER_KINDS)}


def _pattern_messages() -> dict[str, str]:
    """Dutch explanations per schema pattern, built per call so gettext uses the language."""
    defs = region_schema()["$defs"]
    return {
        defs["gm_code"]["pattern"]: _(
            "een CBS-gemeentecode is GM gevolgd door 4 cijfers, bijvoorbeeld GM0606"
        ),
        defs["wk_code"]["pattern"]: _(
            "een CBS-wijkcode is WK gevolgd door 6 cijfers, bijvoorbeeld WK060601"
        ),
        defs["pc4"]["pattern"]: _(
            'een postcodegebied is 4 cijfers en begint niet met 0, bijvoorbeeld "3112"'
        ),
        defs["agb_code"]["pattern"]: _(
            'een AGB-code is precies 8 cijfers, bijvoorbeeld "01234567"'
        ),
        defs["brin_code"]["pattern"]: _(
            "een BRIN-code is 2 cijfers en 2 hoofdletters (eventueel plus 2 cijfers), "
            "bijvoorbeeld 12AB"
        ),
        defs["code"]["pattern"]: _(
            "een code bestaat uit kleine letters, cijfers, - en _ en begint met een letter of "
            "cijfer"
        ),
        defs["date"]["pattern"]: _("een datum schrijf je als JJJJ-MM-DD, bijvoorbeeld 2023-01-01"),
        defs["productcode"]["pattern"]: _(
            'een productcode is 1 tot 10 letters en cijfers, bijvoorbeeld "45A48"'
        ),
    }


def _date_errors(data: Mapping[str, Any]) -> Iterator[RegionFileError]:
    date_pattern = region_schema()["$defs"]["date"]["pattern"]  # the schema reports the rest
    for path, value in _date_fields(data):
        well_formed = isinstance(value, str) and re.fullmatch(date_pattern, value)
        if well_formed and _parse_date(str(value)) is None:
            yield RegionFileError(path, _("'%(value)s' is geen bestaande datum") % {"value": value})


def _date_fields(data: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    postcodes = data.get("postcodes")
    for index, item in enumerate(postcodes if isinstance(postcodes, list) else []):
        if isinstance(item, dict):
            for key in ("valid_from", "valid_to"):
                yield join_path(join_path("postcodes", index), key), item.get(key)
    transition = data.get("transition")
    if not isinstance(transition, dict):
        return
    yield "transition.switch_date", transition.get("switch_date")
    products = transition.get("products")
    for index, item in enumerate(products if isinstance(products, list) else []):
        if isinstance(item, dict):
            yield join_path(join_path("transition.products", index), "until"), item.get("until")


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------
# Building the typed file from structurally valid data


def build_region_file(
    data: Mapping[str, Any], *, lines: Mapping[str, int] | None = None
) -> RegionFile:
    """Turn structurally valid data into a ``RegionFile`` (call ``check_region_data`` first)."""
    return RegionFile(
        version=int(data.get("version", FORMAT_VERSION)),
        region=RegionInfo(**data["region"]),
        municipalities=tuple(MunicipalityEntry(**item) for item in data["municipalities"]),
        districts=tuple(DistrictEntry(**item) for item in data.get("districts", [])),
        postcodes=tuple(_build_postcode(item) for item in data.get("postcodes", [])),
        organisations=tuple(OrganisationEntry(**item) for item in data.get("organisations", [])),
        teams=tuple(_build_team(item) for item in data.get("teams", [])),
        outside_region=tuple(OutsideRegionEntry(**item) for item in data.get("outside_region", [])),
        help_forms=tuple(HelpFormEntry(**item) for item in data.get("help_forms", [])),
        ijw_products=tuple(IjwProductEntry(**item) for item in data.get("ijw_products", [])),
        transition=_build_transition(data.get("transition")),
        extensions=dict(data.get("extensions", {})),
        lines=dict(lines or {}),
    )


def _build_postcode(item: Mapping[str, Any]) -> PostcodeEntry:
    valid_to = item.get("valid_to")
    return PostcodeEntry(
        **{
            **item,
            "valid_from": date.fromisoformat(item["valid_from"]),
            "valid_to": date.fromisoformat(valid_to) if valid_to is not None else None,
        }
    )


def _build_transition(item: Mapping[str, Any] | None) -> TransitionEntry | None:
    if item is None:
        return None
    return TransitionEntry(
        switch_date=date.fromisoformat(item["switch_date"]),
        transitional_right_months=int(
            item.get("transitional_right_months", DEFAULT_TRANSITIONAL_MONTHS)
        ),
        products=tuple(
            TransitionalProduct(productcode=p["productcode"], until=date.fromisoformat(p["until"]))
            for p in item.get("products", [])
        ),
        synthetic=bool(item.get("synthetic", False)),
        source=str(item.get("source", "")),
    )


def _transition_data(entry: TransitionEntry) -> dict[str, Any]:
    data: dict[str, Any] = {
        "switch_date": entry.switch_date.isoformat(),
        "transitional_right_months": entry.transitional_right_months,
    }
    if entry.products:
        data["products"] = [
            {"productcode": p.productcode, "until": p.until.isoformat()} for p in entry.products
        ]
    if entry.synthetic:
        data["synthetic"] = True
    if entry.source:
        data["source"] = entry.source
    return data


def _build_team(item: Mapping[str, Any]) -> TeamEntry:
    covers = item["covers"]
    coverage = TeamCoverage(
        districts=tuple(covers.get("districts", ())),
        postcodes=tuple(covers.get("postcodes", ())),
        gp_practices=tuple(covers.get("gp_practices", ())),
        schools=tuple(covers.get("schools", ())),
        whole_region=bool(covers.get("whole_region", False)),
    )
    return TeamEntry(**{**item, "covers": coverage})


# ---------------------------------------------------------------------------------------
# Writing: the inverse of build_region_file (used by export and by region_load's check)


def region_file_to_data(region_file: RegionFile) -> dict[str, Any]:
    """Plain data in file order; optional values that are empty are left out."""
    data: dict[str, Any] = {
        "version": region_file.version,
        "region": _entry_data(region_file.region, keep={"code", "name"}),
        "municipalities": [_entry_data(m) for m in region_file.municipalities],
        "districts": [_entry_data(d) for d in region_file.districts],
        "postcodes": [_postcode_data(p) for p in region_file.postcodes],
        "organisations": [_entry_data(o) for o in region_file.organisations],
        "teams": [_team_data(t) for t in region_file.teams],
    }
    if region_file.outside_region:
        data["outside_region"] = [_entry_data(o) for o in region_file.outside_region]
    if region_file.help_forms:
        data["help_forms"] = [_entry_data(h) for h in region_file.help_forms]
    if region_file.ijw_products:
        data["ijw_products"] = [_entry_data(p) for p in region_file.ijw_products]
    if region_file.transition is not None:
        data["transition"] = _transition_data(region_file.transition)
    if region_file.extensions:
        data["extensions"] = dict(region_file.extensions)
    return data


def _entry_data(entry: object, *, keep: AbstractSet[str] = frozenset()) -> dict[str, Any]:
    """The fields of a dataclass entry, leaving out empty optional ones (None, "", False)."""
    result: dict[str, Any] = {}
    for name, value in vars(entry).items():
        if name in keep or not (value is None or value is False or value == ""):
            result[name] = value
    return result


def _postcode_data(entry: PostcodeEntry) -> dict[str, Any]:
    data = _entry_data(entry, keep={"residential"})
    data["valid_from"] = entry.valid_from.isoformat()
    if entry.valid_to is not None:
        data["valid_to"] = entry.valid_to.isoformat()
    return data


def _team_data(entry: TeamEntry) -> dict[str, Any]:
    data = _entry_data(entry)
    covers: dict[str, Any] = {}
    for kind in entry.covers.used_kinds():
        value = getattr(entry.covers, kind)
        covers[kind] = list(value) if isinstance(value, tuple) else value
    data["covers"] = covers
    return data


def region_file_yaml(data: Mapping[str, Any]) -> str:
    """YAML text for region data: keys in file order, Unicode kept, codes quoted."""
    return yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, width=100)


# ---------------------------------------------------------------------------------------
# Round 2: meaning


class _Problems:
    def __init__(self) -> None:
        self.errors: list[RegionFileError] = []

    def add(self, path: str, message: str) -> None:
        self.errors.append(RegionFileError(path, message))


def meaning_errors(region_file: RegionFile) -> list[RegionFileError]:
    """Errors in what a structurally valid file says: codes, references, periods, kinds."""
    problems = _Problems()
    _check_duplicates(region_file, problems)
    _check_districts(region_file, problems)
    _check_postcodes(region_file, problems)
    _check_organisations(region_file, problems)
    _check_teams(region_file, problems)
    _check_outside_region(region_file, problems)
    _check_transition(region_file, problems)
    return problems.errors


def _check_transition(region_file: RegionFile, problems: _Problems) -> None:
    transition = region_file.transition
    if transition is None:
        return
    codes = (p.productcode for p in transition.products)
    for index, first, code in _repeats(codes):
        problems.add(
            f"transition.products[{index}].productcode",
            _("de productcode '%(code)s' komt al voor bij %(first)s")
            % {"code": code, "first": f"transition.products[{first}]"},
        )
    for index, product in enumerate(transition.products):
        if product.until < transition.switch_date:
            problems.add(
                f"transition.products[{index}].until",
                _("het overgangsrecht kan niet eindigen vóór de overstapdatum %(day)s")
                % {"day": transition.switch_date.isoformat()},
            )


def _check_duplicates(region_file: RegionFile, problems: _Problems) -> None:
    keyed: list[tuple[str, str, Iterable[str]]] = [
        ("municipalities", "code", (m.code for m in region_file.municipalities)),
        ("districts", "code", (d.code for d in region_file.districts)),
        ("organisations", "code", (o.code for o in region_file.organisations)),
        ("teams", "code", (t.code for t in region_file.teams)),
        ("help_forms", "code", (h.code for h in region_file.help_forms)),
        ("ijw_products", "help_form", (p.help_form for p in region_file.ijw_products)),
    ]
    for section, key, codes in keyed:
        for index, first, code in _repeats(codes):
            problems.add(
                f"{section}[{index}].{key}",
                _("de code '%(code)s' komt al voor bij %(first)s")
                % {"code": code, "first": f"{section}[{first}]"},
            )
    starts = ((p.pc4, p.valid_from) for p in region_file.postcodes)
    for index, first, (pc4, valid_from) in _repeats(starts):
        problems.add(
            f"postcodes[{index}].valid_from",
            _("postcodegebied %(pc4)s met geldig vanaf %(day)s staat al bij %(first)s")
            % {"pc4": pc4, "day": valid_from.isoformat(), "first": f"postcodes[{first}]"},
        )


_Key = TypeVar("_Key", bound=Hashable)


def _repeats(values: Iterable[_Key]) -> Iterator[tuple[int, int, _Key]]:
    """(index, index of first occurrence, value) for every value seen before."""
    first_index: dict[_Key, int] = {}
    for index, value in enumerate(values):
        if value in first_index:
            yield index, first_index[value], value
        else:
            first_index[value] = index


def _unknown_municipality(code: str) -> str:
    return _("onbekende gemeente '%(code)s': die staat niet onder municipalities") % {"code": code}


def _check_districts(region_file: RegionFile, problems: _Problems) -> None:
    municipalities = {m.code for m in region_file.municipalities}
    for index, district in enumerate(region_file.districts):
        path = f"districts[{index}]"
        if district.municipality not in municipalities:
            problems.add(f"{path}.municipality", _unknown_municipality(district.municipality))
        expected_prefix = "WK" + district.municipality[2:]
        if not district.code.startswith(expected_prefix):
            problems.add(
                f"{path}.code",
                _(
                    "wijkcode %(code)s past niet bij gemeente %(municipality)s: de wijkcode "
                    "moet beginnen met %(prefix)s"
                )
                % {
                    "code": district.code,
                    "municipality": district.municipality,
                    "prefix": expected_prefix,
                },
            )


def _check_postcodes(region_file: RegionFile, problems: _Problems) -> None:
    municipalities = {m.code for m in region_file.municipalities}
    districts = {d.code: d for d in region_file.districts}
    for index, postcode in enumerate(region_file.postcodes):
        path = f"postcodes[{index}]"
        if postcode.municipality not in municipalities:
            problems.add(f"{path}.municipality", _unknown_municipality(postcode.municipality))
        if postcode.district is not None:
            _check_postcode_district(postcode, districts, f"{path}.district", problems)
        if postcode.valid_to is not None and postcode.valid_to < postcode.valid_from:
            problems.add(
                f"{path}.valid_to",
                _("geldig tot en met (%(end)s) ligt vóór geldig vanaf (%(start)s)")
                % {"end": postcode.valid_to.isoformat(), "start": postcode.valid_from.isoformat()},
            )
    _check_postcode_overlaps(region_file.postcodes, problems)


def _check_postcode_district(
    postcode: PostcodeEntry, districts: Mapping[str, DistrictEntry], path: str, problems: _Problems
) -> None:
    district = districts.get(postcode.district or "")
    if district is None:
        problems.add(
            path,
            _("onbekende wijk '%(code)s': die staat niet onder districts")
            % {"code": postcode.district},
        )
    elif district.municipality != postcode.municipality:
        problems.add(
            path,
            _(
                "wijk %(district)s ligt in gemeente %(district_municipality)s, maar dit "
                "postcodegebied in gemeente %(municipality)s"
            )
            % {
                "district": district.code,
                "district_municipality": district.municipality,
                "municipality": postcode.municipality,
            },
        )


def _check_postcode_overlaps(postcodes: tuple[PostcodeEntry, ...], problems: _Problems) -> None:
    by_pc4: dict[str, list[int]] = defaultdict(list)
    for index, postcode in enumerate(postcodes):
        by_pc4[postcode.pc4].append(index)
    for indexes in by_pc4.values():
        for later_position, later in enumerate(indexes):
            for earlier in indexes[:later_position]:
                _check_overlap_pair(postcodes, earlier, later, problems)


def _check_overlap_pair(
    postcodes: tuple[PostcodeEntry, ...], earlier: int, later: int, problems: _Problems
) -> None:
    first, second = postcodes[earlier], postcodes[later]
    if first.valid_from == second.valid_from or not first.overlaps(second):
        return  # an identical start is reported as a duplicate
    values = {
        "pc4": second.pc4,
        "first": f"postcodes[{earlier}]",
        "municipality": second.municipality,
        "other": first.municipality,
    }
    if first.municipality != second.municipality:
        message = _(
            "postcodegebied %(pc4)s ligt in overlappende periodes in twee gemeenten: "
            "%(municipality)s hier en %(other)s bij %(first)s"
        )
    else:
        message = _("postcodegebied %(pc4)s heeft een periode die overlapt met %(first)s")
    problems.add(f"postcodes[{later}].valid_from", message % values)


def _check_organisations(region_file: RegionFile, problems: _Problems) -> None:
    municipalities = {m.code for m in region_file.municipalities}
    parents = {o.code: o.parent for o in region_file.organisations}
    for index, organisation in enumerate(region_file.organisations):
        path = f"organisations[{index}]"
        if (
            organisation.municipality is not None
            and organisation.municipality not in municipalities
        ):
            problems.add(f"{path}.municipality", _unknown_municipality(organisation.municipality))
        if organisation.brin_code and organisation.kind != "school":
            problems.add(
                f"{path}.brin_code",
                _("alleen een school (kind: school) heeft een BRIN-code"),
            )
        if organisation.parent is not None and organisation.parent not in parents:
            problems.add(
                f"{path}.parent",
                _("onbekende organisatie '%(code)s': die staat niet onder organisations")
                % {"code": organisation.parent},
            )
    _check_parent_cycles(region_file.organisations, parents, problems)


def _check_parent_cycles(
    organisations: tuple[OrganisationEntry, ...],
    parents: Mapping[str, str | None],
    problems: _Problems,
) -> None:
    """Report every 'parent' cycle once, at its first member in the file."""
    reported: set[str] = set()
    for index, organisation in enumerate(organisations):
        chain = _parent_chain(organisation.code, parents)
        is_cycle = len(chain) > 1 and chain[-1] == organisation.code
        if not is_cycle or organisation.code in reported:
            continue
        reported.update(chain)
        problems.add(
            f"organisations[{index}].parent",
            _("de organisaties vormen via 'parent' een kring: %(chain)s")
            % {"chain": " → ".join(chain)},
        )


def _parent_chain(code: str, parents: Mapping[str, str | None]) -> list[str]:
    """``code`` and its parents upwards, stopping at the top or at the first repeat."""
    chain = [code]
    parent = parents.get(code)
    while parent is not None and parent in parents:
        chain.append(parent)
        if parent in chain[:-1]:
            break
        parent = parents[parent]
    return chain


def _check_teams(region_file: RegionFile, problems: _Problems) -> None:
    context = _TeamContext.of(region_file)
    for index, team in enumerate(region_file.teams):
        path = f"teams[{index}]"
        if team.organisation is not None and team.organisation not in context.organisations:
            problems.add(
                f"{path}.organisation",
                _("onbekende organisatie '%(code)s': die staat niet onder organisations")
                % {"code": team.organisation},
            )
        if team.municipality is not None and team.municipality not in context.municipalities:
            problems.add(f"{path}.municipality", _unknown_municipality(team.municipality))
        if team.kind == "wijkteam" and team.municipality is None:
            problems.add(
                path, _("een wijkteam hoort bij één gemeente: het veld 'municipality' ontbreekt")
            )
        _check_team_kind(team, f"{path}.covers", problems)
        _check_cover_references(team, context, f"{path}.covers", problems)


def _check_team_kind(team: TeamEntry, path: str, problems: _Problems) -> None:
    allowed = TEAM_COVERS[team.kind]
    used = team.covers.used_kinds()
    allowed_text = ", ".join(kind for kind in COVER_KINDS if kind in allowed)
    for kind in used:
        if kind not in allowed:
            problems.add(
                f"{path}.{kind}",
                _("een team van soort %(kind)s dekt alleen %(allowed)s, niet %(cover)s")
                % {"kind": team.kind, "allowed": allowed_text, "cover": kind},
            )
    if not allowed.intersection(used):
        problems.add(
            path,
            _("een team van soort %(kind)s moet %(allowed)s dekken")
            % {"kind": team.kind, "allowed": allowed_text},
        )


@dataclass(frozen=True)
class _TeamContext:
    municipalities: frozenset[str]
    districts: Mapping[str, str]  # code -> municipality
    postcode_municipalities: Mapping[str, frozenset[str]]  # pc4 -> municipalities (any period)
    organisations: Mapping[str, str]  # code -> kind

    @classmethod
    def of(cls, region_file: RegionFile) -> _TeamContext:
        postcodes: dict[str, set[str]] = defaultdict(set)
        for postcode in region_file.postcodes:
            postcodes[postcode.pc4].add(postcode.municipality)
        return cls(
            municipalities=frozenset(m.code for m in region_file.municipalities),
            districts={d.code: d.municipality for d in region_file.districts},
            postcode_municipalities={pc4: frozenset(m) for pc4, m in postcodes.items()},
            organisations={o.code: o.kind for o in region_file.organisations},
        )


def _check_cover_references(
    team: TeamEntry, context: _TeamContext, path: str, problems: _Problems
) -> None:
    checks: list[tuple[str, tuple[str, ...], Callable[[str], str | None]]] = [
        ("districts", team.covers.districts, lambda code: _district_problem(team, code, context)),
        ("postcodes", team.covers.postcodes, lambda pc4: _postcode_problem(team, pc4, context)),
        (
            "gp_practices",
            team.covers.gp_practices,
            lambda code: _partner_problem(code, "gp_practice", context),
        ),
        ("schools", team.covers.schools, lambda code: _partner_problem(code, "school", context)),
    ]
    for kind, codes, problem_of in checks:
        first_index: dict[str, int] = {}
        for index, code in enumerate(codes):
            item_path = f"{path}.{kind}[{index}]"
            if code in first_index:
                problems.add(
                    item_path,
                    _("'%(code)s' staat al in deze lijst (%(kind)s[%(first)d])")
                    % {"code": code, "kind": kind, "first": first_index[code]},
                )
                continue
            first_index[code] = index
            problem = problem_of(code)
            if problem is not None:
                problems.add(item_path, problem)


def _district_problem(team: TeamEntry, code: str, context: _TeamContext) -> str | None:
    municipality = context.districts.get(code)
    if municipality is None:
        return _("onbekende wijk '%(code)s': die staat niet onder districts") % {"code": code}
    if team.municipality is not None and municipality != team.municipality:
        return _("wijk %(code)s ligt in %(other)s, niet in de gemeente van het team (%(own)s)") % {
            "code": code,
            "other": municipality,
            "own": team.municipality,
        }
    return None


def _postcode_problem(team: TeamEntry, pc4: str, context: _TeamContext) -> str | None:
    municipalities = context.postcode_municipalities.get(pc4)
    if municipalities is None:
        return _("onbekend postcodegebied '%(pc4)s': dat staat niet onder postcodes") % {"pc4": pc4}
    if team.municipality is not None and team.municipality not in municipalities:
        return _(
            "postcodegebied %(pc4)s ligt nooit in de gemeente van het team (%(own)s), "
            "alleen in %(other)s"
        ) % {"pc4": pc4, "own": team.municipality, "other": ", ".join(sorted(municipalities))}
    return None


def _partner_problem(code: str, expected_kind: str, context: _TeamContext) -> str | None:
    kind = context.organisations.get(code)
    if kind is None:
        return _("onbekende organisatie '%(code)s': die staat niet onder organisations") % {
            "code": code
        }
    if kind != expected_kind:
        return _(
            "organisatie '%(code)s' is van soort %(kind)s, maar hier hoort een %(expected)s"
        ) % {"code": code, "kind": kind, "expected": expected_kind}
    return None


def _check_outside_region(region_file: RegionFile, problems: _Problems) -> None:
    municipalities = {m.code for m in region_file.municipalities}
    postcodes = {p.pc4 for p in region_file.postcodes}
    seen: dict[str, int] = {}
    without_pc4: dict[str, int] = {}
    for index, entry in enumerate(region_file.outside_region):
        path = f"outside_region[{index}]"
        if entry.municipality_code in municipalities:
            problems.add(
                f"{path}.municipality_code",
                _("gemeente %(code)s hoort bij de regio zelf, niet erbuiten")
                % {"code": entry.municipality_code},
            )
        if entry.pc4 is not None:
            _check_outside_pc4(entry.pc4, index, postcodes, seen, problems)
        elif entry.municipality_code in without_pc4:
            problems.add(
                f"{path}.municipality_code",
                _("gemeente %(code)s staat al zonder postcodegebied bij outside_region[%(first)d]")
                % {"code": entry.municipality_code, "first": without_pc4[entry.municipality_code]},
            )
        else:
            without_pc4[entry.municipality_code] = index
        if entry.forward_to and not entry.forward:
            problems.add(
                f"{path}.forward_to",
                _("'forward_to' heeft alleen zin met 'forward: true'"),
            )


def _check_outside_pc4(
    pc4: str, index: int, postcodes: set[str], seen: dict[str, int], problems: _Problems
) -> None:
    path = f"outside_region[{index}].pc4"
    if pc4 in postcodes:
        problems.add(
            path,
            _("postcodegebied %(pc4)s hoort bij de regio zelf (zie postcodes)") % {"pc4": pc4},
        )
    if pc4 in seen:
        problems.add(
            path,
            _("postcodegebied %(pc4)s staat al bij outside_region[%(first)d]")
            % {"pc4": pc4, "first": seen[pc4]},
        )
    else:
        seen[pc4] = index
