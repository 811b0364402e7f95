"""One path for every incoming message: read safely, XSD, business rules.

Used by ``manage.py ijw_validate`` and by the inbox. Never raises for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .codec import Read, read
from .rules import Finding, RuleContext, check, line_of
from .schema import MessageType

#: Codes for problems below the business rules, shown like a rule code.
XML_CODE = "XML"  # not XML, unsafe, too large, not an iJw 3.2 message
XSD_CODE = "XSD"  # not valid against the message's schema
#: The retour code for a message that is rejected before its content can be judged.
TECHNICAL_RETOUR = "0001"


@dataclass(frozen=True)
class Problem:
    line: int | None
    code: str  # rule code, or XML / XSD
    retour: str
    message: str  # Dutch


@dataclass(frozen=True)
class Outcome:
    message_type: MessageType | None
    message: Any | None  # the object, when the XSD accepted it
    problems: tuple[Problem, ...]
    findings: tuple[Finding, ...]  # the business-rule part of problems, with their targets
    header: Any | None = None  # the readable header of a message that failed its XSD

    @property
    def ok(self) -> bool:
        return self.message is not None and not self.problems


def check_bytes(data: bytes, context: RuleContext) -> Outcome:
    """Everything wrong with ``data`` as an iJw 3.2 message (in ``context``)."""
    return judge(read(data), context)


def judge(result: Read, context: RuleContext) -> Outcome:
    """The outcome of a message already read (safe parse, XSD, binding): its rules in
    ``context``. The inbox reads a whole batch first, to load what the rules ask of the
    database for the batch at once."""
    if result.message is None:
        code = XSD_CODE if result.message_type is not None else XML_CODE
        problems = tuple(Problem(e.line, code, TECHNICAL_RETOUR, e.message) for e in result.errors)
        return Outcome(result.message_type, None, problems, (), result.header)
    assert result.message_type is not None
    findings = tuple(check(result.message, result.message_type, context))
    problems = tuple(
        Problem(line_of(result.tree, f.locator), f.rule.code, f.retour, f.message) for f in findings
    )
    return Outcome(result.message_type, result.message, problems, findings)
