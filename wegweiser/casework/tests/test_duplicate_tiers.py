"""The intake warning's tiers (issue 22): what a birth date says decides how alike the names must be, and a
1 January or 00.00. placeholder never makes two people "very likely the same"."""

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.casework import search
from wegweiser.casework.models import Person
from wegweiser.casework.names import person_name_key
from wegweiser.casework.selectors import person_duplicate_candidates
from wegweiser.casework.services import person_create
from wegweiser.casework.tests.test_persons import intake_data
from wegweiser.core.partial_dates import PartialDate

WARNING = "This person may be registered already"


@pytest.fixture
def registered(world):
    caseworker = world.user(Role.CASEWORKER)

    def make(given, family, *, original=("", ""), birth=""):
        return person_create(
            actor=caseworker,
            given_names=given,
            family_names=family,
            given_names_original=original[0],
            family_names_original=original[1],
            birth_date=PartialDate.parse(birth),
            municipality=world.municipality,
        )

    return make


def _tier(stored: str, typed: str, name: str = "Ahmad Karimi") -> search.Match:
    return search._score(
        person_name_key("Ahmad", "Karimi"),
        PartialDate.parse(stored),
        "",
        0,
        query_text=name,
        birth=PartialDate.parse(typed),
        phone="",
    )


@pytest.mark.parametrize(
    ("stored", "typed", "agreement", "likely"),
    [
        ("20.06.1995", "20.06.1995", "day", True),
        ("01.01.1995", "01.01.1995", "year", False),  # two placeholders: the year only
        ("00.00.1995", "00.00.1995", "year", False),  # the register's 00.00. is read as the year
        ("01.01.1995", "20.06.1995", "year", False),  # a placeholder does not contradict a real date
        ("20.06.1995", "00.00.1995", "year", False),
        ("1995", "20.06.1995", "year", False),
        ("20.06.1995", "20.06.1996", "day_slip", False),  # a slip is for a person to judge
        ("01.01.1995", "01.01.1996", "slip", False),
        ("1995", "20.06.1996", "slip", False),
        ("20.06.1995", "21.06.1995", "conflict", False),
        ("", "20.06.1995", "unknown", False),
    ],
)
def test_the_tier_follows_what_the_birth_dates_say(stored, typed, agreement, likely):
    match = _tier(stored, typed)
    assert match.name_score == 1.0
    assert (match.birth_agreement, match.likely_same) == (agreement, likely)


def test_a_placeholder_date_is_never_very_likely_whatever_the_names():
    for stored, typed in [("01.01.1990", "01.01.1990"), ("00.00.1990", "01.01.1990"), ("01.01.1990", "1990")]:
        assert not _tier(stored, typed).likely_same
    # The same names with a real date that agrees: the only way into the strict tier.
    assert _tier("14.07.1990", "14.07.1990").likely_same


def test_a_slip_from_a_partial_date_is_not_warned_about(world, registered):
    """An exact namesake one year apart, where one side knows only the year: measured as mostly someone else."""
    registered("Ahmad", "Karimi", original=("احمد", "کریمی"), birth="1995")
    assert person_duplicate_candidates(given_names="Ahmad", family_names="Karimi", birth_date=PartialDate(1996)) == []
    # The same day and month a year apart, both real: shown for a person to judge.
    slip = registered("Mariam", "Ahmadi", birth="02.03.1985")
    shown = person_duplicate_candidates(given_names="Maryam", family_names="Ahmady", birth_date=PartialDate(1986, 3, 2))
    assert [(m.person, m.birth_agreement, m.likely_same) for m in shown] == [(slip, "day_slip", False)]


def test_the_warning_is_not_shown_for_a_clearly_different_person(world, client_as, registered):
    registered("Oleksandr", "Shevchenko", original=("Олександр", "Шевченко"), birth="12.03.1985")
    client = client_as(Role.CASEWORKER)
    # Another given name, the same family name and year: a relative or a stranger, not this person.
    data = intake_data(world, given_names="Iryna", given_names_original="Ірина", birth_date="1985", phone="")
    response = client.post(reverse("casework:person_create"), data)
    assert response.status_code == 302
    assert WARNING not in response.content.decode()
    # The same names, but a real full date on each side that differs: two people.
    data = intake_data(world, birth_date="07.11.1985", phone="", given_names_original="", family_names_original="")
    assert client.post(reverse("casework:person_create"), data).status_code == 302
    assert Person.objects.count() == 3


def test_the_warning_is_shown_for_a_true_duplicate_spelt_another_way(world, client_as, registered):
    existing = registered("Oleksandr", "Shevchenko", original=("Олександр", "Шевченко"), birth="12.03.1985")
    client = client_as(Role.CASEWORKER)
    # The German transliteration, typed without the original script, with the year only.
    data = intake_data(
        world,
        given_names="Alexander",
        family_names="Schewtschenko",
        given_names_original="",
        family_names_original="",
        birth_date="00.00.1985",
        phone="",
    )
    response = client.post(reverse("casework:person_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert WARNING in page
    assert reverse("casework:person_detail", kwargs={"person_id": existing.pk}) in page
    assert Person.objects.count() == 1
