from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def dictitem(mapping: Mapping[str, Any], key: str) -> Any:
    """`{{ row.values|dictitem:figure.key }}`: a value by a key held in a variable."""
    return mapping.get(key)
