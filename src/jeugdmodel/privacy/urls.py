from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("nieuw/", views.request_new, name="new"),
    path("<uuid:inzage_id>/", views.request_detail, name="detail"),
    path("<uuid:inzage_id>/maken/", views.package_produce, name="produce"),
    path("<uuid:inzage_id>/pakket.pdf", views.package_download, {"kind": "pdf"}, name="pdf"),
    path("<uuid:inzage_id>/pakket.json", views.package_download, {"kind": "json"}, name="json"),
]
