"""Volunteers: profiles in the coordinator's remit, the police certificate rule with its reminder, hours, export
and erasure, every read and write audited."""

import datetime
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditEntry
from wegweiser.network import services
from wegweiser.network.certificates import role_is_blocked
from wegweiser.network.models import Availability, HoursLog, Volunteer, VolunteerRole


def _freeze(monkeypatch, day: datetime.date):
    moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def iryna(world):
    return services.volunteer_create(
        actor=world.user(Role.INTEGRATION_OFFICE),
        first_name="Iryna",
        last_name="Bondar",
        email="iryna@example.org",
        municipality=world.municipality,
        languages=["uk", "ru"],
        consent_to_contact=True,
    )


def test_a_coordinator_adds_a_volunteer_through_the_page(world, client):
    client.force_login(world.user(Role.MUNICIPAL_MANAGER))
    response = client.post(
        reverse("network:volunteer_create"),
        {
            "first_name": "Mariam",
            "last_name": "Haddad",
            "municipality": world.municipality.pk,
            "municipalities": [world.municipality.pk, world.other_municipality.pk],
            "travel_km": 15,
            "languages": ["ar", "de"],
            "skills": "Begleitung zum Jobcenter",
            "consent_to_contact": "on",
        },
    )
    volunteer = Volunteer.objects.get(last_name="Haddad")
    assert response["Location"] == reverse("network:volunteer_detail", args=[volunteer.pk])
    assert volunteer.language_codes == ["ar", "de"]
    assert volunteer.travel_km == 15
    assert volunteer.consent_to_contact is True
    assert AuditEntry.objects.filter(object_id=str(volunteer.pk), action="create").exists()


def test_a_municipal_manager_sees_only_volunteers_of_their_municipalities(world, client, iryna):
    far = services.volunteer_create(
        actor=None, first_name="Oleh", last_name="Shevchenko", municipality=world.other_municipality
    )
    client.force_login(world.user(Role.MUNICIPAL_MANAGER))
    names = [v.last_name for v in client.get(reverse("network:volunteer_list")).context["page"].object_list]
    assert names == ["Bondar"]
    assert client.get(reverse("network:volunteer_detail", args=[far.pk])).status_code == 404
    refused = client.post(
        reverse("network:volunteer_create"),
        {"first_name": "X", "last_name": "Y", "municipality": world.other_municipality.pk, "travel_km": 1},
    )
    assert refused.status_code == 200  # the form offers only the remit
    assert not Volunteer.objects.filter(last_name="Y").exists()


def test_opening_a_volunteer_is_audited_as_a_read(world, client, iryna):
    client.force_login(world.user(Role.INTEGRATION_OFFICE))
    client.get(reverse("network:volunteer_detail", args=[iryna.pk]))
    assert AuditEntry.objects.filter(object_id=str(iryna.pk), action="read").count() == 1


def test_a_role_with_children_is_blocked_without_a_certificate_and_after_it_runs_out(world, iryna):
    actor = world.user(Role.INTEGRATION_OFFICE)
    interpreter = services.volunteer_role_set(actor=actor, volunteer=iryna, kind="interpreter")
    assert not role_is_blocked(interpreter)  # no children, no certificate needed
    homework = services.volunteer_role_set(actor=actor, volunteer=iryna, kind="homework_help")
    assert role_is_blocked(homework)
    homework = services.volunteer_role_set(
        actor=actor, volunteer=iryna, kind="homework_help", police_certificate_on=datetime.date(2022, 3, 1)
    )
    assert not role_is_blocked(homework, datetime.date(2027, 2, 28))
    assert role_is_blocked(homework, datetime.date(2027, 3, 1))


