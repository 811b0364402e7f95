from django.urls import path

from . import home

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("gezondheid/", home.health, name="health"),
]
