"""For the audit coverage test (audit/registry.py): the network services writing each DECISION model."""

from wegweiser.accounts.roles import Role
from wegweiser.network import services


def organisation(world):
    actor = world.user(Role.INTEGRATION_OFFICE)
    created = services.organisation_create(actor=actor, name="Sprachcafé Bissendorf", kind="club")
    services.organisation_update(actor=actor, organisation=created, phone="05402 1234", is_active=False)


SCENARIOS = {"network.organisation": organisation}
