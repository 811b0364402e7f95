"""The dashboard pages: per audience, filters, downloads, and a fixed number of queries."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.db.models import Sum
from django.test import Client
from openpyxl import load_workbook

from jeugdmodel.accounts.models import TeamMembership, TeamRole
from jeugdmodel.accounts.roles import Role
from jeugdmodel.region.models import District, Municipality, Organisation, Team
from jeugdmodel.steering.cellkey import DEFAULT, KEYS
from jeugdmodel.steering.exports import csv_safe
from jeugdmodel.steering.models import Cell
from tests.steering.test_handbuilt import _build

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(mvs: Any, make_user: Any, django_capture_on_commit_callbacks: Any) -> Any:
    with django_capture_on_commit_callbacks(execute=True):
        return _build(mvs, make_user)


def shown(
    count: int,
    kind: str = "Y",
    start: date = date(2024, 1, 1),
    measure: str = "in_care",
    **where: Any,
) -> str:
    """What the pages show for `count` children in `measure` (the cells selected by `where`, in
    the period `kind` from `start`): the count perturbed by the sum of the cells' keys,
    which the hand-built test checks to be the sum of the children's record keys
    (docs/decisions/0045)."""
    cells = Cell.objects.filter(
        period_kind=kind, period_start=start, measure=measure, **where
    ).aggregate(n=Sum("value"), k=Sum("ckey"))
    assert cells["n"] == count
    return str(DEFAULT.perturb(count, int(cells["k"]) % KEYS))


@pytest.fixture
def municipality_user(mvs: Any, make_user: Any) -> Any:
    return make_user(Role.MUNICIPALITY, municipality=Municipality.objects.get(code="GM0606"))


def test_municipality_sees_own_municipality_by_district(
    data: Any, municipality_user: Any, login: Any
) -> None:
    client: Client = login(municipality_user)
    response = client.get("/sturing/", {"periode": "2024"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sturingsinformatie voor de gemeente" in html
    # Schiedam 2024: C4 C8 C9 F1–F6 = 9 children in care; its districts are the rows.
    nine = shown(9, municipality__code="GM0606")
    assert f'data-figure="children_in_care" data-row="totaal">{nine}<' in html
    assert "Kinderen in zorg" in html
    assert "Definitie" in html
    # No names of children, anywhere.
    assert "Zorgkind" not in html


def test_filters_by_district_and_quarter_with_htmx(
    data: Any, municipality_user: Any, login: Any
) -> None:
    client: Client = login(municipality_user)
    district = District.objects.get(code="WK060601")
    response = client.get(
        "/sturing/",
        {"periode": "2024-Q2", "wijk": str(district.pk), "indeling": "age_group"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # only the body is swapped
    # Q2 in wijk WK060601 (3112): C2 (still there), C4, C9, F1–F6 = 9.
    nine = shown(9, "Q", date(2024, 4, 1), district=district)
    assert f'data-figure="children_in_care" data-row="totaal">{nine}<' in html


def test_bad_filter_gives_a_clear_error(data: Any, municipality_user: Any, login: Any) -> None:
    client: Client = login(municipality_user)
    response = client.get("/sturing/", {"periode": "2024-Q9"})
    assert response.status_code == 400
    assert "Onbekende periode" in response.content.decode()
    other = Municipality.objects.get(code="GM0556")
    wrong = District.objects.filter(municipality=other).first()
    assert wrong is not None
    response = client.get(
        "/sturing/",
        {"periode": "2024", "gemeente": str(municipality_user.municipality_id), "wijk": wrong.pk},
    )
    assert response.status_code == 400
    assert "ligt niet in de gekozen gemeente" in response.content.decode()


def test_csv_and_excel_download(data: Any, municipality_user: Any, login: Any) -> None:
    client: Client = login(municipality_user)
    response = client.get("/sturing/export/zorg/", {"periode": "2024", "formaat": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    total = next(r for r in rows if r and r[0] == "Totaal")
    assert total[1] == shown(9, municipality__code="GM0606")
    assert any("Definities" in r[0] for r in rows if r)
    response = client.get("/sturing/export/zorg/", {"periode": "2024", "formaat": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    values = [[c.value for c in row] for row in book.active.iter_rows()]
    assert any(
        r[0] == "Totaal" and str(r[1]) == shown(9, municipality__code="GM0606") for r in values
    )
    assert client.get("/sturing/export/zorg/", {"formaat": "pdf"}).status_code == 400
    assert client.get("/sturing/export/niets/", {"formaat": "csv"}).status_code == 404


def test_csv_is_safe_against_formulas() -> None:
    assert csv_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_safe("@SUM(A1)") == "'@SUM(A1)"
    assert csv_safe("-12") == "-12"
    assert csv_safe("<5") == "<5"


def test_contract_management_sees_every_municipality(data: Any, make_user: Any, login: Any) -> None:
    org = Organisation.objects.get(kind="contract_management")
    user = make_user(Role.MUNICIPALITY, municipality=None, organisation=org)
    response = login(user).get("/sturing/", {"periode": "2024"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "contractmanagement" in html
    for name in ("Maassluis", "Schiedam", "Vlaardingen"):
        assert name in html
    assert f'data-figure="children_in_care" data-row="totaal">{shown(15)}<' in html


def test_team_lead_sees_only_own_team(data: Any, make_user: Any, login: Any) -> None:
    user = make_user(Role.TEAM_LEAD)
    team = Team.objects.get(code="wot-oost")
    TeamMembership.objects.filter(user=user).delete()
    TeamMembership.objects.create(
        user=user, team=team, role_in_team=TeamRole.LEAD, valid_from="2020-01-01"
    )
    client = login(user)
    response = client.get("/sturing/", {"periode": "2024"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cijfers van uw team" in html
    # wot-oost cases in care 2024: C2 C4 C8 C9 C15 F1–F6 = 11.
    eleven = shown(11, team=team)
    assert f'data-figure="children_in_care" data-row="totaal">{eleven}<' in html
    other = Team.objects.get(code="vraagraak")
    assert client.get("/sturing/", {"periode": "2024", "team": other.pk}).status_code == 400


#: Queries of one dashboard request: session, user, second factor and the session save
#: (6), the scope (2), the filter form (3), the chosen municipality's name (1), and one
#: each for the cells of the sections, the cells of the trend and headline, the districts
#: of the cut, the youth population, waiting now and coverage (3), the first month with
#: data (1), and the switch's continuity figure (1 while nothing was imported;
#: transition/selectors.py), and the published figures next to ours (1 while none are
#: loaded for the municipality; docs/decisions/0098).
DASHBOARD_QUERIES = 23


def test_fixed_number_of_queries(
    data: Any, municipality_user: Any, login: Any, make_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    client: Client = login(municipality_user)
    client.get("/sturing/", {"periode": "2024"})  # warm the session and caches
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The tables computed, not taken from the cache (test_repeated_filters_… below).
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        response = client.get("/sturing/", {"periode": "2024"})
    assert response.status_code == 200
    nine = shown(9, municipality__code="GM0606")
    assert f'data-figure="children_in_care" data-row="totaal">{nine}<' in response.content.decode()
    # Twice the data: the same number of queries.
    with django_capture_on_commit_callbacks(execute=True):
        _build(Municipality.objects.get(code="GM0606").region, make_user)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        response = client.get("/sturing/", {"periode": "2024"})
    assert response.status_code == 200
    eighteen = shown(18, municipality__code="GM0606")
    assert f'data-figure="children_in_care" data-row="totaal">{eighteen}<' in (
        response.content.decode()
    )
    assert len(large) == len(small)
    # The tables share their reads: one cell query for all sections, not one per table.
    assert len(small) <= DASHBOARD_QUERIES


def test_repeated_filters_come_from_the_cache_until_the_figures_change(
    data: Any, municipality_user: Any, login: Any, make_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client: Client = login(municipality_user)
    filters = {"periode": "2024", "indeling": "district"}
    with CaptureQueriesContext(connection) as first:
        response = client.get("/sturing/", filters)
    nine = shown(9, municipality__code="GM0606")
    assert f'data-figure="children_in_care" data-row="totaal">{nine}<' in response.content.decode()
    with CaptureQueriesContext(connection) as again:
        response = client.get("/sturing/", filters)
    assert f'data-figure="children_in_care" data-row="totaal">{nine}<' in response.content.decode()
    cell_reads = [q for q in again if "steering_" in q["sql"] and "cell" in q["sql"]]
    assert cell_reads == [], "the repeated filter read the cells again"
    assert len(again) < len(first)
    # Another filter is computed on its own.
    with CaptureQueriesContext(connection) as other:
        client.get("/sturing/", {"periode": "2024", "indeling": "sex"})
    assert [q for q in other if "steering_" in q["sql"] and "cell" in q["sql"]]
    # A change of the figures (trajectories written through the tracked path): the same
    # filter shows the new count at once.
    with django_capture_on_commit_callbacks(execute=True):
        _build(Municipality.objects.get(code="GM0606").region, make_user)
    response = client.get("/sturing/", filters)
    eighteen = shown(18, municipality__code="GM0606")
    assert f'data-figure="children_in_care" data-row="totaal">{eighteen}<' in (
        response.content.decode()
    )


def test_a_write_rolled_back_keeps_the_cached_tables(data: Any) -> None:
    from django.db import transaction

    from jeugdmodel.steering.cache import figures_cached, figures_changed, figures_version

    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    assert figures_cached(("a",), build) == 1
    assert figures_cached(("a",), build) == 1
    before = figures_version()
    try:
        with transaction.atomic():
            figures_changed()
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert figures_version() == before
    assert figures_cached(("a",), build) == 1
    assert figures_cached(("b",), build) == 2


def test_shared_reads_give_the_same_tables(data: Any, municipality_user: Any) -> None:
    from django.test import RequestFactory

    from jeugdmodel.steering.selectors import figure_table, trend_table
    from jeugdmodel.steering.views import HEADLINE, TREND_FIGURES, dashboard_build

    request = RequestFactory().get("/sturing/", {"periode": "2024"})
    board, _form = dashboard_build(request, municipality_user)
    args = (board.scope, board.filters, board.period)
    assert board.sections
    for section in board.sections:
        alone = figure_table(*args, figures=[f.key for f in section.table.figures], by=board.cut)
        assert section.table.rows == alone.rows, section.key
    alone = trend_table(*args, figures=TREND_FIGURES, count=8)
    assert board.trend.rows == alone.rows
    alone = trend_table(*args, figures=list(HEADLINE), count=2)
    assert board.headline.rows == alone.rows


def test_the_district_and_team_choices_follow_the_chosen_municipality(
    data: Any, make_user: Any, login: Any
) -> None:
    import re

    org = Organisation.objects.get(kind="contract_management")
    regional = make_user(Role.MUNICIPALITY, municipality=None, organisation=org)
    client: Client = login(regional)
    schiedam = Municipality.objects.get(code="GM0606")
    maassluis = Municipality.objects.get(code="GM0556")

    def options(html: str, name: str) -> set[str]:
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
        assert select is not None, name
        return set(re.findall(r'<option value="(\d+)"', select.group(1)))

    # Without a municipality: no districts (thousands nationally), only region-wide teams.
    whole = client.get("/sturing/", {"periode": "2024"}).content.decode()
    assert options(whole, "wijk") == set()
    assert "kies eerst een gemeente" in whole
    assert str(Team.objects.get(code="wot-oost").pk) not in options(whole, "team")
    # A district chosen without its municipality still shows its municipality's list.
    some = District.objects.filter(municipality=schiedam).first()
    assert some is not None
    by_district = client.get("/sturing/", {"periode": "2024", "wijk": some.pk}).content.decode()
    assert str(some.pk) in options(by_district, "wijk")
    page = client.get("/sturing/", {"periode": "2024", "gemeente": schiedam.pk})
    html = page.content.decode()
    assert options(html, "wijk") == {
        str(i) for i in District.objects.filter(municipality=schiedam).values_list("id", flat=True)
    }
    teams = options(html, "team")
    assert str(Team.objects.get(code="wot-oost").pk) in teams
    assert str(Team.objects.get(code="vraagraak").pk) not in teams  # Maassluis's team

    # Choosing another municipality with htmx: the lists come along out of band, and a
    # district of the previous municipality is dropped rather than refused.
    old_district = District.objects.filter(municipality=schiedam).first()
    assert old_district is not None
    response = client.get(
        "/sturing/",
        {"periode": "2024", "gemeente": maassluis.pk, "wijk": old_district.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TRIGGER_NAME="gemeente",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert 'hx-swap-oob="true"' in body
    assert options(body, "wijk") == {
        str(i) for i in District.objects.filter(municipality=maassluis).values_list("id", flat=True)
    }
    assert str(Team.objects.get(code="vraagraak").pk) in options(body, "team")
    # An ordinary filter change does not send the lists again.
    other = client.get(
        "/sturing/", {"periode": "2024-Q1", "gemeente": maassluis.pk}, HTTP_HX_REQUEST="true"
    )
    assert "hx-swap-oob" not in other.content.decode()


def test_the_team_cut_of_one_municipality_lists_only_its_teams(
    data: Any, make_user: Any, login: Any
) -> None:
    org = Organisation.objects.get(kind="contract_management")
    client: Client = login(make_user(Role.MUNICIPALITY, municipality=None, organisation=org))
    schiedam = Municipality.objects.get(code="GM0606")
    html = client.get(
        "/sturing/", {"periode": "2024", "gemeente": schiedam.pk, "indeling": "team"}
    ).content.decode()
    own = Team.objects.get(code="wot-oost")
    other = Team.objects.get(code="vraagraak")  # Maassluis's team, no children in Schiedam
    assert f'data-row="{own.pk}"' in html
    assert f'data-row="{other.pk}"' not in html


def test_excel_writes_percentages_as_numbers_with_a_percentage_format(
    data: Any, make_user: Any, login: Any
) -> None:
    org = Organisation.objects.get(kind="contract_management")
    client: Client = login(make_user(Role.MUNICIPALITY, municipality=None, organisation=org))
    response = client.get("/sturing/export/zorg/", {"periode": "2024", "formaat": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.endswith("%")]
    shares = [c for c in cells if c.number_format == "0.0%"]
    assert shares
    assert all(isinstance(c.value, float) and 0 <= c.value <= 1 for c in shares)
    # The CSV keeps the display text, as on the page.
    text = client.get("/sturing/export/zorg/", {"periode": "2024", "formaat": "csv"})
    assert "%" in text.content.decode("utf-8-sig")


def test_periods_before_the_data_start_show_no_data_rather_than_a_number(
    data: Any, municipality_user: Any, login: Any
) -> None:
    from jeugdmodel.steering.models import MunicipalityCell

    first = MunicipalityCell.objects.filter(period_kind="M").order_by("period_start").first()
    assert first is not None
    year = first.period_start.year
    client: Client = login(municipality_user)
    html = client.get("/sturing/", {"periode": str(year + 1)}).content.decode()
    # The year of the data start is only partly covered (unless the data start on
    # 1 January), the years before it have nothing: "geen gegevens", no 0.
    assert f'data-figure="children_in_care" data-row="{year - 1}">geen gegevens<' in html
    if first.period_start.month > 1:
        assert f'data-figure="children_in_care" data-row="{year}">geen gegevens<' in html
    # The tile compares with nothing rather than with an empty year.
    html = client.get("/sturing/", {"periode": str(year)}).content.decode()
    assert "vorige periode: geen gegevens" in html


def test_the_cbs_section_says_it_shows_our_own_figures_in_cbs_definitions(
    data: Any, municipality_user: Any, login: Any
) -> None:
    html = login(municipality_user).get("/sturing/", {"periode": "2024"}).content.decode()
    assert "Onze eigen cijfers in CBS-definities (geen StatLine-cijfers)" in html
    assert "Vergelijking met CBS (StatLine)" not in html


def test_published_figures_stand_next_to_ours_with_year_and_source(
    data: Any,
    municipality_user: Any,
    login: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from pathlib import Path

    from django.conf import settings

    from jeugdmodel.region.services import published_figures_load
    from jeugdmodel.steering.periods import period_parse
    from jeugdmodel.steering.selectors import Filters, figure_table, steering_scope_for

    client: Client = login(municipality_user)
    html = client.get("/sturing/", {"periode": "2024"}).content.decode()
    assert "tabel-gepubliceerd" not in html  # nothing loaded, nothing shown

    shipped = Path(settings.BASE_DIR) / "regions" / "mvs-published-figures.csv"
    # Loading them renews the cached tables once it commits (the page above is cached).
    with django_capture_on_commit_callbacks(execute=True):
        published_figures_load(text=shipped.read_text(encoding="utf-8"))
    html = client.get("/sturing/", {"periode": "2024"}).content.decode()
    schiedam = Municipality.objects.get(code="GM0606")
    table = figure_table(
        steering_scope_for(municipality_user),
        Filters(municipality=schiedam.pk),
        period_parse("2024"),
        figures=["cbs_youths_in_care"],
        by="municipality",
    )
    ours = next(r for r in table.rows if r.key == str(schiedam.pk)).values["cbs_youths_in_care"]
    section = html.split('id="tabel-gepubliceerd"', 1)[1].split("</table>", 1)[0]
    rows = [r for r in section.split("<tr")[2:] if "1.360 personen" in r]
    assert len(rows) == 1
    row = rows[0]
    assert 'data-published="Schiedam 2019"' in row
    # One of the published Schiedam rows: value, unit and age in Dutch, the year, the
    # source as a link, labelled as published, next to our own figure in CBS definition.
    assert "Jongeren met jeugdzorg (jeugdhulp, jeugdbescherming en jeugdreclassering)" in row
    assert "1.360 personen" in row
    assert "0–22 jaar" in row
    assert ">2019<" in row
    assert 'href="https://www.schiedam24.nl/nl/nieuws/gezond/' in row
    assert "gepubliceerd, bron:" in row
    assert f">{ours.display}<" in row
    # The caveat of the source is shown with the figure it belongs to.
    assert "among the lowest in NL per CBS (preliminary)" in section
    # Only the municipality shown: no Vlaardingen or national rows for Schiedam's page.
    assert 'data-published="Vlaardingen' not in section
    assert "Nederland" not in section
    # Never mixed into our own figures: the CBS table itself is unchanged.
    assert html.count('data-figure="cbs_youths_in_care" data-row="totaal"') == 1
