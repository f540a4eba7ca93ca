"""Use-of-funds reports through HTTP: asked for on approval by the programme's dates (or a grant's own), filled in
and submitted by the municipality, accepted or sent back by the district with a reason, versioned per submission;
the district's overview shows who is late and what the money achieved, people reached published under the one
rule. Another municipality's report is not found."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditEntry
from wegweiser.lokin import selectors, services
from wegweiser.lokin.models import ReportStatus, UseReport
from wegweiser.lokin.tests.factories import approved_application, fixed_programme, interim_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(world):
    return fixed_programme(world, year=2027, base_amount=Decimal("20000"))


def test_approval_asks_for_both_reports_by_the_programmes_dates(world, made):
    application = approved_application(world, made)
    reports = {r.kind: r.due_date for r in application.reports.all()}
    assert reports == {"interim": date(2027, 9, 30), "final": date(2028, 3, 31)}
    assert AuditEntry.objects.filter(object_type="lokin.usereport").count() == 2


def test_the_district_sets_a_grants_own_due_date(client_as, world, made):
    application = approved_application(world, made)
    office = client_as(Role.INTEGRATION_OFFICE)
    page = office.get(reverse("lokin:application", args=[application.pk])).content.decode()
    # Both the instalment's and the report's due date are on the page: one id each.
    assert page.count('id="id_due_date"') == 1
    assert page.count('id="id_report-due_date"') == 1
    response = office.post(
        reverse("lokin:report_schedule", args=[application.pk]),
        {"report-kind": "interim", "report-due_date": "2027-10-15"},
    )
    assert response.status_code == 302
    assert application.reports.get(kind="interim").due_date == date(2027, 10, 15)


def test_the_manager_reports_the_district_sends_back_and_accepts(client_as, world, made):
    application = approved_application(world, made)
    report = application.reports.get(kind="interim")
    manager = client_as(Role.MUNICIPAL_MANAGER)
    response = manager.post(
        reverse("lokin:report_edit", args=[report.pk]),
        {"measures_delivered": "Sprechstunde an 40 Tagen", "people_reached": "120", "spent_staff": "9500.00"},
    )
    assert response.status_code == 302
    body = manager.get(reverse("lokin:report", args=[report.pk])).content.decode()
    assert "9500,00" in body  # spent (German format)
    assert "-500,00" in body  # the difference to the 10000.00 planned
    manager.post(reverse("lokin:report_submit", args=[report.pk]))
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.SUBMITTED, 1)

    office = client_as(Role.INTEGRATION_OFFICE)
    refused = office.post(reverse("lokin:report_review", args=[report.pk]), {"decision": "send_back", "reason": ""})
    assert refused.status_code == 422
    office.post(
        reverse("lokin:report_review", args=[report.pk]), {"decision": "send_back", "reason": "Belege zu Reisen fehlen"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SENT_BACK
    manager = client_as(Role.MUNICIPAL_MANAGER)
    assert "Belege zu Reisen fehlen" in manager.get(reverse("lokin:report", args=[report.pk])).content.decode()

    manager.post(reverse("lokin:report_submit", args=[report.pk]))
    office = client_as(Role.INTEGRATION_OFFICE)
    office.post(reverse("lokin:report_review", args=[report.pk]), {"decision": "accept"})
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.ACCEPTED, 2)
    assert report.versions.count() == 2
    page = office.get(reverse("lokin:report", args=[report.pk])).content.decode()
    assert "Version 2" in page  # each submission as it was sent
    assert "Sprechstunde an 40 Tagen" in page
    assert "Noch nicht eingereicht" not in page
    assert AuditEntry.objects.filter(object_type="lokin.usereport", object_id=str(report.pk)).count() >= 6
    # Accepted: no more changes.
    with pytest.raises(ValidationError):
        services.report_update(
            actor=world.user(Role.MUNICIPAL_MANAGER),
            report=report,
            measures_delivered="",
            people_reached=0,
            costs=[],
        )


def test_spending_in_a_category_the_programme_does_not_fund_is_refused(world):
    made = fixed_programme(world, year=2029, base_amount=Decimal("20000"), eligible_categories=["staff"])
    report = approved_application(world, made).reports.get(kind="interim")
    with pytest.raises(ValidationError):
        services.report_update(
            actor=world.user(Role.MUNICIPAL_MANAGER),
            report=report,
            measures_delivered="x",
            people_reached=1,
            costs=[("travel", Decimal("10.00"))],
        )


def test_a_report_without_spending_cannot_be_submitted(client_as, world, made):
    report = approved_application(world, made).reports.get(kind="interim")
    response = client_as(Role.MUNICIPAL_MANAGER).post(reverse("lokin:report_submit", args=[report.pk]), follow=True)
    assert UseReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT
    assert "Kostenkategorie" in response.content.decode() or "cost category" in response.content.decode()


def test_another_municipalitys_report_is_not_found_for_a_manager(client_as, world, made):
    report = interim_report(world, made)
    report.application.municipality = world.other_municipality
    report.application.save(update_fields=["municipality"])
    manager = client_as(Role.MUNICIPAL_MANAGER)
    assert manager.get(reverse("lokin:report", args=[report.pk])).status_code == 404
    assert manager.post(reverse("lokin:report_submit", args=[report.pk])).status_code == 404
    assert client_as(Role.INTEGRATION_OFFICE).get(reverse("lokin:report", args=[report.pk])).status_code == 200


def test_the_overview_shows_late_reports_and_what_the_money_achieved(client_as, world, made):
    accepted = interim_report(world, made, submitted=True)
    services.report_accept(actor=world.user(Role.INTEGRATION_OFFICE), report=accepted)
    late = accepted.application.reports.get(kind="final")
    services.report_schedule(
        actor=world.user(Role.INTEGRATION_OFFICE), application=late.application, kind="final", due_date=date(2020, 1, 1)
    )
    body = client_as(Role.INTEGRATION_OFFICE).get(reverse("lokin:report_overview", args=[made.pk])).content.decode()
    late_part = body.split('data-testid="late-reports"')[1].split("</table>")[0]
    assert world.municipality.name in late_part
    achieved = body.split('data-testid="achieved"')[1].split("</table>")[0]
    assert "9500,00" in achieved
    assert ">120<" in achieved  # 120 people reached: shown, not small


def test_a_small_number_of_people_reached_is_hidden_in_the_overview(world, made):
    report = interim_report(world, made)
    services.report_update(
        actor=world.user(Role.MUNICIPAL_MANAGER),
        report=report,
        measures_delivered="Ein Kurs",
        people_reached=3,
        costs=[("staff", Decimal("100.00"))],
    )
    services.report_submit(actor=world.user(Role.MUNICIPAL_MANAGER), report=report)
    services.report_accept(actor=world.user(Role.INTEGRATION_OFFICE), report=report)
    overview = selectors.report_overview(made)
    assert not overview.people.cells[world.municipality.pk].shown


def test_a_manager_cannot_open_the_district_overview_or_review(client_as, world, made):
    report = interim_report(world, made, submitted=True)
    manager = client_as(Role.MUNICIPAL_MANAGER)
    assert manager.get(reverse("lokin:report_overview", args=[made.pk])).status_code == 403
    assert manager.post(reverse("lokin:report_review", args=[report.pk]), {"decision": "accept"}).status_code == 403
    assert UseReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_the_payments_workbook_holds_approvals_and_instalments_to_the_cent(client_as, world, made):
    import io

    from openpyxl import load_workbook

    application = approved_application(world, made, amount=Decimal("10000.05"))
    services.instalment_schedule(
        actor=world.user(Role.INTEGRATION_OFFICE),
        application=application,
        due_date=date(2027, 5, 1),
        amount=Decimal("5000.03"),
    )
    response = client_as(Role.INTEGRATION_OFFICE).get(reverse("lokin:payments_xlsx", args=[made.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = [cell.value for cell in sheet[2]]
    assert row[1] == world.municipality.name
    assert Decimal(str(row[3])) == Decimal("10000.05")
    assert Decimal(str(row[5])) == Decimal("5000.03")
    assert sheet["D2"].number_format == "0.00"


def test_the_manager_attaches_a_receipt_and_a_wrong_file_is_refused(client_as, world, made):
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = approved_application(world, made).reports.get(kind="interim")
    manager = client_as(Role.MUNICIPAL_MANAGER)
    manager.post(
        reverse("lokin:report_attach", args=[report.pk]),
        {"file": SimpleUploadedFile("beleg.pdf", b"%PDF-1.4 Rechnung", content_type="application/pdf")},
    )
    refused = manager.post(
        reverse("lokin:report_attach", args=[report.pk]),
        {"file": SimpleUploadedFile("beleg.pdf", b"MZ not a pdf", content_type="application/pdf")},
        follow=True,
    )
    assert "(pdf)" in refused.content.decode()
    attachment = report.attachments.get()
    download = manager.get(reverse("lokin:report_attachment", args=[attachment.pk]))
    assert download.content == b"%PDF-1.4 Rechnung"
    assert download["Content-Type"] == "application/pdf"
