"""Region pages: reference data only, no personal data."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.decorators import access_required

from . import selectors


@access_required(Perm.REGION_VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "region/overview.html",
        {
            "regions": selectors.regions_list(),
            "municipalities": selectors.municipalities_overview(),
            "teams": selectors.teams_overview(),
        },
    )


@access_required(Perm.REGION_VIEW)
def team_detail(request: HttpRequest, team_id: UUID) -> HttpResponse:
    team = selectors.team_get(public_id=team_id)
    return render(request, "region/team_detail.html", {"team": team})
