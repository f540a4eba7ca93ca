"""Data subject rights: export (JSON and PDF), deletion on request, retention review with bulk deletion;
afterwards no personal data is left outside the audit log, and the audit log holds only ids."""

import json
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditAction, AuditEntry
from wegweiser.casework.models import Case, CaseStatus, ExportFile, FamilyLink, Household, Person
from wegweiser.casework.services import (
    case_update,
    cases_flag_for_retention,
    document_upload,
    family_link_add,
    note_add,
    person_create,
    qualification_add,
)
from wegweiser.casework.tests import world as cw
from wegweiser.casework.tests.factories import CaseFactory
from wegweiser.jobs.models import Job, JobStatus
from wegweiser.language import services as language_services
from wegweiser.language.models import (
    AbsenceFlag,
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Learner,
    PlacementProposal,
    PlacementRun,
)
from wegweiser.language.tests.factories import LearnerFactory, OfferFactory, OfferSessionFactory


def full_record(world):
    person = cw.person(world)
    case = cw.case(world)
    cw.goal(world)
    cw.task(world)
    note_add(actor=world.user(Role.CASEWORKER), case=case, text="Geheime Notiz über Olga", confidential=True)
    document_upload(actor=None, case=case, kind="identity", filename="pass.pdf", content=b"%PDF-1.4 Pass")
    cw.appointment(world)
    cw.referral(world)
    qualification_add(actor=None, person=person, kind="academic", title="Bachelor Krankenpflege", country="UA")
    child = person_create(actor=None, given_names="Sofiia", family_names="Shevchenko", municipality=world.municipality)
    family_link_add(actor=None, person=person, relative=child, relation="child", same_household=True)
    german_courses(world, person)
    return person


def german_courses(world, person):
    """The person learns German: a seat in a full course (with someone waiting behind), a place on the general
    list, three sessions missed in a row (flagged), an absence note and a placement proposal."""
    learner = language_services.learner_create(
        actor=world.user(Role.CASEWORKER),
        person=person,
        first_name="Oleksandr",
        last_name="Shevchenko",
        home_municipality=world.municipality,
        level="A2",
        weekdays=[1, 3],
        email="oleksandr.s@example.org",
    )
    course = OfferFactory(title="Integrationskurs Melle", municipality=world.municipality, capacity=1)
    seat = language_services.enrolment_create(actor=None, learner=learner, offer=course)
    language_services.enrolment_create(actor=None, learner=LearnerFactory(last_name="Wartende"), offer=course)
    general = language_services.enrolment_create(actor=None, learner=learner, offer=None)
    today = timezone.localdate()
    for weeks in (2, 1, 0):
        session = OfferSessionFactory(offer=course, date=today - timedelta(days=7 * weeks))
        language_services.attendance_set(actor=None, session=session, enrolment=seat, present=False)
    language_services.absence_flag_resolve(
        actor=None, flag=AbsenceFlag.objects.get(enrolment=seat), note="Oleksandr war krank"
    )
    run = PlacementRun.objects.create(
        max_minutes=45,
        method="test",
        learners=1,
        offers=1,
        seats=1,
        placed=1,
        total_travel_minutes=12,
        solve_seconds=0.01,
        travel_source="estimate",
    )
    PlacementProposal.objects.create(
        run=run,
        learner=learner,
        offer=course,
        travel_minutes=12,
        reason="placed_nearest",
        waiting_days=3,
        enrolment=general,
    )
    return learner


def test_the_json_export_holds_everything_and_is_audited(world, client_as):
    person = full_record(world)
    response = client_as(Role.DATA_PROTECTION_OFFICER).get(
        reverse("casework:person_export_json", kwargs={"person_id": person.pk})
    )
    data = json.loads(response.content)
    assert data["person"]["family_names_original"] == "Шевченко"
    assert data["cases"][0]["notes"][0]["text"] == "Geheime Notiz über Olga"
    assert data["cases"][0]["documents"][0]["filename"] == "pass.pdf"
    assert data["qualifications"][0]["title"] == "Bachelor Krankenpflege"
    assert data["referrals"][0]["organisation"] == world.partner.name
    assert data["consents"][0]["purpose"] == "share_partner"
    assert data["family"][0]["relation"] == "child"
    german = data["german_courses"]
    assert german["learner"]["email"] == "oleksandr.s@example.org"
    assert {(e["offer"], e["status"]) for e in german["enrolments"]} == {
        ("Integrationskurs Melle", "enrolled"),
        (None, "waiting"),
    }
    assert [mark["present"] for mark in german["attendance"]] == [False, False, False]
    assert german["absence_flags"][0]["note"] == "Oleksandr war krank"
    assert german["placement_proposals"][0]["offer"] == "Integrationskurs Melle"
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_id=str(person.pk)).exists()
    learner = Learner.objects.get(person=person)
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, object_type="language.learner", object_id=str(learner.pk)
    ).exists()


