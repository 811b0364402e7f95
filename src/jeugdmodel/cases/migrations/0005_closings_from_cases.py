"""Every case closed before closings were kept gets its closing row."""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Case = apps.get_model("cases", "Case")
    CaseClosing = apps.get_model("cases", "CaseClosing")
    CaseClosing.objects.bulk_create(
        [
            CaseClosing(case_id=case.pk, closed_on=case.closed_on, reason=case.closing_reason)
            for case in Case.objects.filter(closed_on__isnull=False, closings__isnull=True)
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_caseclosing")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
