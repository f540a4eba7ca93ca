"""Offers: sessions from a weekly schedule without holidays; pause and one-step re-activation."""

from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from wegweiser.accounts.roles import Role
from wegweiser.accounts.tests.factories import UserFactory
from wegweiser.language import services
from wegweiser.language.models import (
    Enrolment,
    EnrolmentStatus,
    Level,
    Offer,
    OfferKind,
    OfferPause,
    OfferSession,
    OfferStatus,
    PlacementRun,
)
from wegweiser.language.schedule import session_dates
from wegweiser.language.services import LanguageError
from wegweiser.language.tests.factories import LearnerFactory, OfferFactory
from wegweiser.territory.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_session_dates_follow_the_weekdays_and_mark_lower_saxony_holidays():
    dates = session_dates(date(2026, 10, 26), date(2026, 11, 8), [5])  # Saturdays
    assert [item.date for item in dates] == [date(2026, 10, 31), date(2026, 11, 7)]
    assert dates[0].holiday  # Reformationstag is a public holiday in Lower Saxony
    assert not dates[1].holiday
    # Corpus Christi is not a holiday in Lower Saxony (it is in North Rhine-Westphalia).
    assert not session_dates(date(2026, 6, 4), date(2026, 6, 4), [3])[0].holiday


def test_creating_an_offer_generates_its_sessions_with_holidays_cancelled(world):
    offer = services.offer_create(
        actor=world.user(Role.INTEGRATION_OFFICE),
        title="Deutschtreff Melle-Mitte",
        kind=OfferKind.DEUTSCHTREFF,
        provider=world.provider,
        status=OfferStatus.ACTIVE,
        municipality=world.municipality,
        levels=[Level.A1],
        capacity=10,
        starts_on=date(2026, 12, 21),
        ends_on=date(2027, 1, 3),
        weekdays=[4],  # Fridays: 25 Dec (holiday), 1 Jan (holiday)
        start_time=time(10, 0),
        end_time=time(11, 30),
    )
    sessions = list(offer.sessions.values_list("date", "cancelled"))
    assert sessions == [(date(2026, 12, 25), True), (date(2027, 1, 1), True)]
    assert float(offer.latitude) == pytest.approx(world.municipality.latitude)  # the centre when no coordinates given


def test_pause_cancels_the_coming_sessions_and_keeps_a_visible_history(world, client_as):
    coordinator = world.user(Role.COURSE_PROVIDER)
    offer = OfferFactory(provider=world.provider, municipality=world.municipality)
    coming = OfferSession.objects.create(
        offer=offer, date=timezone.localdate() + timedelta(days=3), start_time=time(17), end_time=time(18)
    )
    client = client_as(Role.COURSE_PROVIDER)
    response = client.post(reverse("language:offer_pause", args=[offer.pk]), {"reason": "Enough seats in Melle"})
    assert response.status_code == 302
    offer.refresh_from_db()
    coming.refresh_from_db()
    assert offer.status == OfferStatus.PAUSED
    assert coming.cancelled
    pause = OfferPause.objects.get(offer=offer)
    assert pause.paused_by == coordinator
    page = client.get(reverse("language:offer_detail", args=[offer.pk])).content.decode()
    assert "Enough seats in Melle" in page
    with translation.override("en"), pytest.raises(LanguageError, match="Only a planned or active"):
        services.offer_pause(actor=coordinator, offer=offer, reason="again")


