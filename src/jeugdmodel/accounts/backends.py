"""Authentication backend that loads the user's organisation and municipality with the
user, since nearly every page logs them in the access log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        from .models import User

        user = (
            User.objects.select_related("organisation", "municipality").filter(pk=user_id).first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
