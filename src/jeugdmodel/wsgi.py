"""WSGI entry point (gunicorn jeugdmodel.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jeugdmodel.settings.dev")
application = get_wsgi_application()