def test_the_export_of_a_person_who_never_learned_german_says_so(world, client_as):
    person = cw.person(world)
    response = client_as(Role.CASEWORKER).get(reverse("casework:person_export_json", kwargs={"person_id": person.pk}))
    assert json.loads(response.content)["german_courses"] is None


def test_the_readable_export_shows_the_german_courses(world):
    from wegweiser.casework.export_pdf import person_export_typst

    source = person_export_typst(full_record(world), "en")
    assert "German courses" in source
    assert "Integrationskurs Melle" in source
    assert "Oleksandr war krank" in source


def test_the_pdf_export_is_made_by_a_job_and_handed_only_to_its_maker(world, client_as, run_jobs):
    person = full_record(world)
    client = client_as(Role.CASEWORKER)
    response = client.post(reverse("casework:person_export_pdf", kwargs={"person_id": person.pk}))
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    download = client.get(job.result_url)
    assert download.content.startswith(b"%PDF")
    other = client_as(Role.DATA_PROTECTION_OFFICER).get(job.result_url)
    assert other.status_code == 404


def _personal_values_in_database(values: list[str]) -> list[str]:
    """Every text column of every casework and language table, searched for the given values."""
    found = []
    with connection.cursor() as cursor:
        for model in [
            m
            for label in ("casework", "language")
            for m in __import__("django.apps", fromlist=["apps"]).apps.get_app_config(label).get_models()
        ]:
            table = model._meta.db_table
            columns = [
                f.column
                for f in model._meta.concrete_fields
                if f.get_internal_type() in {"CharField", "TextField", "JSONField"}
            ]
            for column in columns:
                for value in values:
                    cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE CAST({column} AS TEXT) LIKE %s", [f"%{value}%"])  # noqa: S608
                    if cursor.fetchone()[0]:
                        found.append(f"{table}.{column}: {value}")
    return found


