from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("export/<slug:which>/", views.export, name="export"),
]