def test_the_page_shows_a_blocked_role(world, client, iryna, monkeypatch):
    services.volunteer_role_set(
        actor=None, volunteer=iryna, kind="mentor", police_certificate_on=datetime.date(2021, 1, 10)
    )
    _freeze(monkeypatch, datetime.date(2026, 12, 3))
    client.force_login(world.user(Role.INTEGRATION_OFFICE))
    page = client.get(reverse("network:volunteer_detail", args=[iryna.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "blocked: no current extended police certificate" in page.content.decode()


def test_the_reminder_goes_out_once_before_the_certificate_runs_out(world, iryna, monkeypatch, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.volunteer_role_set(
        actor=None, volunteer=iryna, kind="homework_help", police_certificate_on=datetime.date(2022, 1, 31)
    )
    _freeze(monkeypatch, datetime.date(2026, 12, 1))  # 61 days before 31 January 2027: too early
    assert services.certificate_reminders_send_by_the_worker() == 0
    _freeze(monkeypatch, datetime.date(2026, 12, 22))  # 40 days before
    assert services.certificate_reminders_send_by_the_worker() == 1
    assert mail.outbox[0].to == ["iryna@example.org"]
    assert "2027" in mail.outbox[0].body
    _freeze(monkeypatch, datetime.date(2026, 12, 23))
    assert services.certificate_reminders_send_by_the_worker() == 0  # once per certificate
    role = VolunteerRole.objects.get(volunteer=iryna, kind="homework_help")
    assert role.reminded_for == datetime.date(2027, 1, 31)
    _freeze(monkeypatch, datetime.date(2027, 1, 31))
    assert role_is_blocked(role)
    services.volunteer_role_set(
        actor=None, volunteer=iryna, kind="homework_help", police_certificate_on=datetime.date(2027, 1, 20)
    )
    role.refresh_from_db()
    assert not role_is_blocked(role)
    assert role.reminded_for is None  # the new certificate gets its own reminder


def test_the_coordinator_logs_hours_and_time_slots(world, client, iryna):
    client.force_login(world.user(Role.MUNICIPAL_MANAGER))
    client.post(reverse("network:hours_add", args=[iryna.pk]), {"role": "mentor", "day": "2026-11-02", "minutes": 90})
    client.post(
        reverse("network:availability_add", args=[iryna.pk]), {"weekday": 2, "starts_at": "15:00", "ends_at": "17:00"}
    )
    client.post(
        reverse("network:availability_add", args=[iryna.pk]), {"weekday": 3, "starts_at": "17:00", "ends_at": "15:00"}
    )
    assert HoursLog.objects.get(volunteer=iryna).minutes == 90
    assert [(s.weekday, s.starts_at.hour) for s in Availability.objects.filter(volunteer=iryna)] == [(2, 15)]
    page = client.get(reverse("network:volunteer_detail", args=[iryna.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "90 minutes given in all" in page.content.decode()


def test_the_export_holds_everything_and_the_erasure_leaves_only_ids(world, client, iryna):
    actor = world.user(Role.INTEGRATION_OFFICE)
    services.volunteer_role_set(actor=actor, volunteer=iryna, kind="interpreter")
    services.hours_log(actor=actor, volunteer=iryna, role="interpreter", day=datetime.date(2026, 11, 5), minutes=30)
    client.force_login(actor)
    export = json.loads(client.get(reverse("network:volunteer_export", args=[iryna.pk])).content)
    assert export["volunteer"]["last_name"] == "Bondar"
    assert export["volunteer"]["languages"] == ["ru", "uk"]
    assert export["roles"] == [{"role": "interpreter", "police_certificate_on": None}]
    assert export["hours"][0]["minutes"] == 30
    assert AuditEntry.objects.filter(object_id=str(iryna.pk), action="export").exists()

    client.post(reverse("network:volunteer_erase", args=[iryna.pk]))
    assert not Volunteer.objects.exists()
    assert not HoursLog.objects.exists()
    assert not VolunteerRole.objects.exists()
    deletions = AuditEntry.objects.filter(action="delete", purpose=services.PURPOSE_VOLUNTEERS)
    assert deletions.count() >= 5
    assert not AuditEntry.objects.filter(summary__icontains="Bondar").exists()
