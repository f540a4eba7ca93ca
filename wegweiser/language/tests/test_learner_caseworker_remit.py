import pytest

from wegweiser.accounts.roles import Role
from wegweiser.language import services
from wegweiser.language.tests.factories import LearnerFactory
from wegweiser.territory.remit import OutsideRemit


def test_a_learner_is_not_given_to_a_caseworker_whose_remit_does_not_cover_where_they_live(world):
    manager = world.user(Role.MUNICIPAL_MANAGER)  # works in Melle only
    learner = LearnerFactory(home_municipality=world.other_municipality)

    with pytest.raises(OutsideRemit):
        services.learner_update(actor=world.user(Role.INTEGRATION_OFFICE), learner=learner, caseworker=manager)

    learner.refresh_from_db()
    assert learner.caseworker is None


def test_the_same_manager_may_follow_a_learner_in_their_own_municipality(world):
    manager = world.user(Role.MUNICIPAL_MANAGER)
    learner = LearnerFactory(home_municipality=world.municipality)

    services.learner_update(actor=world.user(Role.INTEGRATION_OFFICE), learner=learner, caseworker=manager)

    learner.refresh_from_db()
    assert learner.caseworker == manager


def test_moving_a_learner_out_of_their_caseworkers_remit_is_refused(world):
    manager = world.user(Role.MUNICIPAL_MANAGER)
    learner = LearnerFactory(home_municipality=world.municipality, caseworker=manager)

    with pytest.raises(OutsideRemit):
        services.learner_update(
            actor=world.user(Role.INTEGRATION_OFFICE), learner=learner, home_municipality=world.other_municipality
        )
