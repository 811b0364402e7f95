from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from jeugdmodel.accounts.access import ACCESS_RULES, Perm, Relation, can
from jeugdmodel.accounts.roles import Role

ROOT = Path(__file__).resolve().parents[2]


def test_docs_access_table_matches_the_code() -> None:
    out = StringIO()
    call_command("access_table", stdout=out)
    committed = (ROOT / "docs" / "access.md").read_text(encoding="utf-8")
    assert committed == out.getvalue(), "docs/access.md is verouderd: draai manage.py access_table"


def test_every_permission_has_a_rule_row() -> None:
    assert set(ACCESS_RULES) == set(Perm)


def test_relation_must_match_when_anyone_is_not_granted() -> None:
    class FakeUser:
        is_authenticated = True
        is_active = True
        role_enum = Role.PARTNER

    user = FakeUser()
    assert not can(user, Perm.OWN_ACCOUNT_VIEW)  # type: ignore[arg-type]
    assert can(user, Perm.OWN_ACCOUNT_VIEW, [Relation.SELF])  # type: ignore[arg-type]
    assert not can(user, Perm.ACCESS_LOG_VIEW, [Relation.SELF])  # type: ignore[arg-type]


def test_inactive_or_anonymous_users_have_no_rights() -> None:
    class Inactive:
        is_authenticated = True
        is_active = False
        role_enum = Role.PRIVACY_OFFICER

    assert not can(Inactive(), Perm.ACCESS_LOG_VIEW)  # type: ignore[arg-type]
    assert not can(None, Perm.HOME_VIEW)
