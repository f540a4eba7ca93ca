"""Empty choices read one way on every casework form, never Django's "---------" beside "– none –"."""

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.casework.tests import world as cw


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("casework:person_create"),
        lambda w: reverse("casework:person_edit", args=[cw.person(w).pk]),
        lambda w: reverse("casework:case_edit", args=[cw.case(w).pk]),
        lambda w: reverse("casework:case_detail", args=[cw.case(w).pk]),
        lambda w: reverse("casework:appointment_create", args=[cw.person(w).pk]),
    ],
)
def test_no_form_shows_djangos_dashes(world, client_as, url):
    body = client_as(Role.CASEWORKER).get(url(world)).content.decode()
    assert "<select" in body
    assert "---------" not in body
