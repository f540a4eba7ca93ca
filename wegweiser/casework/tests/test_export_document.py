"""The data-subject export (Art. 15 GDPR) as a document for the person it is about: in their language with a
German part for the file, labels and values in words, local times, what the law asks, and who read or changed
the record. The PDF is made through HTTP and the job, parsed with pypdf and rendered to PNG to be looked at."""

import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from wegweiser.accounts.roles import Role
from wegweiser.casework.export_pdf import person_export_typst
from wegweiser.casework.models import Appointment, Person
from wegweiser.casework.tests.test_data_subject import full_record
from wegweiser.core.typesetting import typst_compile
from wegweiser.jobs.models import Job, JobStatus

SCREENSHOTS = Path(os.environ.get("WEGWEISER_SCREENSHOTS", "test-output/screenshots"))


def the_person(world, *, preferred="uk") -> Person:
    person = full_record(world)
    Person.objects.filter(pk=person.pk).update(
        sex="female",
        nationalities=["UA"],
        languages=[{"code": "uk", "level": "native"}, {"code": "de", "level": "A2"}],
        preferred_language=preferred,
    )
    # 09:00 UTC in December is 10:00 in Berlin: the document must say 10:00.
    Appointment.objects.filter(person=person).update(
        starts_at=datetime(2026, 12, 3, 9, 0, tzinfo=UTC), ends_at=datetime(2026, 12, 3, 9, 45, tzinfo=UTC)
    )
    person.refresh_from_db()
    return person


def export_pdf(client, person, **data) -> bytes:
    """Ask for the PDF on the page, let the worker make it, download it."""
    from wegweiser.casework.tasks import casework_person_pdf  # noqa: F401 (the task the job runs)

    response = client.post(reverse("casework:person_export_pdf", kwargs={"person_id": person.pk}), data)
    job = Job.objects.order_by("-created_at").first()
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    return job


def made(client, person, run_jobs, **data) -> tuple[str, PdfReader]:
    job = export_pdf(client, person, **data)
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    content = client.get(job.result_url).content
    reader = PdfReader(io.BytesIO(content), strict=True)
    return "\n".join(page.extract_text() for page in reader.pages), reader


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "de",
            [
                "Ihre Daten beim Migrationszentrum",
                "Vornamen",
                "weiblich",
                "Ukraine",
                "Ukrainisch",
                "3. Dezember 2026 10:00",
                "Ukrainisch (Erstsprache), Deutsch (A2)",
                "Wer Ihre Daten gelesen oder geändert hat",
            ],
        ),
        (
            "en",
            [
                "Your data held by the Migrationszentrum",
                "Given names",
                "female",
                "Ukraine",
                "Ukrainian",
                "Dec. 3, 2026, 10 a.m.",
                "Who read or changed your data",
            ],
        ),
        (
            "uk",
            ["Ваші дані в Migrationszentrum", "Імена", "жіноча", "Україна", "українська", "03 грудня 2026 р. 10:00"],
        ),
        (
            "ru",
            ["Ваши данные в Migrationszentrum", "Имена", "женский", "Украина", "украинский", "3 декабря 2026 г. 10:00"],
        ),
    ],
)
def test_the_pdf_speaks_the_chosen_language_with_labels_words_and_local_times(
    world, client_as, run_jobs, language, words
):
    person = the_person(world)
    text, reader = made(client_as(Role.DATA_PROTECTION_OFFICER), person, run_jobs, language=language)
    flat = _flat(text)
    for word in words:
        assert word in flat, word
    # Never the raw field names, codes or UTC times of the old export.
    for raw in ("given_names", "sex:", "nationalities", "status: planned", "+00:00", "T09:00"):
        assert raw not in flat
    # The German part for the file follows (a German export has only one part).
    assert flat.count("Ihre Daten beim Migrationszentrum") == 1
    if language != "de":
        assert "Deutsche Fassung für die Akte" in flat
    assert len(reader.pages) >= 2


def test_the_officer_gets_the_persons_preferred_language_unless_choosing_another(world, client_as, run_jobs):
    person = the_person(world, preferred="ru")
    client = client_as(Role.DATA_PROTECTION_OFFICER)
    page = client.get(reverse("casework:person_erase", kwargs={"person_id": person.pk})).content.decode()
    assert '<option value="ru" lang="ru" selected>Русский</option>' in page

    text, _reader = made(client, person, run_jobs)
    assert "Ваши данные в Migrationszentrum" in _flat(text)
    assert Job.objects.get().label  # the job is listed with a label on the jobs page


