"""What can be checked of the deployment files without a container engine: the image is
multi-stage and runs without root, compose and the Procfile start the same processes as
bin/production, and the read-replica router sends only steering reads to the replica."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.core.management import get_commands

from jeugdmodel.ops.dbrouter import ReplicaRouter, replica_reads
from jeugdmodel.reports.models import CouncilReport
from jeugdmodel.steering.models import Cell

ROOT = Path(__file__).resolve().parents[2]


def test_the_image_has_a_build_and_a_runtime_stage_and_runs_without_root() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM \S+ AS (\w+)", dockerfile, re.MULTILINE)
    assert stages == ["build", "runtime"]
    runtime = dockerfile.split("AS runtime", 1)[1]
    assert "uv sync" not in runtime  # no build tools at the end
    assert "gcc" not in runtime
    users = re.findall(r"^USER (\S+)", runtime, re.MULTILINE)
    assert users
    assert users[-1] not in {"root", "0"}
    assert "HEALTHCHECK" in runtime
    assert "/gezond" in runtime


def test_compose_procfile_and_bin_production_start_the_same_processes() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "worker", "scheduler"}
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    for name in ("web", "worker", "scheduler"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    assert services["worker"]["command"][-1] == "jobs_worker"
    assert services["scheduler"]["command"][-1] == "jobs_scheduler"
    procfile = dict(
        line.split(": ", 1)
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert set(procfile) == {"release", "web", "worker", "scheduler"}
    production = (ROOT / "bin" / "production").read_text()
    for command in (
        "migrate --noinput",
        "jobs_worker",
        "jobs_scheduler",
        "jeugdmodel.gunicorn_conf",
    ):
        assert command in production
    commands = get_commands()
    for line in procfile.values():
        if "manage.py" in line:
            assert line.split("manage.py ")[1].split()[0] in commands


def test_only_steering_reads_of_steering_pages_go_to_the_replica() -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Cell) is None  # a job or a write: the primary
    token = replica_reads(True)  # what ReplicaReadsMiddleware sets for a steering GET
    try:
        assert router.db_for_read(Cell) == "replica"
        assert router.db_for_read(CouncilReport) is None
    finally:
        token.var.reset(token)
    assert router.db_for_read(CouncilReport) is None
    assert router.db_for_write(Cell) == "default"
    assert router.allow_migrate("replica", "steering") is False


def test_the_middleware_allows_replica_reads_only_for_a_steering_get() -> None:
    from django.http import HttpResponse
    from django.test import RequestFactory

    from jeugdmodel.ops.dbrouter import ReplicaReadsMiddleware

    seen: list[str | None] = []

    def view(request: object) -> HttpResponse:
        seen.append(ReplicaRouter().db_for_read(Cell))
        return HttpResponse()

    middleware = ReplicaReadsMiddleware(view)
    factory = RequestFactory()
    middleware(factory.get("/sturing/"))
    middleware(factory.post("/sturing/raadsrapportage/maken/"))
    middleware(factory.get("/casussen/"))
    assert seen == ["replica", None, None]
    assert ReplicaRouter().db_for_read(Cell) is None  # reset after the request
