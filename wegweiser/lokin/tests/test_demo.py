"""The demo district gets the 2026 programme, its fixed allocation and applications in every state, once."""

import io
from decimal import Decimal

import pytest

from wegweiser.lokin.demo import load_demo
from wegweiser.lokin.models import AllocationRow, Application, ApplicationStatus
from wegweiser.lokin.selectors import programme_ledger
from wegweiser.territory.demo import load_demo as load_territory

pytestmark = pytest.mark.django_db


def test_the_2026_programme_loads_once_with_an_allocation_summing_to_350000_and_applications_in_every_state():
    out = io.StringIO()
    load_territory(out=out)
    load_demo(out=out)
    load_demo(out=out)
    assert "lokin: demo programme exists" in out.getvalue()
    rows = AllocationRow.objects.filter(allocation__programme__year=2026)
    assert rows.count() == 34
    assert sum(row.amount for row in rows) == Decimal("350000.00")
    assert all(Decimal("6000") <= row.amount <= Decimal("30000") for row in rows)
    assert set(Application.objects.values_list("status", flat=True)) == set(ApplicationStatus.values)
    approved = Application.objects.get(status=ApplicationStatus.APPROVED)
    ledger = programme_ledger(approved.programme)
    assert ledger.scheduled == ledger.approved == approved.approved_amount
    assert Decimal("0") < ledger.paid < ledger.approved
