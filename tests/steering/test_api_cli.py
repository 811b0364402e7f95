"""The steering API and the steering_figures command."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from jeugdmodel.accounts.roles import Role
from jeugdmodel.region.models import Municipality
from jeugdmodel.steering.periods import period_parse
from jeugdmodel.steering.selectors import Filters, figure_table, region_scope
from tests.steering.test_dashboard import shown
from tests.steering.test_handbuilt import _build

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(mvs: Any, make_user: Any, django_capture_on_commit_callbacks: Any) -> Any:
    with django_capture_on_commit_callbacks(execute=True):
        return _build(mvs, make_user)


@pytest.fixture
def api(mvs: Any, make_user: Any) -> APIClient:
    user = make_user(Role.MUNICIPALITY, municipality=Municipality.objects.get(code="GM0606"))
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_figures_with_definition_cut_period_and_flags(data: Any, api: APIClient) -> None:
    response = api.get(
        "/api/v1/steering/figures/",
        {"period": "2024", "by": "municipality", "figures": "children_in_care,share_basis"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == "2024"
    assert body["cut"] == "municipality"
    assert {d["key"] for d in body["definitions"]} == {"children_in_care", "share_basis"}
    assert all(d["definition"] for d in body["definitions"])
    rows = {r["label"]: {v["figure"]: v for v in r["values"]} for r in body["rows"]}
    # Every count is perturbed by its cell key, as on the dashboard: 15 shows as 13–17,
    # Maassluis's 3 as a number (never "<5", 1 or 2), the same number as the dashboard's.
    assert 13 <= rows["Totaal"]["children_in_care"]["value"] <= 17
    small = rows["Maassluis"]["children_in_care"]
    assert small["status"] == "shown"
    assert small["suppressed"] is False
    assert small["display"] == str(small["value"])
    assert small["value"] not in (1, 2)
    table = figure_table(
        region_scope(Municipality.objects.get(code="GM0606").region_id), Filters(),
        period_parse("2024"), figures=["children_in_care"], by="municipality",
    )  # fmt: skip
    dashboard = {r.label: r.values["children_in_care"].display for r in table.rows}
    assert small["display"] == dashboard["Maassluis"]


def test_bad_parameters_are_problem_documents(data: Any, api: APIClient) -> None:
    for params, field in (
        ({"period": "twintig"}, "period"),
        ({"period": "2024", "by": "schoenmaat"}, "by"),
        ({"period": "2024", "figures": "geluk"}, "figures"),
        ({"period": "2024", "municipality": "abc"}, "municipality"),
    ):
        response = api.get("/api/v1/steering/figures/", params)
        assert response.status_code == 400, params
        assert response["Content-Type"].startswith("application/problem+json")
        assert response.json()["errors"][0]["field"] == field


def test_definitions(api: APIClient, mvs: Any) -> None:
    body = api.get("/api/v1/steering/definitions/").json()
    keys = {d["key"] for d in body}
    assert {"children_in_care", "cbs_youths_in_care", "coverage_gp"} <= keys
    assert all(d["definition"] for d in body)


def test_goal_definition_names_the_configured_score(api: APIClient, mvs: Any) -> None:
    from django.test import override_settings
    from django.utils import translation

    def goal_definition() -> str:
        body = api.get("/api/v1/steering/definitions/").json()
        return str(next(d["definition"] for d in body if d["key"] == "goal_attainment"))

    assert "laatste score van 7 of hoger" in goal_definition()
    with override_settings(JM_GOAL_REACHED_SCORE=6):
        assert "laatste score van 6 of hoger" in goal_definition()
        from jeugdmodel.steering.figures import BY_KEY

        with translation.override("en"):
            assert "latest score of 6 or higher" in str(BY_KEY["goal_attainment"].definition)


def test_other_roles_get_404(mvs: Any, make_user: Any) -> None:
    client = APIClient()
    client.force_authenticate(make_user(Role.WIJKTEAM_PROFESSIONAL))
    assert client.get("/api/v1/steering/figures/").status_code == 404


def test_command_prints_every_figure(data: Any) -> None:
    out = io.StringIO()
    call_command("steering_figures", "--period", "2024", "--format", "json", stdout=out)
    body = json.loads(out.getvalue())
    total = body["rows"][-1]["figures"]
    # 15 children in care and 10 in requests, perturbed by their cell keys as on the pages.
    fifteen = shown(15, measure="in_care")
    assert total["children_in_care"]["display"] == fifteen
    assert total["inflow"]["display"] == shown(10, measure="requests")
    out = io.StringIO()
    call_command("steering_figures", "--period", "2024", "--format", "csv", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("periode,indeling,cijfer")
    assert f"2024,Totaal,children_in_care,Kinderen in zorg,{fifteen},shown" in lines
    with pytest.raises(CommandError, match="Onbekende periode"):
        call_command("steering_figures", "--period", "morgen")
