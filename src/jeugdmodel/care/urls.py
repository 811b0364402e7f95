"""Care pages. Included at the site root: case pages live under /casussen/<id>/, the
flexible network's pages under /consultaties/. Every URL has a row in tests/test_access.py."""

from django.urls import path

from . import views

app_name = "care"

urlpatterns = [
    path("casussen/<uuid:case_id>/trajecten/", views.trajectories, name="trajectories"),
    path(
        "casussen/<uuid:case_id>/trajecten/starten/",
        views.trajectory_start_view,
        name="trajectory_start",
    ),
    path(
        "casussen/<uuid:case_id>/trajecten/beeindigen/",
        views.trajectory_end_view,
        name="trajectory_end",
    ),
    path("casussen/<uuid:case_id>/trajecten/opschalen/", views.step_up, name="step_up"),
    path("casussen/<uuid:case_id>/trajecten/afschalen/", views.step_down, name="step_down"),
    path(
        "casussen/<uuid:case_id>/consultaties/",
        views.case_consultations,
        name="case_consultations",
    ),
    path(
        "casussen/<uuid:case_id>/consultaties/vragen/",
        views.consultation_ask_view,
        name="consultation_ask",
    ),
    path("consultaties/", views.queue, name="queue"),
    path("consultaties/spreekuur/", views.consultation_hour, name="consultation_hour"),
    path(
        "consultaties/<uuid:consultation_id>/",
        views.consultation_detail,
        name="consultation_detail",
    ),
    path(
        "consultaties/<uuid:consultation_id>/aannemen/",
        views.consultation_accept_view,
        name="consultation_accept",
    ),
    path(
        "consultaties/<uuid:consultation_id>/advies/",
        views.consultation_advise_view,
        name="consultation_advise",
    ),
    path(
        "consultaties/<uuid:consultation_id>/afsluiten/",
        views.consultation_close_view,
        name="consultation_close",
    ),
]
