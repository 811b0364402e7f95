"""Template filters for the Dutch names of access log codes (see audit/labels.py)."""

from __future__ import annotations

from django import template

from jeugdmodel.audit import labels

register = template.Library()

register.filter("role_label", labels.role_label)
register.filter("record_type_label", labels.record_type_label)
register.filter("event_label", labels.event_label)
