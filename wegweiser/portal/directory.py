"""Counselling services and organisations for the finder, from the network directory.

The one place the portal reads the directory. `network.selectors.public_organisations()` is being written in the
network app; until it arrives this reads `network.selectors.organisations_search`, keeping the counselling and
migrant services that are active, and only their public contact (name, kind, place, phone, e-mail).
"""

from dataclasses import dataclass

from wegweiser.network import selectors as network_selectors

PUBLIC_KINDS = ("counselling", "migrant_organisation", "welfare", "public_agency", "jobcenter")


@dataclass(frozen=True)
class DirectoryEntry:
    name: str
    kind_label: str
    municipality_id: int | None
    municipality: str
    phone: str
    email: str


def directory_entries(*, municipality_id: int | None = None) -> list[DirectoryEntry]:
    entries = []
    for organisation in network_selectors.organisations_search():
        if not organisation.is_active or organisation.kind not in PUBLIC_KINDS:
            continue
        if municipality_id and organisation.municipality_id not in (None, municipality_id):
            continue
        entries.append(
            DirectoryEntry(
                name=organisation.name,
                kind_label=str(organisation.get_kind_display()),
                municipality_id=organisation.municipality_id,
                municipality=organisation.municipality.name if organisation.municipality else "",
                phone=organisation.phone,
                email=organisation.email,
            )
        )
    return entries
