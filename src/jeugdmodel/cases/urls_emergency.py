"""/noodtoegang/: ask emergency access to a case; the privacy officer's review queue."""

from django.urls import path

from . import views_emergency

app_name = "emergency"

urlpatterns = [
    path("", views_emergency.start, name="start"),
    path("beoordelen/", views_emergency.queue, name="queue"),
    path("<uuid:access_id>/beoordelen/", views_emergency.review, name="review"),
]
