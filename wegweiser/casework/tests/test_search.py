"""Finding persons by any spelling, partial birth date or phone; duplicate detection measured on variants."""

import pytest

from wegweiser.accounts.roles import Role
from wegweiser.casework import search
from wegweiser.casework.models import Person
from wegweiser.casework.names import person_name_key
from wegweiser.casework.selectors import person_duplicate_candidates, person_search_for_user
from wegweiser.casework.services import person_create
from wegweiser.casework.tests import name_variants
from wegweiser.core.partial_dates import PartialDate


@pytest.fixture
def registered(world):
    caseworker = world.user(Role.CASEWORKER)

    def make(given, family, *, original=("", ""), birth="", phone="", foreign=False):
        return person_create(
            actor=caseworker,
            given_names=given,
            family_names=family,
            given_names_original=original[0],
            family_names_original=original[1],
            birth_date=PartialDate.parse(birth),
            phone=phone,
            municipality=world.other_municipality if foreign else world.municipality,
        )

    return make


def test_a_person_is_found_by_the_name_in_original_script_and_in_latin_letters(world, registered):
    oleksandr = registered("Oleksandr", "Shevchenko", original=("Олександр", "Шевченко"), birth="1985")
    registered("Olena", "Kovalenko", original=("Олена", "Коваленко"), birth="1990")
    caseworker = world.user(Role.CASEWORKER)
    for query in ["Олександр Шевченко", "Shevchenko Oleksandr", "shevchenko"]:
        results = person_search_for_user(caseworker, query)
        assert [m.person for m in results][:1] == [oleksandr], query


def test_swapped_given_and_family_names_match(world, registered):
    person = registered("Mohammed", "Al-Khatib", original=("محمد", "الخطيب"), birth="03.1979")
    results = person_search_for_user(world.user(Role.CASEWORKER), "Khatib Mohammed")
    assert results[0].person == person


def test_birth_date_narrows_common_names_and_partial_dates_stay_compatible(world, registered):
    older = registered("Ahmad", "Haddad", birth="1970")
    younger = registered("Ahmad", "Haddad", birth="12.05.1995")
    caseworker = world.user(Role.CASEWORKER)
    assert [m.person for m in person_search_for_user(caseworker, "Ahmad Haddad", birth_date_text="05.1995")][
        0
    ] == younger
    assert [m.person for m in person_search_for_user(caseworker, "Ahmad Haddad", birth_date_text="1970-04-02")][
        0
    ] == older
    # Only a birth date: everyone compatible with it.
    by_birth = [m.person for m in person_search_for_user(caseworker, "", birth_date_text="1995")]
    assert by_birth == [younger]


def test_a_phone_number_in_any_format_finds_the_person(world, registered):
    person = registered("Yuliia", "Kovalchuk", phone="0151 1234 5678")
    assert person.phone == "+4915112345678"
    results = person_search_for_user(world.user(Role.CASEWORKER), "", phone="+49 151 12345678")
    assert [m.person for m in results] == [person]


def test_a_municipal_manager_finds_only_persons_of_their_municipalities(world, registered):
    registered("Oleksandr", "Shevchenko", birth="1985", foreign=True)
    mine = registered("Oleksandr", "Shevchenko", birth="1986")
    results = person_search_for_user(world.user(Role.MUNICIPAL_MANAGER), "Oleksandr Shevchenko")
    assert [m.person for m in results] == [mine]
    assert person_search_for_user(world.user(Role.PARTNER), "Oleksandr Shevchenko") == []


def test_merged_records_are_not_search_results(world, registered):
    kept = registered("Dawit", "Haile", birth="1990")
    merged = registered("Dawit", "Haile", birth="1990")
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)
    assert [m.person for m in person_search_for_user(world.user(Role.CASEWORKER), "Dawit Haile")] == [kept]


def test_duplicate_candidates_ignore_a_namesake_with_another_birth_date(world, registered):
    person = registered("Fatima", "Darwish", original=("فاطمة", "درويش"), birth="14.02.1988")
    registered("Fatima", "Darwish", birth="1960")
    candidates = person_duplicate_candidates(given_names="Darwish", family_names="Fatima", birth_date=PartialDate(1988))
    assert [m.person for m in candidates] == [person]


def test_full_birth_dates_separate_the_same_person_from_namesakes(world, registered):
    same = registered("Olena", "Shevchenko", original=("Олена", "Шевченко"), birth="12.03.1989")
    slip = registered("Olena", "Shevtschenko", birth="12.03.1990")
    registered("Olena", "Shevchenko", birth="1989")  # a namesake of whom only the year is known
    registered("Olena", "Shevchenko", birth="07.11.1990")  # a year apart and another day: someone else

    candidates = person_duplicate_candidates(
        given_names="Olena", family_names="Schewtschenko", birth_date=PartialDate(1989, 3, 12)
    )

    # A year slip with the same day and month is shown for a person to judge, never "very likely": a namesake born
    # on that day a year apart is no rarer than the slip (bench/casework_search.py).
    likely = [m.person for m in candidates if m.likely_same]
    assert likely == [same]
    shown = [m.person for m in candidates]
    assert shown[0] == same
    assert slip in shown
    assert all(m.person.birth_date != PartialDate(1990, 11, 7) for m in candidates)


