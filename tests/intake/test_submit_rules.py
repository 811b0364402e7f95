"""The validators behind every entry point, with generated input (hypothesis): postcode
normalisation, BSN (elfproef), the consent rule and ages. `request_validate` is what the
forms and the API both call."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from jeugdmodel.core.errors import DomainError
from jeugdmodel.families.services import PersonInput
from jeugdmodel.intake.models import AccessPoint
from jeugdmodel.intake.services import (
    MAX_AGE,
    RequestInput,
    RequestInvalid,
    age_on,
    consent_rule_satisfied,
    normalise_postcode,
    request_validate,
)

TODAY = date(2026, 6, 15)


def problems(data: RequestInput, on: date = TODAY) -> dict[str, str]:
    try:
        request_validate(data=data, on=on)
    except RequestInvalid as exc:
        return dict(exc.field_errors)
    return {}


def one_child(
    *, born: date = date(2016, 1, 1), bsn: str = "", postcode: str = "3111 AB", **kwargs: object
) -> RequestInput:
    child = PersonInput(
        given_name="Kim", family_name="Visser", date_of_birth=born, bsn=bsn, postcode=postcode
    )
    return RequestInput(
        access_point=AccessPoint.FAMILY,
        question="Een vraag.",
        children=[child],
        **kwargs,  # type: ignore[arg-type]
    )


# -- postcode ------------------------------------------------------------------------------

letters = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2
)
spaces = st.text(alphabet=" \t", max_size=3)


@given(digits=st.integers(1000, 9999), pair=letters, a=spaces, b=spaces, c=spaces)
@example(digits=3112, pair="ab", a="", b="", c="")
def test_a_postcode_is_written_the_standard_way(
    digits: int, pair: str, a: str, b: str, c: str
) -> None:
    normal = normalise_postcode(f"{a}{digits}{b}{pair}{c}")
    assert normal == f"{digits} {pair.upper()}"
    assert normalise_postcode(normal) == normal  # idempotent


@given(digits=st.integers(1000, 9999))
def test_four_digits_alone_are_a_postcode_area(digits: int) -> None:
    assert normalise_postcode(f" {digits} ") == str(digits)


@given(value=st.text(max_size=12))
def test_anything_else_is_refused_with_an_example(value: str) -> None:
    assume(not re.fullmatch(r"\s*[1-9]\d{3}\s*([A-Za-z]{2})?\s*", value))
    with pytest.raises(DomainError, match="4 cijfers en 2 letters"):
        normalise_postcode(value)


@pytest.mark.parametrize("value", ["0123 AB", "312 AB", "3112 A", "3112 ABC", "3112-AB", ""])
def test_near_misses_are_refused(value: str) -> None:
    with pytest.raises(DomainError):
        normalise_postcode(value)


# -- BSN -----------------------------------------------------------------------------------


def _elfproef(digits: str) -> bool:
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


@st.composite
def valid_bsns(draw: st.DrawFn) -> str:
    first = draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
    assume(first != "00000000")
    total = sum(int(d) * w for d, w in zip(first, [9, 8, 7, 6, 5, 4, 3, 2], strict=True))
    last = total % 11
    assume(last < 10)
    return first + str(last)


@given(bsn=valid_bsns())
def test_a_bsn_that_passes_the_elfproef_is_accepted(bsn: str) -> None:
    assert "children[0].bsn" not in problems(one_child(bsn=bsn))


@given(bsn=valid_bsns(), sep=st.sampled_from([" ", ".", "-"]))
def test_a_bsn_may_be_written_with_separators(bsn: str, sep: str) -> None:
    written = f"{bsn[:4]}{sep}{bsn[4:6]}{sep}{bsn[6:]}"
    validated = request_validate(data=one_child(bsn=written), on=TODAY)
    assert validated.children[0].bsn == bsn


@given(bsn=st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_a_bsn_that_fails_the_elfproef_is_refused_at_its_field(bsn: str) -> None:
    assume(not _elfproef(bsn))
    message = problems(one_child(bsn=bsn))["children[0].bsn"]
    assert message.startswith("Dit BSN bestaat niet: de cijfers halen de elfproef niet")
    # The message says what is wrong, not what is right (it used to claim the number passed).
    assert "haalt de elfproef." not in message


@given(bsn=st.text(alphabet="0123456789", min_size=1, max_size=12))
def test_a_bsn_of_the_wrong_length_is_refused(bsn: str) -> None:
    assume(len(bsn) != 9)
    message = problems(one_child(bsn=bsn))["children[0].bsn"]
    assert message == f"Een BSN heeft 9 cijfers; u vulde er {len(bsn)} in."


# -- consent -------------------------------------------------------------------------------


@given(age=st.integers(0, 22), parent=st.booleans(), youth=st.booleans())
def test_the_consent_rule(age: int, parent: bool, youth: bool) -> None:
    if age < 12:
        expected = parent
    elif age < 16:
        expected = parent and youth
    else:
        expected = youth
    assert consent_rule_satisfied(oldest_age=age, parent=parent, youth=youth) is expected


@given(
    ages=st.lists(st.integers(0, 22), min_size=1, max_size=4),
    parent=st.booleans(),
    youth=st.booleans(),
)
def test_the_oldest_child_decides_and_no_consent_is_never_an_error(
    ages: list[int], parent: bool, youth: bool
) -> None:
    children = [
        PersonInput(
            given_name=f"Kind{i}",
            family_name="Visser",
            date_of_birth=TODAY.replace(year=TODAY.year - age) - timedelta(days=1),
            postcode="3111 AB",
        )
        for i, age in enumerate(ages)
    ]
    data = RequestInput(
        access_point=AccessPoint.FAMILY,
        question="Een vraag.",
        children=children,
        consent_parent=parent,
        consent_youth=youth,
    )
    found = problems(data)
    if not (parent or youth):
        assert "consent" not in found
    else:
        ok = consent_rule_satisfied(oldest_age=max(ages), parent=parent, youth=youth)
        assert ("consent" in found) is not ok


# -- ages ----------------------------------------------------------------------------------


def _birthday(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # born on 29 February: the birthday is 1 March in other years
        return date(born.year + years, 3, 1)


@given(
    born=st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31)),
    years=st.integers(0, 40),
)
@example(born=date(2004, 2, 29), years=23)
def test_age_turns_on_the_birthday(born: date, years: int) -> None:
    birthday = _birthday(born, years)
    assert age_on(born, birthday) == years
    if years:
        assert age_on(born, birthday - timedelta(days=1)) == years - 1


@given(born=st.dates(min_value=date(1990, 1, 1), max_value=date(2025, 12, 31)))
@example(born=date(2004, 2, 29))
def test_youth_care_is_there_until_the_23rd_birthday(born: date) -> None:
    day = _birthday(born, MAX_AGE)
    assert "children[0].date_of_birth" not in problems(
        one_child(born=born), on=day - timedelta(days=1)
    )
    assert problems(one_child(born=born), on=day)["children[0].date_of_birth"] == (
        f"Jeugdhulp is er tot 23 jaar; deze persoon is {MAX_AGE}."
    )


@given(days=st.integers(1, 20_000))
def test_a_date_of_birth_in_the_future_is_refused(days: int) -> None:
    born = TODAY + timedelta(days=days)
    assert problems(one_child(born=born))["children[0].date_of_birth"] == (
        "De geboortedatum ligt in de toekomst."
    )


def test_born_today_is_fine() -> None:
    assert problems(one_child(born=TODAY)) == {}
