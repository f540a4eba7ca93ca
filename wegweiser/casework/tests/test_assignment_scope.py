"""Work on a person goes only to staff whose remit covers the person, and a municipal manager's lists name only
people in their remit: a page never shows someone whose record would answer 404."""

import json
import random
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.accounts.selectors import staff_covering
from wegweiser.accounts.tests.factories import UserFactory
from wegweiser.casework.demo import _appointments_for_coming_days
from wegweiser.casework.models import Appointment, Case, CaseStatus, CaseTask
from wegweiser.casework.services import appointment_book, case_open, case_update, task_add
from wegweiser.casework.tests import world as cw
from wegweiser.casework.tests.factories import AppointmentFactory, CaseFactory, PersonFactory
from wegweiser.territory.remit import OutsideRemit, remit_for_user
from wegweiser.territory.tests.factories import MunicipalityFactory


def tomorrow_at(hour):
    day = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def outsider(world):
    """A person in the municipality outside the municipal manager's remit."""
    return PersonFactory(municipality=world.other_municipality, given_names="Fremd", family_names="Außerhalb")


def test_the_service_refuses_an_appointment_with_staff_whose_remit_misses_the_person(world, outsider):
    manager = world.user(Role.MUNICIPAL_MANAGER)
    with pytest.raises(OutsideRemit, match="does not work in this person's municipality"):
        appointment_book(
            actor=world.user(Role.CASEWORKER),
            person=outsider,
            caseworker=manager,
            location=cw.location(world),
            starts_at=tomorrow_at(10),
        )
    assert not Appointment.objects.exists()
    # The rule is the remit's, so a person in the manager's own municipality can be given to them.
    appointment_book(
        actor=world.user(Role.CASEWORKER),
        person=cw.person(world),
        caseworker=manager,
        location=cw.location(world),
        starts_at=tomorrow_at(10),
    )
    assert Appointment.objects.get().caseworker == manager


def test_cases_and_tasks_are_refused_for_staff_outside_the_persons_remit(world, outsider):
    manager = world.user(Role.MUNICIPAL_MANAGER)
    caseworker = world.user(Role.CASEWORKER)
    with pytest.raises(OutsideRemit):
        case_open(actor=caseworker, person=outsider, caseworker=manager)
    case = case_open(actor=caseworker, person=outsider, caseworker=caseworker)
    with pytest.raises(OutsideRemit):
        case_update(actor=caseworker, case=case, expected_version=case.version, caseworker=manager)
    with pytest.raises(OutsideRemit):
        task_add(actor=caseworker, case=case, title="Wohnung", owner=manager)
    case.refresh_from_db()
    assert case.caseworker == caseworker
    assert not CaseTask.objects.exists()


def test_a_samtgemeinde_manager_covers_its_member_municipalities(world):
    samtgemeinde = MunicipalityFactory(district=world.district, name="Artland", kind="samtgemeinde")
    member = MunicipalityFactory(district=world.district, name="Badbergen", samtgemeinde=samtgemeinde)
    manager = UserFactory(username="artland", role=Role.MUNICIPAL_MANAGER, municipalities=[samtgemeinde])
    person = PersonFactory(municipality=member)
    case = case_open(actor=None, person=person, caseworker=manager)
    assert case.caseworker == manager
    # The form's list and the service's rule agree, for every staff member and both municipalities.
    for municipality in (member, samtgemeinde, world.other_municipality):
        offered = set(staff_covering(type(manager).objects.all(), municipality))
        allowed = {user for user in type(manager).objects.all() if remit_for_user(user).includes(municipality.pk)}
        assert offered == allowed


def test_the_booking_page_offers_and_accepts_only_staff_covering_the_person(world, client_as, outsider):
    manager = world.user(Role.MUNICIPAL_MANAGER)
    manager.first_name, manager.last_name = "Mara", "Kommunal"
    manager.save()
    client = client_as(Role.CASEWORKER)
    url = reverse("casework:appointment_create", kwargs={"person_id": outsider.pk})
    assert "Mara Kommunal" not in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "caseworker": manager.pk,
            "location": cw.location(world).pk,
            "day": tomorrow_at(10).date().isoformat(),
            "start": "10:00",
            "minutes": "30",
            "kind": "booked",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Appointment.objects.exists()
    # For a person in the manager's municipality the manager is offered, by name.
    own = reverse("casework:appointment_create", kwargs={"person_id": cw.person(world).pk})
    assert "Mara Kommunal" in client.get(own).content.decode()


def test_the_api_answers_403_for_an_appointment_with_staff_outside_the_remit(world, client_as, outsider):
    start = tomorrow_at(10)
    payload = {
        "person_id": outsider.pk,
        "caseworker_id": world.user(Role.MUNICIPAL_MANAGER).pk,
        "location_id": cw.location(world).pk,
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(minutes=30)).isoformat(),
    }
    response = client_as(Role.CASEWORKER).post(
        reverse("api:casework_appointments"), json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 403
    assert "does not work in this person's municipality" in response.json()["detail"]
    assert not Appointment.objects.exists()


def test_a_municipal_managers_home_and_day_list_leave_out_people_outside_the_remit(world, client_as, outsider):
    """An appointment from before the rule (or a person who moved away) stays off the manager's pages."""
    manager = world.user(Role.MUNICIPAL_MANAGER)
    now = timezone.localtime()
    starts = now.replace(hour=23, minute=0, second=0, microsecond=0)
    AppointmentFactory(
        person=outsider,
        caseworker=manager,
        location=cw.location(world),
        starts_at=starts,
        ends_at=starts + timedelta(minutes=30),
        topic="Geheim",
    )
    inside = PersonFactory(municipality=world.municipality, given_names="Innen", family_names="Drin")
    AppointmentFactory(
        person=inside,
        caseworker=manager,
        location=cw.location(world),
        starts_at=starts - timedelta(hours=1),
        ends_at=starts - timedelta(minutes=30),
        topic="Wohnung",
    )
    client = client_as(Role.MUNICIPAL_MANAGER)
    for url in (reverse("casework:home"), reverse("casework:appointment_day")):
        body = client.get(url).content.decode()
        assert "Drin" in body, url
        assert "Außerhalb" not in body, url
        assert "Geheim" not in body, url


def test_the_demo_gives_no_one_appointments_outside_their_remit(world):
    manager = world.user(Role.MUNICIPAL_MANAGER)
    for municipality in (world.municipality, world.other_municipality):
        for _ in range(6):
            CaseFactory(person=PersonFactory(municipality=municipality), status=CaseStatus.OPEN)
    created = _appointments_for_coming_days(random.Random(1), [manager], [cw.location(world)])
    assert created > 0
    municipalities = set(Appointment.objects.values_list("person__municipality", flat=True))
    assert municipalities == {world.municipality.pk}
    assert Case.objects.count() == 12
