"""Fixtures of the fault tests. The database faults need PostgreSQL and a private cluster
(tests/faults/pgcluster.py); on SQLite they are skipped with the reason."""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection

from .pgcluster import Cluster, ClusterUnavailable, app_on

TEMPLATE = "jm_faults_template"
_names = itertools.count(1)


def _unavailable(reason: str) -> None:
    """Skip, except in CI on PostgreSQL: there the database fault tests must run."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"the private PostgreSQL cluster is needed in CI: {reason}")
    pytest.skip(reason)


def _fill_template() -> None:
    """What every test of the module needs, made once: the MVS region and the mapping of the
    transition tests' providers and products."""
    from jeugdmodel.region.models import HelpForm, Organisation
    from jeugdmodel.region.regionfile import parse_region_file, shipped_region_file
    from jeugdmodel.region.services import region_load
    from jeugdmodel.transition.models import ProductMapping, ProviderMapping
    from tests.transition.conftest import AGBS, PRODUCTS

    region_load(data=parse_region_file(shipped_region_file("mvs")))
    organisation = Organisation.objects.get(code="scala")
    help_form, _created = HelpForm.objects.get_or_create(
        region=None, code="ambulant-test", defaults={"name": "Ambulant (test)", "level": "basis"}
    )
    for agb in AGBS:
        ProviderMapping.objects.create(
            agb_code=agb, old_name=f"Oud {agb}", organisation=organisation
        )
    for code in PRODUCTS:
        ProductMapping.objects.create(productcode=code, help_form=help_form)


@pytest.fixture(scope="session")
def private_pg(django_db_setup: None, django_db_blocker: Any) -> Iterator[Cluster]:
    """A private PostgreSQL cluster holding a copy of the migrated test database: one for
    the session (every test has a database of its own on it)."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL only: these tests restart the database server and cut its "
            "connections (SQLite has no server); the PostgreSQL run of CI runs them"
        )
    try:
        cluster = Cluster()
    except ClusterUnavailable as exc:
        _unavailable(str(exc))
    try:
        started = time.monotonic()
        cluster.start()
        ready = time.monotonic()
        with django_db_blocker.unblock():
            cluster.clone_from(connection.settings_dict, TEMPLATE)
            cloned = time.monotonic()
            with app_on(cluster, TEMPLATE):
                _fill_template()
        print(
            f"\nprivate PostgreSQL on port {cluster.port}: started in {ready - started:.1f} s, "
            f"test database copied in {cloned - ready:.1f} s, region loaded in "
            f"{time.monotonic() - cloned:.1f} s"
        )
    except ClusterUnavailable as exc:
        cluster.stop()
        _unavailable(str(exc))
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def app_db(private_pg: Cluster, django_db_blocker: Any) -> Iterator[tuple[Cluster, str]]:
    """A fresh database on the private cluster, the application connected to it."""
    name = f"jm_faults_{os.getpid()}_{next(_names)}"
    private_pg.new_database(TEMPLATE, name)
    caches["default"].clear()
    try:
        with django_db_blocker.unblock(), app_on(private_pg, name):
            yield private_pg, name
    finally:
        caches["default"].clear()  # nothing read from the private database stays behind
        private_pg.drop_database(name)
