"""The access log is append-only in the database too, not just in the model.

PostgreSQL: row triggers refuse UPDATE and DELETE on both log tables. (TRUNCATE stays
possible for the table owner only; in production the application role does not own the
tables — see docs/decisions/0006-access-log-append-only.md.)
SQLite: a trigger refuses UPDATE. DELETE stays possible on SQLite because Django's test
database flush uses DELETE there; the model still refuses it.
"""

from django.db import migrations

TABLES = ["audit_accesslogentry", "audit_accesslogsubject"]

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION jeugdmodel_access_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Het toegangslog is alleen-toevoegen: % op % is niet toegestaan',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION jeugdmodel_access_log_append_only();"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'Het toegangslog is alleen-toevoegen'); END;"
            )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        schema_editor.execute("DROP FUNCTION IF EXISTS jeugdmodel_access_log_append_only();")
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
