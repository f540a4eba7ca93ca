"""Shortage occupations are looked up through shortage_occupations_for_user, never by bare id."""

from django.urls import reverse

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.accounts.roles import Role
from wegweiser.casework import selectors, services


def _users(world):
    users = [world.user(role) for role in Role.values]
    return (
        next(u for u in users if not user_can(u, Perm.SHORTAGE_OCCUPATIONS_MANAGE)),
        next(u for u in users if user_can(u, Perm.SHORTAGE_OCCUPATIONS_MANAGE)),
    )


def test_a_user_without_the_right_reaches_no_shortage_occupation(world, client):
    outsider, manager = _users(world)
    occupation = services.shortage_occupation_save(actor=manager, title="Berufskraftfahrer")
    assert not selectors.shortage_occupations_for_user(outsider).filter(pk=occupation.pk).exists()
    assert selectors.shortage_occupations_for_user(manager).filter(pk=occupation.pk).exists()
    client.force_login(outsider)
    response = client.get(reverse("casework:shortage_edit", args=[occupation.pk]))
    assert response.status_code in (403, 404)
