"""Year end: a grant with an accepted final report is settled, its unspent rest returned or carried over as the
programme says; the ledger reconciles; settling twice settles nothing more; a grant without an accepted final
report waits."""

from decimal import Decimal

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.lokin import selectors, services
from wegweiser.lokin.models import Settlement
from wegweiser.lokin.tests.factories import approved_application, fixed_programme

pytestmark = pytest.mark.django_db


def _final_accepted(world, made, spent):
    application = approved_application(world, made)
    final = application.reports.get(kind="final")
    manager = world.user(Role.MUNICIPAL_MANAGER)
    services.report_update(
        actor=manager, report=final, measures_delivered="Beratung", people_reached=40, costs=[("staff", spent)]
    )
    services.report_submit(actor=manager, report=final)
    services.report_accept(actor=world.user(Role.INTEGRATION_OFFICE), report=final)
    return application


def test_the_unspent_rest_is_returned_and_the_ledger_reconciles(client_as, world):
    made = fixed_programme(world, year=2027, base_amount=Decimal("20000"))
    _final_accepted(world, made, Decimal("9499.99"))
    office = client_as(Role.INTEGRATION_OFFICE)
    office.post(reverse("lokin:programme_settle", args=[made.pk]))
    office.post(reverse("lokin:programme_settle", args=[made.pk]))  # a second run settles nothing more
    settlement = Settlement.objects.get()
    assert (settlement.spent, settlement.unspent, settlement.disposition) == (
        Decimal("9499.99"),
        Decimal("500.01"),
        "return",
    )
    ledger = selectors.programme_ledger(made)
    assert ledger.returned == Decimal("500.01")
    assert ledger.reconciles
    body = office.get(reverse("lokin:programme", args=[made.pk])).content.decode()
    assert "500,01" in body


def test_carried_over_when_the_programme_says_so_and_waiting_without_a_final_report(world):
    made = fixed_programme(world, year=2028, base_amount=Decimal("20000"))
    made.unspent_funds = "carry_over"
    made.save(update_fields=["unspent_funds"])
    _final_accepted(world, made, Decimal("9000.00"))
    assert services.programme_settle(actor=world.user(Role.INTEGRATION_OFFICE), programme=made) == 1
    ledger = selectors.programme_ledger(made)
    assert (ledger.spent, ledger.returned, ledger.carried_over) == (
        Decimal("9000.00"),
        Decimal("0.00"),
        Decimal("1000.00"),
    )
    assert ledger.reconciles
    waiting = fixed_programme(world, year=2029, base_amount=Decimal("20000"))
    approved_application(world, waiting)
    assert services.programme_settle(actor=world.user(Role.INTEGRATION_OFFICE), programme=waiting) == 0
