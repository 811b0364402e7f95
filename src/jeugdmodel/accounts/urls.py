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
    path("beheer/gebruikers/", views.user_list, name="user_list"),
]
