"""The form-token cleanup job moved from the core to the job system's own tasks (the core
knows no job system). Jobs already queued under the old import path follow it."""

from django.db import migrations

OLD = "jeugdmodel.core.jobs.submissions_cleanup"
NEW = "jeugdmodel.jobs.tasks.submissions_cleanup"


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("jobs", "Job").objects.filter(task_path=OLD).update(task_path=NEW)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("jobs", "Job").objects.filter(task_path=NEW).update(task_path=OLD)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
