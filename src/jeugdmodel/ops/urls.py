"""Probes and metrics at the root: /gezond, /gereed, /metrics (no trailing slash, as
probes and Prometheus expect)."""

from django.urls import path

from . import views

app_name = "ops"

urlpatterns = [
    path("gezond", views.health, name="health"),
    path("gereed", views.ready, name="ready"),
    path("metrics", views.metrics, name="metrics"),
]
