"""Notify a user in the app and by e-mail (Django's mail backend)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from jeugdmodel.accounts.models import User

from .models import Notification


def notify(*, user: User, message: str, url: str = "", email: bool = True) -> Notification:
    """One in-app notification; the e-mail (no personal data, only the link) is sent after
    the transaction commits, so a rolled-back action sends nothing."""
    notification = Notification.objects.create(user=user, message=message, url=url)
    if email and user.email:
        link = f"{settings.JEUGDMODEL_BASE_URL}{url}" if url else settings.JEUGDMODEL_BASE_URL
        transaction.on_commit(
            lambda: send_mail(
                subject="Jeugdmodel: " + message[:80],
                message=f"{message}\n\n{link}\n",
                from_email=None,
                recipient_list=[user.email],
                fail_silently=True,
            )
        )
    return notification


def notifications_mark_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
