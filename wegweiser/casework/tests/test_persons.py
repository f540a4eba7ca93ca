"""The person registry through its pages: intake with the duplicate warning, editing with conflicts, merge,
family and household, and the audit entries every read and write leaves."""

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditAction, AuditEntry
from wegweiser.casework.models import FamilyLink, Person
from wegweiser.casework.services import (
    CaseworkError,
    EditConflict,
    family_link_add,
    person_create,
    person_merge,
    person_update,
)
from wegweiser.casework.tests import world as cw
from wegweiser.casework.tests.factories import AppointmentFactory, CaseFactory, ConsentFactory
from wegweiser.core.partial_dates import PartialDate


def intake_data(world, **overrides):
    data = {
        "given_names": "Oleksandr",
        "family_names": "Shevchenko",
        "given_names_original": "Олександр",
        "family_names_original": "Шевченко",
        "birth_date": "1985",
        "sex": "male",
        "nationalities": ["UA"],
        "preferred_language": "uk",
        "language_0": "uk",
        "level_0": "native",
        "language_1": "de",
        "level_1": "A2",
        "language_rows": 2,
        "phone": "0151 1234 5678",
        "municipality": world.municipality.pk,
        "residence_status": "temporary_protection",
        "residence_valid_from": "2022-04-01",
        "residence_valid_until": "2026-03-04",
    }
    data.update(overrides)
    return data


def test_intake_registers_a_person_with_normalised_codes(world, client_as):
    client = client_as(Role.CASEWORKER)
    response = client.post(reverse("casework:person_create"), intake_data(world))
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:person_detail", kwargs={"person_id": person.pk})
    assert person.birth_date == PartialDate(1985)
    assert person.phone == "+4915112345678"
    assert person.nationalities == ["UA"]
    assert person.languages == [{"code": "uk", "level": "native"}, {"code": "de", "level": "A2"}]
    assert person.name_key
    entry = AuditEntry.objects.get(object_type="casework.person", action=AuditAction.CREATE)
    assert entry.object_id == str(person.pk)
    assert "Shevchenko" not in entry.summary
    assert "1985" not in entry.summary


