"""/overstap/: the switch to a new contracted party."""

from django.urls import path

from . import views

app_name = "transition"

urlpatterns = [
    path("koppelingen/", views.mapping, name="mapping"),
    path("koppelingen/verwijderen/", views.mapping_remove, name="mapping_remove"),
    path("inlezen/", views.upload, name="upload"),
    path("inlezen/verslag/", views.report, name="report"),
    path("inlezen/bevestigen/", views.upload_confirm, name="upload_confirm"),
    path("overdracht/", views.worklist, name="worklist"),
    path("overdracht/<uuid:client_id>/", views.client_detail, name="client"),
    path("inlezen/taak/<uuid:job_id>/", views.upload_job, name="upload_job"),
]
