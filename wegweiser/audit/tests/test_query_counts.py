"""The audit search reads the database a fixed number of times, whether a page shows two entries or fifty by
several users: an N+1 (a query per entry, say for its user) fails here."""

from django.db import transaction
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record


def _entries(world, count: int) -> None:
    users = [world.user(role) for role in (Role.CASEWORKER, Role.DISTRICT_ADMIN, Role.MUNICIPAL_MANAGER)]
    with transaction.atomic():
        for index in range(count):
            audit_record(
                actor=users[index % len(users)],
                action=AuditAction.READ,
                object_type="casework.person",
                object_id=str(index),
                purpose="counselling",
                municipality_id=world.municipality.pk,
            )


# session, user, the record types on file (for the search form), the entries (count, page with their users),
# the district (page frame)
AUDIT_SEARCH_QUERIES = 6


def test_the_audit_search_reads_the_same_for_two_and_fifty_entries(world, client_as, django_assert_num_queries):
    _entries(world, 2)
    client = client_as(Role.DATA_PROTECTION_OFFICER)
    url = reverse("audit:list") + "?action=read"
    client.get(url)
    with django_assert_num_queries(AUDIT_SEARCH_QUERIES):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 2

    _entries(world, 60)
    with django_assert_num_queries(AUDIT_SEARCH_QUERIES):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 50