def test_the_law_is_told_purposes_recipients_retention_rights_and_the_authority(world, client_as, run_jobs):
    person = the_person(world)
    text, _reader = made(client_as(Role.DATA_PROTECTION_OFFICER), person, run_jobs, language="de")
    flat = _flat(text)
    assert "Warum Ihre Daten verarbeitet werden" in flat
    # The partner organisation the referral went to, under the consent on record.
    assert world.partner.name in flat
    assert "Einwilligung vom" in flat
    assert "3 Jahren" in flat  # the retention period from the settings
    for article in ("Art. 15 DSGVO", "Art. 16 DSGVO", "Art. 17 DSGVO", "Art. 77 DSGVO"):
        assert article in flat
    assert "Die Landesbeauftragte für den Datenschutz Niedersachsen, Prinzenstraße 5, 30159 Hannover" in flat


@override_settings(
    WEGWEISER_SUPERVISORY_AUTHORITY={"name": "Landesbeauftragte für Datenschutz NRW", "address": "Kavalleriestr. 2-4"}
)
def test_another_land_names_its_own_supervisory_authority(world, client_as, run_jobs):
    text, _reader = made(client_as(Role.DATA_PROTECTION_OFFICER), the_person(world), run_jobs, language="de")
    flat = _flat(text)
    assert "Landesbeauftragte für Datenschutz NRW, Kavalleriestr. 2-4" in flat
    assert "Prinzenstraße" not in flat


def test_the_person_sees_who_read_their_record_by_role_and_organisation(world, client_as, run_jobs):
    person = the_person(world)
    caseworker = client_as(Role.CASEWORKER)
    assert caseworker.get(reverse("casework:person_detail", kwargs={"person_id": person.pk})).status_code == 200
    text, _reader = made(client_as(Role.DATA_PROTECTION_OFFICER), person, run_jobs, language="de")
    history = _flat(text).split("Wer Ihre Daten gelesen oder geändert hat")[1]
    assert "gelesen" in history
    assert "Fallarbeit (Migrationszentrum)" in history  # the purpose
    assert "Beratung im Migrationszentrum Landkreis Osnabrück" in history  # role and organisation
    # Staff are named by role and organisation, never by account name.
    assert world.user(Role.CASEWORKER).username not in history


def test_the_arabic_pdf_runs_right_to_left_and_its_pages_can_be_looked_at(world, client_as, run_jobs):
    person = the_person(world)
    source = person_export_typst(person, "ar")
    assert 'lang: "ar", dir: rtl' in source
    assert 'lang: "de", dir: ltr' in source
    text, reader = made(client_as(Role.DATA_PROTECTION_OFFICER), person, run_jobs, language="ar")
    assert "Deutsche Fassung für die Akte" in _flat(text)
    # Arabic glyphs come out of the PDF (pypdf returns the text in the order it was laid out).
    assert any("\u0600" <= char <= "\u06ff" for char in text)
    assert "Prinzenstraße 5, 30159 Hannover" in _flat(text)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for language in ("ar", "de"):
        pages = typst_compile(person_export_typst(person, language), output_format="png", ppi=60)
        assert pages
        assert all(page.startswith(b"\x89PNG") for page in pages)
        for number, page in enumerate(pages, start=1):
            (SCREENSHOTS / f"export-{language}-{number}.png").write_bytes(page)


def test_a_long_value_wraps_inside_its_column(world, client_as, run_jobs):
    """A file name without spaces used to run past the border; now it breaks over lines of its cell."""
    from wegweiser.casework.models import Document

    person = the_person(world)
    long_name = "Bescheinigung_der_Auslaenderbehoerde_ueber_den_Aufenthaltstitel_nach_Paragraph_24_vom_03_12_2026.pdf"
    Document.objects.filter(case__person=person).update(filename=long_name)
    text, _reader = made(client_as(Role.DATA_PROTECTION_OFFICER), person, run_jobs, language="de")
    lines = [line.replace("\u200b", "") for line in text.splitlines()]
    assert not any(long_name in line for line in lines)
    assert long_name in "".join(lines).replace(" ", "")
