"""The JSON Schema of one line of a history file (``docs/history-schema.json``, draft
2020-12) and its errors in Dutch.

The schema file has one root for editors and other tools (``allOf`` with an ``if``/``then``
per line type). The importer checks each line against the sub-schema of its own type, with
the local ``$ref``s written out once.

`jsonschema` is the reference: it decides and words every error. Because it costs tens of
microseconds per line (too much for tens of millions of lines), each sub-schema is also
compiled into a plain Python predicate for the few keywords the schema uses; a line the
predicate accepts is valid, any other line goes to `jsonschema`. A keyword the compiler
does not know makes it leave that type to `jsonschema` alone, and a property test checks
that both always agree (tests/history/test_schema.py)."""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from jeugdmodel.core.schema_messages import schema_problems, short

#: The line types, in the order the format describes them.
LINE_TYPES = (
    "header",
    "family",
    "person",
    "request",
    "case",
    "contact",
    "trajectory",
    "consultation",
    "closing",
)
FORMAT_NAME = "jeugdmodel-history"
FORMAT_VERSION = 1


def schema_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "history-schema.json"


@functools.cache
def history_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return schema


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """`node` with every local ``{"$ref": "#/$defs/x"}`` replaced by a copy of ``x``."""
    if isinstance(node, dict):
        target = node.get("$ref")
        if isinstance(target, str) and target.startswith("#/$defs/"):
            rest = {k: v for k, v in node.items() if k != "$ref"}
            resolved = _inline(copy.deepcopy(defs[target.removeprefix("#/$defs/")]), defs)
            return {**resolved, **_inline(rest, defs)}
        return {k: _inline(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


@functools.cache
def line_schemas() -> dict[str, dict[str, Any]]:
    """Per line type its sub-schema, with the local references written out."""
    defs = history_schema()["$defs"]
    return {kind: _inline(defs[kind], defs) for kind in LINE_TYPES}


@functools.cache
def _validators() -> dict[str, Draft202012Validator]:
    return {kind: Draft202012Validator(schema) for kind, schema in line_schemas().items()}


@functools.cache
def _fast_checks() -> dict[str, Callable[[Any], bool]]:
    checks = {}
    for kind, schema in line_schemas().items():
        try:
            checks[kind] = compile_schema(schema)
        except _Unsupported:
            continue  # jsonschema alone decides for this type
    return checks


class _Unsupported(Exception):
    pass


#: Keywords that only describe and never restrict.
_ANNOTATIONS = frozenset({"description", "title", "$comment", "examples", "default"})
_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
}


def _json_equal(one: Any, two: Any) -> bool:
    """Equality as JSON Schema means it: true is not 1, 1.0 is 1."""
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, dict | list) or isinstance(two, dict | list):
        raise _Unsupported  # not needed by this schema
    return bool(one == two)


