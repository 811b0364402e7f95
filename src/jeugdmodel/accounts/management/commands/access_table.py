from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from jeugdmodel.accounts.access import access_table_markdown


class Command(BaseCommand):
    help = "Drukt de toegangstabel (rol × relatie) af als Markdown, zoals docs/access.md."

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("nl"):
            self.stdout.write(access_table_markdown(), ending="")
