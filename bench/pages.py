"""Page render times at MVS size as ratios to a bare Django view that renders the same base
template with the same middleware (the stack's own ceiling): the home page of every demo
login, the team lead's worklist, the flex consultation queue, the steering dashboard
(computed, and from the cache) and the admin pages. The case page has its own bench
(bench/case.py).

    bin/bench pages            # SQLite
    DATABASE_URL=postgres://… bin/bench pages
"""

from __future__ import annotations

import argparse

from bench.common import report, setup_django, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    setup_django()

    from django.core.cache import cache
    from django.http import HttpRequest, HttpResponse
    from django.shortcuts import render
    from django.test import Client, override_settings
    from django.urls import include, path

    from jeugdmodel.accounts.models import User
    from jeugdmodel.demo.generator import DEMO_ACCOUNTS

    homes = [username for username, _role, _team in DEMO_ACCOUNTS]

    def bare(request: HttpRequest) -> HttpResponse:
        return render(request, "base.html", {})

    urlconf = type(
        "BenchUrls",
        (),
        {"urlpatterns": [path("__bare__/", bare), path("", include("jeugdmodel.urls"))]},
    )

    def client_for(username: str) -> Client:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        client = Client()
        user = User.objects.get(username=username)
        client.force_login(user)
        session = client.session
        session["otp_device_id"] = TOTPDevice.objects.filter(user=user).first().persistent_id  # type: ignore[union-attr]
        session.save()
        return client

    with override_settings(ROOT_URLCONF=urlconf):
        lead = client_for("teamleider")
        admin = client_for("beheerder")
        privacy = client_for("privacy")

        def get(client: Client, url: str) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        baseline = timed(lambda: get(lead, "/__bare__/"), repeat=args.repeat)
        rows = []
        # The home page of every role with a demo login, then the working pages.
        for username in homes:
            client = client_for(username)

            def home(c: Client = client) -> None:
                get(c, "/")

            rows.append((f"startpagina {username}", timed(home, repeat=args.repeat)))
        flex, municipality = client_for("flex"), client_for("gemeente")

        def computed_dashboard() -> None:
            cache.clear()
            get(municipality, "/sturing/")

        rows += [
            (
                "werklijst teamleider",
                timed(lambda: get(lead, "/aanmeldingen/werklijst/"), repeat=args.repeat),
            ),
            (
                "consultatiewachtrij flex",
                timed(lambda: get(flex, "/consultaties/"), repeat=args.repeat),
            ),
            (
                "sturingsdashboard gemeente (berekend)",
                timed(computed_dashboard, repeat=args.repeat // 4),
            ),
            (
                "sturingsdashboard gemeente (uit de cache)",
                timed(lambda: get(municipality, "/sturing/"), repeat=args.repeat),
            ),
            ("regio en teams", timed(lambda: get(lead, "/regio/"), repeat=args.repeat)),
            (
                "gebruikerslijst (beheerder)",
                timed(lambda: get(admin, "/beheer/gebruikers/"), repeat=args.repeat // 4),
            ),
            (
                "toegangslog (privacy)",
                timed(lambda: get(privacy, "/toegangslog/"), repeat=args.repeat),
            ),
        ]
    report("Pagina's op MVS-schaal (in-process client)", "kale view met base.html", baseline, rows)


if __name__ == "__main__":
    main()
