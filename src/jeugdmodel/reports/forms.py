"""The start form. It only parses input; report_request checks the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jeugdmodel.core.errors import DomainError
from jeugdmodel.region.models import Municipality
from jeugdmodel.steering.periods import period_containing, periods_back
from jeugdmodel.steering.selectors import Scope

#: Quarters offered in the form (the service accepts any quarter that has begun).
QUARTERS_OFFERED = 12


def quarter_choices() -> list[tuple[str, str]]:
    """Newest first: the running quarter, then the complete ones."""
    running = period_containing("Q", timezone.localdate())
    complete = reversed(periods_back(running.previous(), QUARTERS_OFFERED))
    return [(running.code, f"{running.label} ({_('loopt nog')})")] + [
        (p.code, p.label) for p in complete
    ]


class ReportStartForm(forms.Form):
    """POST fields: `municipality` (the municipality's id, as the dashboard filter) and
    `period` (a quarter code, e.g. 2025-Q3)."""

    use_required_attribute = False

    municipality = forms.TypedChoiceField(
        label=_("Gemeente"), coerce=int, error_messages={"required": _("Kies een gemeente.")}
    )
    period = forms.CharField(
        label=_("Kwartaal"),
        max_length=7,
        error_messages={"required": _("Kies een kwartaal.")},
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = Municipality.objects.filter(id__in=scope.municipalities).order_by("name")
        field = self.fields["municipality"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(str(m.id), m.name) for m in names]
        self.fields["period"].widget = forms.Select(choices=quarter_choices())

    def add_domain_error(self, error: DomainError) -> None:
        for name, message in error.field_errors:
            self.add_error(name if name in self.fields else None, message)
