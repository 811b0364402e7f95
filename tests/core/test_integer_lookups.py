"""A record number too large for the database matches nothing, also in a list."""

from __future__ import annotations

import pytest
from django import forms

from jeugdmodel.region.models import District, Region
from tests.intake.conftest import mvs as mvs  # the region fixture

pytestmark = pytest.mark.django_db

HUGE = 9223372036854775808


def test_pk_in_with_a_number_past_64_bits_is_empty_not_an_error(mvs: Region) -> None:
    first = District.objects.order_by("pk").first()
    assert first is not None
    assert list(District.objects.filter(pk__in=[HUGE, -HUGE - 1])) == []
    assert list(District.objects.filter(pk__in=[HUGE, first.pk])) == [first]


def test_a_multiple_choice_of_records_refuses_it_as_an_invalid_choice(mvs: Region) -> None:
    field = forms.ModelMultipleChoiceField(queryset=District.objects.all())
    with pytest.raises(forms.ValidationError):
        field.clean([str(HUGE)])
