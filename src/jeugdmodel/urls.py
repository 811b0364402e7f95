"""Project URLs. Every URL has a row in tests/test_access.py."""

from django.contrib import admin
from django.urls import include, path

from jeugdmodel.core import views as core_views

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error


urlpatterns = [
    path("", include("jeugdmodel.workspace.urls")),
    path("", include("jeugdmodel.ops.urls")),
    path("beheer/taken/", include("jeugdmodel.jobs.urls")),
    path("", include("jeugdmodel.accounts.urls")),
    path("", include("jeugdmodel.intake.urls")),
    path("casussen/", include("jeugdmodel.cases.urls")),
    path("noodtoegang/", include("jeugdmodel.cases.urls_emergency")),
    path("", include("jeugdmodel.care.urls")),
    path("", include("jeugdmodel.ijw.urls")),
    path("meldingen/", include("jeugdmodel.notifications.urls")),
    path("regio/", include("jeugdmodel.region.urls")),
    path("sturing/raadsrapportage/", include("jeugdmodel.reports.urls")),
    path("sturing/financien/", include("jeugdmodel.finance.urls")),
    path("sturing/", include("jeugdmodel.steering.urls")),
    path("toegangslog/", include("jeugdmodel.audit.urls")),
    path("inzage/", include("jeugdmodel.privacy.urls")),
    path("overstap/", include("jeugdmodel.transition.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/admin/", admin.site.urls),
    path("api/v1/", include("jeugdmodel.api_urls")),
]
