"""iJw pages. Included at the site root. Every URL has a row in tests/test_access.py."""

from django.urls import path

from . import views

app_name = "ijw"

urlpatterns = [
    path("casussen/<uuid:case_id>/berichten/", views.case_messages, name="case_messages"),
    path(
        "casussen/<uuid:case_id>/trajecten/<uuid:trajectory_id>/berichten/",
        views.trajectory_messages,
        name="trajectory_messages",
    ),
    path("beheer/ijw/", views.overview, name="overview"),
    path("beheer/ijw/<uuid:message_id>/opnieuw/", views.resend, name="resend"),
]
