from django.urls import path

from . import views as home

app_name = "workspace"

urlpatterns = [
    path("", home.home, name="home"),
    path("gezondheid/", home.health, name="health"),
]
