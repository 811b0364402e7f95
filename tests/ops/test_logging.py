"""Log lines carry the request id, the job id and the user's pseudonymous id, never a
name, BSN, address or the words of a case. The test sends personal data in a public
request, a query string, and an exception raised while a page is made, and then reads
every line the logs got, as production (JSON) and development (text) write them."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from jeugdmodel.accounts.roles import Role
from jeugdmodel.core.logging import JsonFormatter, LogContextFilter, TextFormatter, user_pseudonym
from jeugdmodel.intake.models import Request
from tests.conftest import verify_second_factor
from tests.factories import UserFactory
from tests.intake.conftest import mvs  # noqa: F401  (the fixture)
from tests.intake.test_public_form import URL, form_data

pytestmark = pytest.mark.django_db

PERSONAL = {
    "given name": "Wilhelmina",
    "family name": "Zwartkop",
    "bsn": "111222333",
    "house number": "417",
    "question": "Slaapt slecht sinds de scheiding",
    "phone": "06 98765432",
}


@pytest.fixture
def log_lines() -> Iterator[dict[str, io.StringIO]]:
    """Every record of every logger, written by both formatters."""
    outputs = {"json": io.StringIO(), "text": io.StringIO()}
    handlers = []
    for name, formatter in (("json", JsonFormatter()), ("text", TextFormatter())):
        handler = logging.StreamHandler(outputs[name])
        handler.setFormatter(formatter)
        handler.addFilter(LogContextFilter())
        handler.setLevel(logging.DEBUG)
        handlers.append(handler)
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.DEBUG)
    for handler in handlers:
        root.addHandler(handler)
    yield outputs
    for handler in handlers:
        root.removeHandler(handler)
    root.setLevel(old_level)


def _assert_clean(outputs: dict[str, io.StringIO]) -> None:
    for kind, out in outputs.items():
        text = out.getvalue()
        assert text, f"no {kind} log lines at all"
        for what, value in PERSONAL.items():
            assert value not in text, f"{what} in the {kind} log:\n{text}"


@pytest.mark.usefixtures("mvs")
def test_no_personal_data_from_a_public_request_reaches_the_log(
    client: Client, log_lines: dict[str, io.StringIO], settings: Any
) -> None:
    data = form_data(
        child1_given_name=PERSONAL["given name"],
        child1_family_name=PERSONAL["family name"],
        parent1_family_name=PERSONAL["family name"],
        house_number=PERSONAL["house number"],
        question=PERSONAL["question"],
        contact_phone=PERSONAL["phone"],
        referrer_name=f"{PERSONAL['given name']} {PERSONAL['family name']}",
    )
    response = client.post(URL, data)
    assert response.status_code == 302
    assert Request.objects.count() == 1
    # A BSN too (accepted or refused: either way nothing of it is logged).
    client.post(URL, form_data(child1_bsn=PERSONAL["bsn"], question=PERSONAL["question"]))
    _assert_clean(log_lines)
    lines = [json.loads(line) for line in log_lines["json"].getvalue().splitlines()]
    requests = [line for line in lines if line["name"] == "jeugdmodel.request"]
    assert requests, lines
    assert all(line["request_id"] for line in requests)
    assert {line["view"] for line in requests} == {"intake:public_form"}


def test_a_crash_with_personal_data_in_the_exception_logs_only_its_class(
    log_lines: dict[str, io.StringIO], monkeypatch: pytest.MonkeyPatch
) -> None:
    user = UserFactory(role=Role.WIJKTEAM_PROFESSIONAL.value)
    client = Client(raise_request_exception=False)
    verify_second_factor(client, user)

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise ValueError(
            f"kan {PERSONAL['given name']} {PERSONAL['family name']} ({PERSONAL['bsn']}) "
            f"op nummer {PERSONAL['house number']} niet verwerken"
        )

    monkeypatch.setattr("jeugdmodel.cases.views.cases_list_for", crash)
    response = client.get(f"/casussen/?zoek={PERSONAL['family name']}+{PERSONAL['bsn']}")
    assert response.status_code == 500
    _assert_clean(log_lines)
    text = log_lines["json"].getvalue()
    errors = [json.loads(x) for x in text.splitlines() if '"ERROR"' in x]
    assert errors
    crash_line = next(e for e in errors if "exc_info" in e)
    assert "builtins.ValueError: [tekst weggelaten]" in crash_line["exc_info"]
    assert crash_line["user"] == user_pseudonym(user)
    assert crash_line["request_id"] == response["X-Request-ID"]


def test_the_pseudonym_is_stable_and_not_the_name(db: None) -> None:
    user = UserFactory(role=Role.MUNICIPALITY.value, first_name="Wilhelmina")
    pseudonym = user_pseudonym(user)
    assert pseudonym == user_pseudonym(user)
    assert pseudonym.startswith("u-")
    assert len(pseudonym) == 14
    assert user.username not in pseudonym
    assert str(user.pk) != pseudonym[2:]
