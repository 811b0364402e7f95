"""A small, isolated reader of JW301 (toewijzing, iJw 3.2) messages for the caseload import.

One message or a zip of messages; each is parsed safely (no DTD, no entities, no network,
a size limit per message and for the whole zip) and validated against the JW301 schema in
``schemas/`` (see ``schemas/PROVENANCE.md``). Every assigned product of a client becomes one
row in the caseload table's columns: Afzender → gemeentecode, Ontvanger → aanbieder_agb,
ToewijzingNummer → beschikkingnummer. Rows are numbered from 2 in reading order, as if the
messages were one table with a header. Kept apart so a full iJw module can replace it.
"""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree

from .reading import FileRefused, RawTable, max_file_bytes

NS = {
    "jw": "http://www.istandaarden.nl/ijw/3_2/jw301/schema",
    "ijw": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
}
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
MAX_MESSAGE_BYTES = 5 * 1024 * 1024
MAX_MESSAGES = 100_000
COLUMNS = [
    "bsn",
    "achternaam",
    "voornamen",
    "geboortedatum",
    "postcode",
    "huisnummer",
    "gemeentecode",
    "aanbieder_agb",
    "aanbieder_naam",
    "productcode",
    "product_omschrijving",
    "ingangsdatum",
    "einddatum",
    "beschikkingnummer",
]


@functools.cache
def jw301_schema() -> etree.XMLSchema:
    parser = _safe_parser()
    document = etree.parse(str(SCHEMA_DIR / "JW301.xsd"), parser)
    return etree.XMLSchema(document)


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
    )


def read_jw301(data: bytes) -> RawTable:
    table = RawTable("jw301", list(COLUMNS))
    for name, message in _messages(data):
        _read_message(name, message, table)
    if not table.rows:
        raise FileRefused(_("Er staat geen JW301-bericht in het bestand."))
    return table


def _messages(data: bytes) -> list[tuple[str, bytes]]:
    if not data.startswith(b"PK\x03\x04"):
        return [("", data)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise FileRefused(_("Het zip-bestand is beschadigd.")) from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_MESSAGES:
            raise FileRefused(_("Het zip-bestand bevat te veel bestanden."))
        if sum(m.file_size for m in members) > max_file_bytes():
            raise FileRefused(
                _("Uitgepakt is het zip-bestand groter dan toegestaan; niets is ingelezen.")
            )
        messages = []
        for member in sorted(members, key=lambda m: m.filename):
            if member.file_size > MAX_MESSAGE_BYTES:
                raise FileRefused(
                    _("Bericht %(name)s is te groot.") % {"name": member.filename[:100]}
                )
            with archive.open(member) as handle:
                content = handle.read(MAX_MESSAGE_BYTES + 1)  # never trust the header's size
            if len(content) > MAX_MESSAGE_BYTES:
                raise FileRefused(
                    _("Bericht %(name)s is te groot.") % {"name": member.filename[:100]}
                )
            messages.append((member.filename[:100], content))
        return messages


def _read_message(name: str, data: bytes, table: RawTable) -> None:
    where = name or _("het bericht")
    if len(data) > MAX_MESSAGE_BYTES:
        raise FileRefused(_("%(name)s is te groot.") % {"name": where})
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise FileRefused(
            _("%(name)s bevat een DTD of entiteiten; dat is niet toegestaan in een JW301-bericht.")
            % {"name": where}
        )
    try:
        root = etree.fromstring(data, _safe_parser())
    except etree.XMLSyntaxError as exc:
        raise FileRefused(
            _("%(name)s is geen geldige XML (regel %(line)s).")
            % {"name": where, "line": exc.lineno}
        ) from exc
    schema = jw301_schema()
    if not schema.validate(root):
        error = schema.error_log.last_error
        raise FileRefused(
            _("%(name)s voldoet niet aan het JW301-schema (regel %(line)s): %(message)s")
            % {
                "name": where,
                "line": error.line if error else "?",
                "message": error.message[:200] if error else "",
            }
        )
    afzender = _text(root, "jw:Header/jw:Afzender")
    ontvanger = _text(root, "jw:Header/jw:Ontvanger")
    client = root.find("jw:Client", NS)
    assert client is not None  # the schema requires it
    surname = _text(client, "jw:Naam/ijw:Geslachtsnaam/ijw:Achternaam")
    prefix = _text(client, "jw:Naam/ijw:Geslachtsnaam/ijw:Voorvoegsel")
    given = _text(client, "jw:Naam/ijw:Voornamen") or _text(client, "jw:Naam/ijw:Voorletters")
    address = client.find("jw:Contactgegevens/jw:Contact/jw:Adres", NS)
    postcode = _text(address, "ijw:Postcode") if address is not None else ""
    house = _text(address, "ijw:Huis/ijw:Huisnummer") if address is not None else ""
    base = {
        "bsn": _text(client, "jw:Bsn"),
        "achternaam": f"{prefix} {surname}".strip(),
        "voornamen": given,
        "geboortedatum": _text(client, "jw:Geboortedatum/ijw:Datum"),
        "postcode": postcode,
        "huisnummer": house,
        "gemeentecode": afzender,
        "aanbieder_agb": ontvanger,
        "aanbieder_naam": _("AGB %(code)s") % {"code": ontvanger},
    }
    for product in client.iterfind("jw:ToegewezenProducten/jw:ToegewezenProduct", NS):
        row = {
            **base,
            "productcode": _text(product, "jw:Product/ijw:Code")
            or _text(product, "jw:Product/ijw:Categorie"),
            "product_omschrijving": "",
            "ingangsdatum": _text(product, "jw:Ingangsdatum"),
            "einddatum": _text(product, "jw:Einddatum"),
            "beschikkingnummer": _text(product, "jw:ToewijzingNummer"),
        }
        table.rows.append((len(table.rows) + 2, [row[c] for c in COLUMNS]))


def _text(node: etree._Element | None, path: str) -> str:
    if node is None:
        return ""
    found = node.find(path, NS)
    return (found.text or "").strip() if found is not None else ""
