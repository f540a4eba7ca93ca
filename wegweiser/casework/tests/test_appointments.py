"""Appointments: booking and walk-ins, clashes refused with a clear message, the front desk's day, iCal."""

import smtplib
from datetime import date, datetime, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditAction, AuditEntry
from wegweiser.casework.models import Appointment, AppointmentStatus, Case
from wegweiser.casework.services import (
    AppointmentClash,
    ConsentMissing,
    appointment_book,
    appointment_remind,
    appointment_set_status,
    consent_record,
    consent_withdraw,
)
from wegweiser.casework.tests import world as cw
from wegweiser.casework.tests.factories import PersonFactory


def at(hour, minute=0, days=1):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def test_booking_through_the_page_with_an_interpreter(world, client_as):
    person = cw.person(world)
    location = cw.location(world)
    client = client_as(Role.CASEWORKER)
    day = at(10).date()
    response = client.post(
        reverse("casework:appointment_create", kwargs={"person_id": person.pk}),
        {
            "caseworker": world.user(Role.CASEWORKER).pk,
            "location": location.pk,
            "day": day.isoformat(),
            "start": "10:00",
            "minutes": "45",
            "kind": "booked",
            "topic": "Anerkennung",
            "interpreter_language": "uk",
        },
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=45)
    assert appointment.interpreter_language == "uk"


def test_a_clash_for_the_caseworker_is_refused_with_a_clear_message(world, client_as):
    caseworker = world.user(Role.CASEWORKER)
    location = cw.location(world)
    appointment_book(
        actor=None, person=cw.person(world), caseworker=caseworker, location=location, starts_at=at(10), ends_at=at(11)
    )
    other = PersonFactory(municipality=world.municipality)
    response = client_as(Role.CASEWORKER).post(
        reverse("casework:appointment_create", kwargs={"person_id": other.pk}),
        {
            "caseworker": caseworker.pk,
            "location": location.pk,
            "day": at(10).date().isoformat(),
            "start": "10:30",
            "minutes": "30",
            "kind": "booked",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f"already has an appointment on {at(10):%m/%d/%Y} from 10 a.m. to 11 a.m." in body
    assert Appointment.objects.count() == 1


def test_a_clash_for_the_person_is_refused_but_back_to_back_and_cancelled_are_fine(world):
    person = cw.person(world)
    location = cw.location(world)
    first = appointment_book(
        actor=None,
        person=person,
        caseworker=world.user(Role.CASEWORKER),
        location=location,
        starts_at=at(9),
        ends_at=at(10),
    )
    with pytest.raises(AppointmentClash, match="This person already has an appointment"):
        appointment_book(
            actor=None,
            person=person,
            caseworker=world.user(Role.MUNICIPAL_MANAGER),
            location=location,
            starts_at=at(9, 30),
        )
    appointment_book(
        actor=None,
        person=person,
        caseworker=world.user(Role.MUNICIPAL_MANAGER),
        location=location,
        starts_at=at(10),
        ends_at=at(10, 30),
    )
    appointment_set_status(actor=None, appointment=first, status=AppointmentStatus.CANCELLED)
    appointment_book(
        actor=None,
        person=person,
        caseworker=world.user(Role.MUNICIPAL_MANAGER),
        location=location,
        starts_at=at(9),
        ends_at=at(9, 30),
    )
    assert Appointment.objects.count() == 3


def test_the_front_desk_day_lists_appointments_and_interpreter_needs(world, client_as, django_assert_max_num_queries):
    location = cw.location(world)
    caseworker = world.user(Role.CASEWORKER)
    for hour in range(8, 16):
        appointment_book(
            actor=None,
            person=PersonFactory(municipality=world.municipality),
            caseworker=caseworker,
            location=location,
            starts_at=at(hour, days=0),
            interpreter_language="ar" if hour % 2 else "",
            kind="walk_in" if hour == 8 else "booked",
        )
    client = client_as(Role.CASEWORKER)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("casework:appointment_day"))
    body = response.content.decode()
    assert len(response.context["appointments"]) == 8
    assert "Interpreters needed today" in body
    assert "walk-in" in body


def test_the_day_view_of_a_municipal_manager_leaves_out_other_municipalities(world, client_as):
    cw.appointment(world)
    cw.appointment(world, foreign=True)
    response = client_as(Role.MUNICIPAL_MANAGER).get(
        reverse("casework:appointment_day"),
        {"day": timezone.localtime(cw.appointment(world).starts_at).date().isoformat()},
    )
    assert [a.person for a in response.context["appointments"]] == [cw.person(world)]


def test_ical_export_carries_no_names(world, client_as):
    appointment = cw.appointment(world)
    cw.appointment(world, foreign=True)
    response = client_as(Role.CASEWORKER).get(reverse("casework:appointment_ical"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [component for component in calendar.walk("VEVENT")]
    assert len(events) == 2  # both world appointments belong to the caseworker
    texts = response.content.decode()
    assert "Shevchenko" not in texts
    assert f"#{appointment.person_id}" in texts
    assert "Interpreter needed" in texts


def test_an_email_reminder_needs_the_persons_consent_to_contact_by_email(
    world, client_as, mailoutbox, django_capture_on_commit_callbacks
):
    appointment = cw.appointment(world)
    person = appointment.person
    person.email = "o.shevchenko@example.org"
    person.save()
    client = client_as(Role.CASEWORKER)
    url = reverse("casework:appointment_remind", kwargs={"appointment_id": appointment.pk})
    response = client.post(url, follow=True)
    assert "has not agreed to be contacted by email" in response.content.decode()
    assert mailoutbox == []
    consent = consent_record(
        actor=None, person=person, purpose="contact_email", given_on=timezone.localdate(), form="oral", language="uk"
    )
    day = client.get(
        reverse("casework:appointment_day"), {"day": timezone.localtime(appointment.starts_at).date().isoformat()}
    )
    assert "Remind by email" in day.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert [mail.to for mail in mailoutbox] == [["o.shevchenko@example.org"]]
    assert "Melle Rathaus" in mailoutbox[0].body
    consent_withdraw(actor=None, consent=consent)
    with pytest.raises(ConsentMissing):
        appointment_remind(actor=None, appointment=appointment)


def test_a_walk_in_starts_now(world, client_as):
    person = cw.person(world)
    cw.location(world)
    response = client_as(Role.CASEWORKER).get(
        reverse("casework:appointment_create", kwargs={"person_id": person.pk}), {"kind": "walk_in"}
    )
    form = response.context["form"]
    assert form.initial["kind"] == "walk_in"
    assert form.initial["day"] == timezone.localdate()


def _reminder_ready(world, *, language):
    appointment = cw.appointment(world)
    person = appointment.person
    person.email, person.preferred_language = "o.shevchenko@example.org", language
    person.save()
    consent_record(
        actor=None, person=person, purpose="contact_email", given_on=timezone.localdate(), form="oral", language="uk"
    )
    starts_at = datetime(2030, 3, 5, 14, 30, tzinfo=timezone.get_current_timezone())
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))
    return reverse("casework:appointment_remind", kwargs={"appointment_id": appointment.pk})


@pytest.mark.parametrize(
    ("language", "subject", "body"),
    [
        ("uk", "Ihr Termin im Migrationszentrum am 05.03.2030", "Wir erwarten Sie am 05.03.2030 um 14:30"),
        ("en", "Your appointment at the Migrationszentrum on 03/05/2030", "on 03/05/2030 at 2:30 p.m."),
    ],
)
def test_a_reminder_is_written_in_the_persons_language_or_german(
    world, client_as, mailoutbox, django_capture_on_commit_callbacks, language, subject, body
):
    """Ukrainian has no complete catalogue yet: German, not the staff member's English, is the fallback."""
    url = _reminder_ready(world, language=language)
    client = client_as(Role.CASEWORKER)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, HTTP_ACCEPT_LANGUAGE="de" if language == "en" else "en")
    assert mailoutbox[0].subject == subject
    assert body in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_refuses_the_reminder_is_reported_and_recorded(world, client_as):
    """Committed for real, as in production: the mail goes out after the commit, before the page answers."""
    url = _reminder_ready(world, language="uk")
    client = client_as(Role.CASEWORKER)
    with mock.patch(
        "wegweiser.casework.services.appointments.send_mail", side_effect=smtplib.SMTPServerDisconnected("gone")
    ):
        response = client.post(url)
    assert response.status_code == 302
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert messages == ["The mail server did not accept the reminder. Please try again later."]
    assert list(
        AuditEntry.objects.filter(action=AuditAction.SHARE, object_type="casework.appointment")
        .order_by("id")
        .values_list("summary", flat=True)
    ) == ["reminder by email", "reminder by email not sent: the mail server refused it"]


