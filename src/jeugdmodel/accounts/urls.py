from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/tweede-factor/", views.otp_verify, name="otp_verify"),
    path("tweede-factor/koppelen/", views.otp_setup, name="otp_setup"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("account/", views.profile, name="profile"),
    path("account/wachtwoord/", views.password_change, name="password_change"),
    path("wachtwoord-vergeten/", views.password_reset, name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", views.password_reset_done, name="password_reset_done"),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("beheer/gebruikers/", views.user_list, name="user_list"),
    path(
        "beheer/gebruikers/<uuid:public_id>/tweede-factor/",
        views.second_factor_reset,
        name="second_factor_reset",
    ),
]
