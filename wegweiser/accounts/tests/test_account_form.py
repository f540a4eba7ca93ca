"""The account form tells apart municipalities that the register names alike."""

import re

from django.urls import reverse
from django.utils import translation

from wegweiser.accounts.roles import Role
from wegweiser.territory.models import MunicipalityKind
from wegweiser.territory.tests.factories import MunicipalityFactory


def _options(html: str) -> list[str]:
    select = re.search(r'<select name="municipalities".*?</select>', html, re.S).group(0)
    return [label.strip() for label in re.findall(r"<option[^>]*>(.*?)</option>", select, re.S)]


def test_municipalities_sharing_a_name_show_their_kind_and_where_needed_the_key(world, client_as):
    samtgemeinde = MunicipalityFactory(
        district=world.district, name="Neuenkirchen", kind=MunicipalityKind.SAMTGEMEINDE, ags=None
    )
    MunicipalityFactory(district=world.district, name="Neuenkirchen", samtgemeinde=samtgemeinde, ags="03459027")
    MunicipalityFactory(district=world.district, name="Bersenbrück", kind=MunicipalityKind.SAMTGEMEINDE, ags=None)
    MunicipalityFactory(district=world.district, name="Bersenbrück, Stadt", kind=MunicipalityKind.STADT)
    # Two Gemeinden of one name and kind (as in two districts' registers) are told apart by their key.
    MunicipalityFactory(district=world.district, name="Hagen", ags="03459991")
    MunicipalityFactory(district=world.district, name="Hagen", ags="03459992")
    client = client_as(Role.DISTRICT_ADMIN)
    with translation.override("de"):
        options = _options(client.get(reverse("accounts:user_create"), HTTP_ACCEPT_LANGUAGE="de").content.decode())
    assert "Neuenkirchen (Samtgemeinde)" in options
    assert "Neuenkirchen (Gemeinde)" in options
    assert "Bersenbrück (Samtgemeinde)" in options
    assert "Bersenbrück, Stadt (Stadt)" in options
    assert "Hagen (Gemeinde), Schlüssel 03459991" in options
    assert "Hagen (Gemeinde), Schlüssel 03459992" in options
    assert len(options) == len(set(options))
