"""Building a council report: the PDF and the ODT print the display strings of the same
steering tables the dashboard shows, hide what the tables hide, and a failed build keeps
no file."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from odf import teletype
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from pypdf import PdfReader

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.core.errors import DomainError, NotAllowed
from jeugdmodel.jobs.models import Job, JobState
from jeugdmodel.jobs.worker import Worker
from jeugdmodel.reports import services
from jeugdmodel.reports.content import REPORT_CUT, REPORT_SECTIONS, TREND_TABLE_FIGURES
from jeugdmodel.reports.models import CouncilReport, ReportStatus
from jeugdmodel.reports.services import (
    report_build,
    report_request,
    report_retry,
    reports_fail_stale,
    reports_files_expire,
)
from jeugdmodel.steering.figures import BY_KEY
from jeugdmodel.steering.periods import Period, period_parse, periods_back
from jeugdmodel.steering.selectors import (
    SECTIONS,
    Value,
    figure_table,
    filters_clean,
    steering_scope_for,
    trend_table,
)
from tests.factories import MunicipalityFactory, RegionFactory, UserFactory
from tests.reports.conftest import QUARTER, Place

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(report: CouncilReport) -> str:
    with report.pdf.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return _words(" ".join(page.extract_text() for page in reader.pages))


def odt_rows(report: CouncilReport) -> tuple[str, list[list[str]]]:
    """The whole text, and every table row as a list of cell texts."""
    with report.odt.open("rb") as f:
        doc = load(io.BytesIO(f.read()))
    text = _words(" ".join(teletype.extractText(e) for e in doc.text.childNodes))
    rows = [
        [_words(teletype.extractText(cell)) for cell in row.getElementsByType(TableCell)]
        for table in doc.text.getElementsByType(Table)
        for row in table.getElementsByType(TableRow)
    ]
    return text, rows


def stored_reports() -> set[str]:
    try:
        return set(default_storage.listdir("reports")[1])
    except FileNotFoundError:
        return set()


def build(capture: Capture, user: User, place: Place, period: str = QUARTER) -> CouncilReport:
    with capture(execute=True):
        report = report_request(
            actor=user, municipality_id=place.municipality.id, period_code=period
        )
    report.refresh_from_db()
    return report


def expected_rows(user: User, place: Place) -> Iterator[list[str]]:
    """Every row of the main table as the dashboard's selectors give it: the label and
    the display strings of this quarter, the previous one and a year earlier."""
    scope = steering_scope_for(user)
    filters = filters_clean(scope, {"municipality": str(place.municipality.id)})
    period = period_parse(QUARTER)
    periods = [period, period.previous(), Period("Q", period.start.replace(year=2024))]
    for section in REPORT_SECTIONS:
        totals = [
            figure_table(scope, filters, p, figures=SECTIONS[section], by=REPORT_CUT).total
            for p in periods
        ]
        assert all(t is not None for t in totals)
        for key in SECTIONS[section]:
            values = [t.values[key].display for t in totals if t is not None]
            label = str(BY_KEY[key].label)
            if BY_KEY[key].live:
                yield [label + " *", values[0], "n.v.t.", "n.v.t."]
            else:
                yield [label, *values]


def dashboard_totals(user: User, place: Place) -> dict[str, Value]:
    scope = steering_scope_for(user)
    filters = filters_clean(scope, {"municipality": str(place.municipality.id)})
    out: dict[str, Value] = {}
    for section in REPORT_SECTIONS:
        table = figure_table(
            scope, filters, period_parse(QUARTER), figures=SECTIONS[section], by=REPORT_CUT
        )
        assert table.total is not None
        out.update(table.total.values)
    return out


def test_the_pdf_prints_the_dashboard_numbers_row_by_row(
    cells: Place, muni_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    report = build(django_capture_on_commit_callbacks, muni_user, cells)
    assert report.status == ReportStatus.DONE
    assert report.progress == 100
    assert report.message == ""
    assert report.finished_at is not None
    text = pdf_text(report)
    assert "Raadsrapportage jeugdhulp Rapportstad 3e kwartaal 2025" in text
    assert "Alleen geaggregeerde cijfers; elk aantal is een klein beetje veranderd" in text
    rows = list(expected_rows(muni_user, cells))
    assert len(rows) == sum(len(SECTIONS[s]) for s in REPORT_SECTIONS)
    for row in rows:
        assert " ".join(row) in text
    # A few by hand, so the test does not only compare the code with itself.
    assert "Kinderen in zorg 4.321 3.800 3.100" in text
    assert "Aandeel basis (80/20) 90,7% 76,3% 74,2%" in text
    assert "Kosten € 2.222.221 € 2.000.000 € 1.500.000" in text


def test_the_trend_table_and_the_cbs_table(
    cells: Place, muni_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    report = build(django_capture_on_commit_callbacks, muni_user, cells)
    text = pdf_text(report)
    scope = steering_scope_for(muni_user)
    filters = filters_clean(scope, {"municipality": str(cells.municipality.id)})
    trend = trend_table(
        scope, filters, period_parse(QUARTER), figures=list(TREND_TABLE_FIGURES), count=8
    )
    assert len(trend.rows) == 8
    for row in trend.rows:
        line = f"{row.label} {row.values['children_in_care'].display}"
        assert f"{line} {row.values['share_basis'].display}" in text
    assert "4e kwartaal 2023 2.900 72,4%" in text
    cbs = figure_table(
        scope, filters, period_parse(QUARTER), figures=SECTIONS["cbs"], by=REPORT_CUT
    ).total
    assert cbs is not None
    for key in SECTIONS["cbs"]:
        figure = BY_KEY[key]
        variant = "CBS" if figure.variant == "cbs" else "Jeugdmodel"
        counterpart = str(BY_KEY[figure.counterpart].label) if figure.counterpart else ""
        row = f"{figure.label} {variant} {cbs.values[key].display} {counterpart}"
        assert row.strip() in text
    assert "Jongeren met jeugdhulp (CBS) CBS 4.290 Kinderen in zorg" in text


def test_the_explanation_names_the_largest_changes(
    cells: Place, muni_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    text = pdf_text(build(django_capture_on_commit_callbacks, muni_user, cells))
    previous = text.index("Ten opzichte van het vorige kwartaal (2e kwartaal 2025)")
    last_year = text.index("Ten opzichte van hetzelfde kwartaal een jaar eerder")
    first = text[previous:last_year]
    assert "Kinderen met specialistische zorg: van 900 naar 403, een daling van 55%." in first
    assert "Kinderen alleen in basiszorg: van 2.900 naar 3.918, een stijging van 35%." in first
    # Goal attainment was hidden ("×": 3 children did not reach their goals) under the
    # per-table suppression; now it is a number, and its change is among the largest.
    assert "Doelen bereikt: van 67,6% naar 97,7%" in first
    assert "Niet te vergelijken" not in first
    second = text[last_year : text.index("4. Definities")]
    assert "Herhaalde aanvragen: van 42 naar 70, een stijging van 67%." in second


def test_small_counts_show_their_perturbed_number_as_on_the_dashboard(
    cells: Place, muni_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    totals = dashboard_totals(muni_user, cells)
    # Residential: 3, 3 and 2 children in the three quarters; the dashboard shows them
    # perturbed (a 2 is never shown), and the report prints exactly the dashboard's.
    residential = totals["children_residential"].display
    assert residential not in ("<5", "×", "1", "2")
    assert totals["goal_attainment"].status == "shown"  # 127 of 130: a number, no "×"
    report = build(django_capture_on_commit_callbacks, muni_user, cells)
    text = pdf_text(report)
    odt_text, rows = odt_rows(report)
    line = next(r for r in rows if r and r[0] == "Kinderen met verblijf")
    assert line[1] == residential
    assert not {"<5", "×", "1", "2"} & set(line[1:])
    for document in (text, odt_text):
        assert "<5" not in document


def test_the_odt_holds_the_same_tables_and_text(
    cells: Place, muni_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    report = build(django_capture_on_commit_callbacks, muni_user, cells)
    text, rows = odt_rows(report)
    for row in expected_rows(muni_user, cells):
        assert row in rows
    assert ["3e kwartaal 2025", "4.321", "90,7%"] in rows
    assert "Alleen geaggregeerde cijfers; elk aantal is een klein beetje veranderd" in text
    assert "Kinderen met specialistische zorg: van 900 naar 403, een daling van 55%." in text
    assert str(BY_KEY["cbs_repeat"].definition) in text
    # The same explanation and definitions as the PDF.
    pdf = pdf_text(report)
    sentences = re.findall(r"• ([^•]+?\.)(?= •| Ten| 4\.)", pdf)
    assert len(sentences) == 6  # two comparisons of three changes; nothing is hidden
    for sentence in sentences:
        assert sentence in text


def test_progress_rises_to_100(
    cells: Place,
    muni_user: User,
    django_capture_on_commit_callbacks: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[int] = []
    real = services._update

    def spy(report: CouncilReport, **fields: Any) -> None:
        if "progress" in fields:
            seen.append(int(fields["progress"]))
        real(report, **fields)

    monkeypatch.setattr(services, "_update", spy)
    report = build(django_capture_on_commit_callbacks, muni_user, cells)
    assert len(seen) > 10
    assert seen == sorted(seen)
    assert seen[-1] < 100 == report.progress
    assert report.status == ReportStatus.DONE


# -- failures ------------------------------------------------------------------------------


def _queued(user: User, place: Place, period: str) -> CouncilReport:
    return CouncilReport.objects.create(
        requested_by=user, municipality=place.municipality, period=period
    )


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2025-Q9", "Onbekend kwartaal 2025-Q9."),
        ("2025-07", "Onbekend kwartaal 2025-07."),
        ("2019-Q1", "Voor 1e kwartaal 2019 zijn nog geen cijfers berekend."),
    ],
)
def test_an_unknown_quarter_fails_with_a_dutch_message_and_no_files(
    cells: Place, muni_user: User, period: str, message: str
) -> None:
    before = stored_reports()
    report = report_build(_queued(muni_user, cells, period))
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.message == message
    assert not report.pdf
    assert not report.odt
    assert report.finished_at is not None
    assert stored_reports() == before


def test_a_crash_while_rendering_keeps_no_file(
    cells: Place, muni_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(content: object) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "report_odt", broken)
    before = stored_reports()
    report = report_build(_queued(muni_user, cells, QUARTER))
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.message.startswith("De rapportage kon door een fout in het systeem niet")
    assert "boom" not in report.message
    assert (report.pdf.name, report.odt.name) == ("", "")
    assert stored_reports() == before


def test_when_the_second_file_cannot_be_stored_the_first_is_removed(
    cells: Place, muni_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_save = default_storage.save
    calls: list[str] = []

    def save(name: str, content: Any, *args: Any, **kwargs: Any) -> str:
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_save(name, content, *args, **kwargs)

    monkeypatch.setattr(default_storage, "save", save)
    before = stored_reports()
    report = report_build(_queued(muni_user, cells, QUARTER))
    report.refresh_from_db()
    assert len(calls) == 2
    assert report.status == ReportStatus.FAILED
    assert stored_reports() == before


def test_a_report_is_built_once(cells: Place, muni_user: User) -> None:
    report = _queued(muni_user, cells, QUARTER)
    report_build(report)
    assert report.status == ReportStatus.DONE
    first = (report.pdf.name, report.finished_at)
    report_build(report)  # already done: nothing happens
    report.refresh_from_db()
    assert (report.pdf.name, report.finished_at) == first


# -- asking --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "field"),
    [("2025-Q5", "period"), ("2025", "period"), ("2099-Q1", "period"), ("", "period")],
)
def test_a_wrong_quarter_is_refused_when_asked(
    cells: Place, muni_user: User, period: str, field: str
) -> None:
    with pytest.raises(DomainError) as err:
        report_request(actor=muni_user, municipality_id=cells.municipality.id, period_code=period)
    assert err.value.field == field
    assert not CouncilReport.objects.exists()


def test_a_municipality_outside_the_region_is_refused(cells: Place, muni_user: User) -> None:
    foreign = MunicipalityFactory(region=RegionFactory(code="elders", name="Elders"))
    with pytest.raises(DomainError) as err:
        report_request(actor=muni_user, municipality_id=foreign.id, period_code=QUARTER)
    assert err.value.field == "municipality"
    assert str(err.value.message) == "Deze gemeente hoort niet bij uw regio."
    assert not CouncilReport.objects.exists()


def test_another_municipality_of_the_region_may_be_chosen(
    cells: Place, muni_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            actor=muni_user, municipality_id=cells.other.id, period_code=QUARTER
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert "Buurdorp" in pdf_text(report)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.MUNICIPALITY])
def test_only_municipality_users_may_ask(cells: Place, role: Role) -> None:
    user = UserFactory(role=role.value)
    with pytest.raises(NotAllowed):
        report_request(actor=user, municipality_id=cells.municipality.id, period_code=QUARTER)
    assert not CouncilReport.objects.exists()


def test_asking_again_while_it_is_being_made_gives_the_same_report(
    cells: Place, muni_user: User
) -> None:
    first = report_request(
        actor=muni_user, municipality_id=cells.municipality.id, period_code=QUARTER
    )
    again = report_request(
        actor=muni_user, municipality_id=cells.municipality.id, period_code="2025-q3"
    )
    assert again.id == first.id
    assert CouncilReport.objects.count() == 1


# -- a dead process and a retry -----------------------------------------------------------


def test_a_job_whose_process_died_is_failed_and_can_be_retried(
    cells: Place, muni_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    running = _queued(muni_user, cells, QUARTER)
    fresh = _queued(muni_user, cells, "2025-Q2")
    long_ago = timezone.now() - timedelta(minutes=11)
    CouncilReport.objects.filter(id=running.id).update(
        status=ReportStatus.RUNNING, progress=40, updated_at=long_ago
    )
    assert reports_fail_stale() == 1
    running.refresh_from_db()
    fresh.refresh_from_db()
    assert running.status == ReportStatus.FAILED
    assert "onderbroken" in running.message
    assert fresh.status == ReportStatus.QUEUED
    with django_capture_on_commit_callbacks(execute=True):
        report_retry(actor=muni_user, report=running)
    running.refresh_from_db()
    assert running.status == ReportStatus.DONE
    assert running.progress == 100
    assert running.message == ""


def test_only_a_failed_report_can_be_retried(
    cells: Place, muni_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    report = build(django_capture_on_commit_callbacks, muni_user, cells)
    with pytest.raises(DomainError):
        report_retry(actor=muni_user, report=report)


def test_the_build_is_a_job_queued_with_the_report_and_run_by_the_worker(
    cells: Place, muni_user: User, settings: Any
) -> None:
    settings.JM_JOBS_IMMEDIATE = False

    def request_that_fails() -> None:
        with transaction.atomic():
            report_request(
                actor=muni_user, municipality_id=cells.municipality.id, period_code=QUARTER
            )
            raise RuntimeError("the request fails after asking")

    with pytest.raises(RuntimeError):
        request_that_fails()
    assert not Job.objects.exists()  # no report, no job
    report = report_request(
        actor=muni_user, municipality_id=cells.municipality.id, period_code=QUARTER
    )
    job = Job.objects.get()
    assert report.job_id == job.id
    assert job.queue_name == "reports"
    assert job.kwargs == {"report_id": report.id}
    assert Worker(worker_id="w", in_test=True).run(until_idle=True) == 1
    report.refresh_from_db()
    job.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert job.state == JobState.SUCCEEDED
    assert job.progress_message == "ODT-document opmaken"


def test_a_report_marked_stale_cannot_finish_as_done(
    cells: Place, muni_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = _queued(muni_user, cells, QUARTER)
    before = stored_reports()
    real_pdf = services.report_pdf

    def slow_pdf(content: Any) -> bytes:
        # While this build renders, nothing moved for too long: the report is marked stale.
        CouncilReport.objects.filter(id=report.id).update(
            updated_at=timezone.now() - timedelta(minutes=11)
        )
        assert reports_fail_stale() == 1
        return real_pdf(content)

    monkeypatch.setattr(services, "report_pdf", slow_pdf)
    report_build(report)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "onderbroken of duurde te lang" in report.message
    assert (report.pdf.name, report.odt.name) == ("", "")
    assert stored_reports() == before  # the files this build wrote are gone again


def test_a_crash_is_retried_by_the_job_and_the_second_attempt_makes_the_report(
    cells: Place,
    muni_user: User,
    django_capture_on_commit_callbacks: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_odt = services.report_odt
    calls: list[int] = []

    def odt_fails_once(content: Any) -> bytes:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk busy")
        return real_odt(content)

    monkeypatch.setattr(services, "report_odt", odt_fails_once)
    before = stored_reports()
    report = build(django_capture_on_commit_callbacks, muni_user, cells)
    job = Job.objects.get(pk=report.job_id)
    assert report.status == ReportStatus.DONE
    assert job.attempts == 2
    assert len(stored_reports() - before) == 2


def test_a_crash_on_every_attempt_fails_the_report_and_lists_the_job_as_failed(
    cells: Place,
    muni_user: User,
    django_capture_on_commit_callbacks: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(content: object) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "report_odt", broken)
    report = build(django_capture_on_commit_callbacks, muni_user, cells)
    job = Job.objects.get(pk=report.job_id)
    assert report.status == ReportStatus.FAILED
    assert report.message.startswith("De rapportage kon door een fout in het systeem niet")
    assert job.state == JobState.FAILED
    assert job.attempts == 3
    assert job.error_message == "De taak is mislukt door een fout in het systeem (RuntimeError)."


def test_old_report_files_are_removed_and_the_report_can_be_made_again(
    cells: Place, muni_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    before = stored_reports()
    old = build(django_capture_on_commit_callbacks, muni_user, cells)
    CouncilReport.objects.filter(id=old.id).update(finished_at=timezone.now() - timedelta(days=91))
    fresh = build(django_capture_on_commit_callbacks, muni_user, cells, period="2025-Q2")
    assert len(stored_reports() - before) == 4
    assert reports_files_expire() == 2
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == ReportStatus.EXPIRED
    assert (old.pdf.name, old.odt.name) == ("", "")
    assert fresh.status == ReportStatus.DONE
    assert stored_reports() - before == {
        fresh.pdf.name.split("/")[1],
        fresh.odt.name.split("/")[1],
    }
    with django_capture_on_commit_callbacks(execute=True):
        report_retry(actor=muni_user, report=old)
    old.refresh_from_db()
    assert old.status == ReportStatus.DONE


@pytest.mark.parametrize("shown_quarters", [0, 1, 2, 8])
def test_charts_draw_with_few_shown_quarters(shown_quarters: int) -> None:
    from reportlab.graphics import renderPDF, renderSVG

    from jeugdmodel.reports.charts import children_chart, share_chart
    from jeugdmodel.reports.content import TrendPoint, short_label

    points = []
    for i, p in enumerate(periods_back(period_parse(QUARTER), 8)):
        show = i < shown_quarters
        values = {
            "children_in_care": Value("children_in_care", 10 + i, str(10 + i), "shown")
            if show
            else Value("children_in_care", None, "te weinig", "too_few"),
            "share_basis": Value("share_basis", 80.0, "80,0%", "shown")
            if show
            else Value("share_basis", None, "te weinig", "too_few"),
        }
        points.append(TrendPoint(p, short_label(p), values))
    for drawing in (children_chart(points, "a"), share_chart(points, "b")):
        assert renderPDF.drawToString(drawing).startswith(b"%PDF")
        assert "<svg" in renderSVG.drawToString(drawing)


def test_published_figures_are_printed_apart_with_year_and_source(
    cells: Place, muni_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    from jeugdmodel.region.published import COLUMNS
    from jeugdmodel.region.services import published_figures_load

    code = cells.municipality.code
    source = "https://www.cbs.nl/nl-nl/nieuws/2024/jeugdhulp"
    published_figures_load(
        text=f"{','.join(COLUMNS)}\n"
        f"{code},{cells.municipality.name},2023,youths with jeugdzorg,4150,persons,0-22,"
        f'"preliminary figure",{source}\n'
        f"GM9999,Elders,2023,youths with jeugdzorg,777,persons,0-22,,https://example.org/x\n"
    )
    report = build(django_capture_on_commit_callbacks, muni_user, cells)
    text = pdf_text(report)
    scope = steering_scope_for(muni_user)
    filters = filters_clean(scope, {"municipality": str(cells.municipality.id)})
    ours = figure_table(
        scope, filters, period_parse(QUARTER), figures=["cbs_youths_in_care"], by="municipality"
    ).total
    assert ours is not None
    assert "Gepubliceerde cijfers naast de onze" in text
    assert "tellen niet mee in onze cijfers" in text
    shown = ours.values["cbs_youths_in_care"].display
    row = (
        f"{cells.municipality.name}: Jongeren met jeugdzorg, 0–22 jaar CBS: 4.150 personen "
        f"{shown} 2023 [1] cbs.nl"
    )
    assert row in text
    assert f"[1] {source} Let op (uit de bron): preliminary figure" in text
    assert "777" not in text  # another municipality's figure stays out
    odt_text, rows = odt_rows(report)
    assert [
        f"{cells.municipality.name}: Jongeren met jeugdzorg, 0–22 jaar",
        "CBS: 4.150 personen",
        shown,
        "2023",
        "[1] cbs.nl",
    ] in rows
    assert source in odt_text
