"""schemathesis against the OpenAPI description, through the WSGI application: generated requests to every
operation, as a caseworker and as a municipal manager, find no server error and no answer that the schema
does not describe. Bounded (a few examples per operation) and derandomized, so a run is reproducible and
takes well under a minute; it runs on SQLite and on PostgreSQL like the rest of the suite."""

import time
from contextlib import contextmanager

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from wegweiser.accounts.roles import Role
from wegweiser.casework.tests import world as cw
from wegweiser.language.tests.factories import OfferFactory

# Per operation and role; the whole test (about 17 operations, two roles) stays under a minute on 2 cores.
EXAMPLES_PER_OPERATION = 15
# Any 32 letters do as the CSRF secret, sent both as the cookie and as the header the session auth checks.
CSRF_SECRET = "schemathesis0csrf0secret00000000"


@contextmanager
def connection_kept_open():
    """Called as a WSGI app, Django closes "old" connections around each request; in a test that would close
    the connection holding the test's transaction (PostgreSQL). Django's test client does the same as this."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def known_ids(world):
    """Records for the generated requests to find (persons, a case, an appointment, a consent, a referral, an
    offer), by the names the API gives their ids: random integers would meet nothing but 404s."""
    case = cw.case(world)
    cw.appointment(world)
    cw.consent(world)
    referral = cw.referral(world)
    cw.person(world, foreign=True)
    offer = OfferFactory(municipality=world.municipality)
    return {
        "person_id": case.person_id,
        "case_id": case.pk,
        "caseworker_id": world.user(Role.CASEWORKER).pk,
        "location_id": cw.location(world).pk,
        "organisation_id": world.partner.pk,
        "municipality_id": world.municipality.pk,
        "referral_id": referral.pk,
        "offer_id": offer.pk,
    }


def _aim_at_known_records(case, known_ids: dict[str, int]) -> None:
    """Half of the generated ids (the even ones, so the run stays reproducible) point at a real record."""
    for values in (case.path_parameters, case.body):
        if not isinstance(values, dict):
            continue
        for name, value in values.items():
            if name in known_ids and isinstance(value, int) and not isinstance(value, bool) and value % 2 == 0:
                values[name] = known_ids[name]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.MUNICIPAL_MANAGER])
def test_generated_requests_find_no_server_error_and_no_schema_violation(client, world, known_ids, role):
    client.force_login(world.user(role))
    cookies = {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: CSRF_SECRET,
    }
    description = client.get(reverse("api:openapi-json")).json()  # behind the login in production mode
    started = time.monotonic()
    with connection_kept_open():
        schema = schemathesis.openapi.from_dict(description)
        schema.app = get_wsgi_application()  # what from_wsgi sets: calls go through the WSGI app
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 15
        answers = {
            operation.label: generated_requests_against(operation, cookies, known_ids) for operation in operations
        }
    assert time.monotonic() - started < 120, "keep the run bounded: fewer examples per operation"
    # The session and the CSRF token work and the ids meet records: the requests reach the services.
    if role == Role.CASEWORKER:  # district-wide; a manager's generated intake rarely passes the form
        assert {201, 409} <= answers["POST /api/casework/persons"]
    assert 201 in answers["POST /api/casework/appointments"]
    assert 200 in answers["GET /api/casework/persons/{person_id}"]


def generated_requests_against(operation, cookies: dict[str, str], known_ids: dict[str, int]) -> set[int]:
    """The statuses the generated requests got."""
    statuses = set()

    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        _aim_at_known_records(case, known_ids)
        response = case.call_and_validate(
            cookies=cookies,
            headers={"X-CSRFToken": CSRF_SECRET},
            checks=[not_a_server_error, response_schema_conformance],
        )
        statuses.add(response.status_code)

    check()
    return statuses
