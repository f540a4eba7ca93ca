"""The language pages at district scale: the placement run page asks for another offer only when needed, long lists
are paged with their filters applied in the database, municipal staff see only their municipalities, and times
read in the reader's format."""

import re
from datetime import time, timedelta

import factory
import pytest
from django.urls import reverse
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.language import selectors, services, views
from wegweiser.language.models import (
    AbsenceFlag,
    Enrolment,
    EnrolmentStatus,
    Level,
    OfferStatus,
    PlacementProposal,
    PlacementRun,
    ProposalDecision,
    TravelTime,
)
from wegweiser.language.tests.factories import EnrolmentFactory, LearnerFactory, OfferFactory
from wegweiser.territory.models import MunicipalityKind
from wegweiser.territory.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    client.cookies["wegweiser_language"] = "en"


def _run(**kwargs):
    values = {
        "max_minutes": 45,
        "method": "test",
        "learners": 1,
        "offers": 1,
        "seats": 1,
        "placed": 1,
        "total_travel_minutes": 20,
        "solve_seconds": 0.01,
        "travel_source": "estimate",
    }
    return PlacementRun.objects.create(**(values | kwargs))


def _proposal(run, learner, offer=None):
    EnrolmentFactory(learner=learner, offer=None, status=EnrolmentStatus.WAITING)
    return PlacementProposal.objects.create(
        run=run,
        learner=learner,
        offer=offer,
        travel_minutes=20 if offer else None,
        travel_source="estimate" if offer else "",
        reason="placed_nearest" if offer else "no_seat_in_reach",
        details={"level": learner.level, "max_minutes": 45},
        waiting_days=20,
    )


def _offer_ids(html: str) -> list[int]:
    return [int(value) for value in re.findall(r'name="offer" value="(\d+)"', html)]


