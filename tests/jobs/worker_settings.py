"""Settings for a worker subprocess started by a test: the test settings on a shared
database (DATABASE_URL), files on disk, short leases so a killed worker's job comes back
within seconds."""

from jeugdmodel.settings.test import *  # noqa: F403
from jeugdmodel.settings.test import env

JM_JOBS_IMMEDIATE = False
MEDIA_ROOT = env.str("JEUGDMODEL_MEDIA_ROOT")
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
}
