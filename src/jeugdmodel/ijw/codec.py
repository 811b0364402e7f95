"""iJw message objects to XML bytes and back.

The objects are the xsdata dataclasses in :mod:`jeugdmodel.ijw.model` (decision 0053). Reading
outside bytes always goes through :func:`jeugdmodel.ijw.schema.read_xml` first (size limit,
no DTD/entities) and the XSD, so the binding only ever sees a valid tree.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
import types
import typing
from dataclasses import dataclass
from enum import Enum
from functools import cache
from types import ModuleType
from typing import Any

from lxml import etree

from .schema import (
    BASIS_NS,
    MESSAGE_TYPES,
    MessageType,
    SchemaError,
    UnsafeOrInvalidXml,
    message_type_of,
    read_xml,
    schema_errors,
    schema_for,
    shared_parser,
)


@cache
def _module(name: str) -> ModuleType:
    return importlib.import_module(f"jeugdmodel.ijw.model.{name.lower()}")


def message_class(name: str) -> type[Any]:
    """The dataclass of a whole message, e.g. ``message_class("JW305")``."""
    cls: type[Any] = _module(name).Bericht
    return cls


def model(name: str) -> ModuleType:
    """The generated module of a message type (its Header, Client, StartProduct, … classes)."""
    return _module(name)


def type_of(message: Any) -> MessageType:
    namespace = type(message).Meta.namespace
    for message_type in MESSAGE_TYPES.values():
        if message_type.namespace == namespace:
            return message_type
    raise ValueError(f"not an iJw message object: {type(message).__name__}")


def to_tree(message: Any) -> etree._Element:
    """The message as an lxml element: the tree of exactly the bytes :func:`to_xml` gives
    (what is validated is what is sent)."""
    return etree.fromstring(to_xml(message), shared_parser())


def _prefixes() -> dict[str, str]:
    found = {t.namespace: t.name.lower() for t in MESSAGE_TYPES.values()}
    found[BASIS_NS] = "ijw"
    return found


_PREFIXES = _prefixes()
#: Per generated class: (attribute, prefixed tag, kind) of each element field, in order.
_WRITE_PLANS: dict[type[Any], tuple[tuple[str, str, int], ...]] = {}
#: Characters XML 1.0 does not allow in text (lxml refuses them the same way).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def _write_plan(cls: type[Any]) -> tuple[tuple[str, str, int], ...]:
    known = _WRITE_PLANS.get(cls)
    if known is not None:
        return known
    plan = []
    for tag, (attribute, kind, _target, _repeated) in _read_plan(cls).items():
        qname = etree.QName(tag)
        plan.append((attribute, f"{_PREFIXES[qname.namespace or '']}:{qname.localname}", kind))
    _WRITE_PLANS[cls] = tuple(plan)
    return _WRITE_PLANS[cls]


def _text(value: Any, kind: int) -> str:
    text = value.value if kind == _ENUM else str(value)
    if _NOT_XML.search(text):
        raise ValueError(f"not allowed in XML: {text!r}")
    return text.translate(_ESCAPES)


def _emit(out: list[str], obj: Any, pad: str) -> None:
    """The element fields of ``obj`` as indented XML text, appended to ``out``.

    A direct walk over the dataclass fields in their (schema) order: every field of the
    iJw model is an element whose value is a dataclass, an enum, text or a number, so this
    is all the serialising there is. Writing the text is several times faster than
    building an lxml tree element by element; the output is byte for byte what lxml
    writes for that tree indented by two spaces (a test keeps it so).
    """
    inner = pad + "  "
    for attribute, tag, kind in _WRITE_PLANS.get(type(obj)) or _write_plan(type(obj)):
        value = getattr(obj, attribute)
        if value is None:
            continue
        for item in value if isinstance(value, tuple) else (value,):
            if kind == _OBJECT:
                out.append(f"{pad}<{tag}>")
                mark = len(out)
                _emit(out, item, inner)
                if len(out) == mark:
                    out[-1] = f"{pad}<{tag}/>"
                else:
                    out.append(f"{pad}</{tag}>")
            else:
                out.append(f"{pad}<{tag}>{_text(item, kind)}</{tag}>")


def to_xml(message: Any) -> bytes:
    """The message as UTF-8 XML with declaration, indented by two spaces, with the
    prefixes of the standard (``jw305:``, ``ijw:``)."""
    message_type = type_of(message)
    prefix = message_type.name.lower()
    out = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        f'\n<{prefix}:Bericht xmlns:{prefix}="{message_type.namespace}" xmlns:ijw="{BASIS_NS}">',
    ]
    _emit(out, message, "\n  ")
    out.append(f"\n</{prefix}:Bericht>\n")
    return "".join(out).encode()


_PLANS: dict[type[Any], tuple[tuple[str, str], ...]] = {}


def _plan(cls: type[Any]) -> tuple[tuple[str, str], ...]:
    """(attribute, qualified tag) of each element field of a generated class, in order."""
    known = _PLANS.get(cls)
    if known is not None:
        return known
    plan = []
    for f in dataclasses.fields(cls):
        meta = f.metadata
        if meta.get("type", "Element") != "Element":
            raise TypeError(f"{cls.__name__}.{f.name}: only elements are supported")
        plan.append((f.name, f"{{{meta['namespace']}}}{meta['name']}"))
    _PLANS[cls] = tuple(plan)
    return _PLANS[cls]


#: How an element field is read: text, a whole number, an enum or a nested object.
_TEXT, _NUMBER, _ENUM, _OBJECT = range(4)
#: Per generated class: qualified tag → (attribute, kind, enum or class, repeated).
_READ_PLANS: dict[type[Any], dict[str, tuple[str, int, Any, bool]]] = {}


def _read_plan(cls: type[Any]) -> dict[str, tuple[str, int, Any, bool]]:
    """How to read each element field of a generated class (see :func:`_plan`)."""
    known = _READ_PLANS.get(cls)
    if known is not None:
        return known
    hints = typing.get_type_hints(cls)
    plan: dict[str, tuple[str, int, Any, bool]] = {}
    for attribute, tag in _plan(cls):
        hint = hints[attribute]
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        repeated = typing.get_origin(hint) is tuple
        if repeated:
            hint = typing.get_args(hint)[0]
        if hint is str:
            kind = _TEXT
        elif hint is int:
            kind = _NUMBER
        elif isinstance(hint, type) and issubclass(hint, Enum):
            kind = _ENUM
        elif dataclasses.is_dataclass(hint):
            kind = _OBJECT
        else:
            raise TypeError(f"{cls.__name__}.{attribute}: unsupported type {hint!r}")
        plan[tag] = (attribute, kind, hint, repeated)
    _READ_PLANS[cls] = plan
    return plan


def _read(element: Any, cls: type[Any]) -> Any:
    """One element as an object of ``cls``: a direct walk over its child elements. Raises
    (KeyError, TypeError, ValueError) when the element does not fit the class."""
    plan = _READ_PLANS.get(cls) or _read_plan(cls)
    values: dict[str, Any] = {}
    lists: dict[str, list[Any]] | None = None
    for child in element.iterchildren(tag=etree.Element):
        attribute, kind, target, repeated = plan[child.tag]
        if kind == _OBJECT:
            value = _read(child, target)
        elif kind == _TEXT:
            value = child.text or ""
        elif kind == _NUMBER:
            value = int(child.text)
        else:
            value = target(child.text or "")
        if repeated:
            if lists is None:
                lists = {}
            lists.setdefault(attribute, []).append(value)
        elif attribute in values:
            raise ValueError(f"{child.tag} occurs twice")
        else:
            values[attribute] = value
    if lists:
        for attribute, items in lists.items():
            values[attribute] = tuple(items)
    return cls(**values)


def from_tree(tree: etree._ElementTree | etree._Element, name: str) -> Any:
    """A (valid) tree as the message object of type ``name``.

    A direct walk over the elements into the generated dataclasses (the mirror of
    :func:`to_tree`); several times faster than xsdata's general parser, which the
    round-trip tests keep as the reference (decision 0055).
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    cls = message_class(name)
    if root.tag != f"{{{cls.Meta.namespace}}}Bericht":
        raise ValueError(f"not a {name} message: {root.tag}")
    return _read(root, cls)


