"""Every LokIn page as every role: the district (admin, integration office), municipal managers and the data
protection officer read the programme; a manager's list shows only their municipality's applications."""

from wegweiser.accounts.roles import Role
from wegweiser.lokin.tests.factories import fixed_programme, submitted_application
from wegweiser.testing.matrix import UrlCase, roles

READERS = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE, Role.MUNICIPAL_MANAGER, Role.DATA_PROTECTION_OFFICER)


def _programme(world) -> dict:
    def make(world):
        made = fixed_programme(world, year=2040)
        submitted_application(world, made)
        submitted_application(world, made, municipality=world.other_municipality)
        return made

    return {"programme_id": world.obj("lokin.programme", make).pk}


CASES = [
    UrlCase("lokin:programmes", READERS),
    UrlCase("lokin:programme", READERS, kwargs=_programme),
    UrlCase("lokin:allocation_xlsx", READERS, kwargs=_programme),
]
