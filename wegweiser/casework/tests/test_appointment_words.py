"""What the appointment pages say: the day page names its day, the form proposes a time within opening hours,
the person's page shows the interpreter of each appointment."""

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.casework.tests import world as cw
from wegweiser.casework.tests.factories import AppointmentFactory
from wegweiser.casework.views.appointments import _proposed_start


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_the_day_page_says_today_only_for_today(world, client_as):
    tomorrow = timezone.localdate() + timedelta(days=1)
    AppointmentFactory(
        person=cw.person(world),
        caseworker=world.user(Role.CASEWORKER),
        location=cw.location(world),
        starts_at=_aware(tomorrow, 10),
        ends_at=_aware(tomorrow, 10, 30),
        interpreter_language="uk",
    )
    body = (
        client_as(Role.CASEWORKER)
        .get(reverse("casework:appointment_day"), {"day": tomorrow.isoformat()})
        .content.decode()
    )
    assert "Interpreters needed today" not in body
    assert f"Interpreters needed on {tomorrow:%m/%d/%Y}: Ukrainian" in body


def test_the_form_proposes_a_start_within_opening_hours():
    day = date(2026, 12, 2)
    assert _proposed_start(_aware(day, 9, 20)) == {"day": day, "start": time(10)}
    assert _proposed_start(_aware(day, 6, 10)) == {"day": day, "start": time(8)}
    assert _proposed_start(_aware(day, 17, 5)) == {"day": day + timedelta(days=1), "start": time(8)}
    assert _proposed_start(_aware(day, 23, 30)) == {"day": day + timedelta(days=1), "start": time(8)}


def test_the_persons_page_shows_the_interpreter_of_an_appointment(world, client_as):
    person = cw.person(world)
    AppointmentFactory(
        person=person, caseworker=world.user(Role.CASEWORKER), location=cw.location(world), interpreter_language="uk"
    )
    body = client_as(Role.CASEWORKER).get(reverse("casework:person_detail", args=[person.pk])).content.decode()
    assert "Interpreter: Ukrainian" in body
