"""JSON Schema validation errors as Dutch sentences a person filling in a file understands.

Shared by the region file (`region.regionfile`) and the history format (`history.schema`):
each passes the explanations of its own patterns and any messages of its own for keywords
that only make sense for that file (``minProperties``, ``anyOf``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from jsonschema.exceptions import ValidationError

MessageFor = Callable[[ValidationError], str]


@dataclass(frozen=True)
class SchemaProblem:
    """One message. `path` is where the error sits ("teams[2].kind"); `field` names the
    offending key below that path for an unknown field, so a caller can point at it."""

    path: str
    text: str
    field: str | None = None


def join_path(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def error_path(error: ValidationError) -> str:
    path = ""
    for part in error.absolute_path:
        path = join_path(path, part)
    return path


def schema_problems(
    error: ValidationError,
    *,
    patterns: Mapping[str, str],
    extra: Mapping[str, MessageFor] | None = None,
) -> list[SchemaProblem]:
    """The Dutch messages for one validation error. `patterns` maps a schema pattern to its
    explanation; `extra` adds or overrides messages per schema keyword."""
    path = error_path(error)
    keyword = str(error.validator)
    instance: Any = error.instance
    if keyword == "required":
        return [
            SchemaProblem(path, _("het veld '%(name)s' ontbreekt") % {"name": name})
            for name in _as_list(error.validator_value)
            if isinstance(instance, dict) and name not in instance
        ]
    if keyword == "additionalProperties":
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        return [
            SchemaProblem(
                path,
                _("onbekend veld '%(name)s'; toegestaan zijn: %(known)s")
                % {"name": name, "known": ", ".join(known)},
                field=str(name),
            )
            for name in instance
            if name not in known
        ]
    if keyword == "pattern":
        return [SchemaProblem(path, _message_pattern(error, patterns))]
    translate = (extra or {}).get(keyword) or _MESSAGES.get(keyword, _message_other)
    return [SchemaProblem(path, translate(error))]


def _as_list(value: Any) -> list[Any]:
    return list(value)


def short(value: Any) -> str:
    """A value as JSON, cut to 60 characters."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def describe_type(value: Any) -> str:
    if value is None:
        return _("leeg")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int | float):
        return _("een getal (%(value)s)") % {"value": short(value)}
    if isinstance(value, str):
        return _("tekst")
    if isinstance(value, list):
        return _("een lijst")
    if isinstance(value, dict):
        return _("een mapping")
    return type(value).__name__


def _type_names() -> dict[str, str]:
    """A table, built per call so gettext uses the active language."""
    return {
        "string": _("tekst"),
        "integer": _("een geheel getal"),
        "number": _("een getal"),
        "boolean": _("true of false"),
        "object": _("een mapping (sleutel: waarde)"),
        "array": _("een lijst"),
        "null": _("niets"),
    }


def _message_type(error: ValidationError) -> str:
    wanted = error.validator_value
    names = _type_names()
    expected = (
        " of ".join(names.get(str(t), str(t)) for t in wanted)
        if isinstance(wanted, list)
        else names.get(str(wanted), str(wanted))
    )
    message = _("verwacht %(expected)s, maar dit is %(found)s") % {
        "expected": expected,
        "found": describe_type(error.instance),
    }
    is_number = isinstance(error.instance, int | float) and not isinstance(error.instance, bool)
    if wanted == "string" and is_number:
        message += _('; zet codes en datums tussen aanhalingstekens, bijvoorbeeld "%(value)s"') % {
            "value": error.instance
        }
    return message


def _message_pattern(error: ValidationError, patterns: Mapping[str, str]) -> str:
    explain = patterns.get(str(error.validator_value))
    value = str(error.instance)
    if explain is None:
        return _("'%(value)s' heeft niet de juiste vorm") % {"value": value}
    return _("'%(value)s' heeft niet de juiste vorm: %(explain)s") % {
        "value": value,
        "explain": explain,
    }


def _message_enum(error: ValidationError) -> str:
    return _("'%(value)s' is geen toegestane waarde; kies uit: %(choices)s") % {
        "value": error.instance,
        "choices": ", ".join(str(choice) for choice in _as_list(error.validator_value)),
    }


def _message_const(error: ValidationError) -> str:
    return _("de waarde moet %(expected)s zijn, niet %(value)s") % {
        "expected": json.dumps(error.validator_value),
        "value": short(error.instance),
    }


def _message_min_items(error: ValidationError) -> str:
    return _("de lijst moet minstens %(count)d item(s) bevatten") % {"count": error.validator_value}


def _message_max_items(error: ValidationError) -> str:
    return _("de lijst mag hoogstens %(count)d item(s) bevatten") % {"count": error.validator_value}


def _message_unique(error: ValidationError) -> str:
    return _("de lijst noemt iets twee keer")


def _message_min_length(error: ValidationError) -> str:
    return _("de tekst mag niet leeg zijn")


def _message_max_length(error: ValidationError) -> str:
    return _("de tekst is te lang: hoogstens %(count)d tekens") % {"count": error.validator_value}


def _message_minimum(error: ValidationError) -> str:
    return _("het getal moet minstens %(limit)s zijn") % {"limit": error.validator_value}


def _message_maximum(error: ValidationError) -> str:
    return _("het getal mag hoogstens %(limit)s zijn") % {"limit": error.validator_value}


def _message_other(error: ValidationError) -> str:
    return _("klopt niet met het schema (%(keyword)s)") % {"keyword": error.validator}


_MESSAGES: dict[str, MessageFor] = {
    "type": _message_type,
    "enum": _message_enum,
    "const": _message_const,
    "minItems": _message_min_items,
    "maxItems": _message_max_items,
    "uniqueItems": _message_unique,
    "minLength": _message_min_length,
    "maxLength": _message_max_length,
    "minimum": _message_minimum,
    "maximum": _message_maximum,
}
