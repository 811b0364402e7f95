"""The letters about the switch on a family's case page:
``{% load transition_letters %}{% family_letters case %}``. The case page's read is
already in the access log; opening a letter is logged again (transition.selectors)."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors import family_letters as family_letters_of

register = template.Library()


@register.inclusion_tag("transition/includes/case_letters.html")
def family_letters(case: Any) -> dict[str, Any]:
    return {"case": case, "letters": list(family_letters_of(family_id=case.family_id))}
