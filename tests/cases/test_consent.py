"""Consent records (decision 0079): every consent given or withdrawn is a record; the
newest decides, so a withdrawal stops the referrer's status view at once. The age rule of
the front door decides who consents; a consent by the wrong people and a withdrawal by
someone who did not give it are refused with a Dutch message, change nothing and are
security events in the access log."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction, AccessLogEntry
from jeugdmodel.cases.models import ConsentAction, ConsentKind, ConsentRecord
from jeugdmodel.cases.selectors import consent_in_force, consent_states
from jeugdmodel.cases.services import (
    ConsentRefused,
    case_close,
    consent_give,
    consent_withdraw,
    plan_save,
)
from jeugdmodel.cases.services.base import CaseClosed
from jeugdmodel.core.errors import DomainError, NotAllowed
from jeugdmodel.intake.models import AccessPoint
from jeugdmodel.intake.selectors import referrer_status_get, request_status_shared
from jeugdmodel.intake.services import request_assign
from tests.cases.helpers import Story, born_years_ago, care_user, new_case, parent, plan_body
from tests.factories import UserFactory
from tests.intake.fixtures_work import child, lead_of, professional_in, submit, team

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mvs")]


def _give(story: Story, *, kind: str = ConsentKind.SCHOOL, parent: bool, youth: bool) -> object:
    return consent_give(
        actor=story.coordinator,
        case=story.case,
        kind=kind,
        by_parent=parent,
        by_youth=youth,
        on=timezone.localdate(),
        note="Basisschool De Regenboog",
    )


def _withdraw(story: Story, *, kind: str = ConsentKind.SCHOOL, parent: bool, youth: bool) -> object:
    return consent_withdraw(
        actor=story.coordinator,
        case=story.case,
        kind=kind,
        by_parent=parent,
        by_youth=youth,
        on=timezone.localdate(),
    )


def _refusals(story: Story) -> list[AccessLogEntry]:
    return list(
        AccessLogEntry.objects.filter(
            event="consent.refused", action=AccessAction.REFUSED, user_id=story.coordinator.pk
        )
    )


# -- giving: the age rule --------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "parent", "youth"),
    [(9, True, False), (13, True, True), (16, False, True), (17, False, True)],
)
def test_the_right_people_give_consent(age: int, parent: bool, youth: bool) -> None:
    story = new_case(ages=(age,))
    record = _give(story, parent=parent, youth=youth)
    in_force = consent_in_force(case=story.case, kind=ConsentKind.SCHOOL)
    assert in_force == record
    assert (in_force.by_parent, in_force.by_youth, in_force.oldest_age) == (parent, youth, age)
    assert in_force.recorded_by == story.coordinator
    logged = AccessLogEntry.objects.get(event="consent.give", record_id=str(in_force.public_id))
    assert logged.details["kind"] == ConsentKind.SCHOOL
    assert logged.subjects.count() == story.case.family.members.count()


@pytest.mark.parametrize(
    ("age", "parent", "youth", "says"),
    [
        (13, False, True, "ouder én jongere samen"),
        (13, True, False, "ouder én jongere samen"),
        (16, True, False, "Vanaf 16 jaar geeft de jongere zelf toestemming"),
        (9, False, True, "jonger dan 12 geeft de ouder met gezag"),
    ],
)
def test_consent_by_the_wrong_people_is_refused_logged_and_changes_nothing(
    age: int, parent: bool, youth: bool, says: str
) -> None:
    story = new_case(ages=(age,))
    before = ConsentRecord.objects.count()
    with pytest.raises(ConsentRefused) as refused:
        _give(story, parent=parent, youth=youth)
    assert says in str(refused.value)
    assert refused.value.field == "who"
    assert ConsentRecord.objects.count() == before
    assert consent_in_force(case=story.case, kind=ConsentKind.SCHOOL) is None
    [row] = _refusals(story)
    assert row.details == {"case": str(story.case.public_id), "why": "age_rule", "kind": "school"}


def test_the_oldest_child_decides() -> None:
    story = new_case(ages=(8, 14))
    with pytest.raises(ConsentRefused):
        _give(story, parent=True, youth=False)
    _give(story, parent=True, youth=True)
    assert consent_in_force(case=story.case, kind=ConsentKind.SCHOOL) is not None


# -- withdrawing -------------------------------------------------------------------------


def test_a_withdrawal_by_the_giver_takes_effect_at_once() -> None:
    story = new_case(ages=(13,))
    _give(story, parent=True, youth=True)
    # Either of the two who gave it may withdraw it alone.
    _withdraw(story, parent=False, youth=True)
    assert consent_in_force(case=story.case, kind=ConsentKind.SCHOOL) is None
    history = list(ConsentRecord.objects.filter(case=story.case, kind=ConsentKind.SCHOOL))
    assert [r.action for r in history] == [ConsentAction.WITHDRAWN, ConsentAction.GIVEN]
    assert AccessLogEntry.objects.filter(event="consent.withdraw").count() == 1


def test_a_withdrawal_by_someone_who_never_gave_consent_is_refused() -> None:
    story = new_case(ages=(9,))
    _give(story, parent=True, youth=False)
    before = ConsentRecord.objects.count()
    with pytest.raises(ConsentRefused) as refused:
        _withdraw(story, parent=False, youth=True)
    assert "Alleen wie de toestemming gaf, kan die intrekken" in str(refused.value)
    assert ConsentRecord.objects.count() == before
    assert consent_in_force(case=story.case, kind=ConsentKind.SCHOOL) is not None
    [row] = _refusals(story)
    assert row.details["why"] == "not_the_giver"


def test_a_withdrawal_without_consent_in_force_is_refused() -> None:
    story = new_case(ages=(9,))
    with pytest.raises(ConsentRefused) as refused:
        _withdraw(story, kind=ConsentKind.ADULT_SERVICES, parent=True, youth=False)
    assert "er valt niets in te trekken" in str(refused.value)
    assert ConsentRecord.objects.filter(case=story.case).count() == 0
    [row] = _refusals(story)
    assert row.details["why"] == "nothing_in_force"
    # A consent that was withdrawn already cannot be withdrawn again.
    _give(story, kind=ConsentKind.ADULT_SERVICES, parent=True, youth=False)
    _withdraw(story, kind=ConsentKind.ADULT_SERVICES, parent=True, youth=False)
    with pytest.raises(ConsentRefused):
        _withdraw(story, kind=ConsentKind.ADULT_SERVICES, parent=True, youth=False)


# -- other refusals ----------------------------------------------------------------------


def test_plain_input_errors_name_their_field_and_store_nothing() -> None:
    story = new_case(ages=(9,))
    with pytest.raises(DomainError, match="Kies wie de toestemming geeft") as nobody:
        _give(story, parent=False, youth=False)
    assert nobody.value.field == "who"
    with pytest.raises(DomainError, match="Kies waarvoor") as unknown_kind:
        _give(story, kind="plan", parent=True, youth=False)
    assert unknown_kind.value.field == "kind"
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(DomainError, match="niet in de toekomst") as future:
        consent_give(
            actor=story.coordinator,
            case=story.case,
            kind=ConsentKind.SCHOOL,
            by_parent=True,
            by_youth=False,
            on=tomorrow,
        )
    assert future.value.field == "on"
    assert ConsentRecord.objects.filter(case=story.case).count() == 0
    # Not a security event: a form filled in incompletely.
    assert _refusals(story) == []


def test_only_the_case_team_records_and_not_on_a_closed_case() -> None:
    story = new_case(ages=(9,))
    outsider = care_user(story.team)
    with pytest.raises(NotAllowed):
        consent_give(
            actor=outsider,
            case=story.case,
            kind=ConsentKind.SCHOOL,
            by_parent=True,
            by_youth=False,
            on=timezone.localdate(),
        )
    case_close(actor=story.coordinator, case=story.case, reason="doelen_bereikt")
    with pytest.raises(CaseClosed):
        _give(story, parent=True, youth=False)
    assert ConsentRecord.objects.filter(case=story.case).count() == 0


def test_agreement_with_the_plan_is_a_consent_record_of_its_version() -> None:
    story = new_case(ages=(13,))
    version = plan_save(
        actor=story.coordinator,
        case=story.case,
        base_version=0,
        content=plan_body(),
        agreed_on=timezone.localdate(),
        agreed_by="moeder en Kind0",
        consent_parent=True,
        consent_youth=True,
    )
    record = ConsentRecord.objects.get(case=story.case, kind=ConsentKind.PLAN)
    assert record.plan_version == version
    assert (record.by_parent, record.by_youth, record.given_by_name) == (
        True,
        True,
        "moeder en Kind0",
    )
    states = {s.kind: s.record for s in consent_states(case=story.case)}
    assert states[ConsentKind.PLAN] == record
    assert states[ConsentKind.SCHOOL] is None


# -- the referrer's status view -------------------------------------------------------------


def test_a_withdrawn_consent_stops_the_referrers_status_at_once() -> None:
    gp: User = UserFactory(role="legal_referrer")
    request = submit(
        actor=gp,
        access_point=AccessPoint.LEGAL_GP,
        consent_parent=True,
        children=[child(given="Otto", family="Smit", born=born_years_ago(9))],
        parents=[parent(family="Smit")],
    )
    wot = team("wot-oost")
    coordinator = professional_in(wot)
    case = request_assign(actor=lead_of(wot), request=request, professional=coordinator)
    assert referrer_status_get(user=gp, reference=request.reference).status_label == "toegewezen"

    consent_withdraw(
        actor=coordinator,
        case=case,
        kind=ConsentKind.SHARE_STATUS,
        by_parent=True,
        by_youth=False,
        on=timezone.localdate(),
    )
    seen = referrer_status_get(user=gp, reference=request.reference)
    assert (seen.status_label, seen.shared) == ("ontvangen", False)

    # Given again on the case: the referrer follows the status again.
    consent_give(
        actor=coordinator,
        case=case,
        kind=ConsentKind.SHARE_STATUS,
        by_parent=True,
        by_youth=False,
        on=timezone.localdate(),
    )
    request.refresh_from_db()
    assert request_status_shared(request) is True
    assert referrer_status_get(user=gp, reference=request.reference).status_label == "toegewezen"


def test_the_referrer_list_reads_consent_for_all_rows_at_once(
    login: Callable[[User], Client], django_assert_max_num_queries: Callable[..., object]
) -> None:
    gp: User = UserFactory(role="legal_referrer")
    for given, consent in [("Aad", True), ("Bep", False), ("Cor", True)]:
        submit(
            actor=gp,
            access_point=AccessPoint.LEGAL_GP,
            consent_parent=consent,
            children=[child(given=given, family="Smit")],
        )
    client = login(gp)
    client.get("/aanmeldingen/mijn/")  # warm the session
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        body = client.get("/aanmeldingen/mijn/").content.decode()
    assert body.count("ontvangen") >= 3


# -- the page ------------------------------------------------------------------------------


def _post(client: Client, story: Story, **data: str) -> tuple[int, str]:
    form = {
        "consent-action": "give",
        "consent-kind": ConsentKind.SPECIALIST.value,
        "consent-who": "parent",
        "consent-on": timezone.localdate().isoformat(),
        "consent-name": "",
        "consent-note": "",
    }
    form.update({f"consent-{k}": v for k, v in data.items()})
    response = client.post(f"/casussen/{story.case.public_id}/toestemming/vastleggen/", form)
    return response.status_code, response.content.decode()


def test_the_page_records_shows_history_and_links_its_errors(
    login: Callable[[User], Client],
) -> None:
    story = new_case(ages=(13,))
    client = login(story.coordinator)
    url = f"/casussen/{story.case.public_id}/toestemming/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Nog geen toestemming vastgelegd." in page.content.decode()
    assert AccessLogEntry.objects.filter(
        event="case.view", record_id=str(story.case.public_id), reason="toestemming inzien"
    ).exists()

    # A 13-year-old alone: refused on the page, the summary links to the field.
    status, html = _post(client, story, who="youth")
    assert status == 400
    assert "ouder én jongere samen" in html
    summary = html[html.index('id="foutmeldingen"') :]
    anchor = re.search(r'<a class="utrecht-link" href="#([^"]+)">Door wie: ', summary)
    assert anchor is not None
    assert f'id="{anchor.group(1)}"' in html
    assert ConsentRecord.objects.filter(case=story.case).count() == 0
    assert len(_refusals(story)) == 1

    status, _html = _post(client, story, who="both", name="moeder en Kind0")
    assert status == 302
    html = client.get(url).content.decode()
    assert "moeder en Kind0" in html
    assert "een specialist jeugdhulp betrekken: <strong>toestemming</strong>" in html

    status, _html = _post(client, story, action="withdraw", who="parent")
    assert status == 302
    html = client.get(url).content.decode()
    assert "een specialist jeugdhulp betrekken: <strong>geen toestemming</strong>" in html
    assert html.count("ingetrokken") >= 1


def test_outside_the_case_team_the_page_and_the_form_are_closed(
    login: Callable[[User], Client],
) -> None:
    story = new_case(ages=(9,))
    outsider = care_user(story.team)
    client = login(outsider)
    assert client.get(f"/casussen/{story.case.public_id}/toestemming/").status_code == 404
    status, _html = _post(client, story)
    assert status == 404
    assert ConsentRecord.objects.filter(case=story.case).count() == 0
