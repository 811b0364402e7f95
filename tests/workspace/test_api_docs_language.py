"""The API documentation in one language (docs/decisions/0068): the reference is Dutch in
every locale, with a note saying so on the English page; DRF's English pagination texts
no longer creep into the document or the page."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.accounts.services import api_token_create
from jeugdmodel.workspace.apidocs import _schema
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENGLISH = ("Number of results to return per page", "The initial index from which")


@pytest.fixture(autouse=True)
def _fresh_schema() -> Iterator[None]:
    """A fresh document per test, and the thread's language back to Dutch afterwards (a
    request in English leaves it active for the tests that follow)."""
    _schema.cache_clear()
    yield
    _schema.cache_clear()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_docs_page_is_dutch_in_every_locale(
    login: Callable[[User], Client], language: str
) -> None:
    client = login(UserFactory(role=Role.FUNCTIONAL_ADMIN.value))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/api/v1/docs/").content.decode()
    for text in ENGLISH:
        assert text not in page
    assert "Aantal resultaten per pagina" in page
    assert 'lang="nl"' in page
    note = "The API documentation is in Dutch"
    assert (note in page) is (language == "en")


def test_the_schema_has_no_english_texts_whatever_the_accept_language() -> None:
    user = UserFactory(role=Role.FUNCTIONAL_ADMIN.value)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(actor=None, user=user).key}")
    schema = client.get(
        "/api/v1/schema/", HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    for text in ENGLISH:
        assert text not in schema
    assert "Aantal resultaten per pagina" in schema