def test_dates_follow_the_language_of_the_page(world, client_as):
    """English pages show English dates, German pages German ones: in templates and in service messages."""
    case = cw.case(world)
    Case.objects.filter(pk=case.pk).update(opened_on=date(2030, 3, 5))
    caseworker, location = world.user(Role.CASEWORKER), cw.location(world)
    appointment_book(
        actor=None, person=cw.person(world), caseworker=caseworker, location=location, starts_at=at(14, 30)
    )
    client = client_as(Role.CASEWORKER)
    url = reverse("casework:case_detail", kwargs={"case_id": case.pk})
    assert "opened on 03/05/2030" in client.get(url).content.decode()
    assert "eröffnet am 05.03.2030" in client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    with translation.override("de"), pytest.raises(AppointmentClash, match=f"am {at(14):%d.%m.%Y} von 14:30 bis 15:00"):
        appointment_book(
            actor=None, person=cw.person(world), caseworker=caseworker, location=location, starts_at=at(14, 45)
        )


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "9999-12-31"])
def test_an_appointment_outside_the_working_years_is_refused_on_the_page_and_in_the_api(world, client_as, day):
    """Booked on 01.01.0001, PostgreSQL stored a timestamp before year 1 that broke the person's pages for good."""
    person = cw.person(world)
    location = cw.location(world)
    client = client_as(Role.CASEWORKER)
    response = client.post(
        reverse("casework:appointment_create", kwargs={"person_id": person.pk}),
        {
            "caseworker": world.user(Role.CASEWORKER).pk,
            "location": location.pk,
            "day": day,
            "start": "10:00",
            "minutes": "30",
            "kind": "booked",
        },
    )
    assert response.status_code == 200
    assert "An appointment must lie between the years 2000 and" in response.content.decode()
    api = client.post(
        reverse("api:casework_appointments"),
        {
            "person_id": person.pk,
            "caseworker_id": world.user(Role.CASEWORKER).pk,
            "location_id": location.pk,
            "starts_at": f"{day}T10:00:00+01:00",
        },
        content_type="application/json",
    )
    assert api.status_code == 422
    assert not Appointment.objects.exists()
    assert client.get(reverse("casework:person_detail", kwargs={"person_id": person.pk})).status_code == 200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_day_view_at_the_ends_of_the_calendar_answers_with_today(world, client_as, day):
    response = client_as(Role.CASEWORKER).get(reverse("casework:appointment_day"), {"day": day})
    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()