@pytest.fixture
def choices(world):
    """A learner in Melle (A1, no car) proposed for a Melle offer, and the offers around: the district's matrix
    says Bramsche is 5 minutes by bus from Melle, nearer than Melle itself (15 minutes, estimated)."""
    far = MunicipalityFactory(district=world.district, name="Bad Iburg", latitude=52.1559, longitude=8.0446)
    unknown = MunicipalityFactory(district=world.district, name="Ohne Lage", latitude=None, longitude=None)
    TravelTime.objects.create(
        origin=world.municipality, destination=world.other_municipality, car_minutes=4, public_transport_minutes=5
    )
    proposed = OfferFactory(title="Vorgeschlagen Melle", municipality=world.municipality, levels=[Level.A1])
    offers = {
        "melle": OfferFactory(title="Treff Melle", municipality=world.municipality, levels=[Level.A1, Level.A2]),
        "bramsche": OfferFactory(title="Kurs Bramsche", municipality=world.other_municipality, levels=[Level.A1]),
        "far": OfferFactory(title="Treff Bad Iburg", municipality=far, levels=["alpha", Level.A1]),
        "unknown": OfferFactory(title="Treff ohne Lage", municipality=unknown, levels=[Level.A1]),
    }
    full = OfferFactory(title="Voll Melle", municipality=world.municipality, levels=[Level.A1], capacity=1)
    EnrolmentFactory(offer=full)
    OfferFactory(title="Nur A2 Melle", municipality=world.municipality, levels=[Level.A2])
    OfferFactory(title="Pausiert Melle", municipality=world.municipality, levels=[Level.A1], status=OfferStatus.PAUSED)
    OfferFactory(
        title="Vorbei Melle",
        municipality=world.municipality,
        levels=[Level.A1],
        starts_on=timezone.localdate() - timedelta(days=90),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    learner = LearnerFactory(home_municipality=world.municipality, level=Level.A1, has_car=False)
    run = _run()
    proposal = _proposal(run, learner, proposed)
    return run, proposal, offers, full


def test_the_run_page_stays_small_with_200_offers_with_free_seats(world, client_as, django_assert_max_num_queries):
    offers = OfferFactory.create_batch(
        200,
        municipality=world.other_municipality,
        provider=world.provider,
        title=factory.Sequence(lambda n: f"Sprachcafé Nummer {n:04d}"),
        levels=[Level.A1],
    )
    run = _run(placed=10, learners=12)
    for index in range(12):
        learner = LearnerFactory(home_municipality=world.municipality)
        _proposal(run, learner, offers[index] if index < 10 else None)
    client = client_as(Role.INTEGRATION_OFFICE)
    with django_assert_max_num_queries(10):
        pending = client.get(reverse("language:placement_detail", args=[run.pk]))
    everyone = client.get(reverse("language:placement_detail", args=[run.pk]), {"show": "all"})
    for response, rows in ((pending, 10), (everyone, 12)):
        html = response.content.decode()
        assert 'name="offer"' not in html
        # Only the proposed offers are named, none of the 190 others with free seats.
        assert offers[0].title in html
        assert not [offer.title for offer in offers[10:] if offer.title in html]
        # Each undecided row links to its own choice of another offer.
        assert len(re.findall(r'href="/language/placement/\d+/proposals/\d+/change/"', html)) == rows
        assert len(response.content) < 40_000, len(
            response.content
        )  # with a list of every offer in each row: over 150,000


def test_the_change_form_lists_free_seats_at_the_learners_level_nearest_first(world, client_as, choices):
    run, proposal, offers, full = choices
    response = client_as(Role.CASEWORKER).get(
        reverse("language:proposal_change_form", args=[run.pk, proposal.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # the fragment for the proposal's card
    assert _offer_ids(html) == [offers[key].pk for key in ("bramsche", "melle", "far", "unknown")]
    assert "Vorgeschlagen Melle" not in html  # the offer proposed already
    # Minutes by bus (the learner has no car): from the matrix, else estimated.
    bramsche = html[html.index("Kurs Bramsche") - 300 : html.index("Kurs Bramsche")]
    assert ">5 min<" in bramsche
    melle = html[html.index("Treff Melle") - 300 : html.index("Treff Melle")]
    assert "about 15 min" in melle
    assert "journey unknown" in html


def test_the_change_form_uses_car_minutes_for_a_learner_with_a_car(world, client_as, choices):
    run, proposal, offers, full = choices
    proposal.learner.has_car = True
    proposal.learner.save(update_fields=["has_car"])
    html = (
        client_as(Role.CASEWORKER)
        .get(reverse("language:proposal_change_form", args=[run.pk, proposal.pk]), headers={"HX-Request": "true"})
        .content.decode()
    )
    assert ">4 min<" in html
    assert "about 10 min" in html


def test_changing_the_offer_through_the_fragment(world, client_as, choices):
    run, proposal, offers, full = choices
    client = client_as(Role.CASEWORKER)
    response = client.post(
        reverse("language:proposal_decide", args=[run.pk, proposal.pk]),
        {"decision": "changed", "offer": offers["bramsche"].pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert f'id="proposal-{proposal.pk}"' in response.content.decode()
    assert "accepted with another offer" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.decision == ProposalDecision.CHANGED
    assert proposal.final_offer == offers["bramsche"]
    assert Enrolment.objects.get(learner=proposal.learner, offer=offers["bramsche"]).status == EnrolmentStatus.ENROLLED


def test_changing_the_offer_without_javascript(world, client_as, choices):
    run, proposal, offers, full = choices
    client = client_as(Role.INTEGRATION_OFFICE)
    url = reverse("language:proposal_change_form", args=[run.pk, proposal.pk])
    run_page = client.get(reverse("language:placement_detail", args=[run.pk])).content.decode()
    assert f'href="{url}"' in run_page
    page = client.get(url)
    html = page.content.decode()
    assert "<html" in html
    assert _offer_ids(html) == [offers[key].pk for key in ("bramsche", "melle", "far", "unknown")]
    response = client.post(
        reverse("language:proposal_decide", args=[run.pk, proposal.pk]),
        {"decision": "changed", "offer": offers["far"].pk},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("language:placement_detail", args=[run.pk])
    proposal.refresh_from_db()
    assert proposal.final_offer == offers["far"]
    assert Enrolment.objects.get(learner=proposal.learner, offer=offers["far"]).status == EnrolmentStatus.ENROLLED
    # Decided: the form is not offered again.
    assert _offer_ids(client.get(url).content.decode()) == []


def test_changing_to_an_offer_without_a_free_seat_is_refused(world, client_as, choices):
    run, proposal, offers, full = choices
    response = client_as(Role.CASEWORKER).post(
        reverse("language:proposal_decide", args=[run.pk, proposal.pk]),
        {"decision": "changed", "offer": full.pk},
        headers={"HX-Request": "true"},
    )
    assert "Choose an offer with a free seat." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.decision == ProposalDecision.PENDING
    assert not Enrolment.objects.filter(learner=proposal.learner, offer=full).exists()


def test_the_change_form_of_an_unplaced_learner_says_when_nothing_fits(world, client_as):
    run = _run()
    proposal = _proposal(run, LearnerFactory(home_municipality=world.municipality, level=Level.C1))
    OfferFactory(levels=[Level.B2])
    html = (
        client_as(Role.CASEWORKER)
        .get(reverse("language:proposal_change_form", args=[run.pk, proposal.pk]), headers={"HX-Request": "true"})
        .content.decode()
    )
    assert _offer_ids(html) == []
    assert "No other offer at level C1 has a free seat." in html


# Pagination


def test_the_absence_list_is_paged(world, client_as, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    flags = [
        AbsenceFlag.objects.create(
            enrolment=EnrolmentFactory(learner=LearnerFactory(home_municipality=world.municipality)),
            missed_in_a_row=3,
            last_missed_on=timezone.localdate(),
        )
        for _ in range(3)
    ]
    client = client_as(Role.CASEWORKER)
    first = client.get(reverse("language:absence_list"), {"mine": "0"})
    second = client.get(reverse("language:absence_list"), {"mine": "0", "page": "2"})
    assert list(first.context["flags"]) == [flags[2], flags[1]]
    assert list(second.context["flags"]) == [flags[0]]
    assert "mine=0&amp;page=2" in first.content.decode()  # the next page keeps the tab
    assert str(flags[0].enrolment.learner) in second.content.decode()


def test_the_placement_runs_are_paged(world, client_as, monkeypatch):
    monkeypatch.setattr(views, "RUNS_PER_PAGE", 2)
    runs = [_run(learners=10 + index) for index in range(3)]
    client = client_as(Role.INTEGRATION_OFFICE)
    first = client.get(reverse("language:placement_list"))
    second = client.get(reverse("language:placement_list"), {"page": "2"})
    assert list(first.context["runs"]) == [runs[2], runs[1]]
    assert list(second.context["runs"]) == [runs[0]]
    assert reverse("language:placement_detail", args=[runs[0].pk]) in second.content.decode()
    assert reverse("language:placement_detail", args=[runs[0].pk]) not in first.content.decode()


def test_the_level_filter_applies_before_paging(world, client_as, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for index, levels in enumerate(
        [[Level.A1], [Level.B1], [Level.A2, Level.B1], [Level.B1], ["alpha", Level.B1], [Level.B2], [Level.B1]]
    ):
        OfferFactory(title=f"Angebot {index}", municipality=world.municipality, levels=levels)
    client = client_as(Role.INTEGRATION_OFFICE)

    def titles(**params):
        response = client.get(reverse("language:offer_list"), params)
        return [offer.title for offer in response.context["offers"]], response.context["page"].paginator.num_pages

    assert titles(level="B1") == (["Angebot 1", "Angebot 2"], 3)
    assert titles(level="B1", page="2") == (["Angebot 3", "Angebot 4"], 3)
    assert titles(level="B1", page="3") == (["Angebot 6"], 3)
    assert titles(level="alpha") == (["Angebot 4"], 1)
    assert titles(level="A1") == (["Angebot 0"], 1)
    assert titles(level="C1") == ([], 1)
    assert titles(level="B1", q="Angebot 6") == (["Angebot 6"], 1)
    page = client.get(reverse("language:offer_list"), {"level": "B1"}).content.decode()
    assert "level=B1&amp;page=2" in page


# Scoping


def test_a_municipal_manager_cannot_open_another_municipalitys_offer_or_learner(world, client_as):
    own_offer = OfferFactory(municipality=world.municipality)
    foreign_offer = OfferFactory(municipality=world.other_municipality, provider=world.provider)
    own_learner = LearnerFactory(home_municipality=world.municipality)
    foreign_learner = LearnerFactory(home_municipality=world.other_municipality)
    client = client_as(Role.MUNICIPAL_MANAGER)
    assert client.get(reverse("language:offer_detail", args=[own_offer.pk])).status_code == 200
    assert client.get(reverse("language:offer_detail", args=[foreign_offer.pk])).status_code == 404
    assert client.get(reverse("language:offer_edit", args=[foreign_offer.pk])).status_code in (403, 404)
    assert client.get(reverse("language:learner_detail", args=[own_learner.pk])).status_code == 200
    assert client.get(reverse("language:learner_detail", args=[foreign_learner.pk])).status_code == 404
    assert client.get(reverse("language:learner_edit", args=[foreign_learner.pk])).status_code == 404
    listed = client.get(reverse("language:learner_list"), {"waiting": "0"})
    assert list(listed.context["page"].object_list) == [own_learner]
    assert list(listed.context["municipalities"]) == [world.municipality]


def test_a_municipal_manager_of_a_samtgemeinde_sees_its_member_municipalities(world, client_as):
    """Scoping goes by the municipalities the account works in (Samtgemeinde members included), not by role."""
    samtgemeinde = MunicipalityFactory(district=world.district, name="SG Test", kind=MunicipalityKind.SAMTGEMEINDE)
    member = MunicipalityFactory(district=world.district, name="Mitgliedsgemeinde", samtgemeinde=samtgemeinde)
    manager = world.user(Role.MUNICIPAL_MANAGER)
    manager.municipalities.set([samtgemeinde])
    offer = OfferFactory(municipality=member)
    learner = LearnerFactory(home_municipality=member)
    melle_offer = OfferFactory(municipality=world.municipality)
    client = client_as(Role.MUNICIPAL_MANAGER)
    assert client.get(reverse("language:offer_detail", args=[offer.pk])).status_code == 200
    assert client.get(reverse("language:learner_detail", args=[learner.pk])).status_code == 200
    assert client.get(reverse("language:offer_detail", args=[melle_offer.pk])).status_code == 404
    manager.refresh_from_db()
    assert set(selectors.offers_for_user(manager)) == {offer}
    assert set(selectors.learners_for_user(manager)) == {learner}


def test_district_wide_roles_see_every_municipality(world):
    offers = {OfferFactory(municipality=world.municipality), OfferFactory(municipality=world.other_municipality)}
    for role in (Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE, Role.CASEWORKER):
        assert set(selectors.offers_for_user(world.user(role))) == offers
    assert set(selectors.offers_for_user(world.user(Role.DATA_PROTECTION_OFFICER))) == set()  # may not view offers


# Dates and times


def test_times_and_dates_read_in_the_readers_format(world, client_as):
    offer = OfferFactory(
        municipality=world.municipality, provider=world.provider, start_time=time(17, 0), end_time=time(18, 30)
    )
    services.offer_pause(actor=None, offer=offer, reason="Sommer", paused_on=timezone.localdate())
    client = client_as(Role.INTEGRATION_OFFICE)
    client.cookies["wegweiser_language"] = "de"
    german = client.get(reverse("language:offer_detail", args=[offer.pk])).content.decode()
    assert "17:00–18:30" in german
    assert timezone.localdate().strftime("%d.%m.%Y") in german
    client.cookies["wegweiser_language"] = "en"
    english = client.get(reverse("language:offer_detail", args=[offer.pk])).content.decode()
    assert "5 p.m.–6:30 p.m." in english
    assert timezone.localdate().strftime("%m/%d/%Y") in english
