"""The public form (/aanmelden/) and its receipt: a family asks for help without an account.

Every bad input gets a clear Dutch message at the field it is about, and nothing is
stored. Spam protection: honeypot, limit per address, minimum time (ADR 0012)."""

from __future__ import annotations

import re
import time
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from jeugdmodel.accounts.models import TeamRole
from jeugdmodel.accounts.roles import Role
from jeugdmodel.families.services import PersonInput
from jeugdmodel.intake import spam
from jeugdmodel.intake.models import AccessPoint, PersonRole, Request, RequestStatus
from jeugdmodel.intake.services import RequestInput, request_assign, request_submit
from jeugdmodel.region.models import OutsideRegionArea, Region, Team
from tests.factories import TeamMembershipFactory, UserFactory
from tests.intake.conftest import (
    PC_MAASSLUIS,
    PC_PO_BOX,
    PC_ROTTERDAM,
    PC_SCHIEDAM,
    PC_UNKNOWN,
    years_ago,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mvs")]

URL = "/aanmelden/"
RECEIPT = "/aanmelden/ontvangen/"


def dmy(day: Any) -> str:
    return day.strftime("%d-%m-%Y")


def form_data(**overrides: str) -> dict[str, str]:
    """What a family sends: one child of 9 in Schiedam, one parent, a phone number."""
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "started": spam.form_token(issued_at=time.time() - 120),
        "child1_given_name": "Sem",
        "child1_family_name": "de Vries",
        "child1_date_of_birth": dmy(years_ago(9)),
        "child1_bsn": "",
        "postcode": PC_SCHIEDAM,
        "house_number": "12",
        "parent1_given_name": "Eva",
        "parent1_family_name": "de Vries",
        "parental_authority": "both_parents",
        "consent_parent": "yes",
        "question": "Sem slaapt slecht en is vaak boos. Thuis loopt het vast.",
        "referrer_name": "Eva de Vries",
        "contact_phone": "06 12345678",
        "contact_email": "",
        spam.HONEYPOT_FIELD: "",
    }
    data.update(overrides)
    return data


