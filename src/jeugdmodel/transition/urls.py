"""/overstap/: the switch to a new contracted party."""

from django.urls import path

from . import letters_views, views

app_name = "transition"

urlpatterns = [
    path("koppelingen/", views.mapping, name="mapping"),
    path("koppelingen/verwijderen/", views.mapping_remove, name="mapping_remove"),
    path("brieven/", letters_views.letters, name="letters"),
    path("brieven/maken/", letters_views.letters_make, name="letters_make"),
    path("brieven/<uuid:batch_id>/", letters_views.letters_batch, name="letters_batch"),
    path("brieven/<uuid:batch_id>/zip/", letters_views.letters_zip, name="letters_zip"),
    path(
        "brieven/casus/<uuid:case_id>/<uuid:letter_id>/",
        letters_views.case_letter,
        name="case_letter",
    ),
    path("inlezen/", views.upload, name="upload"),
    path("inlezen/verslag/", views.report, name="report"),
    path("inlezen/bevestigen/", views.upload_confirm, name="upload_confirm"),
    path("overdracht/", views.worklist, name="worklist"),
    path("overdracht/<uuid:client_id>/", views.client_detail, name="client"),
    path("inlezen/taak/<uuid:job_id>/", views.upload_job, name="upload_job"),
]
