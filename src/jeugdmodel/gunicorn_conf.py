"""gunicorn settings for bin/production, the Procfile and the container image
(`gunicorn -c python:jeugdmodel.gunicorn_conf jeugdmodel.wsgi:application`).

Everything comes from the environment: PORT, JEUGDMODEL_BIND, WEB_CONCURRENCY,
GUNICORN_THREADS, FORWARDED_ALLOW_IPS, JEUGDMODEL_LOG_FORMAT, DJANGO_LOG_LEVEL."""

from __future__ import annotations

import os
from typing import Any

from jeugdmodel.core.logging import logging_config

bind = f"{os.environ.get('JEUGDMODEL_BIND', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Requests are logged by Django (jeugdmodel.request: view name, status, duration, request
# id): gunicorn's access log would add the query string, which may hold personal data.
accesslog = None
errorlog = "-"
logconfig_dict = logging_config(
    os.environ.get("JEUGDMODEL_LOG_FORMAT", "json"), os.environ.get("DJANGO_LOG_LEVEL", "INFO")
)
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (memory); a request in progress is finished first.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "jeugdmodel-web"
# No control socket: several instances (ports) may run on one machine.
control_socket_disable = True


def child_exit(server: Any, worker: Any) -> None:
    """Prometheus multiprocess mode: forget the gauges of a worker that stopped."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
