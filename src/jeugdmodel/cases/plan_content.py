"""The content of a plan version as typed values, and the one parser that checks it.

A plan is stored as JSON (`PlanVersion.content`); everything that writes it goes through
`plan_content_parse`, everything that reads it through `plan_content_load`. The JSON
shape is documented on `PlanVersion`."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jeugdmodel.core.errors import DomainError

#: The subject of a goal for the whole family (otherwise a child's person public id).
FAMILY = "family"

MAX_GOALS = 30
MAX_AGREEMENTS = 60
MAX_NETWORK = 60
MAX_SCORES = 40
MAX_TEXT = 2000
MAX_SHORT = 200
SCORE_MIN = 1
SCORE_MAX = 10


class ScoreKind(models.TextChoices):
    START = "start", gettext_lazy("startmeting")
    EVALUATION = "evaluation", gettext_lazy("evaluatie")


class NetworkRelation(models.TextChoices):
    FAMILY = "family", gettext_lazy("familie")
    NEIGHBOUR = "neighbour", gettext_lazy("buren")
    CLUB = "club", gettext_lazy("sportclub of vereniging")
    SCHOOL = "school", gettext_lazy("school")
    OTHER = "other", gettext_lazy("anders")


def score_message() -> str:
    return _("Een score is een getal van 1 tot en met 10.")


@dataclass(frozen=True)
class Score:
    on: date
    score: int
    kind: str

    @property
    def kind_label(self) -> str:
        return str(dict(ScoreKind.choices).get(self.kind, self.kind))


@dataclass(frozen=True)
class Goal:
    id: str
    subject: str
    text: str
    scores: tuple[Score, ...] = ()

    @property
    def first_score(self) -> Score | None:
        return self.scores[0] if self.scores else None

    @property
    def last_score(self) -> Score | None:
        return self.scores[-1] if self.scores else None


@dataclass(frozen=True)
class Agreement:
    id: str
    who: str
    what: str
    due: date | None = None
    done: bool = False

    def is_overdue(self, today: date) -> bool:
        return not self.done and self.due is not None and self.due < today


@dataclass(frozen=True)
class NetworkContact:
    name: str
    relation: str
    contact: str = ""

    @property
    def relation_label(self) -> str:
        return str(dict(NetworkRelation.choices).get(self.relation, self.relation))


@dataclass(frozen=True)
class PlanContent:
    goals: tuple[Goal, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    network: tuple[NetworkContact, ...] = ()
    next_evaluation: date | None = None

    def overdue_agreements(self, today: date) -> list[Agreement]:
        return [a for a in self.agreements if a.is_overdue(today)]

    def to_json(self) -> dict[str, Any]:
        return {
            "goals": [
                {
                    "id": g.id,
                    "subject": g.subject,
                    "text": g.text,
                    "scores": [
                        {"date": s.on.isoformat(), "score": s.score, "kind": s.kind}
                        for s in g.scores
                    ],
                }
                for g in self.goals
            ],
            "agreements": [
                {
                    "id": a.id,
                    "who": a.who,
                    "what": a.what,
                    "due": a.due.isoformat() if a.due else None,
                    "done": a.done,
                }
                for a in self.agreements
            ],
            "network": [
                {"name": n.name, "relation": n.relation, "contact": n.contact} for n in self.network
            ],
            "next_evaluation": self.next_evaluation.isoformat() if self.next_evaluation else None,
        }


class PlanContentInvalid(DomainError):
    """One or more problems in a plan, each with its path (`goals[0].scores[1].score`)."""


@dataclass
class _Problems:
    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.items.append((path, message))


def _list(raw: Mapping[str, Any], key: str, limit: int, problems: _Problems) -> list[Any]:
    value = raw.get(key) or []
    if not isinstance(value, list | tuple):
        problems.add(key, _("Dit moet een lijst zijn."))
        return []
    if len(value) > limit:
        problems.add(key, _("Hoogstens %(n)d regels.") % {"n": limit})
        return list(value[:limit])
    return list(value)


def _dict(value: Any, path: str, problems: _Problems) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        problems.add(path, _("Dit moet een object zijn."))
        return {}
    return value


def _text(
    value: Any, path: str, problems: _Problems, *, limit: int, required: str | None = None
) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        problems.add(path, _("Dit moet tekst zijn."))
    elif required and not text:
        problems.add(path, required)
    elif len(text) > limit:
        problems.add(path, _("Dit is te lang (meer dan %(n)d tekens).") % {"n": limit})
    return text[:limit]


def _date(value: Any, path: str, problems: _Problems) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.add(path, _("Vul een geldige datum in, bijvoorbeeld 2025-03-14."))
        return None


def _id(value: Any, path: str, problems: _Problems, seen: set[str]) -> str:
    if value in (None, ""):
        new = str(uuid.uuid4())
        seen.add(new)
        return new
    try:
        normal = str(uuid.UUID(str(value)))
    except ValueError:
        problems.add(path, _("Dit is geen geldig kenmerk."))
        return str(uuid.uuid4())
    if normal in seen:
        problems.add(path, _("Dit kenmerk komt twee keer voor."))
    seen.add(normal)
    return normal


def _score(value: Any, path: str, problems: _Problems) -> int:
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not SCORE_MIN <= number <= SCORE_MAX:
        problems.add(path, score_message())
        return SCORE_MIN
    return number


def _scores(raw: Any, path: str, problems: _Problems, today: date | None) -> tuple[Score, ...]:
    if raw in (None, ""):
        return ()
    if not isinstance(raw, list | tuple):
        problems.add(path, _("Dit moet een lijst zijn."))
        return ()
    if len(raw) > MAX_SCORES:
        problems.add(path, _("Hoogstens %(n)d scores per doel.") % {"n": MAX_SCORES})
    scores = []
    for j, item in enumerate(raw[:MAX_SCORES]):
        here = f"{path}[{j}]"
        data = _dict(item, here, problems)
        number = _score(data.get("score"), f"{here}.score", problems)
        raw_date = data.get("date")
        on = _date(raw_date, f"{here}.date", problems)
        if raw_date in (None, ""):
            problems.add(f"{here}.date", _("Vul de datum van de score in."))
        elif on is not None and today is not None and on > today:
            problems.add(f"{here}.date", _("Een score kan niet in de toekomst liggen."))
        kind = data.get("kind") or ScoreKind.EVALUATION
        if kind not in ScoreKind.values:
            problems.add(f"{here}.kind", _("Een score is een startmeting of een evaluatie."))
        scores.append(Score(on=on or date.min, score=number, kind=str(kind)))
    return tuple(scores)


def plan_content_parse(
    raw: Mapping[str, Any] | None,
    *,
    subjects: Collection[str] | None,
    today: date | None,
) -> PlanContent:
    """Check and normalise a plan. `subjects` are the children's person public ids a goal
    may be about (besides "family"); `today` refuses scores in the future. Pass None for
    either to skip that check (reading a stored plan whose family has since changed).
    Raises PlanContentInvalid listing every problem."""
    problems = _Problems()
    raw = _dict(raw or {}, "", problems)
    goals = []
    seen: set[str] = set()
    allowed = {FAMILY, *(str(s) for s in subjects)} if subjects is not None else None
    for i, item in enumerate(_list(raw, "goals", MAX_GOALS, problems)):
        path = f"goals[{i}]"
        data = _dict(item, path, problems)
        subject = str(data.get("subject") or FAMILY)
        if allowed is not None and subject not in allowed:
            problems.add(f"{path}.subject", _("Kies een kind uit het gezin, of het hele gezin."))
        goals.append(
            Goal(
                id=_id(data.get("id"), f"{path}.id", problems, seen),
                subject=subject,
                text=_text(
                    data.get("text"),
                    f"{path}.text",
                    problems,
                    limit=MAX_TEXT,
                    required=_("Beschrijf het doel in een zin."),
                ),
                scores=_scores(data.get("scores"), f"{path}.scores", problems, today),
            )
        )
    agreements = []
    for i, item in enumerate(_list(raw, "agreements", MAX_AGREEMENTS, problems)):
        path = f"agreements[{i}]"
        data = _dict(item, path, problems)
        done = data.get("done", False)
        if not isinstance(done, bool):
            problems.add(f"{path}.done", _("Gedaan is ja of nee."))
        agreements.append(
            Agreement(
                id=_id(data.get("id"), f"{path}.id", problems, seen),
                who=_text(
                    data.get("who"),
                    f"{path}.who",
                    problems,
                    limit=MAX_SHORT,
                    required=_("Vul in wie dit doet."),
                ),
                what=_text(
                    data.get("what"),
                    f"{path}.what",
                    problems,
                    limit=MAX_TEXT,
                    required=_("Vul in wat er is afgesproken."),
                ),
                due=_date(data.get("due"), f"{path}.due", problems),
                done=bool(done),
            )
        )
    network = []
    for i, item in enumerate(_list(raw, "network", MAX_NETWORK, problems)):
        path = f"network[{i}]"
        data = _dict(item, path, problems)
        relation = data.get("relation") or NetworkRelation.OTHER
        if relation not in NetworkRelation.values:
            problems.add(
                f"{path}.relation",
                _("Kies familie, buren, sportclub of vereniging, school of anders."),
            )
        network.append(
            NetworkContact(
                name=_text(
                    data.get("name"),
                    f"{path}.name",
                    problems,
                    limit=MAX_SHORT,
                    required=_("Vul de naam in."),
                ),
                relation=str(relation),
                contact=_text(data.get("contact"), f"{path}.contact", problems, limit=MAX_SHORT),
            )
        )
    next_evaluation = _date(raw.get("next_evaluation"), "next_evaluation", problems)
    if problems.items:
        path, message = problems.items[0]
        raise PlanContentInvalid(message, field=path, errors=problems.items)
    return PlanContent(
        goals=tuple(goals),
        agreements=tuple(agreements),
        network=tuple(network),
        next_evaluation=next_evaluation,
    )


def plan_content_load(stored: Mapping[str, Any] | None) -> PlanContent:
    """A stored plan as typed values (it was checked when it was saved)."""
    return plan_content_parse(stored or {}, subjects=None, today=None)
