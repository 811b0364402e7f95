"""/casussen/: my cases, one case with its plan, journal and documents, and the actions on
it. The care app adds /casussen/<id>/trajecten/ and /casussen/<id>/consultaties/."""

from django.urls import path

from . import views, views_plan

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/afsluiten/", views.close, name="close"),
    path("<uuid:case_id>/heropenen/", views.reopen, name="reopen"),
    path("<uuid:case_id>/regiehouder/", views.coordinator_change, name="coordinator_change"),
    path("<uuid:case_id>/casusteam/", views.team_add, name="team_add"),
    path(
        "<uuid:case_id>/casusteam/<uuid:member_id>/beeindigen/",
        views.team_end,
        name="team_end",
    ),
    path("<uuid:case_id>/volwassenenzorg/", views.adult_link_add, name="adult_link_add"),
    path("<uuid:case_id>/betrokkenheid/", views.involvement_add, name="involvement_add"),
    path("<uuid:case_id>/plan/", views_plan.plan, name="plan"),
    path("<uuid:case_id>/plan/opslaan/", views_plan.plan_save_view, name="plan_save"),
    path("<uuid:case_id>/plan/versies/", views_plan.plan_versions, name="plan_versions"),
    path("<uuid:case_id>/plan/versies/<int:number>/", views_plan.plan_version, name="plan_version"),
    path("<uuid:case_id>/toestemming/", views.consent, name="consent"),
    path(
        "<uuid:case_id>/toestemming/vastleggen/", views.consent_record_view, name="consent_record"
    ),
    path("<uuid:case_id>/journaal/", views.journal, name="journal"),
    path("<uuid:case_id>/journaal/toevoegen/", views.journal_add_view, name="journal_add"),
    path("<uuid:case_id>/documenten/", views.documents, name="documents"),
    path("<uuid:case_id>/documenten/toevoegen/", views.document_add, name="document_add"),
    path(
        "<uuid:case_id>/documenten/<uuid:document_id>/",
        views.document_download,
        name="document_download",
    ),
]
