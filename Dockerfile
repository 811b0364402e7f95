# Jeugdmodel: the container image (docs/operations.md). Multi-stage: the build stage has
# uv and compilers; the final stage has only the runtime and runs as a user without rights.
#   docker build -t jeugdmodel .
#   docker compose up            (compose.yaml: web, worker, scheduler, PostgreSQL, Redis)

# -- build: the locked dependencies into /app/.venv, the compiled static files ------------
FROM python:3.11-slim-bookworm AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir "uv>=0.5"
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --locked --no-dev --no-install-project
COPY src ./src
COPY static ./static
COPY regions ./regions
COPY manage.py ./
RUN uv sync --locked --no-dev \
 && DJANGO_SETTINGS_MODULE=jeugdmodel.settings.dev JEUGDMODEL_VAR_DIR=/app/var \
    .venv/bin/python manage.py collectstatic --noinput --verbosity 0

# -- runtime: no build tools, no uv, no root ------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime
# pg_dump/pg_restore for bin/backup and bin/restore; nothing else from the system.
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 jeugdmodel \
 && useradd --system --uid 10001 --gid jeugdmodel --home-dir /app --shell /usr/sbin/nologin jeugdmodel
WORKDIR /app
COPY --from=build --chown=root:root /app /app
RUN mkdir -p /data/media /data/prometheus && chown -R jeugdmodel:jeugdmodel /data
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=jeugdmodel.settings.production \
    JEUGDMODEL_VAR_DIR=/data \
    JEUGDMODEL_BIND=0.0.0.0 \
    PORT=8000 \
    PROMETHEUS_MULTIPROC_DIR=/data/prometheus
# The static files were collected at build time into /app/var/staticfiles.
ENV DJANGO_STATIC_ROOT=/app/var/staticfiles
USER jeugdmodel
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/gezond', timeout=2).status == 200 else 1)"
CMD ["gunicorn", "-c", "python:jeugdmodel.gunicorn_conf", "jeugdmodel.wsgi:application"]
