"""/api/v1/: the OpenAPI document, its docs page, and the endpoints of each app."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from jeugdmodel.core.apidocs import api_docs
from jeugdmodel.intake import api as intake_api
from jeugdmodel.region import api as region_api

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", api_docs, name="api-docs"),
    path("region/regions/", region_api.RegionList.as_view(), name="api-region-list"),
    path(
        "region/municipalities/",
        region_api.MunicipalityList.as_view(),
        name="api-municipality-list",
    ),
    path("region/teams/", region_api.TeamList.as_view(), name="api-team-list"),
    path(
        "intake/requests/",
        intake_api.RequestCreate.as_view(),
        name="api-intake-request-create",
    ),
    path(
        "intake/requests/<str:reference>/status/",
        intake_api.RequestStatusView.as_view(),
        name="api-intake-request-status",
    ),
]
