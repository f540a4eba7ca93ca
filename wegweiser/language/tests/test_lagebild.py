"""The Lagebild's figures: waiting people and free seats per municipality and level, small numbers hidden across
municipality, Samtgemeinde, district and level (core.publication)."""

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.core.publication import CELLS, SECONDARY, SMALL, Cell, Publication
from wegweiser.language import services
from wegweiser.language.models import Level
from wegweiser.language.selectors import language_waiting_and_seats, waiting_and_seats_rows
from wegweiser.language.tests.factories import LearnerFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(world):
    for _ in range(6):
        services.enrolment_create(
            actor=None, learner=LearnerFactory(home_municipality=world.municipality, level=Level.A1), offer=None
        )
    for level, count in ((Level.B1, 2), (Level.A2, 7)):
        for _ in range(count):
            services.enrolment_create(
                actor=None, learner=LearnerFactory(home_municipality=world.other_municipality, level=level), offer=None
            )
    OfferFactory(municipality=world.municipality, levels=[Level.A1, Level.A2], capacity=8)


def row(rows, municipality, level):
    return next(item for item in rows if item["municipality_id"] == municipality.pk and item["level"] == level)


def test_one_shape_with_the_district_and_its_levels(world, figures):
    published = language_waiting_and_seats()
    assert set(published) == {"waiting", "free_seats"}
    assert all(isinstance(figure, Publication) for figure in published.values())
    waiting, melle, bramsche = published["waiting"], world.municipality.pk, world.other_municipality.pk
    assert waiting.values(CELLS) == {(melle, "A1"): 6, (bramsche, "B1"): None, (bramsche, "A2"): None}
    assert waiting.cells[(bramsche, "B1")] == Cell(None, SMALL)
    # Bramsche's 9 minus its 7 at A2 would give away its 2 at B1.
    assert waiting.cells[(bramsche, "A2")] == Cell(None, SECONDARY, protects=(CELLS, (bramsche, "B1")))
    assert waiting.values("municipality") == {melle: 6, bramsche: 9}
    assert waiting.values("district") == {"district": 15}
    assert waiting.values("level") == {"A1": 6, "B1": None, "A2": None}
    assert published["free_seats"].values(CELLS) == {(melle, "A1"): 8, (melle, "A2"): 8}


def test_counts_per_municipality_and_level_with_small_numbers_suppressed(world, figures):
    rows = waiting_and_seats_rows(language_waiting_and_seats())
    assert row(rows, world.municipality, "A1") == {
        "municipality_id": world.municipality.pk,
        "municipality": "Melle",
        "level": "A1",
        "waiting": 6,
        "waiting_suppressed": False,
        "free_seats": 8,
    }
    assert row(rows, world.municipality, "A2")["free_seats"] == 8
    small = row(rows, world.other_municipality, "B1")
    assert small["waiting"] is None
    assert small["waiting_suppressed"] is True
    assert all(set(item) == set(rows[0]) for item in rows)  # counts only, no personal data


def test_filtered_by_municipality(world, figures):
    published = language_waiting_and_seats(municipality_ids={world.other_municipality.pk})
    rows = waiting_and_seats_rows(published)
    assert {item["municipality_id"] for item in rows} == {world.other_municipality.pk}
    # Cut from the district's publication: the same hidden cells as the whole, and no district figures.
    whole = language_waiting_and_seats()["waiting"]
    assert published["waiting"].cells == {
        key: cell for key, cell in whole.cells.items() if key[0] == world.other_municipality.pk
    }
    assert published["waiting"]["district"] == {}
    assert published["waiting"]["level"] == {}


def test_the_api_gives_a_municipal_manager_their_municipalities(
    world, figures, client_as, django_assert_max_num_queries
):
    client = client_as(Role.MUNICIPAL_MANAGER)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("api:language_waiting_and_seats"))
    assert {item["municipality"] for item in response.json()} == {"Melle"}


def test_the_offers_api_snapshot(world, client_as, django_assert_num_queries):
    offer = OfferFactory(provider=world.provider, municipality=world.municipality, title="Deutschtreff Melle")
    client = client_as(Role.COURSE_PROVIDER)
    client.get(reverse("api:language_offers"))  # warm the session
    with django_assert_num_queries(3):
        data = client.get(reverse("api:language_offers")).json()
    assert data == [
        {
            "id": offer.pk,
            "title": "Deutschtreff Melle",
            "kind": "deutschtreff",
            "status": "active",
            "provider": "VHS Test",
            "municipality_id": world.municipality.pk,
            "municipality": "Melle",
            "venue_name": "Gemeindehaus",
            "latitude": None,
            "longitude": None,
            "accessible": False,
            "levels": ["A1", "A2"],
            "capacity": 12,
            "enrolled": 0,
            "childcare": False,
            "support_languages": [],
            "cost": "0.00",
            "starts_on": offer.starts_on.isoformat(),
            "ends_on": offer.ends_on.isoformat(),
            "weekdays": [1, 3],
            "start_time": "17:00:00",
            "end_time": "18:30:00",
        }
    ]


def test_a_small_waiting_count_hides_the_next_smallest_of_its_municipality(world):
    """Same rule as the casework figures (core.publication): 8 waiting in Melle minus 6 at A1 would give the 2
    at B1 away, so A1 is hidden too; the free seats are not about people and stay."""
    for level, count in ((Level.A1, 6), (Level.B1, 2)):
        for _ in range(count):
            services.enrolment_create(
                actor=None, learner=LearnerFactory(home_municipality=world.municipality, level=level), offer=None
            )
    OfferFactory(municipality=world.municipality, levels=[Level.A1], capacity=8)
    rows = waiting_and_seats_rows(language_waiting_and_seats())
    a1, b1 = row(rows, world.municipality, "A1"), row(rows, world.municipality, "B1")
    assert (a1["waiting"], a1["waiting_suppressed"], a1["free_seats"]) == (None, True, 8)
    assert (b1["waiting"], b1["waiting_suppressed"]) == (None, True)
