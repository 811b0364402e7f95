from django.urls import path

from . import views_public, views_work

app_name = "intake"

urlpatterns = [
    # Public: no account needed.
    path("aanmelden/", views_public.public_form, name="public_form"),
    path("aanmelden/ontvangen/", views_public.receipt, name="receipt"),
    # Professionals, partners and legal referrers.
    path("aanmeldingen/nieuw/", views_public.pro_form, name="pro_form"),
    path("aanmeldingen/mijn/", views_work.my_referrals, name="my_referrals"),
    # Team leads and assigned professionals.
    path("aanmeldingen/werklijst/", views_work.worklist, name="worklist"),
    path("aanmeldingen/<uuid:request_id>/", views_work.detail, name="detail"),
    path(
        "aanmeldingen/<uuid:request_id>/veiligheid/", views_work.safety_check, name="safety_check"
    ),
    path(
        "aanmeldingen/<uuid:request_id>/personen/<int:position>/koppelen/",
        views_work.match,
        name="match",
    ),
    path("aanmeldingen/<uuid:request_id>/toewijzen/", views_work.assign, name="assign"),
    path("aanmeldingen/<uuid:request_id>/doorsturen/", views_work.forward, name="forward"),
    path(
        "aanmeldingen/<uuid:request_id>/eerste-contact/",
        views_work.first_contact,
        name="first_contact",
    ),
    path("aanmeldingen/<uuid:request_id>/afsluiten/", views_work.close, name="close"),
]
