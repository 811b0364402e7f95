"""`{% csrf_token %}` that also renders a one-time form token (core/idempotency.py).

Loaded as a template builtin after Django's own, so this `csrf_token` replaces the default
one in every template: each form that can POST gets its token without asking for it.
`{% form_token %}` renders the token alone."""

from __future__ import annotations

from django import template
from django.template.base import Parser, Token
from django.template.context import Context
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html
from django.utils.safestring import SafeString

from jeugdmodel.core.idempotency import FORM_TOKEN_FIELD, new_form_token

register = template.Library()


class FormTokenNode(template.Node):
    def __init__(self, *, with_csrf: bool) -> None:
        self.with_csrf = with_csrf

    def render(self, context: Context) -> SafeString:
        csrf = CsrfTokenNode().render(context) if self.with_csrf else ""
        token = format_html(
            '<input type="hidden" name="{}" value="{}">', FORM_TOKEN_FIELD, new_form_token()
        )
        return SafeString(csrf + token)  # nosec B703


@register.tag(name="csrf_token")
def csrf_token(parser: Parser, token: Token) -> FormTokenNode:
    return FormTokenNode(with_csrf=True)


@register.tag(name="form_token")
def form_token(parser: Parser, token: Token) -> FormTokenNode:
    return FormTokenNode(with_csrf=False)
