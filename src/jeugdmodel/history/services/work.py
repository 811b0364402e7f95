"""Lines about the work with a family: the case, a request, a contact in the journal."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils.translation import gettext as _

from jeugdmodel.cases.models import Case, JournalEntry
from jeugdmodel.intake.models import PersonRole, Request, RequestPerson, RequestStatus, Urgency

from .checker import (
    CASE_TEAM_KINDS,
    CHILD,
    REQUEST_WITH_CASE,
    REQUEST_WITH_FIRST_CONTACT,
    REQUEST_WITHOUT_CASE,
    LineChecker,
    raise_if,
)
from .writer import Row


def case_line(c: LineChecker, number: int, data: dict[str, Any]) -> None:
    errors: list[str] = []
    c.new_id(errors, c.cases, data["id"])
    family = c.ref(errors, c.families, data["family"], "family")
    team = c.team(errors, data["team"], "team", CASE_TEAM_KINDS)
    opened = c.day(errors, data, "opened_on")
    raise_if(errors)
    assert family is not None
    assert opened is not None
    cases = c.cases
    row: Row = {
        "family_id": c.families.pk[family],
        "team_id": team,
        "coordinator_id": c.user.pk,
        "opened_on": opened,
    }
    index = cases.add(data["id"], number, c.writer.add(Case, row))
    cases.family.append(family)
    cases.opened.append(opened.toordinal())
    cases.closed.append(0)
    cases.reason.append(0)
    cases.reopened.append(0)
    cases.active.append(0)
    cases.repeat.append(1 if data.get("repeat") else 0)
    c.stage_case(index, row)


def request_line(c: LineChecker, number: int, data: dict[str, Any]) -> None:
    errors: list[str] = []
    source_id = data["id"]
    if source_id in c.request_ids:
        errors.append(
            _("id %(id)s staat al op regel %(line)d")
            % {"id": source_id, "line": c.request_ids[source_id]}
        )
    received = c.moment(errors, data, "received")
    persons = c.persons
    children = [
        c.ref(errors, persons, value, f"children[{i}]") for i, value in enumerate(data["children"])
    ]
    parents = [
        c.ref(errors, persons, value, f"parents[{i}]")
        for i, value in enumerate(data.get("parents", []))
    ]
    for i, child in enumerate(children):
        if child is not None and persons.relation[child] != CHILD:
            errors.append(
                _("children[%(i)d]: persoon %(id)s is in het gezin geen kind (relation)")
                % {"i": i, "id": data["children"][i]}
            )
    for i, parent in enumerate(parents):
        if parent is not None and persons.relation[parent] == CHILD:
            errors.append(
                _("parents[%(i)d]: persoon %(id)s is in het gezin een kind (relation)")
                % {"i": i, "id": data["parents"][i]}
            )
    families = {persons.family[c] for c in children if c is not None}
    if len(families) > 1:
        errors.append(_("children: de kinderen van een aanmelding horen bij één gezin"))
    status = data["status"]
    case = c.case_ref(errors, data) if "case" in data else None
    team = None
    if "team" in data:
        team = c.team(errors, data["team"], "team", CASE_TEAM_KINDS)
    elif status != RequestStatus.FORWARDED_OUTSIDE:
        errors.append(
            _("team: een aanmelding heeft een team, behalve met status forwarded_outside")
        )
    first_contact = c.day(errors, data, "first_contact_on")
    closed = c.day(errors, data, "closed_on")
    _request_status(c, errors, data, status, first_contact, closed)
    if received is not None:
        day = c.local_day(received)
        if first_contact is not None and first_contact < day:
            errors.append(
                _(
                    "first_contact_on: de datum van het eerste contact ligt tussen de "
                    "aanmelding en vandaag"
                )
            )
        if closed is not None and closed < day:
            errors.append(_("closed_on: ligt voor de datum van de aanmelding"))
        if case is not None:
            opened = date.fromordinal(c.cases.opened[case])
            if status == RequestStatus.ASSIGNED and opened < day:
                errors.append(
                    _("case: de casus is geopend (%(opened)s) voor de aanmelding binnenkwam")
                    % {"opened": opened.isoformat()}
                )
            if status == RequestStatus.JOINED_CASE and day < opened:
                errors.append(
                    _("case: de aanmelding kwam binnen voor de casus begon (%(opened)s)")
                    % {"opened": opened.isoformat()}
                )
    if case is not None and families and c.cases.family[case] not in families:
        errors.append(
            _("case: de kinderen van de aanmelding horen niet bij het gezin van de casus")
        )
    raise_if(errors)
    assert received is not None
    _request_write(c, data, received, children, parents, team, case, first_contact, closed)
    c.request_ids[source_id] = number
    c.note_unique_reference(f"H-{source_id}", number, source_id)


def _request_status(
    c: LineChecker,
    errors: list[str],
    data: dict[str, Any],
    status: str,
    first_contact: date | None,
    closed: date | None,
) -> None:
    values = {"status": status}
    if status in REQUEST_WITH_CASE and "case" not in data:
        errors.append(_("case: een aanmelding met status %(status)s hoort bij een casus") % values)
    if status in REQUEST_WITHOUT_CASE and "case" in data:
        errors.append(_("case: een aanmelding met status %(status)s heeft geen casus") % values)
    if status == RequestStatus.FIRST_CONTACT and "first_contact_on" not in data:
        errors.append(_("first_contact_on: hoort bij status first_contact"))
    if "first_contact_on" in data and status not in REQUEST_WITH_FIRST_CONTACT:
        errors.append(_("first_contact_on: past niet bij status %(status)s") % values)
    if status == RequestStatus.CLOSED and "closed_on" not in data:
        errors.append(_("closed_on: hoort bij status closed"))
    if "closed_on" in data and status != RequestStatus.CLOSED:
        errors.append(_("closed_on: past alleen bij status closed"))
    if "forwarded_to" in data and status != RequestStatus.FORWARDED_OUTSIDE:
        errors.append(_("forwarded_to: past alleen bij status forwarded_outside"))


def _request_write(
    c: LineChecker,
    data: dict[str, Any],
    received: datetime,
    children: list[int | None],
    parents: list[int | None],
    team: int | None,
    case: int | None,
    first_contact: date | None,
    closed: date | None,
) -> None:
    assert c.index is not None
    persons = c.persons
    day = c.local_day(received).toordinal()
    first_child = children[0]
    assert first_child is not None
    area = c.index.area_in(persons.pc4_on(first_child, day), day)
    closed_at = None
    if closed is not None:
        closed_at = max(received, datetime.combine(closed, time(12), tzinfo=c.tz))
    with_case = case is not None
    request = c.writer.add(
        Request,
        {
            "reference": f"H-{data['id']}",
            "idempotency_key": f"history:{data['id']}",
            "received_at": received,
            "access_point": data["access_point"],
            "referrer_name": data.get("referrer_name", ""),
            "question": data.get("question") or c.texts["taken_over"],
            "urgency": data.get("urgency", Urgency.NORMAL),
            "specialist_referral": bool(data.get("specialist_referral")),
            "safety_concern": bool(data.get("safety_concern")),
            "municipality_id": area.municipality_id if area else None,
            "team_id": team,
            "forwarded_to": data.get("forwarded_to", ""),
            "status": data["status"],
            "assigned_to_id": c.user.pk if with_case else None,
            "assigned_at": received if with_case else None,
            "first_contact_on": first_contact,
            "closed_at": closed_at,
            "case_id": c.cases.pk[case] if case is not None else None,
            "is_repeat": bool(data.get("repeat")),
        },
    )
    for role, people in ((PersonRole.CHILD, children), (PersonRole.PARENT, parents)):
        for person in people:
            assert person is not None
            c.writer.add(
                RequestPerson,
                {
                    "request_id": request,
                    "role": role,
                    "given_name": "",
                    "family_name": "",
                    "date_of_birth": date.fromordinal(persons.born[person]),
                    "postcode": persons.pc4_on(person, day),
                    "person_id": persons.pk[person],
                },
            )
    if case is not None and first_contact is not None and not c.cases.active[case]:
        c.cases.active[case] = 1
        c.case_changed(case)


def contact_line(c: LineChecker, number: int, data: dict[str, Any]) -> None:
    errors: list[str] = []
    case = c.case_ref(errors, data)
    on = c.day(errors, data, "on")
    if case is not None and on is not None and on.toordinal() < c.cases.opened[case]:
        errors.append(
            _("on: het contact ligt voor de opening van de casus (%(opened)s)")
            % {"opened": date.fromordinal(c.cases.opened[case]).isoformat()}
        )
    raise_if(errors)
    assert case is not None
    assert on is not None
    c.writer.add(
        JournalEntry,
        {
            "case_id": c.cases.pk[case],
            "on": on,
            "kind": data["kind"],
            "duration_minutes": int(data["minutes"]),
            "with_whom": data.get("with_whom") or c.texts["with_whom"],
            "note": data.get("note") or c.texts["taken_over"],
            "author_id": c.user.pk,
        },
    )
    if not c.cases.active[case]:
        c.cases.active[case] = 1
        c.case_changed(case)
