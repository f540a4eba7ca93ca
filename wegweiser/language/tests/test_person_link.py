"""A learner linked to the Migrationszentrum's person: enrolment started from the person's page (pre-filled,
scoped), the person's page showing the German courses, and the link following a merge of two records."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditEntry
from wegweiser.casework import services as casework_services
from wegweiser.casework.tests import world as cw
from wegweiser.casework.tests.factories import CaseFactory, PersonFactory
from wegweiser.language import services
from wegweiser.language.forms import learner_initial_from_person
from wegweiser.language.models import Enrolment, EnrolmentStatus, Learner, Level, OfferKind
from wegweiser.language.services import LanguageError
from wegweiser.language.tests.factories import LearnerFactory, OfferFactory

pytestmark = pytest.mark.django_db


def _learner_for(person, **fields):
    return services.learner_create(
        actor=None,
        person=person,
        first_name=person.given_names,
        last_name=person.family_names,
        home_municipality=person.municipality,
        level=fields.pop("level", Level.A1),
        weekdays=fields.pop("weekdays", [1, 3]),
        **fields,
    )


def test_the_enrolment_form_is_pre_filled_from_the_persons_record(world, client_as):
    person = cw.person(world)  # Oleksandr Shevchenko in Melle, +49 151 12345678
    person.email = "oleksandr@example.org"
    person.preferred_language = "prs"
    person.languages = [{"code": "prs", "level": "native"}, {"code": "de", "level": "A1"}]
    person.save()
    response = client_as(Role.CASEWORKER).get(reverse("language:learner_create_for_person", args=[person.pk]))
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial == {
        "first_name": "Oleksandr",
        "last_name": "Shevchenko",
        "home_municipality": world.municipality.pk,
        "phone": "01511 2345678",
        "email": "oleksandr@example.org",
        "preferred_language": "fa",  # Dari is helped by a Persian-speaking volunteer
        "level": Level.A2,  # the course after the A1 the person has
    }
    assert "Deutschkenntnisse laut Datensatz: A1." in response.content.decode()
    assert AuditEntry.objects.filter(action="read", object_type="casework.person", object_id=str(person.pk)).exists()


@pytest.mark.parametrize(
    ("german", "level"),
    [("none", Level.A1), ("A2", Level.B1), ("B2", Level.C1), ("C1", None), ("native", None), (None, None)],
)
def test_the_level_wanted_is_the_one_after_the_persons_german(german, level):
    languages = [{"code": "uk", "level": "native"}] + ([{"code": "de", "level": german}] if german else [])
    initial = learner_initial_from_person(PersonFactory.build(languages=languages, phone="", email=""))
    assert initial.get("level") == level


def test_a_caseworker_enrols_a_person_from_their_page_onto_a_waiting_list(world, client_as):
    person = cw.person(world)
    client = client_as(Role.CASEWORKER)
    page = client.get(reverse("casework:person_detail", args=[person.pk])).content.decode()
    start = reverse("language:learner_create_for_person", args=[person.pk])
    assert start in page
    assert "Noch nicht für einen Deutschkurs angemeldet." in page

    response = client.post(
        start,
        {
            "first_name": "Oleksandr",
            "last_name": "Shevchenko",
            "home_municipality": world.municipality.pk,
            "level": "A1",
            "weekdays": ["1", "3"],
            "phone": "01511 2345678",
            "preferred_language": "uk",
        },
    )
    learner = Learner.objects.get(person=person)
    assert response["Location"] == reverse("language:learner_detail", args=[learner.pk])
    assert learner.caseworker == world.user(Role.CASEWORKER)
    entry = AuditEntry.objects.get(action="create", object_type="language.learner")
    assert entry.summary == f"linked to person #{person.pk}"

    full = OfferFactory(municipality=world.municipality, capacity=1, title="Deutschtreff Melle-Mitte")
    services.enrolment_create(actor=None, learner=LearnerFactory(), offer=full)
    client.post(reverse("language:learner_enrol", args=[learner.pk]), {"offer": full.pk})
    client.post(reverse("language:learner_enrol", args=[learner.pk]), {"offer": ""})

    page = client.get(reverse("casework:person_detail", args=[person.pk]))
    html = page.content.decode()
    assert "Deutschtreff Melle-Mitte (Melle)" in html
    assert "wartet, Position 1" in html
    assert "Allgemeine Warteliste" in html
    assert reverse("language:learner_detail", args=[learner.pk]) in html
    assert start not in html
    assert page.context["german"].learner == learner
    assert AuditEntry.objects.filter(action="read", object_type="language.learner", object_id=str(learner.pk)).exists()
    # Once a learner, the link leads to the learner record instead of a second learner.
    again = client.get(start)
    assert again["Location"] == reverse("language:learner_detail", args=[learner.pk])


def test_the_waiting_position_on_the_persons_page_counts_who_came_first(world, client_as):
    person = cw.person(world)
    offer = OfferFactory(municipality=world.municipality, capacity=1)
    services.enrolment_create(actor=None, learner=LearnerFactory(), offer=offer)  # takes the seat
    for learner in LearnerFactory.create_batch(2):
        services.enrolment_create(actor=None, learner=learner, offer=offer)
    learner = _learner_for(person)
    services.enrolment_create(actor=None, learner=learner, offer=offer)
    response = client_as(Role.MUNICIPAL_MANAGER).get(reverse("casework:person_detail", args=[person.pk]))
    [course] = response.context["german"].courses
    assert course.position == 3


def test_the_persons_page_shows_german_courses_only_to_those_who_manage_enrolments(world, client_as):
    person = cw.person(world, foreign=True)
    _learner_for(person)
    # The caseworker works district-wide; the municipal manager may not open this person at all.
    assert client_as(Role.CASEWORKER).get(reverse("casework:person_detail", args=[person.pk])).context["german"]
    assert client_as(Role.MUNICIPAL_MANAGER).get(reverse("casework:person_detail", args=[person.pk])).status_code == 404


def test_the_persons_page_with_german_courses_needs_a_bounded_number_of_queries(
    world, client_as, django_assert_max_num_queries
):
    person = cw.person(world)
    learner = _learner_for(person)
    for offer in OfferFactory.create_batch(6, municipality=world.municipality, capacity=1):
        services.enrolment_create(actor=None, learner=LearnerFactory(), offer=offer)
        services.enrolment_create(actor=None, learner=learner, offer=offer)
    client = client_as(Role.CASEWORKER)
    client.get(
        reverse("casework:person_detail", args=[person.pk])
    )  # the first request warms caches (translations, content types)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("casework:person_detail", args=[person.pk]))
    assert len(response.context["german"].courses) == 6
    assert [course.position for course in response.context["german"].courses] == [1] * 6


def test_a_user_cannot_link_a_person_they_may_not_open(world, client_as):
    foreign = cw.person(world, foreign=True)
    client = client_as(Role.MUNICIPAL_MANAGER)
    url = reverse("language:learner_create_for_person", args=[foreign.pk])
    data = {"first_name": "F", "last_name": "A", "home_municipality": world.municipality.pk, "level": "A1"}
    assert client.get(url).status_code == 404
    assert client.post(url, {**data, "weekdays": ["1"]}).status_code == 404
    # The integration office manages enrolments but opens no person records.
    assert client_as(Role.INTEGRATION_OFFICE).get(url).status_code == 404
    assert not Learner.objects.exists()
    # The service refuses it too, whatever calls it.
    with translation.override("en"), pytest.raises(LanguageError, match="may not open"):
        services.learner_create(actor=world.user(Role.MUNICIPAL_MANAGER), person=foreign, **data, weekdays=[1])


def test_one_learner_per_person_and_never_a_merged_record():
    person = PersonFactory()
    _learner_for(person)
    with pytest.raises(LanguageError, match="learner record already"):
        _learner_for(person)
    survivor = PersonFactory()
    merged = PersonFactory(merged_into=survivor)
    with pytest.raises(LanguageError, match="merged into another"):
        _learner_for(merged)
    with pytest.raises(IntegrityError):
        LearnerFactory(person=person)


def test_a_person_with_a_learner_of_another_municipality_is_refused_with_a_message(world, client_as):
    person = cw.person(world)
    LearnerFactory(person=person, home_municipality=world.other_municipality)  # moved; not the manager's learner
    response = client_as(Role.MUNICIPAL_MANAGER).post(
        reverse("language:learner_create_for_person", args=[person.pk]),
        {
            "first_name": "O",
            "last_name": "S",
            "home_municipality": world.municipality.pk,
            "level": "A1",
            "weekdays": ["1"],
        },
    )
    assert response.status_code == 200
    assert "schon einen Eintrag" in str(response.context["form"].non_field_errors())


def test_a_merged_record_leads_to_the_remaining_one(world, client_as):
    survivor = cw.person(world)
    merged = PersonFactory(municipality=world.municipality, merged_into=survivor)
    response = client_as(Role.CASEWORKER).get(reverse("language:learner_create_for_person", args=[merged.pk]))
    assert response["Location"] == reverse("language:learner_create_for_person", args=[survivor.pk])


def test_the_learner_page_links_the_person_for_those_who_may_open_it(world, client_as):
    person = cw.person(world)
    learner = _learner_for(person)
    link = reverse("casework:person_detail", args=[person.pk])
    assert (
        link in client_as(Role.CASEWORKER).get(reverse("language:learner_detail", args=[learner.pk])).content.decode()
    )
    office = client_as(Role.INTEGRATION_OFFICE).get(reverse("language:learner_detail", args=[learner.pk]))
    assert link not in office.content.decode()
    assert f"#{person.pk}" in office.content.decode()


def test_the_caseworker_of_the_open_case_hears_of_absences_when_a_manager_enrols(world, client_as):
    person = cw.person(world)
    CaseFactory(person=person, caseworker=world.user(Role.CASEWORKER))
    client_as(Role.MUNICIPAL_MANAGER).post(
        reverse("language:learner_create_for_person", args=[person.pk]),
        {
            "first_name": "O",
            "last_name": "S",
            "home_municipality": world.municipality.pk,
            "level": "A1",
            "weekdays": ["1"],
        },
    )
    assert Learner.objects.get(person=person).caseworker == world.user(Role.CASEWORKER)


# Merging two person records


def test_a_merge_links_the_duplicates_learner_to_the_survivor(world):
    survivor, duplicate = PersonFactory(), PersonFactory()
    learner = _learner_for(duplicate)
    casework_services.person_merge(actor=None, survivor=survivor, duplicate=duplicate)
    learner.refresh_from_db()
    assert learner.person == survivor
    assert AuditEntry.objects.filter(object_type="language.learner", action="update", changed_fields=["person"])


def test_a_merge_of_two_learners_keeps_the_better_place_and_all_history(world):
    survivor, duplicate = PersonFactory(), PersonFactory()
    kept = _learner_for(survivor)
    moving = _learner_for(duplicate, phone="0151 000", email="olena@example.org")
    full = OfferFactory(capacity=1)
    other = OfferFactory(capacity=5, kind=OfferKind.INTEGRATION_COURSE)  # a course beside the Deutschtreff
    services.enrolment_create(actor=None, learner=moving, offer=full)  # the seat
    waiting = services.enrolment_create(actor=None, learner=kept, offer=full)  # waits behind themselves
    services.enrolment_create(actor=None, learner=LearnerFactory(), offer=full)  # someone else waits too
    elsewhere = services.enrolment_create(actor=None, learner=moving, offer=other)

    casework_services.person_merge(actor=None, survivor=survivor, duplicate=duplicate)

    assert not Learner.objects.filter(pk=moving.pk).exists()
    kept.refresh_from_db()
    assert (kept.phone, kept.email) == ("0151 000", "olena@example.org")
    enrolments = {(e.offer_id, e.status) for e in Enrolment.objects.filter(learner=kept)}
    assert enrolments == {
        (full.pk, EnrolmentStatus.ENROLLED),
        (full.pk, EnrolmentStatus.WITHDRAWN),
        (other.pk, EnrolmentStatus.ENROLLED),
    }
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.WITHDRAWN
    assert Enrolment.objects.get(pk=elsewhere.pk).learner == kept
    assert Enrolment.objects.filter(offer=full, status=EnrolmentStatus.ENROLLED).count() == 1
    assert AuditEntry.objects.filter(object_type="language.learner", object_id=str(moving.pk), action="delete")


def test_a_merge_of_two_learners_with_a_course_each_keeps_the_earlier_seat_and_frees_the_other(world):
    """After a merge the person may hold one course seat only: the earlier one stays, the other is withdrawn and
    goes to the first person waiting for it (who has no course seat yet)."""
    survivor, duplicate = PersonFactory(), PersonFactory()
    kept, moving = _learner_for(survivor), _learner_for(duplicate)
    earlier = OfferFactory(capacity=1, kind=OfferKind.INTEGRATION_COURSE)
    later = OfferFactory(capacity=1, kind=OfferKind.JOB_COURSE)
    treff = OfferFactory(capacity=5)
    services.enrolment_create(actor=None, learner=moving, offer=earlier, at=timezone.now() - timedelta(days=9))
    services.enrolment_create(actor=None, learner=kept, offer=later, at=timezone.now() - timedelta(days=2))
    services.enrolment_create(actor=None, learner=kept, offer=treff)  # a Deutschtreff runs beside a course
    next_in_line = LearnerFactory()
    services.enrolment_create(actor=None, learner=next_in_line, offer=later)

    casework_services.person_merge(actor=None, survivor=survivor, duplicate=duplicate)

    seats = set(Enrolment.objects.filter(learner=kept, status=EnrolmentStatus.ENROLLED).values_list("offer", flat=True))
    assert seats == {earlier.pk, treff.pk}
    assert Enrolment.objects.get(learner=kept, offer=later).withdrawal_reason == "Record merged with another one"
    assert Enrolment.objects.get(learner=next_in_line, offer=later).status == EnrolmentStatus.ENROLLED
