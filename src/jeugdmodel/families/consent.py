"""Who consents for a child (domain.md): under 12 the parent, 12 to 15 both the parent and
the youth, from 16 the youth alone. Used for sharing status with a referrer and for the
family's agreement with the plan."""

from __future__ import annotations

from datetime import date


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def consent_rule_satisfied(*, oldest_age: int, parent: bool, youth: bool) -> bool:
    if oldest_age >= 16:
        return youth
    if oldest_age >= 12:
        return parent and youth
    return parent


def consent_rule_message(oldest_age: int) -> str:
    """What the rule asks for a child of `oldest_age`, as a Dutch sentence."""
    from django.utils.translation import gettext as _

    if oldest_age >= 16:
        return _("Vanaf 16 jaar geeft de jongere zelf toestemming; de ouder alleen is niet genoeg.")
    if oldest_age >= 12:
        return _(
            "Voor een kind van 12 tot en met 15 jaar geven ouder én jongere samen toestemming; "
            "de jongere alleen of de ouder alleen is niet genoeg."
        )
    return _("Voor een kind jonger dan 12 geeft de ouder met gezag toestemming.")
