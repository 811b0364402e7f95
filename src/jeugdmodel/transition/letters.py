"""The letter to families about the switch: placeholders, their check, and the text.

A template is plain text the functional admin edits in the app. Placeholders are written
``{naam}``; a paragraph is separated by an empty line; a line that starts with ``## ``
is a heading (tagged as a heading in the PDF). Only the placeholders in ``PLACEHOLDERS``
exist: anything else is refused with a message that names it, before it is saved.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Every placeholder a template may use, with what it is filled with (shown on the page).
PLACEHOLDERS: Mapping[str, object] = {
    "gezin": gettext_lazy("de naam van het gezin, bijvoorbeeld ‘gezin Jansen’"),
    "kinderen": gettext_lazy("de voornamen van de kinderen, bijvoorbeeld ‘Sam en Noor’"),
    "oude_aanbieder": gettext_lazy("de naam van de aanbieder die de hulp nu geeft"),
    "nieuwe_organisatie": gettext_lazy("de organisatie die de hulp overneemt"),
    "contactpersoon": gettext_lazy("de nieuwe regiehouder, of het team als die er nog niet is"),
    "team": gettext_lazy("het team dat het gezin helpt"),
    "overstapdatum": gettext_lazy("de datum van de overstap"),
    "overgangsrecht_tot": gettext_lazy("de laatste dag dat de oude hulp mag doorgaan"),
    "wat_verandert": gettext_lazy("per kind een zin over wat er verandert (eigen alinea's)"),
    "datum": gettext_lazy("de datum van de brief"),
}

DEFAULT_SUBJECT = "Uw jeugdhulp gaat over naar {nieuwe_organisatie}"

DEFAULT_BODY = """Beste ouder of verzorger van {kinderen},

Vanaf {overstapdatum} werkt de regio met een nieuwe organisatie voor jeugdhulp:
{nieuwe_organisatie}. In deze brief leest u wat dat voor u betekent.

## Wat verandert er?

{wat_verandert}

## Wie is uw contactpersoon?

Uw contactpersoon is {contactpersoon}. U kunt bij deze persoon terecht met al uw
vragen over de hulp.

## Wat moet u doen?

U hoeft niets te doen. De hulp stopt niet. Wij nemen contact met u op voor een kennismaking.

Heeft u vragen? Neem dan contact op met {team}.

Met vriendelijke groet,

{team}"""


class TemplateError(ValueError):
    """A template that cannot be used; the message is Dutch and names the problem."""


def template_check(text: str) -> list[str]:
    """The placeholders used in ``text``, in order. Raises TemplateError for an unknown
    placeholder, a loose ``{`` or ``}``, or a placeholder with a format (``{a:>3}``,
    ``{a.b}``, ``{a[0]}``, ``{a!r}``): only plain names are allowed."""
    used: list[str] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise TemplateError(
            _(
                "Een accolade { of } staat los. Schrijf een invulveld als {gezin}; "
                "een losse accolade mag niet."
            )
        ) from exc
    unknown: list[str] = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise TemplateError(
                _(
                    "Het invulveld {%(name)s} is niet goed geschreven. Schrijf alleen de naam, "
                    "zoals {gezin}."
                )
                % {
                    "name": name
                    + (f"!{conversion}" if conversion else "")
                    + (f":{spec}" if spec else "")
                }
            )
        if name not in PLACEHOLDERS:
            unknown.append(name)
        used.append(name)
    if unknown:
        raise TemplateError(
            _("Onbekend invulveld: %(unknown)s. Gebruik alleen: %(known)s.")
            % {
                "unknown": ", ".join("{" + u + "}" for u in dict.fromkeys(unknown)),
                "known": ", ".join("{" + k + "}" for k in PLACEHOLDERS),
            }
        )
    return used


@dataclass(frozen=True)
class ChildCare:
    """What the letter says about one child."""

    given_name: str
    old_provider: str
    new_organisation: str
    transitional_until: date | None
    warm_handover: bool


@dataclass(frozen=True)
class LetterFacts:
    """Everything a letter for one family is made of (no database objects)."""

    family_name: str
    children: tuple[ChildCare, ...]
    contact: str
    team: str
    switch_date: date
    letter_date: date
    address_lines: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """One block of the letter: a heading or a paragraph (PDF structure tags H1/H2/P)."""

    tag: str
    text: str


def _join(items: Iterable[str]) -> str:
    unique = list(dict.fromkeys(i for i in items if i))
    if len(unique) <= 1:
        return "".join(unique)
    return _("%(first)s en %(last)s") % {"first": ", ".join(unique[:-1]), "last": unique[-1]}


def _day(on: date | None) -> str:
    return date_format(on, "j F Y") if on else ""


def _child_sentence(child: ChildCare, switch_date: date) -> str:
    if child.transitional_until is not None and not child.warm_handover:
        return _(
            "%(child)s krijgt nu hulp van %(old)s. Die hulp mag doorgaan tot en met "
            "%(until)s. Daarna krijgt %(child)s hulp van %(new)s."
        ) % {
            "child": child.given_name,
            "old": child.old_provider,
            "until": _day(child.transitional_until),
            "new": child.new_organisation,
        }
    return _(
        "%(child)s krijgt nu hulp van %(old)s. Vanaf %(on)s krijgt %(child)s deze hulp van %(new)s."
    ) % {
        "child": child.given_name,
        "old": child.old_provider,
        "on": _day(switch_date),
        "new": child.new_organisation,
    }


def letter_values(facts: LetterFacts) -> dict[str, str]:
    """The value of every placeholder for one family."""
    until = [c.transitional_until for c in facts.children if c.transitional_until]
    return {
        "gezin": facts.family_name,
        "kinderen": _join(c.given_name for c in facts.children),
        "oude_aanbieder": _join(c.old_provider for c in facts.children),
        "nieuwe_organisatie": _join(c.new_organisation for c in facts.children),
        "contactpersoon": facts.contact,
        "team": facts.team,
        "overstapdatum": _day(facts.switch_date),
        "overgangsrecht_tot": _day(max(until)) if until else "",
        "wat_verandert": "\n\n".join(_child_sentence(c, facts.switch_date) for c in facts.children),
        "datum": _day(facts.letter_date),
    }


def letter_blocks(*, subject: str, body: str, facts: LetterFacts) -> list[Block]:
    """The letter as headings and paragraphs, placeholders filled in."""
    template_check(subject)
    template_check(body)
    values = letter_values(facts)
    blocks = [Block("P", line) for line in facts.address_lines]
    blocks.append(Block("P", values["datum"]))
    blocks.append(Block("H1", subject.format_map(values).strip()))
    filled = body.replace("\r\n", "\n").format_map(values)
    for chunk in filled.split("\n\n"):
        text = " ".join(line.strip() for line in chunk.strip().splitlines())
        if not text:
            continue
        if text.startswith("## "):
            blocks.append(Block("H2", text[3:].strip()))
        else:
            blocks.append(Block("P", text))
    return blocks
