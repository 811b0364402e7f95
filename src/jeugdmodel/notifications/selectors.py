"""Reads of a user's own notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from jeugdmodel.accounts.models import User

from .models import Notification


def notifications_for(*, user: User) -> QuerySet[Notification]:
    """The user's own notifications, newest first. Nobody sees another user's."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def notifications_unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
