"""The demo district's directory: realistic entries, a migrant organisation with its own account, loaded once."""

import io

import pytest

from wegweiser.accounts.demo import load_demo as load_accounts
from wegweiser.accounts.models import User
from wegweiser.network.demo import DEMO_ORGANISATIONS, DEMO_VOLUNTEERS, load_demo
from wegweiser.network.models import Organisation, OrganisationKind, Volunteer
from wegweiser.network.selectors import public_organisations
from wegweiser.territory.demo import load_demo as load_territory

pytestmark = pytest.mark.django_db


def test_the_demo_directory_loads_once_with_languages_and_places():
    out = io.StringIO()
    load_territory(out=out)
    load_demo(out=out)
    load_demo(out=out)
    load_accounts(out=out)
    assert Organisation.objects.count() == len(DEMO_ORGANISATIONS)
    entries = {entry.name: entry for entry in public_organisations()}
    verein = entries["Ukrainischer Verein Osnabrücker Land"]
    assert "uk" in verein.languages
    assert verein.municipalities_served
    assert [e.name for e in public_organisations(language="uk", kind=OrganisationKind.MIGRANT_ORGANISATION)] == [
        "Ukrainischer Verein Osnabrücker Land"
    ]
    assert Volunteer.objects.count() == len(DEMO_VOLUNTEERS)
    elena = Volunteer.objects.get(last_name="Wagner").roles.get()
    assert elena.police_certificate_on.year == 2021  # runs out in December 2026: the reminder has work to do
    assert User.objects.get(username="verein").organisation.name == "Ukrainischer Verein Osnabrücker Land"