def test_reactivation_in_one_step(world, client_as, django_capture_on_commit_callbacks):
    coordinator = world.user(Role.COURSE_PROVIDER)
    coordinator.email = "koordination@vhs.example"
    coordinator.save()
    UserFactory(role=Role.COURSE_PROVIDER, organisation=world.other_provider, email="other@example.org")
    offer = OfferFactory(
        provider=world.provider, municipality=world.municipality, capacity=3, status=OfferStatus.ACTIVE
    )
    services.offer_pause(actor=coordinator, offer=offer, reason="Enough seats nearby")
    on_its_list = LearnerFactory(home_municipality=world.municipality)
    services.enrolment_create(actor=None, learner=on_its_list, offer=offer)
    near = LearnerFactory(home_municipality=world.municipality, level=Level.A1)
    services.enrolment_create(actor=None, learner=near, offer=None)
    far_town = MunicipalityFactory(district=world.district, latitude=53.6, longitude=7.2)  # about 2 h away
    far = LearnerFactory(home_municipality=far_town, level=Level.A1)
    services.enrolment_create(actor=None, learner=far, offer=None)
    wrong_level = LearnerFactory(home_municipality=world.municipality, level=Level.C1)
    services.enrolment_create(actor=None, learner=wrong_level, offer=None)

    starts = timezone.localdate() + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(Role.COURSE_PROVIDER).post(
            reverse("language:offer_reactivate", args=[offer.pk]),
            {
                "starts_on": starts.isoformat(),
                "ends_on": (starts + timedelta(days=60)).isoformat(),
                "weekdays": ["0", "2"],
                "start_time": "09:30",
                "end_time": "11:00",
                "max_minutes": "45",
            },
        )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACTIVE
    assert offer.weekdays == [0, 2]
    assert offer.sessions.filter(date__gte=starts, cancelled=False).exists()
    assert not offer.sessions.filter(date__gte=starts).exclude(date__week_day__in=[2, 4]).exists()
    # Its own waiting list first.
    assert Enrolment.objects.get(learner=on_its_list, offer=offer).status == EnrolmentStatus.ENROLLED
    # The free seats proposed to the people waiting nearby, for staff to confirm: nobody enrolled yet.
    run = PlacementRun.objects.get(offer=offer)
    assert {proposal.learner for proposal in run.proposals.all()} == {near}
    assert not Enrolment.objects.filter(learner=near, offer=offer).exists()
    # History and mail.
    pause = OfferPause.objects.get(offer=offer)
    assert pause.resumed_on == timezone.localdate()
    assert pause.resumed_by == coordinator
    assert [message.to for message in mail.outbox] == [["koordination@vhs.example"]]
    assert offer.title in mail.outbox[0].subject
    assert "09:30" in mail.outbox[0].body


def test_reactivation_refusals(world):
    offer = OfferFactory(provider=world.provider, status=OfferStatus.ACTIVE)
    kwargs = {
        "starts_on": timezone.localdate(),
        "ends_on": timezone.localdate() + timedelta(days=30),
        "weekdays": [1],
        "start_time": time(9),
        "end_time": time(10),
    }
    with pytest.raises(LanguageError, match="Only a paused"):
        services.offer_reactivate(actor=None, offer=offer, **kwargs)
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.PAUSED)
    with pytest.raises(LanguageError, match="weekday"):
        services.offer_reactivate(actor=None, offer=offer, **{**kwargs, "weekdays": []})
    with pytest.raises(LanguageError, match="ends before"):
        services.offer_reactivate(actor=None, offer=offer, **{**kwargs, "end_time": time(8)})


