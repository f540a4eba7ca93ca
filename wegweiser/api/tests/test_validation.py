"""One validation path: what a page's form refuses, its API endpoint refuses with the same message (422 at the
field), and no string with NUL or a lone surrogate reaches either database (400)."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.casework.models import Appointment, Person, Referral
from wegweiser.casework.tests import world as cw

BAD_CHARACTERS = "The request contains characters that are not allowed, such as a NUL byte."


@pytest.fixture(autouse=True)
def _in_english(client):
    """The messages below in English; the pages and the API speak the same language either way."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def refusals(response) -> dict[str, list[str]]:
    assert response.status_code == 422, response.content
    found: dict[str, list[str]] = {}
    for error in response.json()["detail"]:
        found.setdefault(str(error["loc"][-1]), []).append(error["msg"])
    return found


NEXT_YEAR = str(timezone.localdate().year + 1)


@pytest.mark.parametrize(
    ("field", "page_value", "api_value"),
    [
        ("postcode", "494567", "494567"),
        ("given_names", "O" * 10_000, "O" * 10_000),
        ("family_names", "Ш" * 201, "Ш" * 201),
        ("street", "=HYPERLINK(" + "x" * 300, "=HYPERLINK(" + "x" * 300),
        ("email", "not-an-address", "not-an-address"),
        ("birth_date", "01.01.0001", "0001-01-01"),
        ("birth_date", "9999", "9999"),
        ("birth_date", NEXT_YEAR, NEXT_YEAR),
        ("arrival_date", "0001-01-01", "0001-01-01"),
        ("arrival_date", "9999-12-31", "9999-12-31"),
        ("residence_valid_from", "0001-01-01", "0001-01-01"),
        ("residence_valid_until", "9999-12-31", "9999-12-31"),
    ],
)
def test_the_person_api_refuses_what_the_intake_page_refuses_with_its_message(
    world, client_as, field, page_value, api_value
):
    client = client_as(Role.CASEWORKER)
    names = {"given_names": "Olha", "family_names": "Bondar", "municipality": world.municipality.pk}

    page = client.post(reverse("casework:person_create"), {**names, field: page_value, "confirm_new": "1"})
    page_errors = page.context["form"].errors
    api = post_json(
        client,
        reverse("api:casework_persons"),
        {
            "given_names": "Olha",
            "family_names": "Bondar",
            "municipality_id": world.municipality.pk,
            field: api_value,
            "confirm_new": True,
        },
    )

    assert field in page_errors, page_errors
    assert refusals(api) == {field: page_errors[field]}
    assert not Person.objects.exists()


def test_the_person_api_still_registers_what_the_page_accepts(world, client_as):
    response = post_json(
        client_as(Role.CASEWORKER),
        reverse("api:casework_persons"),
        {
            "given_names": "Olha",
            "family_names": "Bondar",
            "municipality_id": world.municipality.pk,
            "postcode": "49074",
            "email": "olha@example.org",
            "birth_date": "1990-05",
            "arrival_date": "2022-03-10",
            "nationalities": ["UA"],
            "languages": [{"code": "uk", "level": "native"}, {"code": "de", "level": "A2"}],
            "phone": "0541 123456",
            "confirm_new": True,
        },
    )

    assert response.status_code == 201, response.content
    person = Person.objects.get()
    assert (person.postcode, person.email, person.birth_date.iso()) == ("49074", "olha@example.org", "1990-05")
    assert person.languages == [{"code": "uk", "level": "native"}, {"code": "de", "level": "A2"}]
    assert person.phone == "+49541123456"


def test_a_language_without_its_level_is_refused_at_languages(world, client_as):
    response = post_json(
        client_as(Role.CASEWORKER),
        reverse("api:casework_persons"),
        {"given_names": "Olha", "family_names": "Bondar", "languages": [{"code": "uk", "level": ""}]},
    )

    assert refusals(response) == {"languages": ["Choose the level for this language."]}


def test_a_municipal_manager_must_name_a_municipality_as_on_the_page(world, client_as):
    response = post_json(
        client_as(Role.MUNICIPAL_MANAGER), reverse("api:casework_persons"), {"given_names": "Olha", "family_names": "B"}
    )

    assert refusals(response) == {"municipality_id": ["This field is required."]}