def test_a_1_january_placeholder_matches_as_the_year_only(world, registered):
    """Registers write 1 January when day and month are unknown: equal placeholders are a namesake born that
    year (shown, never "very likely"), and a placeholder does not contradict a real date of the same year."""
    placeholder = registered("Ahmad", "Karimi", original=("احمد", "کریمی"), birth="01.01.1995")

    same_placeholder = person_duplicate_candidates(
        given_names="Ahmad", family_names="Karimi", birth_date=PartialDate(1995, 1, 1)
    )
    assert [m.person for m in same_placeholder] == [placeholder]
    assert not same_placeholder[0].likely_same
    assert same_placeholder[0].birth_agreement == "year"

    real_date = person_duplicate_candidates(
        given_names="Ahmad", family_names="Karimi", birth_date=PartialDate(1995, 6, 20)
    )
    assert [m.person for m in real_date] == [placeholder]
    assert not real_date[0].likely_same


def test_a_real_full_date_that_agrees_makes_very_likely(world, registered):
    person = registered("Ahmad", "Karimi", original=("احمد", "کریمی"), birth="20.06.1995")
    candidates = person_duplicate_candidates(
        given_names="Ahmed", family_names="Karimi", birth_date=PartialDate(1995, 6, 20)
    )
    assert [(m.person, m.likely_same, m.birth_agreement) for m in candidates] == [(person, True, "day")]


def test_the_name_index_follows_a_corrected_birth_year(world, registered):
    person = registered("Selam", "Tesfamariam", birth="1999")
    tokens = search.query_tokens("Selam Tesfamariam")
    assert search.candidate_ids(tokens, birth=PartialDate(1999)) == [person.pk]
    Person.objects.filter(pk=person.pk).update(birth_date=PartialDate(1975))
    assert search.candidate_ids(tokens, birth=PartialDate(1999)) == []
    assert search.candidate_ids(tokens, birth=PartialDate(1976)) == [person.pk]
    Person.objects.filter(pk=person.pk).update(birth_date=None)
    assert search.candidate_ids(tokens, birth=PartialDate(1999)) == [person.pk]  # unknown: any year may be it


def test_the_name_index_keeps_step_with_changes_and_deletions(world, registered):
    person = registered("Selam", "Tesfamariam", birth="1999")
    assert search.candidate_ids(search.query_tokens("Tesfamariam")) == [person.pk]
    Person.objects.filter(pk=person.pk).update(name_key=person_name_key("Selam", "Berhane"))
    assert person.pk not in search.candidate_ids(search.query_tokens("Tesfamariam"))
    assert person.pk in search.candidate_ids(search.query_tokens("Berhane"))
    Person.objects.filter(pk=person.pk).delete()
    assert search.candidate_ids(search.query_tokens("Berhane")) == []


def test_duplicate_detection_precision_and_recall_on_generated_variants(world):
    """Measured, not timed: the labelled variants of 150 persons (see name_variants.py)."""
    bases = name_variants.base_persons(150)
    stored = Person.objects.bulk_create(
        [
            Person(
                given_names=b.given,
                family_names=b.family,
                given_names_original=b.given_original,
                family_names_original=b.family_original,
                birth_date=b.birth,
                name_key=person_name_key(b.given, b.family, b.given_original, b.family_original),
                municipality=world.municipality,
            )
            for b in bases
        ]
    )
    pk_of = {b.key: p.pk for b, p in zip(bases, stored, strict=True)}
    if not all(pk_of.values()):  # backends that return no ids from bulk_create
        pk_of = dict(
            zip([b.key for b in bases], Person.objects.order_by("pk").values_list("pk", flat=True), strict=True)
        )
    flagged = right = positives = 0
    misses: dict[str, int] = {}
    for query in name_variants.variants(bases):
        candidates = person_duplicate_candidates(
            given_names=query.given, family_names=query.family, names_original=query.original, birth_date=query.birth
        )
        ids = {m.person.pk for m in candidates}
        flagged += len(ids)
        if query.expected is not None:
            positives += 1
            if pk_of[query.expected] in ids:
                right += 1
            else:
                misses[query.kind] = misses.get(query.kind, 0) + 1
    precision = right / flagged
    recall = right / positives
    print(f"duplicate detection: precision {precision:.3f}, recall {recall:.3f}, misses by kind {misses}")
    # Measured 0.92 / 1.00 on SQLite and PostgreSQL. The wrong flags left are namesakes born in the same year
    # or a year apart: the warning shows those on purpose, since a birth year one off is a common slip.
    assert precision >= 0.85
    assert recall >= 0.95
