"""Every iJw message type round-trips: object → XML → XSD-valid → object, equal."""

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jeugdmodel.ijw import codec, schema

from .strategies import message_strategy

EXAMPLES = Path(__file__).parent / "examples"
VALID_EXAMPLES = sorted(p for p in EXAMPLES.glob("*.xml") if p.stem not in {"JW315", "JW318"})


@pytest.mark.parametrize("name", sorted(schema.MESSAGE_TYPES))
def test_generated_messages_round_trip(name: str) -> None:
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(message=message_strategy(name))
    def round_trip(message: Any) -> None:
        data = codec.to_xml(message)
        result = codec.read(data)
        assert result.errors == ()
        assert result.message_type is not None
        assert result.message_type.name == name
        assert result.message == message

    round_trip()


@pytest.mark.parametrize("path", VALID_EXAMPLES, ids=lambda p: p.name)
def test_valid_example_messages_round_trip(path: Path) -> None:
    first = codec.read(path.read_bytes())
    assert first.ok
    again = codec.read(codec.to_xml(first.message))
    assert again.ok
    assert again.message == first.message


def test_an_example_is_read_into_typed_fields() -> None:
    message = codec.read((EXAMPLES / "JW305.xml").read_bytes()).message
    products = message.client.start_producten.start_product
    assert message.header.afzender == "65656055"
    assert [p.product.code for p in products] == ["55A11", "55A12"]
    assert products[0].toewijzing_nummer == 300201
    assert products[0].begindatum == "2026-04-03"


@given(st.binary(max_size=300))
@settings(max_examples=150, deadline=None)
def test_reading_arbitrary_bytes_never_raises(data: bytes) -> None:
    result = codec.read(data)
    assert not result.ok
    assert result.errors


def _xsdata_reference(data: bytes, name: str) -> Any:
    """xsdata's general parser, the reference the direct reader must agree with."""
    from xsdata.formats.dataclass.context import XmlContext
    from xsdata.formats.dataclass.parsers import XmlParser
    from xsdata.formats.dataclass.parsers.config import ParserConfig

    parser = XmlParser(context=XmlContext(), config=ParserConfig(fail_on_unknown_properties=True))
    return parser.from_bytes(data, codec.message_class(name))


@pytest.mark.parametrize("name", sorted(schema.MESSAGE_TYPES))
def test_the_direct_reader_agrees_with_xsdata(name: str) -> None:
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(message=message_strategy(name))
    def agree(message: Any) -> None:
        data = codec.to_xml(message)
        assert codec.read(data).message == _xsdata_reference(data, name)

    agree()


@pytest.mark.parametrize("path", VALID_EXAMPLES, ids=lambda p: p.name)
def test_the_direct_reader_agrees_with_xsdata_on_the_examples(path: Path) -> None:
    result = codec.read(path.read_bytes())
    assert result.message_type is not None
    assert result.message == _xsdata_reference(path.read_bytes(), result.message_type.name)


def test_the_direct_reader_refuses_a_tree_of_another_type() -> None:
    tree = schema.read_xml((EXAMPLES / "JW305.xml").read_bytes())
    with pytest.raises(ValueError, match="JW307"):
        codec.from_tree(tree, "JW307")


def _lxml_writes(data: bytes) -> bytes:
    """What lxml itself writes for the tree of ``data``, indented by two spaces."""
    from lxml import etree

    parser = etree.XMLParser(remove_blank_text=True)
    root = etree.fromstring(data, parser)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


@pytest.mark.parametrize("name", sorted(schema.MESSAGE_TYPES))
def test_the_writer_writes_what_lxml_writes(name: str) -> None:
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(message=message_strategy(name))
    def same(message: Any) -> None:
        data = codec.to_xml(message)
        assert data == _lxml_writes(data)

    same()


def test_the_writer_escapes_markup_and_refuses_what_xml_cannot_hold() -> None:
    from dataclasses import replace

    message = codec.read((EXAMPLES / "JW305.xml").read_bytes()).message
    client = message.client
    naam = replace(
        client.naam,
        geslachtsnaam=replace(client.naam.geslachtsnaam, achternaam='A & <B>\r"C"]]>'),
    )
    odd = replace(message, client=replace(client, naam=naam))
    data = codec.to_xml(odd)
    assert b'A &amp; &lt;B&gt;&#13;"C"]]&gt;' in data
    assert data == _lxml_writes(data)
    from lxml import etree

    texts = [e.text for e in etree.fromstring(data).iter("{*}Achternaam")]
    assert texts == ['A & <B>\r"C"]]>']
    control = replace(message, client=replace(client, naam=replace(naam, voorletters="A\x01")))
    with pytest.raises(ValueError, match="not allowed in XML"):
        codec.to_xml(control)