@dataclass(frozen=True)
class Read:
    """The outcome of reading outside bytes: the type, the tree and the object or errors."""

    message_type: MessageType | None
    tree: etree._ElementTree | None
    message: Any | None
    errors: tuple[SchemaError, ...]
    #: The header object of a message that failed its XSD, when the header itself can be
    #: read (so a retour that rejects the whole message can be built).
    header: Any | None = None

    @property
    def ok(self) -> bool:
        return self.message is not None and not self.errors


def read(data: bytes) -> Read:
    """Read bytes from outside: safe parse, recognise the type, XSD-validate, bind.

    Never raises for bad input: every problem is a :class:`SchemaError` with its line.
    """
    try:
        tree = read_xml(data)
        message_type = message_type_of(tree)
    except UnsafeOrInvalidXml as exc:
        return Read(None, None, None, (SchemaError(exc.line, exc.message),))
    errors = schema_errors(tree, message_type)
    if errors:
        return Read(message_type, tree, None, tuple(errors), header_of(tree, message_type))
    return Read(message_type, tree, from_tree(tree, message_type.name), ())


def is_valid(message: Any) -> list[SchemaError]:
    """XSD errors of a built message object (empty when valid)."""
    message_type = type_of(message)
    tree = etree.ElementTree(to_tree(message))
    schema = schema_for(message_type.name)
    if schema.validate(tree):
        return []
    return [SchemaError(e.line or None, e.message) for e in schema.error_log]


def header_of(tree: etree._ElementTree, message_type: MessageType) -> Any | None:
    """The header of a message whose whole fails the XSD, or None when the header cannot
    be read either (missing, twice, or a field that does not bind). The caller checks the
    retour built from it against the XSD before it sends it."""
    root = tree.getroot()
    found = root.findall(f"{{{message_type.namespace}}}Header")
    if len(found) != 1:
        return None
    try:
        return _read(found[0], model(message_type.name).Header)
    except Exception:  # whatever the binding trips over: the header is unreadable
        return None
