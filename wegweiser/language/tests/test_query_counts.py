"""An offer's page, a placement run's page and the course provider's home read the database a fixed number of
times, however many learners, proposals or sessions they show: an N+1 (a query per row) fails here.

Each test counts a page with few rows, then with many (an offer with 25 learners), and names the statements.
The first request of each page is left uncounted (what a process looks up once)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.language.models import EnrolmentStatus, PlacementProposal, PlacementRun
from wegweiser.language.tests.factories import EnrolmentFactory, LearnerFactory, OfferFactory, OfferSessionFactory


def _count(client, url, django_assert_num_queries, queries: int):
    client.get(url)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return response


def _learners(world, offer, enrolled: int, waiting: int) -> None:
    for status, count in ((EnrolmentStatus.ENROLLED, enrolled), (EnrolmentStatus.WAITING, waiting)):
        for _ in range(count):
            EnrolmentFactory(learner=LearnerFactory(home_municipality=world.municipality), offer=offer, status=status)


# session, user, offer with provider and municipality, seats taken, enrolled learners, audit of the read
# (savepoint, insert, release), the district (page frame), pauses, waiting list, the offer's placement runs,
# sessions; the statements are the same for 2 learners and for 25
OFFER_QUERIES = 13


def test_an_offer_with_25_learners_reads_as_often_as_one_with_two(world, client_as, django_assert_num_queries):
    offer = OfferFactory(provider=world.provider, municipality=world.municipality, capacity=12)
    _learners(world, offer, enrolled=1, waiting=1)
    client = client_as(Role.INTEGRATION_OFFICE)
    url = reverse("language:offer_detail", kwargs={"offer_id": offer.pk})
    _count(client, url, django_assert_num_queries, OFFER_QUERIES)

    _learners(world, offer, enrolled=11, waiting=12)
    response = _count(client, url, django_assert_num_queries, OFFER_QUERIES)
    assert response.content.decode().count("Olena") >= 25


def _proposals(world, run, offer, count: int) -> None:
    for index in range(count):
        learner = LearnerFactory(home_municipality=world.municipality)
        EnrolmentFactory(learner=learner, offer=None, status=EnrolmentStatus.WAITING)
        PlacementProposal.objects.create(
            run=run,
            learner=learner,
            offer=offer,
            travel_minutes=10 + index,
            travel_source="estimate",
            reason="placed_nearest",
            details={"level": "A1"},
            waiting_days=20 + index,
        )


# session, user, run with offer and job, audit of the read (savepoint, insert, release), pending proposals
# (count, also shown as the tab's figure; the page with learner, home, offer and its municipality), the district
# (page frame)
PLACEMENT_QUERIES = 9


def test_a_placement_run_page_reads_the_same_for_3_and_30_proposals(world, client_as, django_assert_num_queries):
    offer = OfferFactory(provider=world.provider, municipality=world.municipality, capacity=40)
    run = PlacementRun.objects.create(
        max_minutes=45,
        method="test",
        learners=3,
        offers=1,
        seats=40,
        placed=3,
        total_travel_minutes=30,
        solve_seconds=0.01,
        travel_source="estimate",
    )
    _proposals(world, run, offer, 3)
    client = client_as(Role.INTEGRATION_OFFICE)
    url = reverse("language:placement_detail", kwargs={"run_id": run.pk})
    _count(client, url, django_assert_num_queries, PLACEMENT_QUERIES)

    _proposals(world, run, offer, 27)
    response = _count(client, url, django_assert_num_queries, PLACEMENT_QUERIES)
    assert len(response.context["rows"]) == 30


# session, user, the district (page frame), the provider's coming sessions with their offers
PROVIDER_HOME_QUERIES = 4


def test_the_course_provider_home_reads_the_same_for_few_and_many_sessions(world, client_as, django_assert_num_queries):
    offer = OfferFactory(provider=world.provider, municipality=world.municipality)
    today = timezone.localdate()
    OfferSessionFactory(offer=offer, date=today)
    client = client_as(Role.COURSE_PROVIDER)
    url = reverse("core:home")
    assert client.get(url).url == reverse("language:session_list")
    url = reverse("language:session_list")
    _count(client, url, django_assert_num_queries, PROVIDER_HOME_QUERIES)

    for days in range(1, 12):
        OfferSessionFactory(offer=offer, date=today + timedelta(days=days))
        EnrolmentFactory(learner=LearnerFactory(home_municipality=world.municipality), offer=offer)
    _count(client, url, django_assert_num_queries, PROVIDER_HOME_QUERIES)