def test_intake_shows_likely_duplicates_before_saving_and_saves_only_when_confirmed(world, client_as):
    existing = cw.person(world)  # Oleksandr Shevchenko, Олександр Шевченко, born 1990
    client = client_as(Role.CASEWORKER)
    data = intake_data(
        world,
        given_names="Shevchenko",
        family_names="Oleksandr",
        given_names_original="",
        family_names_original="",
        birth_date="1990",
        phone="",
    )
    response = client.post(reverse("casework:person_create"), data)
    assert response.status_code == 200
    assert "This person may be registered already" in response.content.decode()
    assert reverse("casework:person_detail", kwargs={"person_id": existing.pk}) in response.content.decode()
    assert Person.objects.count() == 1
    response = client.post(reverse("casework:person_create"), {**data, "confirm_new": "1"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_intake_names_a_duplicate_in_another_municipality_without_showing_it(world, client_as):
    foreign = cw.person(world, foreign=True)  # Fatima Al-Khatib in the other municipality
    client = client_as(Role.MUNICIPAL_MANAGER)
    data = intake_data(
        world,
        given_names="Fatima",
        family_names="Al Khatib",
        given_names_original="فاطمة",
        family_names_original="الخطيب",
        birth_date="1990",
        phone="",
    )
    body = client.post(reverse("casework:person_create"), data).content.decode()
    assert f"Record #{foreign.pk} in another municipality" in body or f"#{foreign.pk}" in body
    assert reverse("casework:person_detail", kwargs={"person_id": foreign.pk}) not in body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "abc", "This phone number cannot be read"),
        ("birth_date", "31.02.1985", "Enter a date as DD.MM.YYYY"),
        ("residence_valid_until", "2020-01-01", "cannot end before it begins"),
        ("level_1", "", "Choose the level for this language"),
    ],
)
def test_intake_explains_what_is_wrong(world, client_as, field, value, message):
    response = client_as(Role.CASEWORKER).post(reverse("casework:person_create"), intake_data(world, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.exists()


def test_a_municipal_manager_registers_only_in_their_municipalities(world, client_as):
    client = client_as(Role.MUNICIPAL_MANAGER)
    response = client.post(
        reverse("casework:person_create"), intake_data(world, municipality=world.other_municipality.pk)
    )
    assert response.status_code == 200
    assert not Person.objects.exists()


def test_opening_a_record_is_audited_as_a_read(world, client_as):
    person = cw.person(world)
    response = client_as(Role.CASEWORKER).get(reverse("casework:person_detail", kwargs={"person_id": person.pk}))
    assert response.status_code == 200
    assert "Олександр Шевченко" in response.content.decode()
    assert AuditEntry.objects.filter(
        action=AuditAction.READ, object_type="casework.person", object_id=str(person.pk)
    ).exists()


def test_the_second_editor_gets_a_conflict_with_both_versions_and_nothing_is_overwritten(world, client_as):
    person = cw.person(world)
    url = reverse("casework:person_edit", kwargs={"person_id": person.pk})
    client = client_as(Role.CASEWORKER)
    form = client.get(url).context["form"]
    base = {name: value for name, value in form.initial.items() if value is not None}
    base.update(intake_data(world), version=person.version)
    # Someone else saves first.
    person_update(
        actor=world.user(Role.MUNICIPAL_MANAGER),
        person=person,
        expected_version=person.version,
        street="Lindenstraße 4",
    )
    response = client.post(url, {**base, "street": "Am Markt 1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else changed this record" in body
    assert "Lindenstraße 4" in body
    assert "Am Markt 1" in body
    person.refresh_from_db()
    assert person.street == "Lindenstraße 4"
    # Saving again from the conflict page (it now carries the new version) overwrites knowingly.
    response = client.post(url, {**base, "street": "Am Markt 1", "version": person.version})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.street == "Am Markt 1"


def test_update_service_refuses_a_stale_version(world):
    person = cw.person(world)
    person_update(actor=None, person=person, expected_version=1, email="a@example.org")
    with pytest.raises(EditConflict) as conflict:
        person_update(actor=None, person=person, expected_version=1, email="b@example.org")
    assert [row["field"] for row in conflict.value.differences()] == ["email"]


def test_merge_keeps_both_histories_and_is_audited(world, client_as):
    survivor = cw.person(world)
    duplicate = person_create(
        actor=None,
        given_names="Olexandr",
        family_names="Shevchenko",
        birth_date=PartialDate(1990, 3, 2),
        email="o.sh@example.org",
        municipality=world.municipality,
        nationalities=["UA", "PL"],
    )
    case = CaseFactory(person=duplicate)
    appointment = AppointmentFactory(person=duplicate, caseworker=world.user(Role.CASEWORKER))
    consent = ConsentFactory(person=duplicate, organisation=world.partner)
    client = client_as(Role.CASEWORKER)
    url = reverse("casework:person_merge", kwargs={"person_id": survivor.pk})
    assert f"#{duplicate.pk}" in client.get(url).content.decode()
    response = client.post(url, {"duplicate": duplicate.pk})
    assert response.status_code == 302
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert {case.pk} <= set(survivor.cases.values_list("pk", flat=True))
    assert survivor.appointments.filter(pk=appointment.pk).exists()
    assert survivor.consents.filter(pk=consent.pk).exists()
    assert survivor.birth_date == PartialDate(1990, 3, 2)  # the more precise date
    assert survivor.email == "o.sh@example.org"
    assert survivor.nationalities == ["UA", "PL"]
    merges = AuditEntry.objects.filter(action=AuditAction.MERGE)
    assert {e.object_id for e in merges} == {str(survivor.pk), str(duplicate.pk)}
    # The old record's address leads to the survivor.
    response = client.get(reverse("casework:person_detail", kwargs={"person_id": duplicate.pk}))
    assert response["Location"] == reverse("casework:person_detail", kwargs={"person_id": survivor.pk})


def test_merge_refuses_contradicting_birth_dates(world):
    one = person_create(actor=None, given_names="Ahmad", family_names="Haddad", birth_date=PartialDate(1970))
    other = person_create(actor=None, given_names="Ahmad", family_names="Haddad", birth_date=PartialDate(1995))
    with pytest.raises(CaseworkError):
        person_merge(actor=None, survivor=one, duplicate=other)


def test_family_links_go_both_ways_and_found_a_household(world, client_as):
    mother = cw.person(world)
    child = person_create(actor=None, given_names="Sofiia", family_names="Shevchenko", municipality=world.municipality)
    client = client_as(Role.MUNICIPAL_MANAGER)
    response = client.post(
        reverse("casework:person_family", kwargs={"person_id": mother.pk}),
        {"relative": child.pk, "relation": "child", "same_household": "on"},
    )
    assert response.status_code == 302
    assert FamilyLink.objects.get(person=mother, relative=child).relation == "child"
    assert FamilyLink.objects.get(person=child, relative=mother).relation == "parent"
    mother.refresh_from_db()
    child.refresh_from_db()
    assert mother.household_id
    assert mother.household_id == child.household_id
    body = client.get(reverse("casework:person_detail", kwargs={"person_id": child.pk})).content.decode()
    assert "Same household" in body


def test_a_relative_outside_the_managers_municipalities_cannot_be_linked(world, client_as):
    mine, foreign = cw.person(world), cw.person(world, foreign=True)
    client_as(Role.MUNICIPAL_MANAGER).post(
        reverse("casework:person_family", kwargs={"person_id": mine.pk}),
        {"relative": foreign.pk, "relation": "sibling"},
    )
    assert not FamilyLink.objects.exists()


def test_person_search_page_lists_matches_with_few_queries(world, client_as, django_assert_max_num_queries):
    for index in range(15):
        person_create(
            actor=None, given_names="Mariam", family_names=f"Haddad{'a' * index}", municipality=world.municipality
        )
    client = client_as(Role.CASEWORKER)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("casework:person_list"), {"q": "Mariam Haddad"})
    assert response.status_code == 200
    assert response.content.decode().count("Mariam") >= 10
    with django_assert_max_num_queries(10):
        response = client.get(reverse("casework:person_list"))
    assert "Recently registered" in response.content.decode()


def test_the_search_answers_htmx_with_the_results_fragment_only(world, client_as):
    cw.person(world)
    response = client_as(Role.CASEWORKER).get(
        reverse("casework:person_list"), {"q": "Шевченко"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "Shevchenko, Oleksandr" in body
    assert "<html" not in body


def test_a_municipal_manager_sees_a_relative_elsewhere_by_record_number_only(world, client_as):
    mine, foreign = cw.person(world), cw.person(world, foreign=True)
    family_link_add(actor=None, person=mine, relative=foreign, relation="sibling")
    url = reverse("casework:person_detail", kwargs={"person_id": mine.pk})
    body = client_as(Role.MUNICIPAL_MANAGER).get(url).content.decode()
    assert f"Record #{foreign.pk} in another municipality" in body
    assert foreign.family_names not in body
    assert reverse("casework:person_detail", kwargs={"person_id": foreign.pk}) not in body
    # District-wide caseworkers see the relative.
    assert foreign.family_names in client_as(Role.CASEWORKER).get(url).content.decode()


def test_intake_starts_with_one_language_row_and_adds_more_keeping_what_was_typed(world, client_as):
    client = client_as(Role.CASEWORKER)
    url = reverse("casework:person_create")
    page = client.get(url)
    body = page.content.decode()
    assert 'name="language_0"' in body
    assert 'name="language_1"' not in body
    assert body.count("<option") < 700  # was 1,263 with four language rows
    data = intake_data(world, language_rows=1, add_language="1", phone="")
    del data["language_1"], data["level_1"]
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound  # nothing checked yet, so no error messages
    assert [form["given_names"].value(), form["language_0"].value(), form["nationalities"].value()] == [
        "Oleksandr",
        "uk",
        ["UA"],
    ]
    body = response.content.decode()
    assert 'name="language_1"' in body
    assert 'name="language_rows" value="2"' in body
    assert 'class="errorlist"' not in body
    assert not Person.objects.exists()
    del data["add_language"]
    client.post(url, {**data, "language_rows": "2", "language_1": "de", "level_1": "B1"})
    assert Person.objects.get().languages == [{"code": "uk", "level": "native"}, {"code": "de", "level": "B1"}]


def test_editing_shows_a_row_for_each_known_language(world, client_as):
    person = cw.person(world)
    person.languages = [{"code": "uk", "level": "native"}, {"code": "de", "level": "A2"}, {"code": "en", "level": "B1"}]
    person.save()
    response = client_as(Role.CASEWORKER).get(reverse("casework:person_edit", kwargs={"person_id": person.pk}))
    form = response.context["form"]
    assert form.language_row_count == 3
    assert [form[f"language_{index}"].initial for index in range(3)] == ["uk", "de", "en"]


def test_country_and_language_names_follow_the_page_language():
    from django.utils import translation

    from wegweiser.core.codes import country_choices, language_choices

    with translation.override("de"):
        assert ("DE", "Deutschland") in country_choices()
        assert ("uk", "Ukrainisch") in language_choices()
    with translation.override("en"):
        assert ("DE", "Germany") in country_choices()
        assert ("uk", "Ukrainian") in language_choices()


@pytest.mark.parametrize(
    ("stored", "shown"),
    [(PartialDate(1985), "1985"), (PartialDate(1985, 3), "03.1985"), (PartialDate(1985, 3, 12), "12.03.1985")],
)
def test_a_partial_birth_date_is_shown_back_in_the_edit_form_and_kept_on_save(world, client_as, stored, shown):
    """Returning nothing for a stored partial date would erase it when the form is saved unchanged."""
    person = cw.person(world)
    person.birth_date = stored
    person.save()
    client = client_as(Role.CASEWORKER)
    url = reverse("casework:person_edit", kwargs={"person_id": person.pk})
    body = client.get(url).content.decode()
    assert f'value="{shown}"' in body
    data = {**intake_data(world), "birth_date": shown, "version": person.version}
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.birth_date == stored
