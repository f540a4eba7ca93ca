"""The permission decorators: anonymous users go to the login page, users without the permission get 403."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from wegweiser.accounts.permissions import Perm, require_any_perm
from wegweiser.accounts.roles import Role


@require_any_perm(Perm.PERSONS_VIEW, Perm.REFERRALS_RECEIVE)
def referrals_page(request):
    return HttpResponse("ok")


def _request(user):
    request = RequestFactory().get("/casework/referrals/")
    request.user = user
    return request


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.PARTNER])
def test_require_any_perm_lets_in_a_holder_of_one_of_the_permissions(world, role):
    assert referrals_page(_request(world.user(role))).content == b"ok"


def test_require_any_perm_refuses_the_others_and_sends_anonymous_users_to_log_in(world):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        referrals_page(_request(world.user(Role.DISTRICT_ADMIN)))
    response = referrals_page(_request(AnonymousUser()))
    assert response.status_code == 302
    assert "/casework/referrals/" in response["Location"]
    assert referrals_page.required_perms == (Perm.PERSONS_VIEW, Perm.REFERRALS_RECEIVE)


def test_user_can_refuses_anonymous_and_inactive_accounts_without_a_query(world, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from wegweiser.accounts.permissions import user_can

    caseworker = world.user(Role.CASEWORKER)
    with django_assert_num_queries(0):
        assert user_can(caseworker, Perm.PERSONS_VIEW)
        assert not user_can(AnonymousUser(), Perm.PERSONS_VIEW)
        assert not user_can(None, Perm.PERSONS_VIEW)
        caseworker.is_active = False
        assert not user_can(caseworker, Perm.PERSONS_VIEW)


def test_accounts_are_looked_up_only_by_those_who_manage_them(world):
    from wegweiser.accounts.selectors import users_for_user

    caseworker = world.user(Role.CASEWORKER)
    assert not users_for_user(caseworker).exists()
    assert caseworker in users_for_user(world.user(Role.DISTRICT_ADMIN))
