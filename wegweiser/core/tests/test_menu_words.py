"""The German menu names no two entries alike: "Vermittlungen" (referrals) beside "Vermittlung" (placement)
sent people to the wrong page."""

import re

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role


def _menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return [label.strip() for label in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)]


@pytest.mark.parametrize("role", [role for role, _ in Role.choices])
def test_no_two_menu_entries_share_a_word_stem_in_german(world, client_as, role):
    client = client_as(role)
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="de", follow=True)
    labels = _menu(response.content.decode())
    assert labels, role
    stems = [label.split()[0][:8].lower() for label in labels]
    assert len(stems) == len(set(stems)), labels


def test_referrals_and_placement_have_their_own_names(world, client_as):
    client = client_as(Role.CASEWORKER)
    labels = _menu(client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="de", follow=True).content.decode())
    assert "Weiterleitungen" in labels
    assert "Vermittlung" in labels
