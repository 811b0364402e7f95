from django.urls import path

from . import views

app_name = "region"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("teams/<uuid:team_id>/", views.team_detail, name="team_detail"),
]