def field_errors(html: str, field: str) -> str:
    """The text of the error block of one field (includes/form_field_messages.html)."""
    match = re.search(rf'id="id_{field}_error">(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)) if match else ""


# -- the page ------------------------------------------------------------------------------


def test_the_form_renders_with_the_base_template_and_no_inline_code(client: Client) -> None:
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="jm-page"' in html  # base.html
    assert '<h1 class="utrecht-heading-1">Hulp vragen voor uw kind of gezin</h1>' in html
    for legend in ["Kind 1", "Kind 2", "Kind 3", "Ouder of verzorger 1", "Ouder of verzorger 2"]:
        assert f">{legend}" in html
    assert "Waar woont het kind?" in html
    # Strict CSP: no inline script or style.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert "style=" not in html
    # Why we ask: explained at the fields.
    assert "welk team bij u in de buurt is" in html
    assert "Met het BSN zien we sneller of we uw" in html
    # What to do in danger.
    assert 'href="tel:112"' in html
    assert "0800-2000" in html


def test_the_form_carries_a_fresh_idempotency_key_and_a_signed_start(client: Client) -> None:
    first = client.get(URL).content.decode()
    second = client.get(URL).content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', first)
    other = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', second)
    assert key
    assert other
    assert key.group(1) != other.group(1)
    started = re.search(r'name="started" value="([^"]+)"', first)
    assert started
    assert spam.form_token_check(started.group(1), now=time.time() + 60) == spam.TokenCheck.OK


def test_the_honeypot_is_hidden_labelled_and_out_of_the_tab_order(client: Client) -> None:
    html = client.get(URL).content.decode()
    block = html[html.index('<div class="jm-visually-hidden">') :]
    block = block[: block.index("</div>")]
    assert "Laat dit veld leeg" in block
    assert f'name="{spam.HONEYPOT_FIELD}"' in block
    assert 'tabindex="-1"' in block
    assert 'autocomplete="off"' in block


def test_the_question_has_no_maxlength_so_a_long_paste_is_not_cut_silently(
    client: Client,
) -> None:
    html = client.get(URL).content.decode()
    textarea = re.search(r"<textarea[^>]*>", html)
    assert textarea
    assert "maxlength" not in textarea.group(0)


# -- a good request ------------------------------------------------------------------------


def test_a_request_is_stored_routed_and_the_receipt_says_what_happens_next(
    client: Client,
) -> None:
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert response["Location"] == RECEIPT
    request = Request.objects.get()
    assert request.access_point == AccessPoint.FAMILY
    assert request.referrer is None
    assert request.referrer_name == "Eva de Vries"
    assert request.contact_phone == "06 12345678"
    assert request.team is not None
    assert request.team.code == "wot-centrum-west"
    assert request.status == RequestStatus.RECEIVED
    people = list(request.people.order_by("role", "id"))
    assert [(p.role, p.given_name) for p in people] == [
        (PersonRole.CHILD, "Sem"),
        (PersonRole.PARENT, "Eva"),
    ]
    assert people[0].postcode == "3111 AB"
    # The client address is kept only as a keyed hash.
    assert re.fullmatch(r"[0-9a-f]{64}", request.client_hash)
    assert "127.0.0.1" not in request.client_hash
    assert request.client_hash == spam.client_hash_of("127.0.0.1")

    receipt = client.get(RECEIPT).content.decode()
    assert request.reference in receipt
    assert "Een medewerker van WOT Centrum-West belt u binnen 5 werkdagen." in receipt
    assert 'href="tel:112"' in receipt
    assert "0800-2000" in receipt


def test_an_extra_child_counts_only_when_a_name_is_filled_in(client: Client) -> None:
    client.post(URL, form_data(child2_date_of_birth=dmy(years_ago(5))))
    assert Request.objects.get().people.filter(role=PersonRole.CHILD).count() == 1
    client.post(
        URL,
        form_data(
            child2_given_name="Lotte",
            child2_family_name="de Vries",
            child2_date_of_birth=dmy(years_ago(5)),
        ),
    )
    latest = Request.objects.order_by("-id").first()
    assert latest is not None
    assert sorted(
        latest.people.filter(role=PersonRole.CHILD).values_list("given_name", flat=True)
    ) == [
        "Lotte",
        "Sem",
    ]


def test_an_extra_child_with_a_name_needs_a_date_of_birth(client: Client) -> None:
    response = client.post(URL, form_data(child2_given_name="Lotte", child2_family_name="Bos"))
    assert "geboortedatum" in field_errors(response.content.decode(), "child2_date_of_birth")
    assert Request.objects.count() == 0


def test_a_team_without_a_promise_gets_the_general_sentence(client: Client) -> None:
    client.post(URL, form_data(postcode=PC_MAASSLUIS))
    receipt = client.get(RECEIPT).content.decode()
    assert "Een medewerker van VraagRaak neemt zo snel mogelijk contact met u op." in receipt
    assert "werkdag" not in receipt


def test_an_address_the_region_file_forwards_is_sent_on_and_the_receipt_says_where(
    client: Client,
) -> None:
    response = client.post(URL, form_data(postcode=PC_ROTTERDAM))
    assert response.status_code == 302
    request = Request.objects.get()
    assert request.status == RequestStatus.FORWARDED_OUTSIDE
    assert request.forwarded_to == "Gemeente Rotterdam"
    receipt = client.get(RECEIPT).content.decode()
    assert "doorgestuurd naar Gemeente Rotterdam" in receipt


def test_a_known_family_gets_the_same_receipt_so_nobody_learns_about_a_case(
    client: Client,
) -> None:
    team = Team.objects.get(code="wot-centrum-west")
    lead = UserFactory(role=Role.TEAM_LEAD.value)
    TeamMembershipFactory(user=lead, team=team, role_in_team=TeamRole.LEAD)
    professional = UserFactory(role=Role.WIJKTEAM_PROFESSIONAL.value)
    TeamMembershipFactory(user=professional, team=team)
    child = PersonInput(
        given_name="Sem", family_name="de Vries", date_of_birth=years_ago(9), postcode="3111 AB"
    )
    first = request_submit(
        actor=None,
        data=RequestInput(access_point=AccessPoint.FAMILY, question="Eerder", children=[child]),
        idempotency_key="eerder",
    )
    request_assign(actor=lead, request=first, professional=professional)

    client.post(URL, form_data())
    # The known child is only proposed: the request joins no case before the lead confirms.
    joined = Request.objects.exclude(pk=first.pk).get()
    assert joined.status == RequestStatus.RECEIVED
    assert joined.people.get(role=PersonRole.CHILD).proposed_person is not None
    receipt = client.get(RECEIPT).content.decode()
    assert "Een medewerker van WOT Centrum-West belt u binnen 5 werkdagen." in receipt
    assert "casus" not in receipt.lower()
    assert professional.last_name not in receipt


# -- bad input: a clear message at the field, nothing stored --------------------------------


BAD_INPUT = [
    pytest.param({"child1_bsn": "123456789"}, "child1_bsn", "Dit BSN bestaat niet", id="bsn"),
    pytest.param(
        {"child1_date_of_birth": dmy(timezone.localdate() + timedelta(days=3))},
        "child1_date_of_birth",
        "De geboortedatum ligt in de toekomst.",
        id="born-in-the-future",
    ),
    pytest.param(
        {"child1_date_of_birth": dmy(years_ago(23))},
        "child1_date_of_birth",
        "Jeugdhulp is er tot 23 jaar; deze persoon is 23.",
        id="23-or-older",
    ),
    pytest.param(
        {"child1_date_of_birth": "31-02-2015"},
        "child1_date_of_birth",
        "dag-maand-jaar",
        id="no-such-date",
    ),
    pytest.param(
        {"postcode": PC_UNKNOWN},
        "postcode",
        "Postcode 9999 kennen we niet in deze regio.",
        id="unknown-postcode",
    ),
    pytest.param({"postcode": "ABC"}, "postcode", "4 cijfers en 2 letters", id="not-a-postcode"),
    pytest.param({"postcode": PC_PO_BOX}, "postcode", "postbusnummer", id="po-box-postcode"),
    pytest.param({"question": "   "}, "question", "Beschrijf de vraag", id="empty-question"),
    pytest.param(
        {"question": "x" * 5001},
        "question",
        "De vraag is te lang: gebruik hoogstens 5000 tekens (nu 5001).",
        id="question-too-long",
    ),
    pytest.param({"child1_given_name": ""}, "child1_given_name", "Vul de voornaam", id="no-name"),
    pytest.param(
        {"contact_phone": "", "contact_email": ""},
        "contact_phone",
        "Vul een telefoonnummer of een e-mailadres in.",
        id="no-way-to-call-back",
    ),
    pytest.param(
        {"contact_phone": "12"}, "contact_phone", "Dit telefoonnummer klopt niet", id="phone"
    ),
    pytest.param(
        {"parent1_bsn": "111111111"}, "parent1_bsn", "Dit BSN bestaat niet", id="parent-bsn"
    ),
    pytest.param(
        {"parent1_date_of_birth": dmy(timezone.localdate() + timedelta(days=1))},
        "parent1_date_of_birth",
        "in de toekomst",
        id="parent-born-in-the-future",
    ),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_bad_input_is_named_at_its_field_and_nothing_is_stored(
    client: Client, overrides: dict[str, str], field: str, message: str
) -> None:
    before = Request.objects.count()
    response = client.post(URL, form_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in field_errors(html, field)
    # Linked: the field points at its message, the summary at the field.
    assert re.search(rf'id="id_{field}"[^>]*aria-describedby="[^"]*id_{field}_error', html) or (
        re.search(rf'aria-describedby="[^"]*id_{field}_error[^"]*"[^>]*id="id_{field}"', html)
    )
    assert f'href="#id_{field}"' in html
    assert 'id="foutmeldingen"' in html
    assert "<title>Fout:" in html
    assert Request.objects.count() == before


def test_an_unknown_postcode_names_the_municipalities_served_and_where_else_to_go(
    client: Client, mvs: Region
) -> None:
    response = client.post(URL, form_data(postcode=PC_UNKNOWN))
    message = " ".join(field_errors(response.content.decode(), "postcode").split())
    for municipality in mvs.municipalities.all():
        assert municipality.name in message
    assert "Neem dan contact op met het jeugdteam of de gemeente waar het kind woont." in message
    assert Request.objects.count() == 0


def test_a_postcode_outside_the_region_is_refused_naming_its_municipality(
    client: Client, mvs: Region
) -> None:
    OutsideRegionArea.objects.create(
        region=mvs, pc4="3161", municipality_code="GM0613", municipality_name="Albrandswaard"
    )
    response = client.post(URL, form_data(postcode="3161 AB"))
    message = field_errors(response.content.decode(), "postcode")
    assert "Postcode 3161 hoort bij de gemeente Albrandswaard." in message
    assert Request.objects.count() == 0


def test_every_problem_is_listed_at_once(client: Client) -> None:
    response = client.post(
        URL,
        form_data(
            child1_bsn="123456789",
            question="",
            contact_phone="",
            child2_given_name="Lotte",
            child2_family_name="Bos",
            child2_date_of_birth=dmy(timezone.localdate() + timedelta(days=3)),
        ),
    )
    html = response.content.decode()
    summary = html[
        html.index('id="foutmeldingen"') : html.index("</ul>", html.index('id="foutmeldingen"'))
    ]
    for anchor in ["id_child1_bsn", "id_child2_date_of_birth", "id_question", "id_contact_phone"]:
        assert f'href="#{anchor}"' in summary
    assert "Kind 1 – BSN: Dit BSN bestaat niet" in summary
    assert "Er zijn 4 dingen niet goed." in summary
    assert Request.objects.count() == 0


def test_a_20_mb_paste_gets_our_400_page_and_nothing_is_stored(client: Client) -> None:
    response = client.post(URL, form_data(question="x" * (20 * 1024 * 1024)))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Verzoek niet verwerkt" in html
    assert "hoogstens 5000 tekens" in html
    assert "Er is niets opgeslagen." in html
    assert Request.objects.count() == 0


def test_html_in_free_text_is_stored_as_typed_and_shown_escaped(client: Client) -> None:
    script = "<script>alert('hoi')</script> & <b>vet</b>"
    shown = client.post(URL, form_data(question=script, child1_given_name=script, postcode=""))
    html = shown.content.decode()
    assert (
        "&lt;script&gt;alert(&#x27;hoi&#x27;)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt;" in html
    )
    assert "<script>alert(" not in html
    assert Request.objects.count() == 0

    client.post(URL, form_data(question=script, referrer_name=script))
    request = Request.objects.get()
    assert request.question == script
    assert request.referrer_name == script


# -- double submit and the receipt -------------------------------------------------------


def test_a_double_submit_stores_one_request_and_shows_the_same_receipt(client: Client) -> None:
    data = form_data()
    first = client.post(URL, data)
    reference = Request.objects.get().reference
    second = client.post(URL, data)
    assert first.status_code == second.status_code == 302
    assert Request.objects.count() == 1
    assert reference in client.get(RECEIPT).content.decode()


def test_a_reused_form_key_with_other_data_says_so_and_stores_nothing(client: Client) -> None:
    """Back in the browser, a change, and send again: the key was used, the data differ.
    Nothing is silently dropped: the page says the change was not stored, keeps what was
    typed, and gives the form a new key so sending it again makes a new request."""
    data = form_data()
    assert client.post(URL, data).status_code == 302
    first = Request.objects.get()
    changed = {**data, "question": "Een heel andere vraag over slapen en eten."}
    response = client.post(URL, changed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Deze aanmelding was al verstuurd, met andere gegevens dan nu" in html
    assert "Een heel andere vraag over slapen en eten." in html  # kept
    assert Request.objects.get() == first
    assert Request.objects.get().question == first.question
    new_key = response.context["form"].data["idempotency_key"]
    assert new_key != data["idempotency_key"]
    assert client.post(URL, {**changed, "idempotency_key": new_key}).status_code == 302
    assert Request.objects.count() == 2


def test_the_receipt_without_a_request_says_there_is_nothing_to_show(client: Client) -> None:
    response = client.get(RECEIPT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geen aanmelding om te laten zien" in html
    assert 'href="/aanmelden/"' in html


# -- spam protection ---------------------------------------------------------------------


def test_a_filled_honeypot_looks_like_success_but_stores_nothing(client: Client) -> None:
    response = client.post(URL, form_data(**{spam.HONEYPOT_FIELD: "http://spam.example"}))
    assert response.status_code == 302
    assert response["Location"] == RECEIPT
    assert Request.objects.count() == 0
    receipt = client.get(RECEIPT).content.decode()
    assert "Uw aanmelding is ontvangen" in receipt
    assert "AM-" not in receipt


def _stored_from(address: str, n: int, *, hours_ago: float = 0) -> None:
    for i in range(n):
        request_submit(
            actor=None,
            data=RequestInput(
                access_point=AccessPoint.FAMILY,
                question="Eerder verstuurd",
                children=[
                    PersonInput(
                        given_name=f"Kind{i}",
                        family_name="Eerder",
                        date_of_birth=years_ago(8),
                        postcode=PC_SCHIEDAM,
                    )
                ],
            ),
            idempotency_key=f"eerder-{address}-{hours_ago}-{i}",
            client_hash=spam.client_hash_of(address),
            received_at=timezone.now() - timedelta(hours=hours_ago),
        )


def test_over_the_limit_the_form_stays_with_what_was_typed_and_says_what_to_do(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.JEUGDMODEL_PUBLIC_FORM_LIMIT_PER_HOUR = 2
    _stored_from("127.0.0.1", 2)
    data = form_data(question="Sem slaapt slecht. Dit wil ik niet nog eens typen.")
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Uw aanmelding is nog niet verstuurd." in html
    assert "Wat u invulde, staat hieronder nog." in html
    assert 'id="niet-verstuurd" tabindex="-1" autofocus' in html
    assert 'href="tel:14010"' in html
    assert 'href="tel:112"' in html
    # Everything typed is on the page, the form key too: sending it later stores it once.
    assert "Dit wil ik niet nog eens typen." in html
    assert 'value="Sem"' in html
    assert 'value="06 12345678"' in html
    assert f'value="{data["idempotency_key"]}"' in html
    assert Request.objects.count() == 2


def test_the_limit_is_per_address_and_per_hour(client: Client, settings: SettingsWrapper) -> None:
    settings.JEUGDMODEL_PUBLIC_FORM_LIMIT_PER_HOUR = 2
    _stored_from("127.0.0.1", 2, hours_ago=1.5)  # older than an hour: not counted
    _stored_from("10.0.0.9", 2)  # another address
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert Request.objects.count() == 5


def test_the_default_limits_are_five_per_form_session_and_thirty_per_address(
    client: Client,
) -> None:
    assert spam.limit_per_hour() == 5
    assert spam.address_limit_per_hour() == 30
    _stored_from("127.0.0.1", 5)  # five without a form session
    assert client.post(URL, form_data()).status_code == 429


def _shown_form(client: Client) -> dict[str, str]:
    """A form as the page shows it to a browser: with the browser's form session."""
    html = client.get(URL).content.decode()
    match = re.search(r'name="form_session" value="([^"]+)"', html)
    assert match, "the form carries its form session"
    return form_data(form_session=match.group(1))


def test_people_sharing_an_address_each_send_up_to_the_ceiling(
    settings: SettingsWrapper,
) -> None:
    """A school or library: many parents, one address, each in their own browser."""
    settings.JEUGDMODEL_PUBLIC_FORM_ADDRESS_LIMIT_PER_HOUR = 8
    for _parent in range(8):
        browser = Client()
        assert browser.post(URL, _shown_form(browser)).status_code == 302
    ninth = Client()
    response = ninth.post(URL, _shown_form(ninth))
    assert response.status_code == 429
    assert "Uw aanmelding is nog niet verstuurd." in response.content.decode()
    assert Request.objects.count() == 8


def test_the_sixth_from_one_form_session_is_refused_with_its_content_kept(
    client: Client,
) -> None:
    for _ in range(5):
        assert client.post(URL, _shown_form(client)).status_code == 302
    response = client.post(URL, _shown_form(client) | {"question": "De zesde vraag van vandaag."})
    assert response.status_code == 429
    assert "De zesde vraag van vandaag." in response.content.decode()
    assert Request.objects.count() == 5
    hashes = set(Request.objects.values_list("form_session_hash", flat=True))
    assert len(hashes) == 1
    assert "" not in hashes


def test_a_form_session_survives_a_timed_out_session_through_the_form(client: Client) -> None:
    """A parent who types for long: the session is gone, the form still names its session."""
    data = _shown_form(client)
    client.cookies.clear()
    assert client.post(URL, data).status_code == 302
    assert Request.objects.get().form_session_hash == spam.form_session_hash(
        _FakeRequest(), data["form_session"]
    )


class _FakeRequest:
    session: dict[str, str] = {}


def test_a_flood_without_a_session_shares_the_low_limit(settings: SettingsWrapper) -> None:
    """Sending without a session and without a shown form: one bucket per address."""
    for _ in range(5):
        assert Client().post(URL, form_data()).status_code == 302
    assert Client().post(URL, form_data()).status_code == 429
    forged = form_data(form_session="nep")
    assert Client().post(URL, forged).status_code == 429
    assert Request.objects.count() == 5


def test_an_invalid_form_never_counts_and_is_not_refused_at_the_limit(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.JEUGDMODEL_PUBLIC_FORM_LIMIT_PER_HOUR = 1
    for _ in range(3):
        response = client.post(URL, _shown_form(client) | {"child1_given_name": ""})
        assert response.status_code == 200
        assert 'id="foutmeldingen"' in response.content.decode()
    assert Request.objects.count() == 0
    # The corrected form is accepted: the wrong ones did not count.
    assert client.post(URL, _shown_form(client)).status_code == 302
    # At the limit, a wrong form still gets its errors (not the limit) …
    response = client.post(URL, _shown_form(client) | {"child1_given_name": ""})
    assert response.status_code == 200
    assert "Uw aanmelding is nog niet verstuurd." not in response.content.decode()
    # … and only the corrected one meets the limit.
    assert client.post(URL, _shown_form(client)).status_code == 429


def test_a_double_submit_at_the_limit_still_shows_the_receipt(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.JEUGDMODEL_PUBLIC_FORM_LIMIT_PER_HOUR = 1
    data = form_data()
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, form_data()).status_code == 429
    assert Request.objects.count() == 1


@pytest.mark.parametrize(
    "started",
    [
        pytest.param(spam.form_token(issued_at=time.time() + 3600), id="too-fast"),
        pytest.param("", id="missing"),
        pytest.param(spam.form_token()[:-2] + "xx", id="tampered"),
        pytest.param(spam.form_token(issued_at=time.time() - 3 * 86400), id="expired"),
    ],
)
def test_a_form_sent_too_fast_or_without_a_valid_start_is_asked_again(
    client: Client, started: str
) -> None:
    response = client.post(URL, form_data(started=started))
    html = response.content.decode()
    assert response.status_code == 200
    assert "klik daarna nog een keer op" in html
    assert Request.objects.count() == 0
    # The form comes back filled in, with a fresh start time.
    assert 'value="Sem"' in html
    fresh = re.search(r'name="started" value="([^"]+)"', html)
    assert fresh
    assert fresh.group(1) != started
    assert spam.form_token_check(fresh.group(1), now=time.time() + 60) == spam.TokenCheck.OK


def test_the_client_hash_is_keyed_and_does_not_give_the_address_back() -> None:
    a = spam.client_hash_of("192.0.2.10")
    assert a == spam.client_hash_of("192.0.2.10")
    assert a != spam.client_hash_of("192.0.2.11")
    assert re.fullmatch(r"[0-9a-f]{64}", a)
    assert "192.0.2.10" not in a


def test_the_time_check_has_a_minimum(settings: SettingsWrapper) -> None:
    now = time.time()
    assert spam.form_token_check(spam.form_token(issued_at=now - 1), now=now) == (
        spam.TokenCheck.TOO_FAST
    )
    assert spam.form_token_check(spam.form_token(issued_at=now - 10), now=now) == (
        spam.TokenCheck.OK
    )
    settings.JEUGDMODEL_PUBLIC_FORM_MIN_SECONDS = 20
    assert spam.form_token_check(spam.form_token(issued_at=now - 10), now=now) == (
        spam.TokenCheck.TOO_FAST
    )


# -- consent and parental authority (domain.md: <12 parents, 12–15 both, 16+ the youth) ----


def test_authority_and_the_parents_consent_are_stored_for_a_child_under_twelve(
    client: Client,
) -> None:
    response = client.post(URL, form_data(parental_authority="one_parent"))
    assert response.status_code == 302
    stored = Request.objects.get()
    assert stored.parental_authority == "one_parent"
    assert (stored.consent_parent, stored.consent_youth) == (True, None)  # youth: not asked


def test_the_parents_consent_is_asked_under_sixteen_and_authority_always(
    client: Client,
) -> None:
    response = client.post(URL, form_data(parental_authority="", consent_parent=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_parental_authority_0"' in html
    assert "Gezag: Kies wie het gezag heeft." in html
    assert 'href="#id_consent_parent_0"' in html
    assert "Kies of de ouders met gezag toestemming geven" in html
    assert Request.objects.count() == 0


def test_from_twelve_the_youth_is_asked_too(client: Client) -> None:
    fourteen = form_data(child1_date_of_birth=dmy(years_ago(14)))
    response = client.post(URL, fourteen)
    assert response.status_code == 200
    assert 'href="#id_consent_youth_0"' in response.content.decode()
    assert client.post(URL, fourteen | {"consent_youth": "yes"}).status_code == 302
    stored = Request.objects.get()
    assert (stored.consent_parent, stored.consent_youth) == (True, True)


def test_from_sixteen_the_youth_decides_alone(client: Client) -> None:
    data = form_data(child1_date_of_birth=dmy(years_ago(16)), consent_parent="")
    assert client.post(URL, data | {"consent_youth": "yes"}).status_code == 302
    stored = Request.objects.get()
    assert (stored.consent_parent, stored.consent_youth) == (None, True)


def test_a_no_is_stored_as_a_no(client: Client) -> None:
    assert client.post(URL, form_data(consent_parent="no")).status_code == 302
    assert Request.objects.get().consent_parent is False


def test_the_migration_turns_an_unasked_public_no_into_not_asked() -> None:
    """Before the public form asked, its requests stored "no"; a professional's "no" was
    an answer and stays."""
    import importlib

    from django.apps import apps

    from tests.intake.fixtures_work import submit

    migration = importlib.import_module(
        "jeugdmodel.intake.migrations.0005_request_consent_not_asked"
    )
    public = submit(consent_parent=False, consent_youth=False)
    partner = submit(access_point=AccessPoint.WIJKTEAM, consent_parent=False, consent_youth=False)
    migration.public_form_consent_was_never_asked(apps, None)
    public.refresh_from_db()
    partner.refresh_from_db()
    assert (public.consent_parent, public.consent_youth) == (None, None)
    assert (partner.consent_parent, partner.consent_youth) == (False, False)
    migration.not_asked_back_to_no(apps, None)
    public.refresh_from_db()
    assert (public.consent_parent, public.consent_youth) == (False, False)
