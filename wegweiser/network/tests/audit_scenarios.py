"""For the audit coverage test (audit/registry.py): the network services writing each DECISION or personal-data model."""

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


SCENARIOS = {
    "network.organisation": [organisation, organisation_approved],
    "network.organisationrevision": [revision_proposed_and_replaced, revision_rejected, organisation_approved],
    "network.organisationcontact": contact,
}
