from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Maakt een (nieuw) API-token voor een gebruiker; een bestaand token vervalt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Geen actieve gebruiker met gebruikersnaam {username!r}.")
        token = api_token_create(actor=None, user=user)
        self.stdout.write(token.key)
