"""The application behind a real WSGI server in a thread, and a small browser for it.

One server thread handles every request in turn, like a synchronous gunicorn worker: it
keeps its database connection between requests (CONN_MAX_AGE) and Django's request signals
run as in production (the test client skips closing and health-checking connections between
requests, so it could not show whether the application recovers by itself)."""

from __future__ import annotations

import http.client
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.db import connections
from django.test import Client


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


@contextmanager
def live_app() -> Iterator[int]:
    """Serve the application on 127.0.0.1; yields the port."""
    server = WSGIServer(("127.0.0.1", 0), _QuietHandler, allow_reuse_address=False)
    server.set_app(WSGIHandler())

    def serve() -> None:
        try:
            server.serve_forever(poll_interval=0.05)
        finally:
            connections.close_all()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()


@dataclass
class Answer:
    status: int
    body: str
    location: str


class Browser:
    """Cookies, CSRF token and form token, as a browser sends them; one request at a time."""

    def __init__(self, port: int, session_from: Client | None = None) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        if session_from is not None:
            self.cookies.update({name: m.value for name, m in session_from.cookies.items()})

    def _send(self, method: str, path: str, body: str = "", timeout: float = 60) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"Host": "127.0.0.1", "Accept-Language": "nl"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body.encode(), headers=headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
            return Answer(response.status, text, response.headers.get("Location", ""))
        finally:
            conn.close()

    def get(self, path: str) -> Answer:
        return self._send("GET", path)

    def post(self, path: str, page: Answer, data: dict[str, str]) -> Answer:
        """Post ``data`` to ``path`` with the tokens of ``page``'s first form."""
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        token = re.search(r'name="_form_token" value="([^"]+)"', page.body)
        assert csrf, "the page has no form to post"
        fields = {"csrfmiddlewaretoken": csrf.group(1), **data}
        if token:
            fields["_form_token"] = token.group(1)
        return self._send("POST", path, urlencode(fields))
