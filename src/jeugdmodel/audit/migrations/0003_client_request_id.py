"""The client's X-Request-ID kept apart from our own request id.

SQLite adds a column with a default by rebuilding the table, which drops its triggers:
the append-only trigger of migration 0002 is made again afterwards."""

from django.db import migrations, models


def sqlite_trigger_again(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE TRIGGER IF NOT EXISTS audit_accesslogentry_no_update BEFORE UPDATE ON "
            "audit_accesslogentry BEGIN SELECT RAISE(ABORT, 'Het toegangslog is "
            "alleen-toevoegen'); END;"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslogentry",
            name="client_request_id",
            field=models.CharField(
                blank=True,
                help_text="Wat de afzender als X-Request-ID meestuurde; niet door ons gemaakt.",
                max_length=64,
                verbose_name="verzoek-id van de afzender",
            ),
        ),
        migrations.RunPython(sqlite_trigger_again, migrations.RunPython.noop),
    ]
