"""/beheer/taken/: background jobs for the functional admin."""

from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:job_id>/", views.job_detail, name="detail"),
    path("<uuid:job_id>/opnieuw/", views.job_retry_view, name="retry"),
]
