"""LokIn objects for tests, made through the services so every row is as the app would write it."""

from datetime import date
from decimal import Decimal

from wegweiser.accounts.roles import Role
from wegweiser.lokin import services


def programme(world, *, budget=Decimal("350000.00"), year=2026, **rule):
    return services.programme_create(
        actor=world.user(Role.INTEGRATION_OFFICE),
        district=world.district,
        year=year,
        budget=budget,
        application_deadline=date(year, 3, 31),
        interim_report_due=date(year, 9, 30),
        final_report_due=date(year + 1, 3, 31),
        **rule,
    )


def fixed_programme(world, **kwargs):
    made = programme(world, **kwargs)
    services.allocation_fix(actor=world.user(Role.INTEGRATION_OFFICE), programme=made)
    return made


def submitted_application(world, made, *, municipality=None, amount=Decimal("10000.00")):
    municipality = municipality or world.municipality
    application = services.application_create(
        actor=None,
        programme=made,
        municipality=municipality,
        title="Integrationsmanagement " + municipality.name,
        measures="Sprechstunde, Netzwerktreffen",
        costs=[("staff", made.year, amount)],
    )
    return services.application_submit(actor=None, application=application, today=date(made.year, 1, 15))


def draft_application(world, made, *, municipality=None, amount=Decimal("10000.00")):
    municipality = municipality or world.municipality
    return services.application_create(
        actor=None,
        programme=made,
        municipality=municipality,
        title="Entwurf " + municipality.name,
        costs=[("staff", made.year, amount)],
    )


def approved_application(world, made, *, amount=Decimal("10000.00")):
    application = submitted_application(world, made, amount=amount)
    return services.application_approve(
        actor=world.user(Role.INTEGRATION_OFFICE), application=application, amount=amount
    )


def scheduled_instalment(world, made, *, amount=Decimal("5000.00")):
    application = approved_application(world, made)
    return services.instalment_schedule(
        actor=world.user(Role.INTEGRATION_OFFICE),
        application=application,
        due_date=date(made.year, 5, 1),
        amount=amount,
    )


def interim_report(world, made, *, submitted=False, amount=Decimal("10000.00")):
    """The interim report of an approved grant (asked for on approval), filled in, and submitted if asked."""
    application = approved_application(world, made, amount=amount)
    report = application.reports.get(kind="interim")
    manager = world.user(Role.MUNICIPAL_MANAGER)
    services.report_update(
        actor=manager,
        report=report,
        measures_delivered="Sprechstunde an 40 Tagen",
        people_reached=120,
        costs=[("staff", amount - Decimal("500.00"))],
    )
    if submitted:
        services.report_submit(actor=manager, report=report)
    return report


def consultation(world, *, municipality=None):
    return services.consultation_record(
        actor=world.user(Role.INTEGRATION_OFFICE),
        municipality=municipality or world.municipality,
        held_on=date(2027, 2, 10),
        topic="Sprechstunde im Rathaus",
        participants="Integrationsbüro\nIntegrationsmanagement",
        agreements="Sprechstunde ab März dienstags",
        follow_ups=[("Raum klären", "Kommune", date(2027, 3, 1))],
    )
