"""The casework API: the JSON it answers and the exact number of queries per endpoint."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditAction, AuditEntry
from wegweiser.casework import search
from wegweiser.casework.models import Appointment, Person, Referral
from wegweiser.casework.services import referral_send
from wegweiser.casework.tests import world as cw


def post_json(client, url, payload):
    return client.post(url, json.dumps(payload, default=str), content_type="application/json")


def test_person_search_answers_ranked_matches(world, client_as, django_assert_num_queries):
    person = cw.person(world)
    client = client_as(Role.CASEWORKER)
    search._index_kind()  # which index the database has is looked up once per process
    # session, user, two for the index (trigram counts + match, or threshold + match), scored rows, the best loaded
    with django_assert_num_queries(6):
        response = client.get(reverse("api:casework_persons"), {"q": "Шевченко Олександр", "birth": "1990"})
    data = response.json()
    assert data[0]["person"] == {
        "id": person.pk,
        "given_names": "Oleksandr",
        "family_names": "Shevchenko",
        "given_names_original": "Олександр",
        "family_names_original": "Шевченко",
        "birth_date": "1990",
        "municipality_id": world.municipality.pk,
    }
    assert data[0]["reasons"] == ["name", "birth_date"]


def test_person_detail_is_scoped_and_audited(world, client_as, django_assert_num_queries):
    person = cw.person(world)
    client = client_as(Role.MUNICIPAL_MANAGER)
    with django_assert_num_queries(8):  # session, user, municipalities (2), person, audit (savepoint, insert, release)
        response = client.get(reverse("api:casework_person", kwargs={"person_id": person.pk}))
    data = response.json()
    assert data["languages"] == [{"code": "uk", "level": "native"}]
    assert data["phone"] == "+4915112345678"
    assert data["version"] == 1
    foreign = cw.person(world, foreign=True)
    assert client.get(reverse("api:casework_person", kwargs={"person_id": foreign.pk})).status_code == 404


def test_person_create_answers_409_with_duplicates_until_confirmed(world, client_as):
    cw.person(world)
    client = client_as(Role.CASEWORKER)
    payload = {
        "given_names": "Oleksandr",
        "family_names": "Shevchenko",
        "birth_date": "1990-05",
        "municipality_id": world.municipality.pk,
        "languages": [{"code": "uk", "level": "native"}],
    }
    response = post_json(client, reverse("api:casework_persons"), payload)
    assert response.status_code == 409
    assert [c["person"]["id"] for c in response.json()["candidates"]] == [cw.person(world).pk]
    response = post_json(client, reverse("api:casework_persons"), {**payload, "confirm_new": True})
    assert response.status_code == 201
    assert response.json()["birth_date"] == "1990-05"
    assert Person.objects.count() == 2


def test_person_create_refuses_a_municipality_outside_the_managers_remit(world, client_as):
    response = post_json(
        client_as(Role.MUNICIPAL_MANAGER),
        reverse("api:casework_persons"),
        {"given_names": "Ayşe", "family_names": "Yılmaz", "municipality_id": world.other_municipality.pk},
    )
    assert response.status_code == 403


def test_person_create_names_a_foreign_duplicate_by_number_only(world, client_as):
    foreign = cw.person(world, foreign=True)
    response = post_json(
        client_as(Role.MUNICIPAL_MANAGER),
        reverse("api:casework_persons"),
        {
            "given_names": "Fatima",
            "family_names": "Al-Khatib",
            "birth_date": "1990",
            "municipality_id": world.municipality.pk,
        },
    )
    assert response.status_code == 409
    candidate = response.json()["candidates"][0]["person"]
    assert candidate["id"] == foreign.pk
    assert candidate["given_names"] == ""
    assert candidate["family_names_original"] == ""


def test_duplicate_lookup_names_foreign_candidates_by_number_only(world, client_as):
    foreign = cw.person(world, foreign=True)
    response = client_as(Role.MUNICIPAL_MANAGER).get(
        reverse("api:casework_person_duplicates"),
        {"given_names": "Fatima", "family_names": "Al-Khatib", "birth": "1990"},
    )
    candidate = response.json()[0]["person"]
    assert candidate["id"] == foreign.pk
    assert candidate["family_names"] == ""


def test_case_detail(world, client_as, django_assert_num_queries):
    case = cw.case(world)
    cw.goal(world)
    client = client_as(Role.CASEWORKER)
    with django_assert_num_queries(9):  # session, user, case, needs, goals, tasks, audit (savepoint, insert, release)
        response = client.get(reverse("api:casework_case", kwargs={"case_id": case.pk}))
    data = response.json()
    assert data["goals"] == [
        {
            "id": cw.goal(world).pk,
            "area": "language",
            "description": "B1 erreichen",
            "status": "open",
            "target_date": None,
        }
    ]
    assert data["status"] == "open"


def test_appointments_are_booked_and_clashes_answer_409(world, client_as):
    client = client_as(Role.CASEWORKER)
    start = (timezone.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    payload = {
        "person_id": cw.person(world).pk,
        "caseworker_id": world.user(Role.CASEWORKER).pk,
        "location_id": cw.location(world).pk,
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(minutes=30)).isoformat(),
        "interpreter_language": "uk",
    }
    assert post_json(client, reverse("api:casework_appointments"), payload).status_code == 201
    response = post_json(client, reverse("api:casework_appointments"), payload)
    assert response.status_code == 409
    assert "already has an appointment" in response.json()["detail"]
    assert Appointment.objects.count() == 1
    listed = client.get(reverse("api:casework_appointments"), {"day": timezone.localtime(start).date().isoformat()})
    assert [a["interpreter_language"] for a in listed.json()] == ["uk"]


def test_referrals_need_consent_and_partners_get_the_minimum(world, client_as, django_assert_num_queries):
    person = cw.person(world)
    caseworker = client_as(Role.CASEWORKER)
    payload = {"person_id": person.pk, "organisation_id": world.partner.pk, "offer_kind": "language"}
    assert post_json(caseworker, reverse("api:casework_referrals"), payload).status_code == 409
    cw.consent(world)
    assert post_json(caseworker, reverse("api:casework_referrals"), payload).status_code == 201
    referral = Referral.objects.get()
    partner = client_as(Role.PARTNER)
    with django_assert_num_queries(4):  # session, user, count, one page of referrals with person
        response = partner.get(reverse("api:casework_referrals"))
    assert response.json() == {
        "items": [
            {
                "id": referral.pk,
                "offer_kind": "language",
                "status": "sent",
                "sent_at": response.json()["items"][0]["sent_at"],
                "person": "Oleksandr S.",
            }
        ],
        "count": 1,
    }
    detail_url = reverse("api:casework_referral", kwargs={"referral_id": referral.pk})
    detail = partner.get(detail_url).json()
    assert (detail["family_names"], detail["phone"]) == ("Shevchenko", "+4915112345678")
    assert AuditEntry.objects.filter(action=AuditAction.READ, object_type="casework.referral").count() == 1
    answer = post_json(partner, detail_url, {"status": "accepted"})
    assert answer.json()["status"] == "accepted"
    assert answer.json()["phone"] == "+4915112345678"
    done = post_json(partner, detail_url, {"status": "done", "feedback": "Kurs begonnen"}).json()
    assert (done["phone"], done["email"]) == (None, None)
    assert partner.get(detail_url).json()["phone"] is None


def test_the_referral_list_comes_in_pages(world, client_as):
    cw.consent(world)
    for _index in range(55):
        referral_send(actor=None, person=cw.person(world), organisation=world.partner, offer_kind="kita")
    client = client_as(Role.PARTNER)
    first = client.get(reverse("api:casework_referrals")).json()
    second = client.get(reverse("api:casework_referrals"), {"page": 2}).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (55, 50, 5)


@pytest.mark.parametrize(("role", "status"), [(Role.DISTRICT_ADMIN, 200), (Role.PARTNER, 403)])
def test_aggregates_endpoint(world, client_as, role, status):
    cw.person(world)
    response = client_as(role).get(reverse("api:casework_aggregates"))
    assert response.status_code == status
    if status == 200:
        assert response.json() == [
            {
                "municipality_id": world.municipality.pk,
                "persons": None,
                "cases_by_status": {},
                "open_needs_by_area": {},
                "persons_by_nationality": {"UA": None},
            }
        ]


def _appointment_payload(world, **changes):
    start = (timezone.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    return {
        "person_id": cw.person(world).pk,
        "caseworker_id": world.user(Role.CASEWORKER).pk,
        "location_id": cw.location(world).pk,
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(minutes=30)).isoformat(),
        **changes,
    }


def refusals(response) -> dict[str, list[str]]:
    """A 422's messages by the payload's field name ("body" for the request as a whole)."""
    assert response.status_code == 422, response.content
    found: dict[str, list[str]] = {}
    for error in response.json()["detail"]:
        found.setdefault(str(error["loc"][-1]), []).append(error["msg"])
    return found


@pytest.mark.parametrize(
    ("url_name", "payload", "field", "value"),
    [
        ("api:casework_persons", lambda w: {"given_names": "Olha", "family_names": "Bondar", "sex": "x"}, "sex", "x"),
        (
            "api:casework_persons",
            lambda w: {"given_names": "Olha", "family_names": "Bondar", "residence_status": "tourist"},
            "residence_status",
            "tourist",
        ),
        ("api:casework_appointments", lambda w: _appointment_payload(w, kind="vip"), "kind", "vip"),
        (
            "api:casework_referrals",
            lambda w: {"person_id": cw.person(w).pk, "organisation_id": w.partner.pk, "offer_kind": "spa"},
            "offer_kind",
            "spa",
        ),
    ],
)
def test_the_api_refuses_unknown_choices_with_422_at_the_field(world, client_as, url_name, payload, field, value):
    cw.consent(world)
    response = post_json(client_as(Role.CASEWORKER), reverse(url_name), payload(world))
    assert refusals(response) == {field: [f"Select a valid choice. {value} is not one of the available choices."]}
    assert (Appointment.objects.count(), Referral.objects.count()) == (0, 0)
    assert not Person.objects.filter(family_names="Bondar").exists()


def test_appointments_and_referrals_made_through_the_api_belong_to_the_open_case(world, client_as):
    case = cw.case(world)
    cw.consent(world)
    client = client_as(Role.CASEWORKER)
    assert post_json(client, reverse("api:casework_appointments"), _appointment_payload(world)).status_code == 201
    payload = {"person_id": case.person_id, "organisation_id": world.partner.pk, "offer_kind": "language"}
    assert post_json(client, reverse("api:casework_referrals"), payload).status_code == 201
    assert Appointment.objects.get().case == case
    assert Referral.objects.get().case == case
