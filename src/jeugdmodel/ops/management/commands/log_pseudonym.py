"""The pseudonymous id under which a user appears in the logs (for an investigation)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jeugdmodel.core.logging import user_pseudonym


class Command(BaseCommand):
    help = "Toon het pseudoniem waaronder een gebruiker in de logs staat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Geen gebruiker {options['username']!r}.")
        self.stdout.write(user_pseudonym(user))
