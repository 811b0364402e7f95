"""`{% error_summary form [formset …] %}`: the linked error summary of core/error_summary.py.

Loaded as a template builtin, so every template can use it without `{% load %}`."""

from __future__ import annotations

from typing import Any

from django import template

from jeugdmodel.core.error_summary import error_summary_items

register = template.Library()


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_or_formsets: Any) -> dict[str, Any]:
    return {"items": error_summary_items(*forms_or_formsets)}
