import re

from django.conf import settings
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.casework.tests import world as cw
from wegweiser.casework.tests.factories import PersonFactory


def _groups(page: str) -> dict[str, list[str]]:
    select = re.search(r'<select name="interpreter_language".*?</select>', page, re.S).group(0)
    return {
        label: re.findall(r'<option value="([^"]+)"', body)
        for label, body in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    }


def test_the_languages_the_district_needs_come_first_then_all_the_others(world, client_as):
    person = cw.person(world)  # prefers Ukrainian
    for language in ["ar", "ar", "apc", "uk", "uk", "uk", "de"]:
        PersonFactory(municipality=person.municipality, preferred_language=language)
    client = client_as(Role.CASEWORKER)

    page = client.get(reverse("casework:appointment_create", args=[person.pk])).content.decode()

    groups = _groups(page)
    assert groups["Needed most here"] == ["uk", "ar", "apc"], "most frequent first, German needs no interpreter"
    assert len(groups["All languages"]) > 180
    assert "uk" in groups["All languages"]


def test_language_names_are_in_the_readers_language_including_our_own_additions(world, client_as):
    person = cw.person(world)
    PersonFactory(municipality=person.municipality, preferred_language="apc")
    client = client_as(Role.CASEWORKER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    page = client.get(reverse("casework:appointment_create", args=[person.pk])).content.decode()

    assert "Levantinisches Arabisch" in page
    assert "Levantine Arabic" not in page
    assert ">Ukrainisch<" in page
