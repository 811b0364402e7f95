"""The national base list of help forms (region empty). Region files add their own.

Level and "met verblijf" follow docs/domain.md and docs/cbs-figures.md: help given by the
neighbourhood team, the POH-jeugd, the family specialist at school and a consultation of
the flexible network is `basis`; specialist youth care (ambulant, treatment, day
treatment, foster care, family homes, residential care, crisis and respite care) is
`specialistisch`. Foster care, family homes, residential care, crisis care and respite
care count as "met verblijf" (CBS counts respite and weekend stays as met verblijf); day
treatment does not.
"""

from django.db import migrations

SOURCE = "landelijke basislijst van Jeugdmodel (docs/decisions/0017-trajectories-and-levels.md)"

# (code, name, level, with_stay)
BASE_LIST = [
    ("wijkteamondersteuning", "Ondersteuning door het wijkteam", "basis", False),
    ("poh-jeugd-begeleiding", "Begeleiding door de POH-jeugd", "basis", False),
    ("gezinsspecialist-onderwijs", "Begeleiding door de gezinsspecialist onderwijs", "basis", False),
    ("consultatie-flexibel-netwerk", "Consultatie flexibel netwerk", "basis", False),
    ("ambulante-jeugdhulp", "Ambulante jeugdhulp", "specialistisch", False),
    ("ouder-kindbegeleiding", "Ouder- en kindbegeleiding", "specialistisch", False),
    ("jeugd-ggz-behandeling", "Jeugd-GGZ behandeling", "specialistisch", False),
    ("dagbehandeling", "Dagbehandeling", "specialistisch", False),
    ("pleegzorg", "Pleegzorg", "specialistisch", True),
    ("gezinshuis", "Gezinshuis", "specialistisch", True),
    ("residentieel-verblijf", "Residentieel verblijf", "specialistisch", True),
    ("crisisopvang", "Crisisopvang", "specialistisch", True),
    ("logeeropvang", "Logeeropvang", "specialistisch", True),
]


def seed(apps, schema_editor):
    HelpForm = apps.get_model("region", "HelpForm")
    for code, name, level, with_stay in BASE_LIST:
        HelpForm.objects.update_or_create(
            region=None,
            code=code,
            defaults={
                "name": name,
                "level": level,
                "with_stay": with_stay,
                "active": True,
                "source": SOURCE,
            },
        )


def unseed(apps, schema_editor):
    HelpForm = apps.get_model("region", "HelpForm")
    HelpForm.objects.filter(region=None, code__in=[row[0] for row in BASE_LIST]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("region", "0003_helpform"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
