"""The iJw 3.2 schemas, loaded offline, and a safe XML reader for messages from outside.

Nothing here touches the network: the schema imports (``schemaLocation="basisschema.xsd"``)
are resolved by :class:`LocalSchemaResolver` to the files shipped in ``schemas/ijw32/``
(the basisschema is stored as ``Basisschema.xsd``; the message schemas import it in lower
case), and every parser has ``no_network``, no DTD loading, no entity expansion and
``huge_tree`` off. A message larger than :data:`MAX_MESSAGE_BYTES` is refused before it is
parsed.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas" / "ijw32"

#: A real iJw message is a few kB; a declaratie with many prestaties is at most a few MB.
MAX_MESSAGE_BYTES = 8 * 1024 * 1024

BASIS_NS = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
NS_PREFIX = "http://www.istandaarden.nl/ijw/3_2/"


@dataclass(frozen=True)
class MessageType:
    name: str  # "JW305"
    bericht_code: str  # "438"
    namespace: str
    retour: str | None  # the name of its retour message, "JW306"; None for a retour itself

    @property
    def is_retour(self) -> bool:
        return self.retour is None

    @property
    def xsd_path(self) -> Path:
        return SCHEMA_DIR / f"{self.name}.xsd"


def _ns(name: str) -> str:
    return f"{NS_PREFIX}{name.lower()}/schema"


_PAIRS = [
    ("JW315", "446", "JW316", "447"),
    ("JW301", "436", "JW302", "437"),
    ("JW317", "486", "JW318", "487"),
    ("JW319", "488", "JW320", "489"),
    ("JW305", "438", "JW306", "439"),
    ("JW307", "440", "JW308", "441"),
    ("JW323", "490", "JW325", "491"),
]

MESSAGE_TYPES: dict[str, MessageType] = {}
for _heen, _heen_code, _retour, _retour_code in _PAIRS:
    MESSAGE_TYPES[_heen] = MessageType(_heen, _heen_code, _ns(_heen), _retour)
    MESSAGE_TYPES[_retour] = MessageType(_retour, _retour_code, _ns(_retour), None)

BY_NAMESPACE: dict[str, MessageType] = {t.namespace: t for t in MESSAGE_TYPES.values()}


class UnsafeOrInvalidXml(Exception):
    """The bytes are not a message we are willing to read (too large, not XML, a DTD, …).

    ``message`` is Dutch and safe to show; ``line`` is the line of the problem if known.
    """

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class LocalSchemaResolver(etree.Resolver):
    """Resolve every schema import to a shipped file; anything else resolves to nothing."""

    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        name = Path(str(system_url)).name.lower()
        for path in SCHEMA_DIR.glob("*.xsd"):
            if path.name.lower() == name:
                return self.resolve_filename(str(path), context)
        # Refuse: an empty string makes lxml report the import as unresolvable.
        return self.resolve_string("", context)


def _schema_parser() -> etree.XMLParser:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
    )
    parser.resolvers.add(LocalSchemaResolver())
    return parser


_lock = threading.Lock()


@cache
def schema_for(name: str) -> etree.XMLSchema:
    """The compiled XMLSchema of one message type (cached per process)."""
    message_type = MESSAGE_TYPES[name]
    with _lock:
        return etree.XMLSchema(load_schema_document(message_type.xsd_path))


def load_schema_document(path: Path) -> etree._Element:
    """Parse an XSD file with the offline parser; its imports go through the resolver."""
    return etree.fromstring(path.read_bytes(), _schema_parser(), base_url=path.as_uri())


def message_parser() -> etree.XMLParser:
    """A parser for messages from outside: no DTD, no entities, no network, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


#: A DOCTYPE or ENTITY declaration anywhere, in any case (no copy of the data, as
#: ``data.upper()`` would make).
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_local = threading.local()


def shared_parser() -> etree.XMLParser:
    """The message parser of this thread: made once, reused for every message (lxml
    parsers keep no document between parses, but are not thread-safe)."""
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = message_parser()
    return parser


def read_xml(data: bytes) -> etree._ElementTree:
    """Parse outside bytes into a tree, or raise :class:`UnsafeOrInvalidXml` (in Dutch)."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise UnsafeOrInvalidXml(
            f"Het bestand is groter dan {MAX_MESSAGE_BYTES // (1024 * 1024)} MB; "
            "een iJw-bericht is nooit zo groot."
        )
    if not data.strip():
        raise UnsafeOrInvalidXml("Het bestand is leeg.")
    if _DECLARATION.search(data):
        raise UnsafeOrInvalidXml(
            "Het bestand bevat een DOCTYPE of ENTITY; een iJw-bericht heeft die nooit "
            "(bescherming tegen XML-bommen en externe entiteiten)."
        )
    try:
        tree = etree.ElementTree(etree.fromstring(data, shared_parser()))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise UnsafeOrInvalidXml(f"Het bestand is geen geldige XML: {exc.msg}", line=line) from None
    if tree.docinfo.doctype:
        raise UnsafeOrInvalidXml("Het bestand bevat een DOCTYPE; dat is niet toegestaan.")
    return tree


@dataclass(frozen=True)
class SchemaError:
    line: int | None
    message: str


def message_type_of(tree: etree._ElementTree) -> MessageType:
    """Which iJw 3.2 message this is, from the namespace of its root element."""
    root = tree.getroot()
    qname = etree.QName(root)
    if qname.localname != "Bericht":
        raise UnsafeOrInvalidXml(
            f"Het hoofdelement heet '{qname.localname}' en niet 'Bericht'; dit is geen "
            "iJw-bericht.",
            line=root.sourceline,
        )
    namespace = qname.namespace or ""
    message_type = BY_NAMESPACE.get(namespace)
    if message_type is None:
        if namespace.startswith("http://www.istandaarden.nl/ijw/"):
            raise UnsafeOrInvalidXml(
                f"Dit is een iJw-bericht van een andere versie of soort ({namespace}); "
                "we lezen alleen iJw 3.2.",
                line=root.sourceline,
            )
        raise UnsafeOrInvalidXml(
            f"Onbekende namespace '{namespace}'; dit is geen iJw 3.2-bericht.",
            line=root.sourceline,
        )
    return message_type


def schema_errors(tree: etree._ElementTree, message_type: MessageType) -> list[SchemaError]:
    """The XSD errors of a parsed message (empty when valid)."""
    schema = schema_for(message_type.name)
    if schema.validate(tree):
        return []
    return [SchemaError(line=e.line or None, message=e.message) for e in schema.error_log]
