from django.urls import path

from . import views

app_name = "steering"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<slug:section>/", views.export, name="export"),
]
