"""The project's URLs plus the bare view that `bin/bench load` measures as the ceiling."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


urlpatterns = [path("__kaal__/", bare), path("", include("jeugdmodel.urls"))]