def test_the_reactivation_form_refuses_a_first_day_in_the_past(world, client_as):
    offer = OfferFactory(provider=world.provider, municipality=world.municipality, status=OfferStatus.PAUSED)
    response = client_as(Role.COURSE_PROVIDER).post(
        reverse("language:offer_reactivate", args=[offer.pk]),
        {
            "starts_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "ends_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "weekdays": ["1"],
            "start_time": "10:00",
            "end_time": "09:00",
            "max_minutes": "45",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "starts_on" in form.errors
    assert "end_time" in form.errors
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PAUSED


def test_offer_form_creates_an_offer_through_http(world, client_as):
    response = client_as(Role.INTEGRATION_OFFICE).post(
        reverse("language:offer_create"),
        {
            "title": "Integrationskurs Bramsche",
            "kind": OfferKind.INTEGRATION_COURSE,
            "provider": world.provider.pk,
            "status": OfferStatus.PLANNED,
            "municipality": world.other_municipality.pk,
            "venue_name": "VHS",
            "levels": ["A1", "A2"],
            "capacity": "20",
            "support_languages": ["uk", "ar"],
            "cost": "0",
            "starts_on": "2027-01-11",
            "ends_on": "2027-06-30",
            "weekdays": ["0", "1", "2", "3", "4"],
            "start_time": "08:30",
            "end_time": "12:45",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    offer = Offer.objects.get(title="Integrationskurs Bramsche")
    assert offer.support_languages == ["uk", "ar"]
    assert offer.sessions.count() > 90


def test_a_course_provider_sees_only_the_offers_of_their_organisation(world, client_as):
    own = OfferFactory(provider=world.provider, municipality=world.other_municipality, title="Own offer")
    OfferFactory(provider=world.other_provider, municipality=world.municipality, title="Other provider's")
    response = client_as(Role.COURSE_PROVIDER).get(reverse("language:offer_list"))
    assert list(response.context["offers"]) == [own]


def test_a_municipal_manager_sees_the_offers_of_their_municipalities(world, client_as):
    here = OfferFactory(municipality=world.municipality, title="Here")
    OfferFactory(municipality=world.other_municipality, title="Elsewhere")
    response = client_as(Role.MUNICIPAL_MANAGER).get(reverse("language:offer_list"))
    assert list(response.context["offers"]) == [here]


def test_offer_list_query_count_does_not_grow_with_offers(world, client_as, django_assert_max_num_queries):
    OfferFactory.create_batch(15, provider=world.provider, municipality=world.municipality)
    client = client_as(Role.INTEGRATION_OFFICE)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("language:offer_list"))
    assert len(response.context["offers"]) == 15


def test_cancelling_a_session_by_hand(world, client_as):
    offer = OfferFactory(provider=world.provider, municipality=world.municipality)
    session = OfferSession.objects.create(
        offer=offer, date=timezone.localdate() + timedelta(days=5), start_time=time(17), end_time=time(18)
    )
    client_as(Role.COURSE_PROVIDER).post(reverse("language:session_cancel", args=[session.pk]), {"reason": "Room"})
    session.refresh_from_db()
    assert session.cancelled
    assert session.cancel_reason == "Room"


def _edit_data(offer, **changes):
    """The offer form as the edit page sends it back, with `changes`."""
    data = {
        "title": offer.title,
        "kind": offer.kind,
        "provider": offer.provider_id,
        "status": offer.status,
        "municipality": offer.municipality_id,
        "venue_name": offer.venue_name,
        "levels": offer.levels,
        "capacity": str(offer.capacity),
        "cost": str(offer.cost),
        "starts_on": offer.starts_on.isoformat(),
        "ends_on": offer.ends_on.isoformat(),
        "weekdays": [str(day) for day in offer.weekdays],
        "start_time": offer.start_time.strftime("%H:%M"),
        "end_time": offer.end_time.strftime("%H:%M"),
    }
    return {**data, **changes}


def test_the_offer_form_refuses_fewer_seats_than_people_enrolled_beside_the_seats_field(world, client_as):
    offer = OfferFactory(provider=world.provider, municipality=world.municipality, capacity=5)
    for learner in LearnerFactory.create_batch(4):
        services.enrolment_create(actor=None, learner=learner, offer=offer)
    client = client_as(Role.INTEGRATION_OFFICE)
    url = reverse("language:offer_edit", args=[offer.pk])
    response = client.post(url, _edit_data(offer, capacity="3"), headers={"Accept-Language": "de"})
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "Das Angebot kann nicht weniger Plätze (3) haben, als Personen angemeldet sind (4). "
        "Tragen Sie zuerst Personen aus oder behalten Sie mindestens 4 Plätze."
    ]
    html = response.content.decode()
    assert 'id="id_capacity_error"' in html
    assert 'name="capacity" value="3"' in html  # what was typed stays in the field
    offer.refresh_from_db()
    assert offer.capacity == 5

    response = client.post(url, _edit_data(offer, capacity="4"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.capacity == 4


def test_reactivation_keeps_the_planned_last_day_and_mentions_coordinators_only_when_told(world, client_as):
    planned = timezone.localdate() + timedelta(days=90)
    offer = OfferFactory(
        provider=world.provider, municipality=world.municipality, status=OfferStatus.PAUSED, ends_on=planned
    )
    client = client_as(Role.COURSE_PROVIDER)
    url = reverse("language:offer_reactivate", args=[offer.pk])
    assert client.get(url).context["form"].initial["ends_on"] == planned
    response = client.post(
        url,
        {
            "starts_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "ends_on": planned.isoformat(),
            "weekdays": ["1"],
            "start_time": "10:00",
            "end_time": "11:30",
            "max_minutes": "45",
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = " ".join(str(message) for message in response.context["messages"])
    assert "The offer is active again." in text
    assert "0 coordinators" not in text
    assert "0 people from its waiting list have their seat." in text
