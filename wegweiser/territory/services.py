from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wegweiser.territory.models import District, Municipality
from wegweiser.territory.register import Register

TERRITORY_FIELDS = (
    "ags",
    "name",
    "kind",
    "population",
    "population_male",
    "population_female",
    "area_km2",
    "latitude",
    "longitude",
    "postcode",
)


class TerritoryLoadError(Exception):
    pass


@dataclass
class LoadResult:
    district: District
    created: int
    updated: int
    unchanged: int

    def summary(self) -> str:
        return _("%(district)s: %(created)s municipalities added, %(updated)s updated, %(unchanged)s unchanged.") % {
            "district": self.district.name,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


@transaction.atomic
def territory_load_register(*, register: Register, population_date: date | None, actor: Any = None) -> LoadResult:
    """Load a checked register: all of it in one transaction, or nothing.

    Running it again with the same file changes nothing (idempotent); municipalities are matched by their
    regional key.
    """
    if register.problems:
        raise TerritoryLoadError(_("The file has problems; nothing was loaded."))
    other = District.objects.exclude(ags=register.district_ags).first()
    if other is not None:
        raise TerritoryLoadError(
            _("This installation serves %(district)s; a file for another district (%(key)s) cannot be loaded.")
            % {"district": other.name, "key": register.district_ags}
        )
    district, _created = District.objects.update_or_create(
        ags=register.district_ags, defaults={"name": register.district_name}
    )
    existing = {m.regional_key: m for m in Municipality.objects.filter(district=district)}
    # A Gemeinde that moves to another association (Samtgemeinde) keeps its AGS but gets a new regional key.
    existing_by_ags = {m.ags: m for m in existing.values() if m.ags}
    created = updated = unchanged = 0
    by_key: dict[str, Municipality] = {}
    # Samtgemeinden first: their members point at them.
    ordered = sorted(register.municipalities, key=lambda record: record.kind != "samtgemeinde")
    for record in ordered:
        values: dict[str, Any] = {name: getattr(record, name) for name in TERRITORY_FIELDS}
        values["population_date"] = population_date if record.population is not None else None
        values["samtgemeinde"] = by_key.get(record.samtgemeinde_key) if record.samtgemeinde_key else None
        values["regional_key"] = record.regional_key
        municipality = existing.get(record.regional_key) or (existing_by_ags.get(record.ags) if record.ags else None)
        if municipality is None:
            municipality = Municipality.objects.create(district=district, **values)
            created += 1
        else:
            changed = [name for name, value in values.items() if getattr(municipality, name) != value]
            if changed:
                for name in changed:
                    setattr(municipality, name, values[name])
                municipality.save(update_fields=changed)
                updated += 1
            else:
                unchanged += 1
        by_key[record.regional_key] = municipality
    return LoadResult(district=district, created=created, updated=updated, unchanged=unchanged)
