"""/api/v1/: the OpenAPI document, its docs page, and the endpoints of each app."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.api_permissions import perm_required
from jeugdmodel.care import api as care_api
from jeugdmodel.cases import api as cases_api
from jeugdmodel.intake import api as intake_api
from jeugdmodel.region import api as region_api
from jeugdmodel.steering import api as steering_api
from jeugdmodel.workspace.apidocs import api_docs

urlpatterns = [
    # The API documents follow the access table (api_docs.view): not public.
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[perm_required(Perm.API_DOCS_VIEW)]),
        name="api-schema",
    ),
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
    path("cases/", cases_api.CaseList.as_view(), name="api-case-list"),
    path("cases/<uuid:case_id>/", cases_api.CaseDetail.as_view(), name="api-case-detail"),
    path("cases/<uuid:case_id>/plan/", cases_api.CasePlan.as_view(), name="api-case-plan"),
    path(
        "cases/<uuid:case_id>/journal/",
        cases_api.CaseJournal.as_view(),
        name="api-case-journal",
    ),
    path(
        "cases/<uuid:case_id>/trajectories/",
        care_api.CaseTrajectories.as_view(),
        name="api-care-case-trajectories",
    ),
    path(
        "steering/figures/",
        steering_api.SteeringFigures.as_view(),
        name="api-steering-figures",
    ),
    path(
        "steering/definitions/",
        steering_api.SteeringDefinitions.as_view(),
        name="api-steering-definitions",
    ),
]
