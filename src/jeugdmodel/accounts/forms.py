from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet. Let op: na "
            "%(limit)s mislukte pogingen wordt inloggen tijdelijk geblokkeerd."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met de functioneel beheerder."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["password"].label = _("Wachtwoord")
        # No autofocus: the first Tab must reach the skip link, as on every page.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        # Django sets the username's max_length after the field exists, so nothing checks it:
        # an over-long name reached authenticate() and the lockout log's 255-character column
        # (a server error on PostgreSQL). Checked here, it is an ordinary form error.
        limit = getattr(self.fields["username"], "max_length", None) or 150
        self.fields["username"].validators.append(MaxLengthValidator(limit))

    def get_invalid_login_error(self) -> forms.ValidationError:
        from django.conf import settings

        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code uit uw authenticator-app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={
            "required": _("Vul de code van 6 cijfers in."),
            "invalid": _("De code bestaat uit 6 cijfers."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


class OwnPasswordForm(PasswordChangeForm):
    """The user's own new password, with the current one (Dutch labels and messages)."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("Het huidige wachtwoord klopt niet. Probeer het opnieuw."),
        "password_mismatch": _("De twee nieuwe wachtwoorden zijn niet gelijk."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Huidig wachtwoord")
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password2"].label = _("Nieuw wachtwoord (nog een keer)")
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        for name in self.fields:
            self.fields[name].error_messages["required"] = _("Vul dit veld in.")

    def save(self, commit: bool = True) -> Any:  # the view saves through the service
        raise NotImplementedError("use accounts.services.user_password_change_own")


class ForgottenPasswordForm(PasswordResetForm):
    """ "Wachtwoord vergeten": the e-mail address of the account (Dutch label). The answer is
    the same whether or not an account has that address: nobody learns who has an account."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mailadres van uw account")
        self.fields["email"].error_messages["required"] = _("Vul uw e-mailadres in.")
        self.fields["email"].error_messages["invalid"] = _(
            "Dit e-mailadres klopt niet. Schrijf het als naam@voorbeeld.nl."
        )
        self.fields["email"].widget.attrs.pop("autofocus", None)


class NewPasswordForm(SetPasswordForm):
    """A new password through the e-mail link (Dutch labels and messages)."""

    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": _("De twee nieuwe wachtwoorden zijn niet gelijk."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password2"].label = _("Nieuw wachtwoord (nog een keer)")
        self.fields["new_password1"].widget.attrs.pop("autofocus", None)
        for name in self.fields:
            self.fields[name].error_messages["required"] = _("Vul dit veld in.")

    def save(self, commit: bool = True) -> Any:  # the view saves through the service
        raise NotImplementedError("use accounts.services.user_password_reset_by_email")
