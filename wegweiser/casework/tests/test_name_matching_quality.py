"""Duplicate detection measured on a labelled set: generated persons, and spellings of them as caseworkers
type them, searched the way the intake form searches (trigram candidates on the key in the typed birth
year, then `name_similarity` and the birth date). `pytest -s` prints the figures; bench/names_quality.py
measures the same on 100,000 persons."""

from collections import Counter

import pytest

from wegweiser.casework.names import AUTOMATIC_PROPOSAL_SIMILARITY
from wegweiser.testing.name_corpus import (
    ORIGINS,
    PersonIndex,
    generate_persons,
    look_alikes,
    measure_matching,
    newcomer_queries,
    sample_queries,
    spelling_variants,
)

REGISTERED = 3000
QUERIES = 500


@pytest.fixture(scope="module")
def figures():
    everyone = generate_persons(REGISTERED + 1000, seed=3)
    registered, unregistered = everyone[:REGISTERED], everyone[REGISTERED:]
    queries = sample_queries(registered, seed=4, n=QUERIES)
    newcomers = newcomer_queries(registered, unregistered, seed=5, n=QUERIES // 2)
    measured = measure_matching(
        registered, queries, newcomers=newcomers, threshold=AUTOMATIC_PROPOSAL_SIMILARITY, index=PersonIndex(registered)
    )
    print(f"\nName matching on {REGISTERED} generated persons, {QUERIES} spelling variants (seed 3/4/5):")
    print("\n".join(measured.lines()))
    print("\n".join(measured.calibration_lines()))
    return measured


def test_the_right_person_is_among_the_first_ten_for_nearly_every_spelling(figures):
    assert figures.recall.total > 0.8 * QUERIES
    assert figures.recall.share >= 0.95
    assert figures.share("cyrillic") >= 0.99
    assert figures.share("arabic") >= 0.90
    assert figures.share("latin") >= 0.95


def test_without_a_birth_date_the_right_person_is_still_found_mostly(figures):
    assert figures.recall_without_year.total > 0
    assert figures.recall_without_year.share >= 0.7


def test_automatic_proposals_are_nearly_always_right_and_cover_most_full_dates(figures):
    assert figures.proposal_precision >= 0.98
    assert figures.proposal_recall >= 0.8
    assert figures.newcomers_proposed["stranger"].found <= 1
    assert figures.proposals_at(AUTOMATIC_PROPOSAL_SIMILARITY) == (figures.proposal_precision, figures.proposal_recall)


def test_each_kind_of_spelling_is_in_the_labelled_set(figures):
    kinds = set(figures.by_kind)

    assert {"german", "english", "french", "official", "scientific", "russian_form", "cyrillic"} <= kinds
    assert {"arabic_script", "geez_script", "other_spelling", "article", "no_diacritics"} <= kinds
    assert {"swapped", "no_second_given", "typo", "full_date", "year_only"} <= kinds


def test_generation_is_repeatable_and_covers_every_origin_with_partial_birth_dates():
    persons = generate_persons(4000, seed=7)

    assert [(p.given_names, p.family_name, p.birth_year, p.birth_day) for p in persons[:50]] == [
        (p.given_names, p.family_name, p.birth_year, p.birth_day) for p in generate_persons(50, seed=7)
    ]
    assert {p.origin for p in persons} == {origin.key for origin in ORIGINS}
    assert {p.number for p in persons} == set(range(1, 4001))
    year_only = Counter(p.origin for p in persons if p.birth_month is None)
    counts = Counter(p.origin for p in persons)
    assert year_only["afghan"] / counts["afghan"] > 0.25
    assert year_only["ukrainian"] / counts["ukrainian"] < 0.1
    scripts = {p.origin: p.script for p in persons}
    assert (scripts["ukrainian"], scripts["syrian"], scripts["eritrean"]) == ("Cyrl", "Arab", "Ethi")
    assert all(p.given_names_original and p.family_name_original for p in persons if p.script != "Latn")
    assert all(p.nationality.isalpha() and len(p.nationality) == 2 for p in persons)
    assert {p.languages[0] for p in persons if p.origin == "afghan"} == {"fa"}


def test_variants_are_repeatable_labelled_and_typed_in_the_original_script_sometimes():
    person = next(p for p in generate_persons(200, seed=8) if p.origin == "ukrainian")
    variants = spelling_variants(person, seed=1, n=40)

    assert variants == spelling_variants(person, seed=1, n=40)
    assert all(
        variant.kinds and variant.kinds[-1] in {"full_date", "year_only", "no_birth_date"} for variant in variants
    )
    assert any(variant.family_name == person.family_name_original for variant in variants)
    assert len({variant.text for variant in variants}) > 10
    assert all(variant.birth_year in {None, person.birth_year} for variant in variants)


def test_look_alikes_are_not_registered_and_share_a_household_and_its_family_name():
    persons = generate_persons(1000, seed=9)
    registered = {p.number for p in persons}

    for label, newcomer in look_alikes(persons, seed=9, n=50):
        household = [p for p in persons if p.household == newcomer.household]
        assert newcomer.number not in registered
        assert any(p.family.name is newcomer.family.name for p in household)
        birth = (newcomer.birth_year, newcomer.birth_month, newcomer.birth_day)
        assert (label == "twin") == any((p.birth_year, p.birth_month, p.birth_day) == birth for p in household)
