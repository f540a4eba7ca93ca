"""The OpenAPI description tells what the API sends: every status an operation answers, the shape of each
error, values in the declared formats; and only staff read it in production."""

import re

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.language.tests.factories import OfferFactory


@pytest.fixture
def schema(client, world):
    client.force_login(world.user(Role.CASEWORKER))
    return client.get(reverse("api:openapi-json")).json()


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _ref(schema, reference: str) -> dict:
    return schema["components"]["schemas"][reference.rsplit("/", 1)[-1]]


def test_every_operation_documents_the_errors_every_endpoint_may_answer(schema):
    for path, method, operation in _operations(schema):
        documented = set(operation["responses"])
        assert {"400", "401", "403"} <= documented, (method, path, documented)
        if "{" in path:
            assert "404" in documented, (method, path)
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in documented, (method, path)


def test_errors_are_documented_in_the_shape_they_are_sent(schema):
    for path, method, operation in _operations(schema):
        for status, response in operation["responses"].items():
            if status.startswith("2"):
                continue
            body = _ref(schema, response["content"]["application/json"]["schema"]["$ref"])
            detail = body["properties"]["detail"]
            if status == "422":
                assert detail["type"] == "array", (method, path)
                item = _ref(schema, detail["items"]["$ref"])
                assert set(item["required"]) == {"loc", "msg", "type"}
            else:
                assert detail["type"] == "string", (method, path, status)


def test_a_422_is_sent_as_documented_a_list_of_field_errors(client_as):
    client = client_as(Role.CASEWORKER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    refused_by_ninja = client.get(reverse("api:casework_persons"), {"limit": "many"})
    refused_by_us = client.get(reverse("api:casework_persons"), {"birth": "im Winter"})

    assert refused_by_ninja.status_code == refused_by_us.status_code == 422
    assert [error["loc"] for error in refused_by_ninja.json()["detail"]] == [["query", "limit"]]
    assert refused_by_us.json()["detail"] == [
        {"loc": ["query", "birth"], "msg": "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.", "type": "invalid"}
    ]


def test_offer_times_are_sent_in_the_declared_format(client_as, world, schema):
    offer = OfferFactory(municipality=world.municipality)
    declared = _ref(schema, "OfferOut")["properties"]

    sent = client_as(Role.CASEWORKER).get(reverse("api:language_offer", kwargs={"offer_id": offer.pk})).json()

    for name in ("start_time", "end_time"):
        assert "format" not in declared[name], "format: time (RFC 3339) demands an offset a schedule lacks"
        assert re.fullmatch(declared[name]["pattern"], sent[name]), sent[name]
    assert sent["start_time"] == offer.start_time.isoformat(timespec="seconds")


@pytest.mark.parametrize("url_name", ["api:openapi-json", "api:openapi-view"])
def test_schema_and_docs_need_a_login_in_production(client, world, url_name):
    url = reverse(url_name)

    anonymous = client.get(url)
    client.force_login(world.user(Role.PARTNER))
    signed_in = client.get(url)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    assert signed_in.status_code == 200


@override_settings(DEBUG=True)
def test_a_developers_debug_server_shows_the_schema_to_anyone(client, db):
    assert client.get(reverse("api:openapi-json")).status_code == 200
