"""The caseworker's home, the person page and the case page read the database a fixed number of times, however
many cases, tasks, appointments, referrals or notes they show: an N+1 (a query per row) fails here.

Each test counts a page with one row per list, then again with several, and names the statements. The first
request of each page is left uncounted: it fills what a process looks up once (which name index the
database has).
"""

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.casework.models import CaseTask, Goal, Note
from wegweiser.casework.tests import world as cw
from wegweiser.casework.tests.factories import (
    AppointmentFactory,
    CaseFactory,
    ConsentFactory,
    PersonFactory,
    ReferralFactory,
)


def _more_work(world, person, rows: int) -> None:
    """`rows` more cases of the caseworker, each with an open task due, and `rows` appointments today."""
    caseworker = world.user(Role.CASEWORKER)
    # Noon of the local day, not "in an hour": after 23:00 that would be tomorrow, off today's list.
    noon = timezone.make_aware(datetime.combine(timezone.localdate(), time(12, 0)))
    for index in range(rows):
        other = PersonFactory(municipality=world.municipality)
        case = CaseFactory(person=other, caseworker=caseworker)
        CaseTask.objects.create(case=case, title=f"Aufgabe {index}", owner=caseworker, due_on=timezone.localdate())
        AppointmentFactory(
            person=other, caseworker=caseworker, location=cw.location(world), starts_at=noon + timedelta(minutes=index)
        )


# session, user, open cases (first page), tasks due (first page), today's appointments, the open absence
# flags of the caseworker's learners (with learner and offer), the district (page frame); a list longer than a
# page adds its count
HOME_QUERIES = 7


def test_the_caseworker_home_reads_each_list_once(world, client_as, django_assert_num_queries):
    _more_work(world, cw.person(world), 1)
    client = client_as(Role.CASEWORKER)
    url = reverse("casework:home")
    client.get(url)
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["cases"]) == 1

    _more_work(world, cw.person(world), 6)
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(url)
    assert len(response.context["cases"]) == 7
    assert len(response.context["tasks"]) == 7
    assert len(response.context["appointments"]) == 7


def test_the_caseworker_home_counts_only_a_list_longer_than_its_page(world, client_as, django_assert_num_queries):
    from wegweiser.casework.views.home import HOME_PAGE_SIZE

    _more_work(world, cw.person(world), HOME_PAGE_SIZE + 1)
    client = client_as(Role.CASEWORKER)
    url = reverse("casework:home")
    client.get(url)
    # Open cases and tasks due each have a second page: each adds its count.
    with django_assert_num_queries(HOME_QUERIES + 2):
        response = client.get(url)
    assert len(response.context["cases"]) == HOME_PAGE_SIZE
    assert response.context["cases_nav"]["total"] == 2
    assert response.context["tasks_nav"]["total"] == 2
    assert response.context["tasks_nav"]["next"] == "?tasks_page=2"
    assert b"?cases_page=2" in response.content

    with django_assert_num_queries(HOME_QUERIES + 2):
        response = client.get(url, {"cases_page": "2"})
    assert len(response.context["cases"]) == 1
    assert response.context["cases_nav"]["number"] == 2
    assert response.context["cases_nav"]["previous"] == "?cases_page=1"


def _person_rows(world, person, rows: int) -> None:
    caseworker = world.user(Role.CASEWORKER)
    for index in range(rows):
        CaseFactory(person=person, caseworker=caseworker)
        AppointmentFactory(
            person=person,
            caseworker=caseworker,
            location=cw.location(world),
            starts_at=timezone.now() + timedelta(days=index + 1),
        )
        organisation = world.partner if index % 2 else world.other_partner
        ConsentFactory(person=person, organisation=organisation)
        ReferralFactory(person=person, organisation=organisation)


# session, user, person, audit of the read (savepoint, insert, release), family links, duplicates (the name
# index: two statements on either database; the same phone; the candidates' keys), the learner record for German
# courses, the district (page frame), cases with caseworker, appointments, referrals, consents
PERSON_QUERIES = 17


def test_the_person_page_reads_each_list_once(world, client_as, django_assert_num_queries):
    person = cw.person(world)
    _person_rows(world, person, 1)
    client = client_as(Role.CASEWORKER)
    url = reverse("casework:person_detail", kwargs={"person_id": person.pk})
    client.get(url)
    with django_assert_num_queries(PERSON_QUERIES):
        response = client.get(url)
    assert response.status_code == 200

    _person_rows(world, person, 5)
    with django_assert_num_queries(PERSON_QUERIES):
        response = client.get(url)
    assert len(response.context["cases"]) == 6
    assert len(response.context["consents"]) == 6


# The case page's statements are listed in test_cases.py (test_the_case_page_reads_each_list_once).
CASE_QUERIES = 16


def test_the_case_page_reads_the_same_with_many_entries(world, client_as, django_assert_num_queries):
    case = cw.case(world)
    caseworker = world.user(Role.CASEWORKER)
    client = client_as(Role.CASEWORKER)
    url = reverse("casework:case_detail", kwargs={"case_id": case.pk})

    def add(rows: int) -> None:
        for index in range(rows):
            goal = Goal.objects.create(case=case, area="language", description=f"Ziel {index}")
            CaseTask.objects.create(case=case, goal=goal, title=f"Aufgabe {index}", owner=caseworker)
            Note.objects.create(case=case, author=caseworker, text=f"Notiz {index}")
            AppointmentFactory(person=case.person, case=case, caseworker=caseworker, location=cw.location(world))

    add(1)
    with django_assert_num_queries(CASE_QUERIES):
        assert client.get(url).status_code == 200
    add(6)
    with django_assert_num_queries(CASE_QUERIES):
        response = client.get(url)
    assert len(response.context["goals"]) == 7
    assert len(response.context["notes"]) == 7
