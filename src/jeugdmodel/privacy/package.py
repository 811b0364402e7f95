"""The inzage package in its two forms: JSON (the data as it is, for reuse) and a tagged,
readable PDF (reportlab + pypdf, decision 0074). Both are made from the same dict, so
they say the same."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jeugdmodel.transition.letters import Block
from jeugdmodel.transition.letters_pdf import letter_pdf


def package_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def day_text(value: str | None) -> str:
    """An ISO date as the PDF writes it: 7 december 2026."""
    return date_format(date.fromisoformat(value), "j F Y") if value else ""


def moment_text(value: str | None) -> str:
    """An ISO time as the PDF writes it: 7 december 2026 14:03."""
    return date_format(datetime.fromisoformat(value), "j F Y H:i") if value else ""


def access_line(row: dict[str, Any]) -> str:
    """One access as a line of the PDF; an emergency access says so first."""
    line = _("%(at)s – %(organisation)s, %(role)s: %(kind)s") % {
        "at": moment_text(row["at"]),
        "organisation": row["organisation"] or _("(geen organisatie)"),
        "role": row["role"] or _("(geen rol)"),
        "kind": row["kind"],
    }
    if row["emergency"]:
        line = _("NOODTOEGANG: %(line)s (reden: %(reason)s)") % {
            "line": line,
            "reason": row["reason"],
        }
    return line


def journal_line(entry: dict[str, Any]) -> str:
    return _("%(date)s, %(kind)s, %(minutes)s minuten, met %(with)s (%(author)s): %(note)s") % {
        "date": day_text(entry["date"]),
        "kind": entry["kind"],
        "minutes": entry["minutes"],
        "with": entry["with_whom"],
        "author": entry["author"],
        "note": entry["note"],
    }


def _blocks(data: dict[str, Any]) -> list[Block]:
    person = data["person"]
    name = f"{person['given_name']} {person['family_name']}"
    request = data["request"]
    out = [
        Block("H1", _("Inzage in het dossier van %(name)s") % {"name": name}),
        Block(
            "P",
            _(
                "Op verzoek van %(who)s (%(requester)s), ontvangen op %(received)s. "
                "Gemaakt op %(produced)s."
            )
            % {
                "who": request["requester_name"],
                "requester": request["requester"],
                "received": day_text(request["received_on"]),
                "produced": moment_text(data["produced_at"]),
            },
        ),
        Block("H2", _("Persoonsgegevens")),
        Block(
            "P",
            _("%(name)s, geboren op %(born)s, BSN %(bsn)s, postcode %(postcode)s %(number)s.")
            % {
                "name": name,
                "born": day_text(person["date_of_birth"]),
                "bsn": person["bsn"] or "-",
                "postcode": person["postcode"] or "-",
                "number": person["house_number"],
            },
        ),
    ]
    for family in data["families"]:
        out.append(
            Block(
                "P",
                _("Gezin %(name)s, als %(relation)s, vanaf %(from)s.")
                % {
                    "name": family["name"],
                    "relation": family["relation"],
                    "from": day_text(family["from"]),
                },
            )
        )
    for case in data["cases"]:
        out.append(
            Block(
                "H2",
                _("Casus van gezin %(family)s (%(status)s)")
                % {"family": case["family"], "status": case["status"]},
            )
        )
        out.append(
            Block(
                "P",
                _("Team %(team)s, regiehouder %(coordinator)s, geopend op %(opened)s.")
                % {
                    "team": case["team"],
                    "coordinator": case["coordinator"],
                    "opened": day_text(case["opened_on"]),
                },
            )
        )
        out.append(Block("H2", _("Versies van het plan")))
        if not case["plan_versions"]:
            out.append(Block("P", _("Geen plan vastgelegd.")))
        for version in case["plan_versions"]:
            out.append(
                Block(
                    "P",
                    _("Versie %(number)s, opgeslagen op %(saved)s.")
                    % {"number": version["version"], "saved": moment_text(version["saved_at"])},
                )
            )
            for goal in version["goals"]:
                out.append(Block("P", _("Doel: %(text)s") % {"text": goal["text"]}))
            for agreement in version["agreements"]:
                out.append(
                    Block(
                        "P",
                        _("Afspraak: %(who)s – %(what)s")
                        % {"who": agreement["who"], "what": agreement["what"]},
                    )
                )
        out.append(Block("H2", _("Journaal")))
        if not case["journal"]:
            out.append(Block("P", _("Geen journaalregels.")))
        out.extend(Block("P", journal_line(e)) for e in case["journal"])
        out.append(Block("H2", _("Documenten")))
        if not case["documents"]:
            out.append(Block("P", _("Geen documenten.")))
        for document in case["documents"]:
            out.append(
                Block(
                    "P",
                    _("%(name)s (%(type)s, %(size)s bytes), toegevoegd op %(at)s.")
                    % {
                        "name": document["name"],
                        "type": document["content_type"],
                        "size": document["size"],
                        "at": moment_text(document["added_at"]),
                    },
                )
            )
    out.append(Block("H2", _("Trajecten")))
    if not data["trajectories"]:
        out.append(Block("P", _("Geen trajecten.")))
    for trajectory in data["trajectories"]:
        out.append(
            Block(
                "P",
                _("%(form)s (%(level)s) bij %(organisation)s, van %(start)s tot %(end)s.")
                % {
                    "form": trajectory["help_form"],
                    "level": trajectory["level"],
                    "organisation": trajectory["organisation"] or "-",
                    "start": day_text(trajectory["start"]),
                    "end": day_text(trajectory["end"]) or _("nu"),
                },
            )
        )
    out.append(Block("H2", _("Wie heeft het dossier ingezien")))
    if not data["accesses"]:
        out.append(Block("P", _("Niemand.")))
    out.extend(Block("P", access_line(row)) for row in data["accesses"])
    return out


def package_pdf(data: dict[str, Any]) -> bytes:
    person = data["person"]
    title = _("Inzage in het dossier van %(name)s") % {
        "name": f"{person['given_name']} {person['family_name']}"
    }
    return letter_pdf(_blocks(data), title=title)
