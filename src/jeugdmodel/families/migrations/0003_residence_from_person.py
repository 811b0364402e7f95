"""Every person with a postcode gets a residence from their date of birth (the only
address known before the history was kept)."""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Person = apps.get_model("families", "Person")
    Residence = apps.get_model("families", "Residence")
    PostcodeArea = apps.get_model("region", "PostcodeArea")
    areas = {}
    for area in PostcodeArea.objects.filter(valid_to__isnull=True):
        areas[area.pc4] = (area.municipality_id, area.district_id)
    rows = []
    for person in Person.objects.exclude(pc4="").filter(residences__isnull=True):
        muni, district = areas.get(person.pc4, (None, None))
        rows.append(
            Residence(
                person_id=person.pk,
                pc4=person.pc4,
                municipality_id=muni,
                district_id=district,
                valid_from=person.date_of_birth,
            )
        )
    Residence.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("families", "0002_residence"), ("region", "0004_help_form_base_list")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
