"""The decision letter as a PDF, through HTTP: what the municipality files with its grant."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from wegweiser.accounts.roles import Role
from wegweiser.lokin import services
from wegweiser.lokin.tests.factories import approved_application, fixed_programme, submitted_application


@pytest.fixture
def made(world):
    return fixed_programme(world, year=2031, base_amount=Decimal("20000"), eligible_categories=["staff", "events"])


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_an_approved_grant_has_its_letter_with_amount_payments_and_reports(client_as, world, made):
    application = approved_application(world, made, amount=Decimal("12345.67"))
    services.instalment_schedule(
        actor=world.user(Role.INTEGRATION_OFFICE), application=application, due_date=date(2031, 5, 1),
        amount=Decimal("6000.00"),
    )  # fmt: skip
    page = client_as(Role.MUNICIPAL_MANAGER).get(reverse("lokin:application", args=[application.pk])).content.decode()
    assert reverse("lokin:decision_letter", args=[application.pk]) in page
    text = _pdf_text(client_as(Role.MUNICIPAL_MANAGER).get(reverse("lokin:decision_letter", args=[application.pk])))
    assert "Zuwendungsbescheid" in text
    assert world.municipality.name in text
    assert "12.345,67 EUR" in text
    assert "6.000,00 EUR" in text
    assert "01.05.2031" in text
    assert "Personal" in text  # an eligible category, in German
    assert "Zwischennachweis" in text


def test_a_rejected_application_has_its_reason_and_typed_markup_stays_text(client_as, world, made):
    application = submitted_application(world, made)
    application.title = "#strong[Kurs] *für* alle"
    application.save()
    services.application_reject(
        actor=world.user(Role.INTEGRATION_OFFICE), application=application, reason="Die Mittel sind ausgeschöpft."
    )
    text = _pdf_text(client_as(Role.INTEGRATION_OFFICE).get(reverse("lokin:decision_letter", args=[application.pk])))
    assert "abgelehnt" in text
    assert "Die Mittel sind ausgeschöpft." in text
    assert "#strong[Kurs] *für* alle" in text


def test_an_undecided_application_has_no_letter_and_another_municipality_none_at_all(client_as, world, made):
    pending = submitted_application(world, made)
    assert (
        client_as(Role.INTEGRATION_OFFICE).get(reverse("lokin:decision_letter", args=[pending.pk])).status_code == 404
    )
    foreign = services.application_approve(
        actor=world.user(Role.INTEGRATION_OFFICE),
        application=submitted_application(world, made, municipality=world.other_municipality),
        amount=Decimal("5000.00"),
    )
    url = reverse("lokin:decision_letter", args=[foreign.pk])
    assert client_as(Role.MUNICIPAL_MANAGER).get(url).status_code == 404


def test_the_programme_report_shows_the_books_and_what_each_municipality_achieved(client_as, world, made):
    from wegweiser.lokin.tests.factories import interim_report

    report = interim_report(world, made, submitted=True, amount=Decimal("10000.00"))
    services.report_accept(actor=world.user(Role.INTEGRATION_OFFICE), report=report)
    response = client_as(Role.INTEGRATION_OFFICE).get(reverse("lokin:programme_report", args=[made.pk]))
    text = _pdf_text(response)
    assert "LokIn 2031" in text
    assert "Programmbericht" in text
    assert "10.000,00 EUR" in text  # approved
    assert "9.500,00 EUR" in text  # spent as the accepted report says
    assert world.municipality.name in text
    assert " 120 " in f" {text} ".replace("\n", " ")  # people reached, at or above the threshold
    assert "nicht veröffentlicht" in text  # the suppression note
    assert client_as(Role.MUNICIPAL_MANAGER).get(reverse("lokin:programme_report", args=[made.pk])).status_code == 403
