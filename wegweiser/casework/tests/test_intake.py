"""Intake is one service for the page and the API: remit first, then the duplicate check, one redaction."""

from unittest import mock

import pytest

from wegweiser.accounts.roles import Role
from wegweiser.casework import selectors, services
from wegweiser.casework.models import Person
from wegweiser.casework.tests import world as cw
from wegweiser.core.partial_dates import PartialDate
from wegweiser.territory.remit import OutsideRemit


def _intake(world, actor_role, **extra):
    return services.person_intake(
        actor=world.user(actor_role),
        given_names="Fatima",
        family_names="Al-Khatib",
        birth_date=PartialDate(1990),
        municipality=world.municipality,
        **extra,
    )


def test_a_likely_duplicate_stops_intake_until_confirmed(world):
    existing = cw.person(world, foreign=True)
    before = Person.objects.count()
    result = _intake(world, Role.CASEWORKER)
    assert result.person is None
    assert existing.pk in [m.person.pk for m in result.candidates]
    assert Person.objects.count() == before
    confirmed = _intake(world, Role.CASEWORKER, confirm_new=True)
    assert confirmed.person is not None
    assert Person.objects.count() == before + 1


def test_candidates_outside_the_remit_keep_only_their_record_number(world):
    foreign = cw.person(world, foreign=True)
    result = _intake(world, Role.MUNICIPAL_MANAGER)
    (candidate,) = [m for m in result.candidates if m.person.pk == foreign.pk]
    assert not candidate.visible
    assert candidate.person.given_names == candidate.person.family_names == ""
    # A caseworker works district-wide and sees the same candidate in full.
    (full,) = [m for m in _intake(world, Role.CASEWORKER).candidates if m.person.pk == foreign.pk]
    assert full.visible
    assert full.person.family_names


def test_outside_the_remit_intake_is_refused_before_any_candidate_is_looked_up(world):
    cw.person(world, foreign=True)
    manager = world.user(Role.MUNICIPAL_MANAGER)
    looked_up = mock.patch.object(selectors, "person_duplicate_candidates", side_effect=AssertionError)
    with pytest.raises(OutsideRemit), looked_up:
        services.person_intake(
            actor=manager,
            given_names="Fatima",
            family_names="Al-Khatib",
            municipality=world.other_municipality,
        )
