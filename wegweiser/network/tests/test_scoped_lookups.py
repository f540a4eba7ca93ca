"""Organisations are looked up through organisations_for_user, never by bare id."""

import pytest
from django.urls import reverse

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.accounts.roles import Role
from wegweiser.network import services
from wegweiser.network.selectors import organisations_for_user


@pytest.fixture
def organisation(world):
    return services.organisation_create(actor=world.user(Role.INTEGRATION_OFFICE), name="Tafel Melle", kind="club")


def test_a_user_without_the_permission_reaches_no_organisation(world, organisation):
    outsider = next(
        world.user(role) for role in Role.values if not user_can(world.user(role), Perm.ORGANISATIONS_MANAGE)
    )
    assert not organisations_for_user(outsider, perm=Perm.ORGANISATIONS_MANAGE).filter(pk=organisation.pk).exists()
    manager = next(world.user(role) for role in Role.values if user_can(world.user(role), Perm.ORGANISATIONS_MANAGE))
    assert organisations_for_user(manager, perm=Perm.ORGANISATIONS_MANAGE).filter(pk=organisation.pk).exists()


def test_editing_an_organisation_without_the_right_is_refused(world, client, organisation):
    outsider = next(
        world.user(role) for role in Role.values if not user_can(world.user(role), Perm.ORGANISATIONS_MANAGE)
    )
    client.force_login(outsider)
    response = client.get(reverse("network:organisation_edit", args=[organisation.pk]))
    assert response.status_code in (403, 404)
