"""The error summary every form page shows at its top: each problem as a link to its field.

`error_summary_items(form, formset, …)` lists the errors of one or more forms and formsets
in the order of their fields; `{% error_summary form … %}` (a template builtin) renders them
with includes/error_summary.html, which takes the focus when the page loads.

A form may name its fields more shortly with `summary_label(name)`, and a formset its rows
with `summary_row_label(index, form)`; otherwise the field's label is used, and a row is
called "Regel n". Errors that belong to no field, and errors of hidden fields, are listed
without a link."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class SummaryItem:
    anchor: str  # the id to link to; empty when the error belongs to no visible field
    label: str
    message: str


_MULTIPLE = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def field_anchor(bound: forms.BoundField) -> str:
    """The id of the element to focus for a field: the first option of a radio or checkbox
    list (its fieldset has no id of its own), else the widget itself."""
    if bound.is_hidden or not bound.auto_id:
        return ""
    if isinstance(bound.field.widget, _MULTIPLE):
        return f"{bound.auto_id}_0"
    return str(bound.auto_id)


def _form_items(form: forms.BaseForm, row: str = "") -> list[SummaryItem]:
    items: list[SummaryItem] = []
    if not form.is_bound:
        return items
    errors = form.errors
    prefix = f"{row} – " if row else ""
    for message in form.non_field_errors():
        items.append(SummaryItem(anchor="", label=row, message=str(message)))
    labeller = getattr(form, "summary_label", None)
    for name in form.fields:
        if name not in errors:
            continue
        bound = form[name]
        label = str(labeller(name) if labeller else (bound.label or name))
        anchor = field_anchor(bound)
        for message in errors[name]:
            items.append(
                SummaryItem(
                    anchor=anchor, label=f"{prefix}{label}" if anchor else row, message=str(message)
                )
            )
    return items


def _formset_items(formset: forms.BaseFormSet[Any]) -> list[SummaryItem]:
    if not formset.is_bound:
        return []
    items = [SummaryItem(anchor="", label="", message=str(m)) for m in formset.non_form_errors()]
    labeller = getattr(formset, "summary_row_label", None)
    for index, form in enumerate(formset.forms):
        if not form.errors:
            continue
        row = str(labeller(index, form)) if labeller else _("Regel %(n)d") % {"n": index + 1}
        items.extend(_form_items(form, row))
    return items


def error_summary_items(*forms_or_formsets: Any) -> list[SummaryItem]:
    """The errors of the given forms and formsets, in order. Anything else (an empty
    context variable, None) is passed over, so a page can name a form it may not have."""
    items: list[SummaryItem] = []
    for thing in _flatten(forms_or_formsets):
        if isinstance(thing, forms.BaseFormSet):
            items.extend(_formset_items(thing))
        elif isinstance(thing, forms.BaseForm):
            items.extend(_form_items(thing))
    return items


def _flatten(things: Iterable[Any]) -> Iterable[Any]:
    for thing in things:
        if isinstance(thing, list | tuple):
            yield from _flatten(thing)
        else:
            yield thing
