"""Cell keys (docs/decisions/0045). Existing cells get key 0 until the next full rebuild
(`steering_rebuild`), which computes every key from the records."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('steering', '0002_municipality_cells'),
    ]

    operations = [
        migrations.AddField(
            model_name='cell',
            name='ckey',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='municipalitycell',
            name='ckey',
            field=models.BigIntegerField(default=0),
        ),
    ]