def _appointment(world, **changes):
    start = (timezone.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    return {
        "person_id": cw.person(world).pk,
        "caseworker_id": world.user(Role.CASEWORKER).pk,
        "location_id": cw.location(world).pk,
        "starts_at": start.isoformat(),
        **changes,
    }


def test_the_appointment_api_refuses_a_topic_the_booking_page_refuses(world, client_as):
    client = client_as(Role.CASEWORKER)
    person = cw.person(world)
    page = client.post(
        reverse("casework:appointment_create", kwargs={"person_id": person.pk}),
        {
            "caseworker": world.user(Role.CASEWORKER).pk,
            "location": cw.location(world).pk,
            "day": (timezone.localdate() + timedelta(days=1)).isoformat(),
            "start": "10:00",
            "minutes": "30",
            "kind": "booked",
            "topic": "T" * 10_000,
        },
    )

    api = post_json(client, reverse("api:casework_appointments"), _appointment(world, topic="T" * 10_000))

    assert refusals(api) == {"topic": page.context["form"].errors["topic"]}
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        ("2027-03-01T10:00:00+16:00", "Enter a UTC offset between -15:59 and +15:59."),
        ("2027-03-01T10:00:00-23:59", "Enter a UTC offset between -15:59 and +15:59."),
        ("0001-01-01T00:00:00+05:00", "Enter a valid date/time."),
        ("9999-12-31T23:59:59-05:00", "Enter a valid date/time."),
    ],
)
def test_the_appointment_api_refuses_moments_no_database_keeps_alike(world, client_as, starts_at, message):
    response = post_json(
        client_as(Role.CASEWORKER), reverse("api:casework_appointments"), _appointment(world, starts_at=starts_at)
    )

    assert refusals(response) == {"starts_at": [message]}
    assert not Appointment.objects.exists()


def test_an_appointment_with_an_offset_within_bounds_is_booked_at_that_instant(world, client_as):
    response = post_json(
        client_as(Role.CASEWORKER),
        reverse("api:casework_appointments"),
        _appointment(world, starts_at="2027-03-01T20:00:00+10:00"),
    )

    assert response.status_code == 201, response.content
    assert timezone.localtime(Appointment.objects.get().starts_at).hour == 11  # 10:00 UTC is 11:00 in Osnabrück


def test_the_referral_answer_api_refuses_a_status_the_page_does_not_offer(world, client_as):
    referral = cw.referral(world)

    response = post_json(
        client_as(Role.PARTNER),
        reverse("api:casework_referral", kwargs={"referral_id": referral.pk}),
        {"status": "paid"},
    )

    assert refusals(response) == {"status": ["Select a valid choice. paid is not one of the available choices."]}
    referral.refresh_from_db()
    assert referral.status == "sent"


def _post_urls(world):
    referral = cw.referral(world)
    cw.consent(world)
    person = cw.person(world)
    return [
        (Role.CASEWORKER, reverse("api:casework_persons"), {"given_names": "Olha", "family_names": "Bondar"}),
        (Role.CASEWORKER, reverse("api:casework_appointments"), _appointment(world, topic="Beratung")),
        (
            Role.CASEWORKER,
            reverse("api:casework_referrals"),
            {"person_id": person.pk, "organisation_id": world.partner.pk, "offer_kind": "language", "message": "m"},
        ),
        (
            Role.PARTNER,
            reverse("api:casework_referral", kwargs={"referral_id": referral.pk}),
            {"status": "accepted", "feedback": "f"},
        ),
    ]


@pytest.mark.parametrize("bad", ["a\x00b", "a\ud800b", "\udfff"], ids=["nul", "high-surrogate", "low-surrogate"])
def test_nul_or_a_lone_surrogate_anywhere_in_a_json_body_answers_400(world, client, bad):
    urls = _post_urls(world)
    before = (Person.objects.count(), Appointment.objects.count(), Referral.objects.count())
    for role, url, payload in urls:
        client.force_login(world.user(role))
        for name in payload:
            if isinstance(payload[name], str):
                response = post_json(client, url, {**payload, name: bad})
                assert response.status_code == 400, (url, name, response.content)
                assert response.json() == {"detail": BAD_CHARACTERS}
        nested = post_json(client, url, {**payload, "extra": [{bad: "x"}]})
        assert nested.status_code == 400, url
    assert (Person.objects.count(), Appointment.objects.count(), Referral.objects.count()) == before


def test_a_clean_json_body_in_any_script_still_reaches_the_endpoint(world, client_as):
    response = post_json(
        client_as(Role.CASEWORKER),
        reverse("api:casework_persons"),
        {"given_names": "Олександр", "family_names": "الخطيب", "street": "Straße 1 \u202e", "confirm_new": True},
    )

    assert response.status_code == 201, response.content
