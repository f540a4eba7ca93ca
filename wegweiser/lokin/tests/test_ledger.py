"""The books: approvals within allocation and budget, payments within approvals, whatever the order of
operations; and two approvals racing for the last euros on PostgreSQL."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wegweiser.accounts.roles import Role
from wegweiser.lokin import selectors, services
from wegweiser.lokin.models import AllocationRow, Application, ApplicationStatus
from wegweiser.lokin.tests.factories import fixed_programme, submitted_application
from wegweiser.testing.world import build_world

amounts = st.integers(min_value=1, max_value=60_000_00).map(lambda cents: Decimal(cents) / 100)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("approve"), st.integers(0, 2), amounts),
        st.tuples(st.just("schedule"), st.integers(0, 2), amounts),
        st.tuples(st.just("advance"), st.integers(0, 2), st.integers(0, 5)),
    ),
    max_size=25,
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_the_books_reconcile_after_any_sequence_of_operations(ops):
    from django.db import transaction

    with transaction.atomic():
        world = build_world()
        office = world.user(Role.INTEGRATION_OFFICE)
        made = fixed_programme(world, budget=Decimal("100000.00"), base_amount=Decimal("20000"))
        third = world.municipality.__class__.objects.create(
            district=world.district, regional_key="034590099999", ags="03459999", name="Dritte", kind="gemeinde"
        )
        applications = [
            submitted_application(world, made, municipality=m)
            for m in (world.municipality, world.other_municipality, third)
        ]
        for op, index, value in ops:
            application = Application.objects.get(pk=applications[index].pk)
            try:
                if op == "approve":
                    services.application_approve(actor=office, application=application, amount=value)
                elif op == "schedule":
                    services.instalment_schedule(
                        actor=office, application=application, due_date=date(2026, 6, 1), amount=value
                    )
                else:
                    instalments = list(application.instalments.all())
                    if instalments:
                        services.instalment_advance(actor=office, instalment=instalments[value % len(instalments)])
            except ValidationError:
                pass
            check_invariants(made)
        transaction.set_rollback(True)


def check_invariants(made):
    ledger = selectors.programme_ledger(made)
    assert ledger.allocated == ledger.budget  # the fixed allocation (three towns) covers the budget exactly
    assert ledger.approved <= ledger.budget
    assert ledger.paid <= ledger.released <= ledger.scheduled <= ledger.approved
    for row in AllocationRow.objects.filter(allocation__programme=made):
        part = selectors.programme_ledger(made, municipality_id=row.municipality_id)
        assert part.approved <= row.amount
        assert part.paid <= part.scheduled <= part.approved
    for application in Application.objects.filter(programme=made):
        planned = sum((i.amount for i in application.instalments.all()), Decimal("0"))
        if application.status == ApplicationStatus.APPROVED:
            assert planned <= application.approved_amount
        else:
            assert planned == 0


@pytest.mark.django_db(transaction=True)
def test_two_approvals_racing_for_the_last_euros_one_wins_the_other_is_refused():
    """Two colleagues approve two applications of one town at the same moment, each for 30,000 of the 50,000 left
    of its allocation: the programme row lock serialises them, so one is approved and the other refused in words."""
    if connection.vendor != "postgresql":
        pytest.skip("parallel approvals need PostgreSQL (row locks); SQLite serialises writers instead")
    world = build_world()
    made = fixed_programme(world, budget=Decimal("100000.00"), base_amount=Decimal("50000"))
    applications = [submitted_application(world, made, municipality=world.municipality) for _ in range(2)]
    actors = [world.user(Role.INTEGRATION_OFFICE), world.user(Role.DISTRICT_ADMIN)]
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(actor, application):
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):  # a thread does not inherit the test's language
                services.application_approve(actor=actor, application=application, amount=Decimal("30000"))
            outcomes.append("approved")
        except ValidationError as error:
            with translation.override("en"):
                outcomes.append(" ".join(str(message) for message in error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=pair) for pair in zip(actors, applications, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == [
        "30000.00 EUR exceeds what is left of this municipality's allocation (20000.00 EUR).",
        "approved",
    ]
    assert selectors.programme_ledger(made, municipality_id=world.municipality.pk).approved == Decimal("30000.00")
