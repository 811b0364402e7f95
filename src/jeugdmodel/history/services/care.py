"""Lines about care: a trajectory, a consultation of the flexible network, a closing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from jeugdmodel.care.models import (
    Consultation,
    ConsultationStatus,
    ConsultationUrgency,
    EndReason,
    Trajectory,
)
from jeugdmodel.cases.models import CaseClosing
from jeugdmodel.cases.plan_content import FAMILY
from jeugdmodel.cases.services import REOPEN_WINDOW
from jeugdmodel.region.models import CareLevel, TeamKind

from .checker import CHILD, REASON_CODES, LineChecker, raise_if


def _child_of_case(
    c: LineChecker, errors: list[str], case: int | None, child: int | None, label: str, value: str
) -> None:
    if case is None or child is None:
        return
    persons = c.persons
    if persons.relation[child] != CHILD or persons.family[child] != c.cases.family[case]:
        errors.append(
            _("%(field)s: %(id)s is geen kind in het gezin van deze casus")
            % {"field": label, "id": value}
        )


def trajectory_line(c: LineChecker, number: int, data: dict[str, Any]) -> None:
    assert c.index is not None
    errors: list[str] = []
    case = c.case_ref(errors, data)
    child = c.ref(errors, c.persons, data["child"], "child")
    _child_of_case(c, errors, case, child, "child", data["child"])
    start = c.day(errors, data, "start")
    end = c.day(errors, data, "end")
    if child is not None and start is not None and start.toordinal() < c.persons.born[child]:
        errors.append(_("start: het traject kan niet beginnen voor de geboortedatum"))
    if start is not None and end is not None and end < start:
        errors.append(_("end: de einddatum ligt voor de begindatum"))
    reason, subreason = data.get("end_reason", ""), data.get("end_subreason", "")
    if "end" in data and not reason:
        errors.append(_("end_reason: bij een einddatum hoort een reden van beëindigen"))
    if reason and "end" not in data:
        errors.append(_("end_reason: een reden van beëindigen hoort bij een einddatum (end)"))
    if reason == EndReason.PREMATURE and not subreason:
        errors.append(_("end_subreason: kies waarom het traject voortijdig stopte"))
    if subreason and reason != EndReason.PREMATURE:
        errors.append(_("end_subreason: past alleen bij end_reason voortijdig"))
    form = c.index.help_forms.get(data["help_form"])
    if form is None:
        errors.append(
            _("help_form: hulpvorm %(code)s bestaat niet (landelijk of in regio %(region)s)")
            % {"code": data["help_form"], "region": c.region_code}
        )
    elif data.get("crisis") and form.level != CareLevel.SPECIALIST:
        errors.append(_("crisis: een crisisstart hoort bij specialistische hulp"))
    organisation = None
    if "organisation" in data:
        organisation = c.index.organisations.get(data["organisation"])
        if organisation is None:
            errors.append(
                _("organisation: organisatie %(code)s bestaat niet in regio %(region)s")
                % {"code": data["organisation"], "region": c.region_code}
            )
    team = c.team(errors, data["team"], "team") if "team" in data else None
    raise_if(errors)
    assert case is not None
    assert child is not None
    assert form is not None
    assert start is not None
    specialist = form.level == CareLevel.SPECIALIST
    c.writer.add(
        Trajectory,
        {
            "case_id": c.cases.pk[case],
            "child_id": c.persons.pk[child],
            "help_form_id": form.pk,
            "level": form.level,
            "with_stay": bool(data.get("with_stay", form.with_stay)),
            "crisis_start": bool(data.get("crisis")),
            "organisation_id": organisation,
            "team_id": team,
            "start_date": start,
            "end_date": end,
            "intensity": data.get("intensity", ""),
            "end_reason": reason,
            "end_subreason": subreason,
            "specialist_reason": (
                data.get("specialist_reason") or c.texts["taken_over"] if specialist else ""
            ),
            "created_by_id": c.user.pk,
        },
    )


def consultation_line(c: LineChecker, number: int, data: dict[str, Any]) -> None:
    assert c.index is not None
    errors: list[str] = []
    case = c.case_ref(errors, data)
    asked = c.moment(errors, data, "asked")
    closed = c.moment(errors, data, "closed")
    if asked is not None and closed is not None and closed < asked:
        errors.append(_("closed: ligt voor het moment van de vraag (asked)"))
    if (
        case is not None
        and asked is not None
        and c.local_day(asked).toordinal() < c.cases.opened[case]
    ):
        errors.append(
            _("asked: ligt voor de opening van de casus (%(opened)s)")
            % {"opened": date.fromordinal(c.cases.opened[case]).isoformat()}
        )
    flex_team = c.index.flex_team_id
    if "flex_team" in data:
        flex_team = c.team(
            errors, data["flex_team"], "flex_team", frozenset({TeamKind.FLEX_NETWERK})
        )
    elif flex_team is None:
        errors.append(
            _("flex_team: regio %(region)s heeft geen team van het flexibel netwerk")
            % {"region": c.region_code}
        )
    raise_if(errors)
    assert case is not None
    assert asked is not None
    assert closed is not None
    c.writer.add(
        Consultation,
        {
            "case_id": c.cases.pk[case],
            "asked_by_id": c.user.pk,
            "question": data.get("question") or c.texts["taken_over"],
            "urgency": data.get("urgency", ConsultationUrgency.NORMAL),
            "flex_team_id": flex_team,
            "status": ConsultationStatus.CLOSED,
            "asked_at": asked,
            "accepted_by_id": c.user.pk,
            "accepted_at": asked,
            "advice": data.get("advice") or c.texts["advice"],
            "advised_at": closed,
            "outcome": data["outcome"],
            "closed_at": closed,
        },
    )


def closing_line(c: LineChecker, number: int, data: dict[str, Any]) -> None:
    errors: list[str] = []
    cases = c.cases
    case = c.case_ref(errors, data)
    closed = c.day(errors, data, "closed_on")
    reopened = c.day(errors, data, "reopened_on")
    if case is not None and closed is not None:
        day = closed.toordinal()
        if day < cases.opened[case]:
            errors.append(
                _("closed_on: de casus kan niet eerder sluiten dan hij begon (%(on)s)")
                % {"on": date.fromordinal(cases.opened[case]).isoformat()}
            )
        if cases.closed[case]:
            errors.append(
                _(
                    "de casus is al afgesloten op %(on)s en niet heropend; een eerdere "
                    "afsluiting heeft dan reopened_on nodig"
                )
                % {"on": date.fromordinal(cases.closed[case]).isoformat()}
            )
        elif day < cases.reopened[case]:
            errors.append(
                _("closed_on: ligt voor de heropening van de casus (%(on)s)")
                % {"on": date.fromordinal(cases.reopened[case]).isoformat()}
            )
    if closed is not None and reopened is not None:
        if reopened < closed:
            errors.append(_("reopened_on: ligt voor de datum van afsluiten"))
        elif reopened - closed > REOPEN_WINDOW:
            errors.append(
                _(
                    "reopened_on: heropenen kan binnen 12 maanden na afsluiten; daarna is "
                    "een nieuwe aanmelding (en casus) nodig"
                )
            )
    scores = []
    for i, goal in enumerate(data.get("goal_scores", [])):
        subject = goal["subject"]
        if subject != FAMILY:
            label = f"goal_scores[{i}].subject"
            child = c.ref(errors, c.persons, subject, label)
            _child_of_case(c, errors, case, child, label, subject)
            subject = c.persons.public_id(child) if child is not None else subject
        score = goal["score"]
        item: dict[str, Any] = {"subject": subject, "score": None if score is None else int(score)}
        if "scores" in goal:
            item["scores"] = _score_history(
                c, errors, goal["scores"], f"goal_scores[{i}]", score, closed
            )
        scores.append(item)
    raise_if(errors)
    assert case is not None
    assert closed is not None
    c.writer.add(
        CaseClosing,
        {
            "case_id": cases.pk[case],
            "closed_on": closed,
            "reason": data["reason"],
            "reopened_on": reopened,
            "goal_scores": scores,
        },
    )
    if reopened is None:
        cases.closed[case] = closed.toordinal()
        cases.reason[case] = REASON_CODES[data["reason"]]
    else:
        cases.reopened[case] = reopened.toordinal()
        cases.repeat[case] = 1
    c.case_changed(case)


def _score_history(
    c: LineChecker,
    errors: list[str],
    history: list[dict[str, Any]],
    label: str,
    last: int | None,
    closed: date | None,
) -> list[dict[str, Any]]:
    """A goal's scores over time, as a plan holds them (`date`, `score`, `kind`): oldest
    first, none after the closing, the last one equal to the goal's `score`."""
    out: list[dict[str, Any]] = []
    previous: date | None = None
    for j, entry in enumerate(history):
        here = f"{label}.scores[{j}]"
        on = c.day(errors, entry, "on", f"{here}.on")
        if on is None:
            continue
        if previous is not None and on < previous:
            errors.append(
                _("%(field)s.on: de scores staan op volgorde, oudste eerst") % {"field": here}
            )
        if closed is not None and on > closed:
            errors.append(
                _("%(field)s.on: ligt na de afsluiting (%(on)s)")
                % {"field": here, "on": closed.isoformat()}
            )
        previous = on
        kind = entry.get("kind") or ("start" if j == 0 else "evaluation")
        out.append({"date": on.isoformat(), "score": int(entry["score"]), "kind": kind})
    if out and out[-1]["score"] != last:
        errors.append(
            _("%(field)s.score: is %(score)s, maar de laatste van scores is %(last)s")
            % {"field": label, "score": last, "last": out[-1]["score"]}
        )
    return out
