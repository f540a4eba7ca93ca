"""For the audit coverage test (audit/registry.py): the network services writing each DECISION or personal-data model."""

import datetime

from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.network import services


def organisation(world):
    actor = world.user(Role.INTEGRATION_OFFICE)
    created = services.organisation_create(
        actor=actor, name="Sprachcafé Bissendorf", kind="club", languages=["uk"], municipalities_served=[]
    )
    services.organisation_update(actor=actor, organisation=created, phone="05402 1234", is_active=False)


def organisation_approved(world):
    revision = services.organisation_propose_change(
        actor=world.user(Role.PARTNER), organisation=world.partner, opening_hours="Di 10-12"
    )
    services.revision_approve(actor=world.user(Role.INTEGRATION_OFFICE), revision=revision)


def revision_proposed_and_replaced(world):
    partner = world.user(Role.PARTNER)
    services.organisation_propose_change(actor=partner, organisation=world.partner, services="Beratung")
    services.organisation_propose_change(actor=partner, organisation=world.partner, services="Beratung und Kurse")
    services.organisation_propose_change(actor=partner, organisation=world.partner, services="")


def revision_rejected(world):
    revision = services.organisation_propose_change(
        actor=world.user(Role.PARTNER), organisation=world.partner, website="https://example.org"
    )
    services.revision_reject(actor=world.user(Role.DISTRICT_ADMIN), revision=revision, reason="Seite fehlt")


def contact(world):
    actor = world.user(Role.PARTNER)
    created = services.contact_add(actor=actor, organisation=world.partner, name="Olena Koval", function="Vorstand")
    services.contact_remove(actor=actor, contact=created)


def _volunteer(world):
    return services.volunteer_create(
        actor=world.user(Role.INTEGRATION_OFFICE),
        first_name="Iryna",
        last_name="Bondar",
        municipality=world.municipality,
        languages=["uk", "de"],
        municipalities=[world.municipality],
    )


def volunteer(world):
    created = _volunteer(world)
    services.volunteer_update(
        actor=world.user(Role.MUNICIPAL_MANAGER), volunteer=created, skills="Nachhilfe Mathe", languages=["uk"]
    )
    services.volunteer_export(actor=world.user(Role.INTEGRATION_OFFICE), volunteer=created)


def volunteer_erased(world):
    created = _volunteer(world)
    actor = world.user(Role.INTEGRATION_OFFICE)
    services.volunteer_role_set(actor=actor, volunteer=created, kind="mentor", police_certificate_on=None)
    services.availability_add(
        actor=actor, volunteer=created, weekday=1, starts_at=datetime.time(15), ends_at=datetime.time(17)
    )
    services.hours_log(actor=actor, volunteer=created, role="mentor", day=datetime.date(2026, 11, 2), minutes=60)
    services.volunteer_erase(actor=actor, volunteer=created)


def volunteer_role(world):
    created = _volunteer(world)
    actor = world.user(Role.INTEGRATION_OFFICE)
    role = services.volunteer_role_set(
        actor=actor, volunteer=created, kind="homework_help", police_certificate_on=datetime.date(2021, 12, 20)
    )
    services.certificate_reminders_send(today=datetime.date(2026, 12, 1))
    services.volunteer_role_remove(actor=actor, role=role)


def reminder_by_the_worker(world):
    created = _volunteer(world)
    soon = timezone.localdate() + datetime.timedelta(days=10)
    services.volunteer_role_set(
        actor=world.user(Role.INTEGRATION_OFFICE),
        volunteer=created,
        kind="homework_help",
        police_certificate_on=soon.replace(year=soon.year - 5),
    )
    services.certificate_reminders_send_by_the_worker()


def availability(world):
    created = _volunteer(world)
    actor = world.user(Role.INTEGRATION_OFFICE)
    slot = services.availability_add(
        actor=actor, volunteer=created, weekday=3, starts_at=datetime.time(9), ends_at=datetime.time(11)
    )
    services.availability_remove(actor=actor, slot=slot)


def hours(world):
    created = _volunteer(world)
    services.hours_log(
        actor=world.user(Role.MUNICIPAL_MANAGER),
        volunteer=created,
        role="interpreter",
        day=datetime.date(2026, 11, 20),
        minutes=45,
    )


def _need_and_volunteer(world):
    actor = world.user(Role.INTEGRATION_OFFICE)
    need = services.need_create(actor=actor, role="interpreter", language="uk", municipality=world.municipality)
    volunteer = services.volunteer_create(
        actor=actor,
        first_name="Olena",
        last_name="Koval",
        email="olena@example.org",
        municipality=world.municipality,
        languages=["uk"],
        consent_to_contact=True,
    )
    return actor, need, volunteer


def need_answered(world):
    actor, need, volunteer = _need_and_volunteer(world)
    declined = services.match_propose(actor=actor, need=need, volunteer=volunteer, site_url="http://testserver")
    services.match_answer(match_id=declined.pk, accept=False)
    asked = services.match_propose(actor=actor, need=need, volunteer=volunteer, site_url="http://testserver")
    services.match_answer(match_id=asked.pk, accept=True)


def need_withdrawn_expired_closed(world):
    actor, need, volunteer = _need_and_volunteer(world)
    asked = services.match_propose(actor=actor, need=need, volunteer=volunteer, site_url="http://testserver")
    services.match_withdraw(actor=actor, match=asked)
    asked = services.match_propose(actor=actor, need=need, volunteer=volunteer, site_url="http://testserver")
    services.match_expire(match_id=asked.pk)
    services.match_propose(actor=actor, need=need, volunteer=volunteer, site_url="http://testserver")
    services.need_close(actor=actor, need=need)
    services.volunteer_erase(actor=actor, volunteer=volunteer)


SCENARIOS = {
    "network.volunteer": [volunteer, volunteer_erased],
    "network.volunteerlanguage": [volunteer, volunteer_erased],
    "network.volunteerrole": [volunteer_role, reminder_by_the_worker, volunteer_erased],
    "network.availability": [availability, volunteer_erased],
    "network.hourslog": [hours, volunteer_erased],
    "network.organisation": [organisation, organisation_approved],
    "network.organisationrevision": [revision_proposed_and_replaced, revision_rejected, organisation_approved],
    "network.organisationcontact": contact,
    "network.volunteerneed": [need_answered, need_withdrawn_expired_closed],
    "network.volunteermatch": [need_answered, need_withdrawn_expired_closed],
}
