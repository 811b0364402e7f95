"""Each business rule fires on its case, with its rule code and retour code, and the retour
message that carries the codes is XSD-valid."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from jeugdmodel.ijw import builder, codec, rules
from jeugdmodel.ijw.builder import CareLine, Client, Parties, Status
from jeugdmodel.ijw.schema import MESSAGE_TYPES

TODAY = date(2026, 6, 1)
PROVIDER = "98000001"
GEMEENTE = "0606"
CLIENT = Client(bsn="999900006", birth_date=date(2014, 3, 1), sex="2", family_name="Jansen")
TASK_LINE = CareLine(category="45", code=None, start=date(2026, 3, 1))
EFFORT_LINE = CareLine(
    category="54",
    code="54001",
    start=date(2026, 3, 1),
    assignment_number=4711,
    assignment_start=date(2026, 2, 1),
)
_counter = iter(range(1, 10_000))


def context(**kwargs: Any) -> rules.MemoryContext:
    values: dict[str, Any] = {
        "today": TODAY,
        "products": {("45", ""): "taakgericht", ("54", "54001"): "inspanningsgericht"},
        "receivers": {GEMEENTE},
        "senders": {PROVIDER},
    }
    values.update(kwargs)
    return rules.MemoryContext(**values)


def start(
    *lines: CareLine,
    client: Client = CLIENT,
    day: date = TODAY,
    ident: str | None = None,
    **parties: str,
) -> Any:
    return builder.start_message(
        parties=Parties(
            sender=parties.get("sender", PROVIDER), receiver=parties.get("receiver", GEMEENTE)
        ),
        identification=ident or f"S{next(_counter)}",
        day=day,
        client=client,
        lines=lines,
    )


def stop(*lines: CareLine, ident: str | None = None) -> Any:
    return builder.stop_message(
        parties=Parties(sender=PROVIDER, receiver=GEMEENTE),
        identification=ident or f"E{next(_counter)}",
        day=TODAY,
        client=CLIENT,
        lines=[
            replace(line, end=line.end or date(2026, 5, 1), end_reason=line.end_reason or "31")
            for line in lines
        ],
    )


def codes(message: Any, ctx: rules.MemoryContext) -> list[tuple[str, str]]:
    message_type = codec.type_of(message)
    findings = rules.check(message, message_type, ctx)
    # The retour that carries the findings is valid, and names each retour code.
    header, parts = rules.retour_codes(findings)
    retour = builder.retour_message(
        message, identification="R", day=TODAY, codes=parts, header_codes=header
    )
    assert codec.is_valid(retour) == []
    assert {f.retour for f in findings} <= set(builder.retour_codes_of(retour))
    return [(f.rule.code, f.retour) for f in findings]


def accept(message: Any, ctx: rules.MemoryContext) -> None:
    assert codes(message, ctx) == []
    ctx.remember(message, codec.type_of(message))


def test_a_correct_taakgericht_start_and_stop_are_accepted() -> None:
    ctx = context()
    accept(start(TASK_LINE), ctx)
    accept(stop(TASK_LINE), ctx)


def test_the_header_rules() -> None:
    ctx = context()
    assert codes(start(TASK_LINE, receiver="0001"), ctx) == [("JM-H01", "0001")]
    assert codes(start(TASK_LINE, sender="12345678"), ctx) == [("JM-H02", "0001")]
    assert codes(start(TASK_LINE, day=date(2026, 6, 2)), ctx) == [("JM-H03", "8848")]
    accept(start(TASK_LINE, ident="ONE"), ctx)
    again = start(replace(TASK_LINE, start=date(2026, 4, 1)), ident="ONE")
    assert codes(again, ctx) == [("TR056", "9056")]
    # The same id from another sender, or for another message type, is fine.
    other = context(senders=None)
    other.remember(start(TASK_LINE, ident="ONE", sender="11111111"), MESSAGE_TYPES["JW305"])
    assert codes(start(TASK_LINE, ident="ONE"), other) == []


def test_a_bsn_failing_the_elfproef_is_rejected() -> None:
    wrong = replace(CLIENT, bsn="123456789")
    assert codes(start(TASK_LINE, client=wrong), context()) == [("JM-C01", "0001")]


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"[0-9]{9}", fullmatch=True))
def test_the_bsn_rule_is_the_elfproef(bsn: str) -> None:
    found = [
        f.rule
        for f in rules.check(
            start(TASK_LINE, client=replace(CLIENT, bsn=bsn)), MESSAGE_TYPES["JW305"], context()
        )
    ]
    assert (rules.CLIENT_BSN in found) == (not stdnum_bsn.is_valid(bsn))


def test_an_unknown_product_is_rejected_with_s329() -> None:
    assert codes(start(replace(TASK_LINE, category="43")), context()) == [("JM-P01", "S329")]


def test_taakgericht_has_no_assignment_and_tr019_does_not_apply() -> None:
    ctx = context()
    with_number = replace(TASK_LINE, assignment_number=12, assignment_start=date(2026, 1, 1))
    assert codes(start(with_number), ctx) == [("JM-V01", "0001")]
    # Without an assignment the taakgericht start is fine: no TR019.
    assert codes(start(TASK_LINE), ctx) == []


def test_tr019_in_the_other_variants() -> None:
    ctx = context()
    assert codes(start(EFFORT_LINE), ctx) == [("TR019", "9019")]
    assert codes(start(replace(EFFORT_LINE, assignment_number=None)), ctx) == [("TR019", "9019")]
    ctx.assignments.add((CLIENT.bsn, 4711))
    accept(start(EFFORT_LINE), ctx)
    accept(stop(EFFORT_LINE), ctx)


def test_a_stop_needs_a_start_with_the_same_product_and_start_date() -> None:
    ctx = context()
    assert codes(stop(TASK_LINE), ctx) == [("TR069", "9069")]
    accept(start(TASK_LINE), ctx)
    # Same product, other start date: another key.
    assert codes(stop(replace(TASK_LINE, start=date(2026, 3, 2))), ctx) == [("TR069", "9069")]
    accept(stop(TASK_LINE), ctx)


def test_the_same_start_twice_is_rejected_with_9074() -> None:
    ctx = context()
    accept(start(TASK_LINE), ctx)
    assert codes(start(TASK_LINE), ctx) == [("TR074", "9074")]
    accept(stop(TASK_LINE), ctx)
    assert codes(stop(TASK_LINE), ctx) == [("TR074", "9074")]


def test_status_aanlevering_corrections() -> None:
    ctx = context()
    change = replace(TASK_LINE, status=Status.CHANGE)
    delete = replace(TASK_LINE, status=Status.DELETE)
    assert codes(start(change), ctx) == [("TR063", "9063")]
    assert codes(start(delete), ctx) == [("TR063", "9063")]
    accept(start(TASK_LINE), ctx)
    accept(start(change), ctx)
    accept(stop(TASK_LINE), ctx)
    assert codes(start(delete), ctx) == [("TR071", "9071")]
    accept(stop(delete), ctx)
    accept(start(delete), ctx)
    # Deleted: a stop now has no start again.
    assert codes(stop(TASK_LINE), ctx) == [("TR069", "9069")]


def test_an_end_before_the_start_is_rejected() -> None:
    ctx = context()
    accept(start(TASK_LINE), ctx)
    assert codes(stop(replace(TASK_LINE, end=date(2026, 2, 1))), ctx) == [("JM-S01", "0001")]


def test_a_rejected_line_does_not_reject_the_others() -> None:
    ctx = context()
    good = TASK_LINE
    bad = replace(TASK_LINE, category="43")
    message = start(good, bad)
    findings = rules.check(message, MESSAGE_TYPES["JW305"], ctx)
    header, parts = rules.retour_codes(findings)
    assert header == []
    retour = builder.retour_message(
        message, identification="R", day=TODAY, codes=parts, header_codes=header
    )
    lines = retour.client.start_producten.start_product
    assert [[c.value for c in line.retour_codes.retour_code] for line in lines] == [
        ["0200"],
        ["S329"],
    ]


def test_every_rule_has_a_code_a_known_retour_code_and_a_title() -> None:
    from jeugdmodel.ijw.model.basisschema import LdtRetourCode

    known = {c.value for c in LdtRetourCode}
    assert len({r.code for r in rules.ALL_RULES}) == len(rules.ALL_RULES)
    for rule in rules.ALL_RULES:
        assert rule.retour in known
        assert rule.title


#: Rules whose title is the text of their retour code in the shipped list (docs/ijw.md,
#: column "bron": "tekst gelijk aan de lijst").
SAME_TEXT = {"TR056", "JM-H03", "TR019", "TR074", "TR069", "TR063", "TR071"}


def _plain(text: str) -> str:
    """Text without case, spaces, diaeresis or final full stop ("regie bericht" and
    "regiebericht", "beeindigd" and "beëindigd" are the same words)."""
    return "".join(text.lower().replace("ë", "e").split()).rstrip(".")


def test_every_rule_uses_a_retour_code_of_the_list_with_its_text() -> None:
    from jeugdmodel.ijw.services import retour_descriptions

    texts = retour_descriptions()  # read from the shipped basisschema
    for rule in rules.ALL_RULES:
        assert rule.retour in texts, rule
        if rule.code in SAME_TEXT:
            assert _plain(rule.title) == _plain(texts[rule.retour]), rule
        if rule.code.startswith("TR"):
            # The TR number is derived from the retour code (not checked against the
            # official rule report, which we do not have): TR0nn <-> 90nn.
            assert rule.code[2:] == rule.retour[1:], rule
        else:
            assert rule.code.startswith("JM-"), rule  # our own name, said so in the docs
    assert {r.code for r in rules.ALL_RULES} >= SAME_TEXT


@pytest.mark.parametrize(
    ("locator", "line"),
    [
        ((("Header", 0), ("Afzender", 0)), 7),
        ((("Client", 0), ("StartProducten", 0), ("StartProduct", 1)), 43),
    ],
)
def test_a_finding_points_at_its_line(locator: tuple[tuple[str, int], ...], line: int) -> None:
    from pathlib import Path

    from jeugdmodel.ijw.schema import read_xml

    tree = read_xml((Path(__file__).parent / "examples" / "JW305.xml").read_bytes())
    assert rules.line_of(tree, locator) == line


@given(st.from_regex(r"[0-9]{9}", fullmatch=True) | st.text(max_size=12))
@settings(max_examples=400, deadline=None)
def test_the_fast_elfproef_agrees_with_python_stdnum(bsn: str) -> None:
    assert rules.bsn_valid(bsn) == stdnum_bsn.is_valid(bsn)


@pytest.mark.parametrize(
    ("bsn", "valid"), [("999990019", True), ("999990018", False), ("000000000", False)]
)
def test_the_elfproef_on_known_numbers(bsn: str, valid: bool) -> None:
    assert rules.bsn_valid(bsn) is valid
