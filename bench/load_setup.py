"""Sign-ins for `bin/bench load`: one server-side session per simulated user, each with the
second factor passed (as a login with password and TOTP leaves it), written as JSON.

Run by bench/load.py inside the production settings, on the database the server uses:
    python -m bench.load_setup --out FILE --professionals 8 --leads 2 --flex 2 --municipality 3
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True)
    parser.add_argument("--professionals", type=int, default=8)
    parser.add_argument("--leads", type=int, default=2)
    parser.add_argument("--flex", type=int, default=2)
    parser.add_argument("--municipality", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from jeugdmodel.accounts.models import User
    from jeugdmodel.accounts.roles import Role
    from jeugdmodel.accounts.services import totp_device_set_known_key
    from jeugdmodel.cases.models import Case, CaseStatus
    from jeugdmodel.demo.generator import DEMO_TOTP_KEY

    def session_for(user: User) -> str:
        client = Client()
        client.force_login(user)
        session = client.session
        device = totp_device_set_known_key(user=user, key_b32=DEMO_TOTP_KEY)
        session["otp_device_id"] = device.persistent_id
        session.save()
        return str(session.session_key)

    def users(role: Role, count: int, *, first: str) -> list[User]:
        found = list(
            User.objects.filter(role=role.value, is_active=True).order_by("username")[: count * 4]
        )
        found.sort(key=lambda u: (u.username != first, u.username))
        return found[:count]

    out: dict[str, object] = {"cookie": settings.SESSION_COOKIE_NAME, "users": {}}
    sessions: dict[str, list[dict[str, object]]] = {}
    # Professionals: each with cases of their own as coordinator, so that two simulated
    # users never save the same plan (a plan saved on an older version is refused).
    pros = (
        User.objects.filter(
            role=Role.WIJKTEAM_PROFESSIONAL.value,
            is_active=True,
            coordinated_cases__status=CaseStatus.ACTIVE,
            coordinated_cases__plan_versions__isnull=False,
        )
        .distinct()
        .order_by("username")
    )
    chosen = sorted(pros, key=lambda u: (u.username != "wijkteam", u.username))
    sessions["professional"] = []
    for user in chosen[: args.professionals]:
        cases = list(
            Case.objects.filter(
                coordinator=user, status=CaseStatus.ACTIVE, plan_versions__isnull=False
            )
            .distinct()
            .order_by("opened_on")
            .values_list("public_id", flat=True)[:5]
        )
        sessions["professional"].append(
            {"user": user.username, "session": session_for(user), "cases": [str(c) for c in cases]}
        )
    for label, role, count, first in (
        ("lead", Role.TEAM_LEAD, args.leads, "teamleider"),
        ("flex", Role.FLEX_SPECIALIST, args.flex, "flex"),
        ("municipality", Role.MUNICIPALITY, args.municipality, "gemeente"),
    ):
        sessions[label] = [
            {"user": u.username, "session": session_for(u)} for u in users(role, count, first=first)
        ]
    for label, found in sessions.items():
        if not found:
            raise SystemExit(f"no demo users for {label}: is the demo data loaded?")
    out["users"] = sessions
    Path(args.out).write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
