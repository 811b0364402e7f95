from __future__ import annotations

import base64
import time
from typing import Any

from django.core.management.base import BaseCommand
from django_otp.oath import totp

from jeugdmodel.demo.generator import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Toont de huidige code van de tweede factor voor de demogebruikers."

    def handle(self, *args: Any, **options: Any) -> None:
        key = base64.b32decode(DEMO_TOTP_KEY)
        now = int(time.time())
        code = totp(key, step=30, t0=0, digits=6)
        self.stdout.write(f"{code:06d}  (nog {30 - now % 30} seconden geldig)")
