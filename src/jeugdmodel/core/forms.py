"""Form fields shared by the apps."""

from __future__ import annotations

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
