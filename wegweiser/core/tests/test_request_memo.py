"""The per-request memo (core.request_memo) and the per-connection role check of /health: what a request would
read several times is read once, and nothing is kept beyond the request or connection."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import connection
from django.urls import reverse

from wegweiser.core.request_memo import request_memo, request_memo_forget, request_memo_scope


def test_outside_a_request_the_memo_computes_every_time():
    calls = []
    assert request_memo("k", lambda: calls.append(1) or len(calls)) == 1
    assert request_memo("k", lambda: calls.append(1) or len(calls)) == 2


@pytest.mark.django_db  # request_started also closes stale database connections
def test_within_a_request_the_first_value_holds_until_the_request_ends_or_a_service_forgets_it():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    request_started.send(sender=None)
    try:
        assert request_memo("k", compute) == 1
        assert request_memo("k", compute) == 1
        assert request_memo("other", compute) == 2
        request_memo_forget()
        assert request_memo("k", compute) == 3
    finally:
        request_finished.send(sender=None)
    assert request_memo("k", compute) == 4


def test_a_jobs_scope_keeps_the_first_value_until_the_block_ends_and_a_nested_block_shares_it():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    with request_memo_scope():
        assert request_memo("k", compute) == 1
        with request_memo_scope():
            assert request_memo("k", compute) == 1
        assert request_memo("k", compute) == 1  # the nested block did not end the outer one
    assert request_memo("k", compute) == 2


@pytest.mark.django_db
def test_health_asks_for_the_database_role_once_per_connection(client, django_assert_num_queries):
    if connection.vendor != "postgresql":
        pytest.skip("roles exist on PostgreSQL only")
    first = client.get(reverse("core:health")).json()
    # The heartbeat only: the role of the open connection was read by the first call.
    with django_assert_num_queries(1):
        second = client.get(reverse("core:health")).json()
    assert second.get("warnings") == first.get("warnings")
