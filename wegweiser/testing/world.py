"""A small district for tests: two municipalities, organisations and one account per role.

`municipality` is where the municipal manager works; `other_municipality` is outside their remit, so a
test can ask for "another municipality's" object. Apps add their own objects lazily with `world.obj(...)`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wegweiser.accounts.models import User
from wegweiser.accounts.roles import Role
from wegweiser.accounts.tests.factories import UserFactory
from wegweiser.network.models import Organisation, OrganisationKind
from wegweiser.network.tests.factories import OrganisationFactory
from wegweiser.territory.models import District, Municipality
from wegweiser.territory.tests.factories import DistrictFactory, MunicipalityFactory

ANONYMOUS = "anonymous"
ALL_ROLES = tuple(Role)


@dataclass
class World:
    district: District
    municipality: Municipality
    other_municipality: Municipality
    provider: Organisation
    other_provider: Organisation
    partner: Organisation
    other_partner: Organisation
    users: dict[str, User]
    _objects: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> User:
        return self.users[role]

    def obj(self, key: str, make: Callable[["World"], Any]) -> Any:
        """The object named `key`, made once per world by `make(world)`."""
        if key not in self._objects:
            self._objects[key] = make(self)
        return self._objects[key]


def build_world() -> World:
    district = DistrictFactory()
    municipality = MunicipalityFactory(district=district, name="Melle", latitude=52.2031, longitude=8.3361)
    other = MunicipalityFactory(district=district, name="Bramsche", latitude=52.4089, longitude=7.9728)
    provider = OrganisationFactory(name="VHS Test", kind=OrganisationKind.COURSE_PROVIDER, municipality=municipality)
    other_provider = OrganisationFactory(
        name="Sprachschule Anders", kind=OrganisationKind.COURSE_PROVIDER, municipality=other
    )
    partner = OrganisationFactory(name="Beratung Test", kind=OrganisationKind.COUNSELLING, municipality=municipality)
    other_partner = OrganisationFactory(name="Beratung Anders", kind=OrganisationKind.COUNSELLING, municipality=other)
    users = {
        Role.DISTRICT_ADMIN: UserFactory(username="admin", role=Role.DISTRICT_ADMIN),
        Role.INTEGRATION_OFFICE: UserFactory(username="planung", role=Role.INTEGRATION_OFFICE),
        Role.CASEWORKER: UserFactory(username="beratung", role=Role.CASEWORKER),
        Role.MUNICIPAL_MANAGER: UserFactory(
            username="kommune", role=Role.MUNICIPAL_MANAGER, municipalities=[municipality]
        ),
        Role.COURSE_PROVIDER: UserFactory(username="kurs", role=Role.COURSE_PROVIDER, organisation=provider),
        Role.PARTNER: UserFactory(username="partner", role=Role.PARTNER, organisation=partner),
        Role.DATA_PROTECTION_OFFICER: UserFactory(username="datenschutz", role=Role.DATA_PROTECTION_OFFICER),
    }
    return World(
        district=district,
        municipality=municipality,
        other_municipality=other,
        provider=provider,
        other_provider=other_provider,
        partner=partner,
        other_partner=other_partner,
        users={str(role): user for role, user in users.items()},
    )
