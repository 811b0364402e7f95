"""Background jobs and scheduled work: Django's task API (django-tasks) on our own
database backend. The contract other apps use is in `api.py`; see docs/jobs.md."""