def _rows_pointing_at_person(person_id: int) -> list[str]:
    """Every foreign key of the project that points at casework.Person, searched for the person's id."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            points_at_person = field.is_relation and field.related_model is Person
            if points_at_person and model._default_manager.filter(**{field.attname: person_id}).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_deletion_on_request_leaves_no_personal_data_outside_the_audit_log(world, client_as):
    person = full_record(world)
    person_id = person.pk
    learner = Learner.objects.get(person=person)
    enrolments = list(Enrolment.objects.filter(learner=learner).values_list("pk", flat=True))
    assert Attendance.objects.filter(enrolment__learner=learner).count() == 3
    client = client_as(Role.DATA_PROTECTION_OFFICER)
    page = client.get(reverse("casework:person_erase", kwargs={"person_id": person_id}))
    assert "cannot be undone" in page.content.decode()
    assert "the learner record with 2 enrolments" in page.content.decode()
    response = client.post(reverse("casework:person_erase", kwargs={"person_id": person_id}), {"confirm": "on"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person_id).exists()
    assert not Case.objects.filter(person_id=person_id).exists()
    assert not FamilyLink.objects.filter(relative_id=person_id).exists()
    assert (
        _personal_values_in_database(
            [
                "Олександр",
                "Oleksandr",
                "Geheime Notiz",
                "Bachelor Krankenpflege",
                "+4915112345678",
                "Pass",
                "oleksandr.s@example.org",
            ]
        )
        == []
    )
    assert _rows_pointing_at_person(person_id) == []
    # The German courses are gone with everything hanging off them ...
    assert not Learner.objects.filter(pk=learner.pk).exists()
    assert not Enrolment.objects.filter(pk__in=enrolments).exists()
    assert not Attendance.objects.filter(enrolment_id__in=enrolments).exists()
    assert not AbsenceFlag.objects.filter(enrolment_id__in=enrolments).exists()
    assert not PlacementProposal.objects.filter(learner_id=learner.pk).exists()
    # ... and the seat went to the person waiting behind, as after a withdrawal.
    assert Enrolment.objects.get(learner__last_name="Wartende").status == EnrolmentStatus.ENROLLED
    language_deletions = AuditEntry.objects.filter(
        action=AuditAction.DELETE, object_type__startswith="language.", purpose="data subject request"
    )
    assert set(language_deletions.values_list("object_type", flat=True)) == {
        "language.learner",
        "language.enrolment",
        "language.attendance",
        "language.absenceflag",
        "language.placementproposal",
    }
    # The household lives on with the child.
    assert Household.objects.count() == 1
    deletions = AuditEntry.objects.filter(action=AuditAction.DELETE)
    assert deletions.filter(object_type="casework.person", object_id=str(person_id)).exists()
    assert deletions.filter(object_type="casework.note").exists()
    for entry in AuditEntry.objects.all():
        for text in ("Oleksandr", "Shevchenko", "Олександр", "Geheime"):
            assert text not in entry.summary
            assert text not in entry.purpose


def test_a_caseworker_may_export_but_not_delete(world, client_as):
    person = cw.person(world)
    client = client_as(Role.CASEWORKER)
    assert client.get(reverse("casework:person_export_json", kwargs={"person_id": person.pk})).status_code == 200
    assert (
        client.post(reverse("casework:person_erase", kwargs={"person_id": person.pk}), {"confirm": "on"}).status_code
        == 403
    )
    assert Person.objects.filter(pk=person.pk).exists()


@override_settings(WEGWEISER_CASE_RETENTION_DAYS=365)
def test_closed_cases_are_flagged_after_the_retention_period_and_deleted_in_bulk(world, client_as, run_jobs):
    today = timezone.localdate()
    old = cw.case(world)
    Case.objects.filter(pk=old.pk).update(status=CaseStatus.CLOSED, closed_on=today - timedelta(days=400))
    recent = cw.case(world, foreign=True)
    Case.objects.filter(pk=recent.pk).update(status=CaseStatus.CLOSED, closed_on=today - timedelta(days=100))
    assert cases_flag_for_retention(actor=None) == 1
    assert cases_flag_for_retention(actor=None) == 0  # flagged once
    client = client_as(Role.DATA_PROTECTION_OFFICER)
    page = client.get(reverse("casework:retention_review"))
    assert [case.pk for case in page.context["page"].object_list] == [old.pk]
    response = client.post(
        reverse("casework:retention_review"), {"action": "erase", "person": [old.person_id, recent.person_id]}
    )
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert not Person.objects.filter(pk=old.person_id).exists()
    assert Person.objects.filter(pk=recent.person_id).exists()  # not flagged: not offered, not deleted
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, purpose="retention rules").exists()


def test_the_retention_page_flags_on_request(world, client_as):
    case = cw.case(world)
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_on=timezone.localdate() - timedelta(days=5000)
    )
    client_as(Role.DATA_PROTECTION_OFFICER).post(reverse("casework:retention_review"), {"action": "flag"})
    case.refresh_from_db()
    assert case.retention_flagged_on == timezone.localdate()


def test_the_worker_flags_cases_whose_retention_period_ran_out(world):
    from wegweiser.jobs.services import jobs_housekeeping

    due = cw.case(world)
    recent = CaseFactory(person=due.person, caseworker=due.caseworker)
    Case.objects.filter(pk=due.pk).update(
        status=CaseStatus.CLOSED, closed_on=timezone.localdate() - timedelta(days=5000)
    )
    Case.objects.filter(pk=recent.pk).update(
        status=CaseStatus.CLOSED, closed_on=timezone.localdate() - timedelta(days=5)
    )

    jobs_housekeeping()

    due.refresh_from_db()
    recent.refresh_from_db()
    assert due.retention_flagged_on == timezone.localdate()
    assert recent.retention_flagged_on is None
    assert AuditEntry.objects.filter(
        object_type="casework.case", object_id=str(due.pk), changed_fields=["retention_flagged_on"]
    ).exists()


def test_the_officer_finds_the_person_by_name_or_record_number(world, client_as):
    person = cw.person(world)
    client = client_as(Role.DATA_PROTECTION_OFFICER)
    for query in ["Шевченко", f"#{person.pk}"]:
        response = client.get(reverse("casework:data_subject_list"), {"q": query})
        assert response.context["persons"] == [person]


def test_export_files_go_with_the_person(world):
    person = cw.person(world)
    job = Job.objects.create(kind="casework.person_pdf", label="x", created_by=world.user(Role.CASEWORKER))
    ExportFile.objects.create(person=person, job=job, content=b"%PDF")
    from wegweiser.casework.services import person_erase

    person_erase(actor=None, person=person)
    assert not ExportFile.objects.exists()


@override_settings(WEGWEISER_CASE_RETENTION_DAYS=365)
def test_the_retention_review_never_deletes_a_person_with_an_open_case(world, client_as, run_jobs):
    old = cw.case(world)
    Case.objects.filter(pk=old.pk).update(
        status=CaseStatus.CLOSED, closed_on=timezone.localdate() - timedelta(days=400)
    )
    cases_flag_for_retention(actor=None)
    CaseFactory(person=old.person)  # a second case, still open
    client = client_as(Role.DATA_PROTECTION_OFFICER)
    response = client.post(reverse("casework:retention_review"), {"action": "erase", "person": [old.person_id]})
    assert response["Location"] == reverse("casework:retention_review")
    assert not Job.objects.exists()
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert messages == [f"Not deleted, because a case of theirs is open: #{old.person_id}."]
    assert Person.objects.filter(pk=old.person_id).exists()


@override_settings(WEGWEISER_CASE_RETENTION_DAYS=365)
def test_a_case_reopened_after_choosing_keeps_the_person_when_the_job_runs(world, client_as, run_jobs):
    today = timezone.localdate()
    kept, erased = cw.case(world), cw.case(world, foreign=True)
    Case.objects.filter(pk__in=[kept.pk, erased.pk]).update(
        status=CaseStatus.CLOSED, closed_on=today - timedelta(days=400)
    )
    cases_flag_for_retention(actor=None)
    client = client_as(Role.DATA_PROTECTION_OFFICER)
    client.post(reverse("casework:retention_review"), {"action": "erase", "person": [kept.person_id, erased.person_id]})
    kept.refresh_from_db()
    case_update(actor=world.user(Role.CASEWORKER), case=kept, expected_version=kept.version, status=CaseStatus.OPEN)
    run_jobs()
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert Person.objects.filter(pk=kept.person_id).exists()
    assert not Person.objects.filter(pk=erased.person_id).exists()
    assert job.result["kept_open_case"] == [kept.person_id]
    assert f"#{kept.person_id}" in job.result["summary"]


def _export_made(world, *, hours_ago: int) -> ExportFile:
    person = cw.person(world)
    job = Job.objects.create(kind="casework.person_pdf", label="x", created_by=world.user(Role.CASEWORKER))
    export = ExportFile.objects.create(person=person, job=job, content=b"%PDF-1.7 Olga")
    ExportFile.objects.filter(pk=export.pk).update(created_at=timezone.now() - timedelta(hours=hours_ago))
    return export


def test_the_workers_housekeeping_deletes_expired_exports_and_records_it(world):
    from wegweiser.jobs.services import jobs_housekeeping

    expired, fresh = _export_made(world, hours_ago=25), _export_made(world, hours_ago=2)
    jobs_housekeeping()
    assert list(ExportFile.objects.values_list("pk", flat=True)) == [fresh.pk]
    entry = AuditEntry.objects.get(action=AuditAction.DELETE, object_type="casework.exportfile")
    assert (entry.object_id, entry.purpose) == (str(expired.pk), "retention rules")


def test_asking_for_an_expired_export_deletes_it(world, client_as):
    export = _export_made(world, hours_ago=25)
    url = reverse(
        "casework:person_export_pdf_download", kwargs={"person_id": export.person_id, "job_id": export.job_id}
    )
    assert client_as(Role.CASEWORKER).get(url).status_code == 404
    assert not ExportFile.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_type="casework.exportfile").exists()


def test_the_erase_page_counts_in_the_right_plural(world, client_as):
    appointment = cw.appointment(world)
    assert appointment.person.appointments.count() == 1
    client = client_as(Role.DATA_PROTECTION_OFFICER)

    page = client.get(reverse("casework:person_erase", args=[appointment.person.pk])).content.decode()

    assert "1 appointment," in page
    assert "1 appointments" not in page
    assert "0 documents" in page
    assert "0 referrals" in page
    assert "0 consents" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    german = client.get(reverse("casework:person_erase", args=[appointment.person.pk])).content.decode()
    assert "1 Termin," in german
    assert "0 Dokumente" in german


def test_the_officer_gets_the_pdf_from_the_list_and_deletion_is_a_separate_step(world, client_as):
    person = cw.person(world)
    client = client_as(Role.DATA_PROTECTION_OFFICER)

    page = client.get(reverse("casework:data_subject_list"), {"q": f"#{person.pk}"}).content.decode()

    pdf_form = f'action="{reverse("casework:person_export_pdf", args=[person.pk])}"'
    assert pdf_form in page
    erase_link = f'href="{reverse("casework:person_erase", args=[person.pk])}">Delete…</a>'
    assert erase_link in page
    assert "Export (PDF) or delete" not in page
