"""Every agreement with a plan version becomes a consent record as well (decision 0079).
The version keeps its own copy (versions never change), so backwards the records go."""

from typing import Any

from django.db import migrations


def plans_to_records(apps: Any, schema_editor: Any) -> None:
    PlanVersion = apps.get_model("cases", "PlanVersion")
    ConsentRecord = apps.get_model("cases", "ConsentRecord")
    versions = PlanVersion.objects.filter(agreed_on__isnull=False).exclude(
        consent_parent=False, consent_youth=False
    )
    batch = []
    for version in versions.order_by("pk").iterator(chunk_size=2000):
        batch.append(
            ConsentRecord(
                kind="plan",
                action="given",
                case_id=version.case_id,
                plan_version_id=version.pk,
                by_parent=version.consent_parent,
                by_youth=version.consent_youth,
                given_by_name=version.agreed_by,
                on=version.agreed_on,
                recorded_by_id=version.created_by_id,
            )
        )
        if len(batch) >= 2000:
            ConsentRecord.objects.bulk_create(batch)
            batch = []
    ConsentRecord.objects.bulk_create(batch)


def records_back(apps: Any, schema_editor: Any) -> None:
    apps.get_model("cases", "ConsentRecord").objects.filter(
        kind="plan", plan_version__isnull=False
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_consentrecord")]

    operations = [migrations.RunPython(plans_to_records, records_back)]
