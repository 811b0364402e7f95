"""The national base list comes back after a flush (as content types do), so a region file
whose ijw_products name it still loads in a transactional test or after `manage.py flush`."""

from io import StringIO

import pytest
from django.core.management import call_command

from jeugdmodel.region.models import HelpForm

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_flush_puts_the_base_list_back() -> None:
    before = set(HelpForm.objects.filter(region=None).values_list("code", "name", "level"))
    assert len(before) == 13
    call_command("flush", interactive=False, stdout=StringIO())
    after = set(HelpForm.objects.filter(region=None).values_list("code", "name", "level"))
    assert after == before
