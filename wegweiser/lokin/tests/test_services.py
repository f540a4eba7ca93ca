"""Programme, fixed allocation, applications with versions, decisions and payments, through the services."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditEntry
from wegweiser.lokin import selectors, services
from wegweiser.lokin.models import AllocationRow, ApplicationStatus, IndicatorInput, InstalmentStatus
from wegweiser.lokin.tests.factories import fixed_programme, programme, submitted_application
from wegweiser.territory.remit import OutsideRemit

pytestmark = pytest.mark.django_db


def office(world):
    return world.user(Role.INTEGRATION_OFFICE)


def manager(world):
    return world.user(Role.MUNICIPAL_MANAGER)


def test_fixed_allocation_sums_to_the_budget_keeps_its_working_and_ignores_later_indicator_changes(world):
    world.municipality.population = 46000
    world.municipality.save()
    world.other_municipality.population = 31000
    world.other_municipality.save()
    made = programme(world, budget=Decimal("350000.01"), base_amount=Decimal("5000"))
    fixed = services.allocation_fix(actor=office(world), programme=made)
    rows = {row.municipality_id: row for row in AllocationRow.objects.filter(allocation=fixed)}
    assert sum(row.amount for row in rows.values()) == Decimal("350000.01")
    melle = rows[world.municipality.pk]
    assert melle.working["indicators"][0]["value"] == "46000"
    assert melle.working["indicators"][0]["source"] == selectors.REGISTER_SOURCE
    assert AuditEntry.objects.filter(object_type="lokin.fixedallocation", object_id=str(fixed.pk)).exists()

    before = melle.amount
    services.indicator_set(
        actor=office(world),
        programme=made,
        municipality=world.municipality,
        indicator="population",
        value=Decimal(1),
        source="entered",
        reference_date=date(2026, 6, 30),
    )
    assert AllocationRow.objects.get(pk=melle.pk).amount == before
    with pytest.raises(ValidationError, match="already been fixed"):
        services.allocation_fix(actor=office(world), programme=made)


def test_entered_indicators_count_and_what_if_variants_compare_side_by_side(world):
    made = programme(world, budget=Decimal("1000.00"), weights={"foreign_residents": Decimal(1)})
    for municipality, value in ((world.municipality, 3), (world.other_municipality, 1)):
        services.indicator_set(
            actor=office(world),
            programme=made,
            municipality=municipality,
            indicator="foreign_residents",
            value=Decimal(value),
            source="Ausländerbehörde",
            reference_date=date(2025, 12, 31),
        )
    assert IndicatorInput.objects.count() == 2
    variants = selectors.allocation_variants(made, {"equal": {"base": Decimal("500")}})
    plain = {row.name: row.amount for row in variants[""].rows}
    equal = {row.name: row.amount for row in variants["equal"].rows}
    assert plain == {"Melle": Decimal("750.00"), "Bramsche": Decimal("250.00")}
    assert equal == {"Melle": Decimal("500.00"), "Bramsche": Decimal("500.00")}


def test_only_the_district_runs_the_programme(world):
    with pytest.raises(PermissionDenied):
        services.programme_create(
            actor=manager(world),
            district=world.district,
            year=2026,
            budget=Decimal("1"),
            application_deadline=date(2026, 3, 31),
        )


def test_a_manager_applies_only_for_their_municipality(world):
    made = fixed_programme(world)
    with pytest.raises(OutsideRemit):
        services.application_create(
            actor=manager(world), programme=made, municipality=world.other_municipality, title="Fremd"
        )
    application = services.application_create(
        actor=manager(world), programme=made, municipality=world.municipality, title="Eigen"
    )
    assert list(selectors.applications_for_user(manager(world))) == [application]
    other = submitted_application(world, made, municipality=world.other_municipality)
    assert other not in selectors.applications_for_user(manager(world))
    assert set(selectors.applications_for_user(office(world))) == {application, other}


def test_submission_keeps_the_deadline_and_needs_planned_costs(world):
    made = fixed_programme(world)
    application = services.application_create(
        actor=manager(world), programme=made, municipality=world.municipality, title="Spät"
    )
    with pytest.raises(ValidationError, match="at least one cost"):
        services.application_submit(actor=manager(world), application=application, today=date(2026, 1, 1))
    services.application_update(actor=manager(world), application=application, costs=[("staff", 2026, "100.00")])
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.application_submit(actor=manager(world), application=application, today=date(2026, 4, 1))
    with pytest.raises(ValidationError, match="not eligible"):
        services.application_update(actor=manager(world), application=application, costs=[("yacht", 2026, "1")])


def test_every_change_after_submission_is_a_version_with_its_snapshot(world):
    made = fixed_programme(world)
    application = submitted_application(world, made)
    assert [v.snapshot["planned_costs"][0]["amount"] for v in application.versions.all()] == ["10000.00"]
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.application_update(actor=manager(world), application=application, title="Heimlich")
    services.application_request_changes(actor=office(world), application=application, reason="Kosten zu hoch")
    services.application_update(
        actor=manager(world), application=application, title="Neu", costs=[("staff", 2026, "8000.00")]
    )
    services.application_submit(actor=manager(world), application=application)
    versions = list(application.versions.all())
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].snapshot["title"].startswith("Integrationsmanagement")
    assert versions[1].snapshot["title"] == "Neu"
    assert versions[1].snapshot["planned_costs"] == [{"category": "staff", "year": 2026, "amount": "8000.00"}]


def test_rejection_needs_a_reason_and_is_audited(world):
    made = fixed_programme(world)
    application = submitted_application(world, made)
    with pytest.raises(ValidationError, match="reason"):
        services.application_reject(actor=office(world), application=application, reason=" ")
    services.application_reject(actor=office(world), application=application, reason="Nicht förderfähig")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.decided_by == office(world)
    entries = AuditEntry.objects.filter(object_type="lokin.application", object_id=str(application.pk))
    assert sum("status" in entry.changed_fields for entry in entries) == 2  # submitted, rejected


def test_approval_never_exceeds_the_allocation_and_payments_never_exceed_the_approval(world):
    made = fixed_programme(world, budget=Decimal("1000.00"), base_amount=Decimal("500"))
    application = submitted_application(world, made)
    with pytest.raises(services.LedgerRefusal, match="allocation"):
        services.application_approve(actor=office(world), application=application, amount=Decimal("500.01"))
    services.application_approve(actor=office(world), application=application, amount=Decimal("500.00"))
    first = services.instalment_schedule(
        actor=office(world), application=application, due_date=date(2026, 5, 1), amount=Decimal("300")
    )
    with pytest.raises(services.LedgerRefusal, match="approved amount"):
        services.instalment_schedule(
            actor=office(world), application=application, due_date=date(2026, 9, 1), amount=Decimal("200.01")
        )
    services.instalment_advance(actor=office(world), instalment=first)
    paid = services.instalment_advance(actor=office(world), instalment=first)
    assert paid.status == InstalmentStatus.PAID
    ledger = selectors.programme_ledger(made)
    assert (ledger.approved, ledger.scheduled, ledger.paid, ledger.unpaid) == (
        Decimal("500.00"),
        Decimal("300.00"),
        Decimal("300.00"),
        Decimal("200.00"),
    )


def test_approval_before_the_allocation_is_fixed_is_refused(world):
    made = programme(world)
    application = submitted_application(world, made)
    with pytest.raises(services.LedgerRefusal, match="Fix the allocation"):
        services.application_approve(actor=office(world), application=application, amount=Decimal("1"))
