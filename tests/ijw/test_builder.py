"""The builder makes XSD-valid messages that read back equal, in both variants."""

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from jeugdmodel.ijw import builder, codec, schema
from jeugdmodel.ijw.builder import AssignedProduct, CareLine, Client, Parties, Status

from .strategies import message_strategy

CATEGORIES = ["31", "40", "43", "45", "46", "47", "48", "49", "50", "51", "52", "53", "54", "55"]


def _valid_bsn(digits: str) -> str:
    # Make the last digit satisfy the elfproef; retry when no digit fits.
    for last in "0123456789":
        candidate = digits[:8] + last
        if stdnum_bsn.is_valid(candidate):
            return candidate
    return "999900006"


bsns = st.from_regex(r"[1-9][0-9]{8}", fullmatch=True).map(_valid_bsn)
names = (
    st.text(
        alphabet="abcdefghijklmnopqrstuvwxyzéëï ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=40
    )
    .map(str.strip)
    .filter(bool)
)
days = st.dates(date(2015, 1, 1), date(2030, 12, 31))
clients = st.builds(
    Client,
    bsn=bsns,
    birth_date=st.dates(date(2000, 1, 1), date(2026, 1, 1)),
    sex=st.sampled_from(["0", "1", "2"]),
    family_name=names,
    initials=st.text(alphabet="ABCDEFGHIJ", max_size=4),
    postcode=st.one_of(st.just(""), st.from_regex(r"[1-9][0-9]{3}[A-Z]{2}", fullmatch=True)),
    house_number=st.one_of(st.none(), st.integers(1, 99999)),
)
agb = st.from_regex(r"[0-9]{8}", fullmatch=True)
gemeente = st.from_regex(r"[0-9]{4}", fullmatch=True)
product_codes = st.one_of(st.none(), st.from_regex(r"[0-9]{2}[A-Z][0-9]{2}", fullmatch=True))


@st.composite
def care_lines(draw: Any, *, stop: bool) -> CareLine:
    taakgericht = draw(st.booleans())
    start = draw(days)
    assignment_start = None if taakgericht else draw(st.dates(date(2015, 1, 1), start))
    end = draw(st.dates(start, date(2031, 12, 31))) if stop else None
    return CareLine(
        category=draw(st.sampled_from(CATEGORIES)),
        code=draw(product_codes),
        start=start,
        assignment_number=None if taakgericht else draw(st.integers(1, 999_999_999)),
        assignment_start=assignment_start,
        end=end,
        end_reason=draw(st.sampled_from(["02", "31", "32", "33", "34", "35", "38"]))
        if stop
        else None,
        status=draw(st.sampled_from([Status.NEW, Status.CHANGE, Status.DELETE])),
    )


def _round_trip(message: Any) -> Any:
    assert codec.is_valid(message) == []
    result = codec.read(codec.to_xml(message))
    assert result.errors == ()
    assert result.message == message
    return result.message


@settings(max_examples=40, deadline=None)
@given(
    client=clients,
    lines=st.lists(care_lines(stop=False), min_size=1, max_size=4),
    sender=agb,
    receiver=gemeente,
    day=days,
)
def test_start_messages_round_trip(
    client: Client, lines: list[CareLine], sender: str, receiver: str, day: date
) -> None:
    message = builder.start_message(
        parties=Parties(sender=sender, receiver=receiver),
        identification="A1",
        day=day,
        client=client,
        lines=lines,
    )
    read = _round_trip(message)
    assert read.client.bsn == client.bsn
    assert len(read.client.start_producten.start_product) == len(lines)
    retour = builder.retour_message(read, identification="R1", day=day)
    assert codec.is_valid(retour) == []
    assert set(builder.retour_codes_of(retour)) == {"0200"}


@settings(max_examples=40, deadline=None)
@given(
    client=clients,
    lines=st.lists(care_lines(stop=True), min_size=1, max_size=4),
    sender=agb,
    receiver=gemeente,
    day=days,
)
def test_stop_messages_round_trip(
    client: Client, lines: list[CareLine], sender: str, receiver: str, day: date
) -> None:
    message = builder.stop_message(
        parties=Parties(sender=sender, receiver=receiver),
        identification="A2",
        day=day,
        client=client,
        lines=lines,
    )
    read = _round_trip(message)
    product = read.client.stop_producten.stop_product[0]
    codes = {id(product): ["9069"]}
    retour = builder.retour_message(read, identification="R2", day=day, codes=codes)
    assert codec.is_valid(retour) == []
    assert "9069" in builder.retour_codes_of(retour)
    assert _round_trip(retour) == retour


@settings(max_examples=30, deadline=None)
@given(
    client=clients,
    numbers=st.lists(st.integers(1, 999_999_999), min_size=1, max_size=3, unique=True),
    category=st.sampled_from(CATEGORIES),
    code=product_codes,
    start=days,
    sender=gemeente,
    receiver=agb,
)
def test_assignment_messages_round_trip(
    client: Client,
    numbers: list[int],
    category: str,
    code: str | None,
    start: date,
    sender: str,
    receiver: str,
) -> None:
    products = [
        AssignedProduct(
            number=n,
            category=category,
            code=code,
            assigned_at=datetime(2026, 1, 2, 3, 4, 5),
            start=start,
            end=None,
        )
        for n in numbers
    ]
    message = builder.assignment_message(
        parties=Parties(sender=sender, receiver=receiver),
        identification="T1",
        day=start,
        client=client,
        products=products,
    )
    _round_trip(message)
    retour = builder.retour_message(message, identification="T1R", day=start)
    _round_trip(retour)


def test_a_stop_line_without_end_is_refused() -> None:
    line = CareLine(category="45", code=None, start=date(2026, 1, 1))
    client = Client(bsn="999900006", birth_date=date(2015, 1, 1), sex="1", family_name="Wit")
    with pytest.raises(ValueError, match="end date"):
        builder.stop_message(
            parties=Parties(sender="12345678", receiver="0384"),
            identification="X",
            day=date(2026, 2, 1),
            client=client,
            lines=[line],
        )


def test_a_rejected_message_gets_only_its_header_back() -> None:
    client = Client(bsn="999900006", birth_date=date(2015, 1, 1), sex="1", family_name="Wit")
    line = CareLine(category="45", code="45A48", start=date(2026, 1, 1))
    heen = builder.start_message(
        parties=Parties(sender="12345678", receiver="0384"),
        identification="X",
        day=date(2026, 2, 1),
        client=client,
        lines=[line],
    )
    retour = builder.retour_message(
        heen, identification="Y", day=date(2026, 2, 2), header_codes=["9056"]
    )
    assert retour.client is None
    assert builder.retour_codes_of(retour) == ["9056"]
    assert _round_trip(retour) == retour


HEEN = sorted(n for n, t in schema.MESSAGE_TYPES.items() if not t.is_retour)


@pytest.mark.parametrize("name", HEEN)
def test_every_heen_message_gets_a_valid_retour(name: str) -> None:
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(heen=message_strategy(name), rejected=st.booleans())
    def check(heen: Any, rejected: bool) -> None:
        retour = builder.retour_message(
            heen,
            identification="RET1",
            day=date(2026, 5, 1),
            header_codes=["0001"] if rejected else (),
        )
        assert codec.is_valid(retour) == []
        assert _round_trip(retour) == retour
        assert builder.retour_codes_of(retour)[0] == ("0001" if rejected else "0200")

    check()
