"""/sturing/raadsrapportage/: the user's council reports, starting one, its progress and
its files."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("maken/", views.report_start, name="start"),
    path("<uuid:report_id>/", views.report_progress, name="progress"),
    path("<uuid:report_id>/opnieuw/", views.report_retry_view, name="retry"),
    path("<uuid:report_id>/<slug:kind>/", views.report_download, name="download"),
]