def compile_schema(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """A predicate that is true exactly when `schema` accepts the value, for the keywords
    this format uses; raises _Unsupported for any other keyword."""
    checks: list[Callable[[Any], bool]] = []
    if schema.get("type") == "object" and schema.get("additionalProperties") is False:
        checks.append(_compile_object(schema))
        rest = {"type", "properties", "additionalProperties", "required"}
    else:
        rest = set()
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS or keyword in rest:
            continue
        checks.append(_compile_keyword(keyword, value, schema))
    if len(checks) == 1:
        return checks[0]

    def check(instance: Any) -> bool:
        # A plain loop: about a third faster than all() over a generator, per line.
        for each in checks:  # noqa: SIM110
            if not each(instance):
                return False
        return True

    return check


def _compile_object(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """type object, its properties, no others, and the required ones, in one pass."""
    if "patternProperties" in schema:
        raise _Unsupported
    compiled = {name: compile_schema(sub) for name, sub in schema.get("properties", {}).items()}
    required = tuple(schema.get("required", ()))

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return False
        for name in required:
            if name not in value:
                return False
        for name, item in value.items():
            each = compiled.get(name)
            if each is None or not each(item):
                return False
        return True

    return check


def _compile_keyword(keyword: str, value: Any, schema: dict[str, Any]) -> Callable[[Any], bool]:
    if keyword == "type":
        if isinstance(value, str):
            return _TYPES[value]
        kinds = [_TYPES[t] for t in value]
        return lambda v: any(k(v) for k in kinds)
    if keyword == "const":
        if isinstance(value, dict | list):
            raise _Unsupported
        if isinstance(value, str):
            return lambda v: isinstance(v, str) and v == value
        return lambda v: not isinstance(v, dict | list) and _json_equal(v, value)
    if keyword == "enum":
        if all(isinstance(o, str) for o in value):
            options = frozenset(value)
            return lambda v: isinstance(v, str) and v in options
        if any(isinstance(o, dict | list) for o in value):
            raise _Unsupported
        return lambda v: not isinstance(v, dict | list) and any(_json_equal(v, o) for o in value)
    if keyword == "pattern":
        regex = re.compile(value)
        return lambda v: not isinstance(v, str) or regex.search(v) is not None
    if keyword == "minLength":
        return lambda v: not isinstance(v, str) or len(v) >= value
    if keyword == "maxLength":
        return lambda v: not isinstance(v, str) or len(v) <= value
    if keyword in ("minimum", "maximum"):
        higher = keyword == "minimum"

        def bound(v: Any) -> bool:
            if not _TYPES["number"](v):
                return True
            return bool(v >= value) if higher else bool(v <= value)

        return bound
    if keyword == "required":
        return lambda v: not isinstance(v, dict) or all(name in v for name in value)
    if keyword == "properties":
        compiled = {name: compile_schema(sub) for name, sub in value.items()}

        def properties(v: Any) -> bool:
            if not isinstance(v, dict):
                return True
            return all(c(v[name]) for name, c in compiled.items() if name in v)

        return properties
    if keyword == "additionalProperties":
        if value is not False or "patternProperties" in schema:
            raise _Unsupported
        known = frozenset(schema.get("properties", {}))
        return lambda v: not isinstance(v, dict) or all(name in known for name in v)
    if keyword == "items":
        item = compile_schema(value)
        return lambda v: not isinstance(v, list) or all(item(i) for i in v)
    if keyword in ("minItems", "maxItems"):
        low = keyword == "minItems"
        return lambda v: not isinstance(v, list) or (len(v) >= value if low else len(v) <= value)
    if keyword == "uniqueItems":
        if not value:
            return lambda v: True
        return _unique
    if keyword == "anyOf":
        branches = [compile_schema(sub) for sub in value]
        return lambda v: any(b(v) for b in branches)
    raise _Unsupported(keyword)


def _unique(value: Any) -> bool:
    """No two items equal in the JSON sense (true is not 1, 1.0 is 1); a list holding lists
    or mappings is left to jsonschema."""
    if not isinstance(value, list):
        return True
    seen = set()
    for item in value:
        if isinstance(item, dict | list):
            raise _Unsupported
        key = (
            ("b", item)
            if isinstance(item, bool)
            else ("s", item)
            if isinstance(item, str)
            else ("n", item)
        )
        if key in seen:
            return False
        seen.add(key)
    return True


def _pattern_messages() -> dict[str, str]:
    """Dutch explanations per schema pattern, built per line with errors (not cached) so
    gettext uses the language of the moment."""
    defs = history_schema()["$defs"]
    return {
        defs["id"]["pattern"]: _(
            "een id is 1 tot 40 tekens: letters, cijfers en . _ : - (begin met een letter "
            "of cijfer)"
        ),
        defs["request_id"]["pattern"]: _(
            "het id van een aanmelding is hoogstens 18 tekens (het wordt het kenmerk H-<id>)"
        ),
        defs["date"]["pattern"]: _("een datum schrijf je als JJJJ-MM-DD, bijvoorbeeld 2023-01-01"),
        defs["moment"]["pattern"]: _(
            "een tijdstip schrijf je als JJJJ-MM-DDTuu:mm:ss+01:00 (met tijdzone), of alleen "
            "een datum JJJJ-MM-DD"
        ),
        defs["code"]["pattern"]: _(
            "een code bestaat uit kleine letters, cijfers, - en _ en begint met een letter of "
            "cijfer"
        ),
        defs["pc4"]["pattern"]: _(
            'een postcodegebied is 4 cijfers en begint niet met 0, bijvoorbeeld "3112"'
        ),
        defs["person"]["properties"]["bsn"]["pattern"]: _("een BSN is 9 cijfers"),
    }


def line_schema_errors(kind: str, data: dict[str, Any]) -> list[str]:
    """What is wrong with `data` as a line of type `kind`, in Dutch; empty when it fits."""
    fast = _fast_checks().get(kind)
    if fast is not None:
        try:
            if fast(data):
                return []
        except _Unsupported:
            pass
    validator = _validators()[kind]
    if validator.is_valid(data):
        return []
    patterns = _pattern_messages()
    messages: list[str] = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        messages.extend(_translate(error, patterns))
    return messages


def _message_any_of(error: ValidationError) -> str:
    return _('%(value)s is geen "family" en geen id') % {"value": short(error.instance)}


def _translate(error: ValidationError, patterns: dict[str, str]) -> list[str]:
    return [
        f"{p.path}: {p.text}" if p.path else p.text
        for p in schema_problems(error, patterns=patterns, extra={"anyOf": _message_any_of})
    ]
