"""For the audit coverage test (audit/registry.py): the LokIn services writing each DECISION model."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.lokin import services
from wegweiser.lokin.tests.factories import (
    consultation,
    fixed_programme,
    interim_report,
    programme,
    submitted_application,
)


def programme_and_allocation(world):
    made = programme(world, year=2030)
    services.indicator_set(
        actor=world.user(Role.INTEGRATION_OFFICE),
        programme=made,
        municipality=world.municipality,
        indicator="foreign_residents",
        value=Decimal(1200),
        source="Ausländerbehörde",
        reference_date=date(2029, 12, 31),
    )
    services.allocation_fix(actor=world.user(Role.INTEGRATION_OFFICE), programme=made)


def application_decided_and_paid(world):
    made = fixed_programme(world, year=2031, base_amount=Decimal("1000"))
    office = world.user(Role.INTEGRATION_OFFICE)
    application = submitted_application(world, made, amount=Decimal("900"))
    services.application_comment(actor=office, application=application, text="Zielgruppen bitte genauer")
    services.application_request_changes(actor=office, application=application, reason="Bitte Ziele ergänzen")
    services.application_update(
        actor=world.user(Role.MUNICIPAL_MANAGER), application=application, goals="Mehr Beratung"
    )
    services.application_submit(actor=world.user(Role.MUNICIPAL_MANAGER), application=application)
    services.application_approve(actor=office, application=application, amount=Decimal("900"))
    instalment = services.instalment_schedule(
        actor=office, application=application, due_date=date(2031, 5, 1), amount=Decimal("450")
    )
    services.instalment_advance(actor=office, instalment=instalment)
    services.instalment_advance(actor=office, instalment=instalment)


def application_rejected(world):
    made = fixed_programme(world, year=2032)
    application = submitted_application(world, made)
    services.application_reject(actor=world.user(Role.DISTRICT_ADMIN), application=application, reason="Zu spät")


def report_sent_back_and_accepted(world):
    made = fixed_programme(world, year=2033, base_amount=Decimal("20000"))
    office = world.user(Role.INTEGRATION_OFFICE)
    report = interim_report(world, made)
    services.report_attach(
        actor=world.user(Role.MUNICIPAL_MANAGER), report=report, filename="beleg.pdf", content=b"%PDF-1.4 beleg"
    )
    services.report_submit(actor=world.user(Role.MUNICIPAL_MANAGER), report=report)
    services.report_send_back(actor=office, report=report, reason="Belege fehlen")
    services.report_submit(actor=world.user(Role.MUNICIPAL_MANAGER), report=report)
    services.report_accept(actor=office, report=report)
    services.report_schedule(actor=office, application=report.application, kind="final", due_date=date(2034, 4, 30))


def report_reminded(world):
    made = fixed_programme(world, year=2035, base_amount=Decimal("20000"))
    report = interim_report(world, made)
    services.report_reminders_send(today=report.due_date)
    services.report_schedule(
        actor=world.user(Role.INTEGRATION_OFFICE),
        application=report.application,
        kind="final",
        due_date=timezone.localdate() - timedelta(days=1),
    )
    services.report_reminders_send_by_the_worker()


def advice_logged(world):
    made = consultation(world)
    services.follow_up_set_done(actor=world.user(Role.MUNICIPAL_MANAGER), follow_up=made.follow_ups.get(), done=True)


def year_settled(world):
    made = fixed_programme(world, year=2036, base_amount=Decimal("20000"))
    office = world.user(Role.INTEGRATION_OFFICE)
    report = interim_report(world, made)
    final = report.application.reports.get(kind="final")
    services.report_update(
        actor=world.user(Role.MUNICIPAL_MANAGER),
        report=final,
        measures_delivered="Beratung",
        people_reached=40,
        costs=[("staff", Decimal("9000.00"))],
    )
    services.report_submit(actor=world.user(Role.MUNICIPAL_MANAGER), report=final)
    services.report_accept(actor=office, report=final)
    services.programme_settle(actor=office, programme=made)


SCENARIOS = {
    "lokin.programme": [programme_and_allocation],
    "lokin.fixedallocation": [programme_and_allocation],
    "lokin.application": [application_decided_and_paid, application_rejected],
    "lokin.instalment": [application_decided_and_paid],
    "lokin.usereport": [report_sent_back_and_accepted, report_reminded],
    "lokin.consultation": [advice_logged],
    "lokin.settlement": [year_settled],
}
