"""Form fields shared by the apps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


class BoundedDateField(forms.DateField):
    """A date between 1900 and 2999. Years such as 0001 or 9999 are valid Python dates
    but cannot be turned into a moment in time in every time zone (a server error in the
    query); nobody means them."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not (EARLIEST <= value <= LATEST):
            raise forms.ValidationError(
                _("Vul een datum in tussen %(earliest)s en %(latest)s.")
                % {"earliest": EARLIEST.year, "latest": LATEST.year},
                code="out_of_range",
            )


@dataclass(frozen=True)
class SummaryItem:
    anchor: str
    label: str
    message: str


class SummaryForm(forms.Form):
    """A form whose field errors are listed at the top, each linked to its field
    (includes/error_summary.html), and that shows a service's DomainError at the field it
    names. No `required` attribute in the HTML: the server checks."""

    use_required_attribute = False

    @property
    def error_summary(self) -> list[SummaryItem]:
        items = []
        for name in self.fields:
            if name not in self.errors:
                continue
            bound = self[name]
            multiple = isinstance(bound.field.widget, forms.RadioSelect)
            anchor = f"{bound.auto_id}_0" if multiple else bound.auto_id
            for message in self.errors[name]:
                items.append(
                    SummaryItem(
                        anchor=anchor or name,
                        label=str(self.fields[name].label or name),
                        message=str(message),
                    )
                )
        return items

    def add_domain_error(self, error: Any) -> None:
        for field, message in error.field_errors:
            self.add_error(field if field in self.fields else None, message)
