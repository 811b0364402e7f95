from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jeugdmodel.demo.generator import DEMO_PASSWORD, DEMO_TOTP_KEY, demo_logins


class Command(BaseCommand):
    help = "Toont de demologins per rol en hoe de tweede factor in de demo werkt."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_logins()
        if not logins:
            self.stdout.write("Er zijn nog geen demogebruikers: draai eerst demo_data.")
            return
        width = max(len(login.username) for login in logins)
        self.stdout.write("")
        self.stdout.write(f"Demologins (wachtwoord voor allemaal: {DEMO_PASSWORD})")
        for login in logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.description}")
        key = " ".join(DEMO_TOTP_KEY[i : i + 4] for i in range(0, len(DEMO_TOTP_KEY), 4))
        self.stdout.write("")
        self.stdout.write("Tweede factor: alle demogebruikers delen één TOTP-sleutel:")
        self.stdout.write(f"  {key}")
        self.stdout.write(
            "  Voeg die toe aan een authenticator-app, of vraag de huidige code op met:"
        )
        self.stdout.write("  bin/manage demo_code")
        self.stdout.write("")
