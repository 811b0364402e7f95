"""Schema loading is offline and the message reader refuses hostile input."""

from pathlib import Path

import pytest
from lxml import etree

from jeugdmodel.ijw import schema

EXAMPLES = Path(__file__).parent / "examples"
KNOWN_INVALID = {"JW315.xml", "JW318.xml"}


@pytest.mark.parametrize("name", sorted(schema.MESSAGE_TYPES))
def test_every_message_schema_compiles_from_the_shipped_files(name: str) -> None:
    assert isinstance(schema.schema_for(name), etree.XMLSchema)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.xml")), ids=lambda p: p.name)
def test_example_messages_validate_except_the_two_known_invalid(path: Path) -> None:
    tree = schema.read_xml(path.read_bytes())
    message_type = schema.message_type_of(tree)
    assert message_type.name == path.stem
    errors = schema.schema_errors(tree, message_type)
    if path.name in KNOWN_INVALID:
        assert errors
        assert all(e.line for e in errors)
    else:
        assert errors == []


def test_the_resolver_never_fetches_a_remote_import(tmp_path: Path) -> None:
    xsd = tmp_path / "remote.xsd"
    xsd.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:o="urn:other" targetNamespace="urn:t">'
        '<xs:import namespace="urn:other" schemaLocation="http://127.0.0.1:9/other.xsd"/>'
        '<xs:element name="a" type="o:T"/></xs:schema>'
    )
    doc = schema.load_schema_document(xsd)
    with pytest.raises((etree.XMLSchemaParseError, etree.XMLSyntaxError)):
        etree.XMLSchema(doc)


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Bericht>&lol3;</Bericht>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Bericht xmlns="http://www.istandaarden.nl/ijw/3_2/jw305/schema">&xxe;</Bericht>"""


@pytest.mark.parametrize("data", [BOMB, EXTERNAL], ids=["bomb", "external-entity"])
def test_a_doctype_an_xml_bomb_or_an_external_entity_is_refused(data: bytes) -> None:
    with pytest.raises(schema.UnsafeOrInvalidXml, match="DOCTYPE"):
        schema.read_xml(data)


def test_the_parser_itself_expands_no_entity_even_past_the_precheck() -> None:
    tree = etree.fromstring(EXTERNAL, schema.message_parser())
    assert "root:" not in etree.tostring(tree, encoding="unicode")
    bomb = etree.fromstring(BOMB, schema.message_parser())
    assert len(etree.tostring(bomb)) < 1000


def test_a_file_over_the_size_limit_is_refused_before_parsing() -> None:
    data = b"<a>" + b" " * schema.MAX_MESSAGE_BYTES + b"</a>"
    with pytest.raises(schema.UnsafeOrInvalidXml, match="groter dan"):
        schema.read_xml(data)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "leeg"),
        (b"%PDF-1.4 not xml", "geen geldige XML"),
        (b"<jw305:Bericht xmlns:jw305='x'><open>", "geen geldige XML"),
        (b"\xff\xfe\x00garbage", "geen geldige XML"),
    ],
)
def test_non_xml_and_truncated_files_get_a_dutch_error(data: bytes, fragment: str) -> None:
    with pytest.raises(schema.UnsafeOrInvalidXml, match=fragment):
        schema.read_xml(data)


@pytest.mark.parametrize(
    ("xml", "fragment"),
    [
        (b"<Bericht xmlns='http://www.istandaarden.nl/ijw/3_1/jw305/schema'/>", "andere versie"),
        (b"<Bericht xmlns='urn:something-else'/>", "Onbekende namespace"),
        (b"<Message xmlns='http://www.istandaarden.nl/ijw/3_2/jw305/schema'/>", "Bericht"),
    ],
)
def test_another_version_or_namespace_is_named(xml: bytes, fragment: str) -> None:
    with pytest.raises(schema.UnsafeOrInvalidXml, match=fragment):
        schema.message_type_of(schema.read_xml(xml))
