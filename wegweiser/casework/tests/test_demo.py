"""The demo district's Migrationszentrum loads realistic data once and only tops up the coming days."""

import io

from wegweiser.accounts.roles import Role
from wegweiser.casework import demo
from wegweiser.casework.models import Appointment, Case, FamilyLink, Person, Referral, ShortageOccupation
from wegweiser.casework.selectors import person_search_for_user
from wegweiser.casework.tests.factories import LocationFactory


def test_demo_loads_once_with_households_cases_and_referrals(world, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_PERSONS", 400)
    monkeypatch.setattr(demo, "LOCATIONS", [("Sprechstunde Melle", "Melle", "Markt 1")])
    out = io.StringIO()
    demo.load_demo(out=out)
    assert Person.objects.count() == 400
    assert Case.objects.exists()
    assert FamilyLink.objects.exists()
    assert ShortageOccupation.objects.count() == len(demo.SHORTAGE_OCCUPATIONS)
    assert Appointment.objects.exists()
    assert Person.objects.exclude(given_names_original="").exists()  # names in their scripts
    assert (
        Referral.objects.count()
        == Referral.objects.filter(person__consents__organisation=models_f("organisation")).distinct().count()
    )
    counts = (Person.objects.count(), Case.objects.count(), Appointment.objects.count())
    demo.load_demo(out=io.StringIO())
    assert (Person.objects.count(), Case.objects.count(), Appointment.objects.count()) == counts
    # The demo persons are found by their names.
    someone = Person.objects.exclude(given_names_original="").first()
    found = person_search_for_user(
        world.user(Role.CASEWORKER), f"{someone.given_names_original} {someone.family_names_original}"
    )
    assert someone in [m.person for m in found]


def models_f(name):
    from django.db.models import F

    return F(name)


def test_demo_without_a_caseworker_account_adds_no_persons(db):
    LocationFactory()
    out = io.StringIO()
    demo.load_demo(out=out)
    assert not Person.objects.exists()
    assert "no caseworker account" in out.getvalue()
