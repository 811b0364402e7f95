"""The front door at MVS size, side by side with a bare Django view that renders the same
base template (the stack's own ceiling):

- public-form submissions per second (a full submit: validation, routing, matching,
  storing, access log; Post/Redirect/Get) against bare-view requests per second;
- the team lead's worklist render time against the bare view (target: within 3x).

    bin/bench intake [--repeat N]
    DATABASE_URL=postgres://… bin/bench intake
"""

from __future__ import annotations

import argparse
import os
import time
import uuid

from bench.common import report, setup_django, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--submissions", type=int, default=200)
    args = parser.parse_args()
    os.environ["JEUGDMODEL_PUBLIC_FORM_LIMIT_PER_HOUR"] = "1000000"
    os.environ["JEUGDMODEL_PUBLIC_FORM_MIN_SECONDS"] = "0"
    setup_django()

    from django.http import HttpRequest, HttpResponse
    from django.shortcuts import render
    from django.test import Client, override_settings
    from django.urls import include, path
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jeugdmodel.accounts.models import User
    from jeugdmodel.intake import spam
    from jeugdmodel.intake.models import Request
    from jeugdmodel.region.models import PostcodeArea

    def bare(request: HttpRequest) -> HttpResponse:
        return render(request, "base.html", {})

    urlconf = type(
        "BenchUrls",
        (),
        {"urlpatterns": [path("__bare__/", bare), path("", include("jeugdmodel.urls"))]},
    )
    pc4s = list(PostcodeArea.objects.filter(residential=True).values_list("pc4", flat=True))

    def client_for(username: str) -> Client:
        client = Client()
        user = User.objects.get(username=username)
        client.force_login(user)
        session = client.session
        device = TOTPDevice.objects.filter(user=user).first()
        assert device is not None
        session["otp_device_id"] = device.persistent_id
        session.save()
        return client

    def form_data(i: int) -> dict[str, str]:
        return {
            "child1_given_name": "Bench",
            "child1_family_name": f"Kind{i}",
            "child1_date_of_birth": "15-03-2016",
            "postcode": f"{pc4s[i % len(pc4s)]} AB",
            "house_number": "1",
            "question": "Wij zoeken hulp bij de opvoeding.",
            "referrer_name": "Bench Ouder",
            "contact_phone": "06 12345678",
            "idempotency_key": str(uuid.uuid4()),
            "started": spam.form_token(),
        }

    with override_settings(
        ROOT_URLCONF=urlconf,
        JEUGDMODEL_PUBLIC_FORM_LIMIT_PER_HOUR=1_000_000,
        JEUGDMODEL_PUBLIC_FORM_MIN_SECONDS=0,
    ):
        anonymous = Client()
        lead = client_for("teamleider")

        def get(client: Client, url: str) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        # Submissions per second vs bare requests per second, measured back to back.
        before = Request.objects.count()
        start = time.perf_counter()
        for i in range(args.submissions):
            response = Client().post("/aanmelden/", form_data(i))
            assert response.status_code == 302, response.content[:500]
        submit_seconds = (time.perf_counter() - start) / args.submissions
        stored = Request.objects.count() - before
        assert stored == args.submissions, (stored, args.submissions)
        bare_seconds = timed(lambda: get(anonymous, "/__bare__/"), repeat=args.submissions)
        report(
            "Openbaar formulier: volledige aanmelding (per stuk)",
            "kale view met base.html",
            bare_seconds,
            [("aanmelding versturen (POST + opslaan)", submit_seconds)],
        )
        print(
            f"  = {1 / submit_seconds:,.0f} aanmeldingen/s tegen {1 / bare_seconds:,.0f} "
            "kale verzoeken/s (één proces, in-process client)"
        )

        open_requests = Request.objects.filter(status="received").count()
        baseline = timed(lambda: get(lead, "/__bare__/"), repeat=args.repeat)
        rows = [
            (
                "werklijst teamleider",
                timed(lambda: get(lead, "/aanmeldingen/werklijst/"), repeat=args.repeat),
            ),
        ]
        report(
            f"Werklijst op MVS-schaal ({open_requests} open aanmeldingen in de regio)",
            "kale view met base.html",
            baseline,
            rows,
        )
        ratio = rows[0][1] / baseline
        verdict = "gehaald" if ratio <= 3 else "NIET gehaald"
        print(f"  doel: werklijst binnen 3x de kale view → {verdict}")


if __name__ == "__main__":
    main()
