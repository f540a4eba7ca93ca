from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wegweiser.territory.models import District, Municipality
from wegweiser.territory.register import MunicipalityRecord, Register

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


@dataclass
class MunicipalityChange:
    """What loading one row of the register does: create a municipality, change some of its fields (old and
    new value), or nothing."""

    record: MunicipalityRecord
    municipality: Municipality | None
    changed: dict[str, tuple[Any, Any]]

    @property
    def kind(self) -> str:
        if self.municipality is None:
            return "new"
        return "changed" if self.changed else "unchanged"

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(label, old, new) for the page: the field's name in the reader's language."""
        return [
            (str(Municipality._meta.get_field(name).verbose_name), old, new)
            for name, (old, new) in self.changed.items()
        ]


@dataclass
class RegisterPlan:
    """Everything a register file would change, worked out without writing: the preview shows it, and the load
    carries out exactly this."""

    district_ags: str
    district_name: str
    district_name_before: str | None
    changes: list[MunicipalityChange]

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def created(self) -> int:
        return self.count("new")

    @property
    def updated(self) -> int:
        return self.count("changed")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def district_renamed(self) -> bool:
        return self.district_name_before is not None and self.district_name_before != self.district_name


def _values(record: MunicipalityRecord, population_date: date | None) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(record, name) for name in TERRITORY_FIELDS}
    values["population_date"] = population_date if record.population is not None else None
    values["regional_key"] = record.regional_key
    return values


def territory_register_plan(*, register: Register, population_date: date | None) -> RegisterPlan:
    """What loading `register` would change; refuses a file with problems or for another district."""
    if register.problems:
        raise TerritoryLoadError(_("The file has problems; nothing was loaded."))
    other = District.objects.exclude(ags=register.district_ags).first()
    if other is not None:
        raise TerritoryLoadError(
            _("This installation serves %(district)s; a file for another district (%(key)s) cannot be loaded.")
            % {"district": other.name, "key": register.district_ags}
        )
    district = District.objects.filter(ags=register.district_ags).first()
    existing = {
        m.regional_key: m for m in Municipality.objects.filter(district=district).select_related("samtgemeinde")
    }
    # A Gemeinde that moves to another association (Samtgemeinde) keeps its AGS but gets a new regional key.
    existing_by_ags = {m.ags: m for m in existing.values() if m.ags}
    changes = []
    # Samtgemeinden first: their members point at them.
    for record in sorted(register.municipalities, key=lambda record: record.kind != "samtgemeinde"):
        municipality = existing.get(record.regional_key) or (existing_by_ags.get(record.ags) if record.ags else None)
        changed: dict[str, tuple[Any, Any]] = {}
        if municipality is not None:
            for name, value in _values(record, population_date).items():
                if getattr(municipality, name) != value:
                    changed[name] = (getattr(municipality, name), value)
            before = municipality.samtgemeinde.regional_key if municipality.samtgemeinde_id else None
            if before != (record.samtgemeinde_key or None):
                changed["samtgemeinde"] = (before, record.samtgemeinde_key or None)
        changes.append(MunicipalityChange(record=record, municipality=municipality, changed=changed))
    return RegisterPlan(
        district_ags=register.district_ags,
        district_name=register.district_name,
        district_name_before=district.name if district else None,
        changes=changes,
    )


@transaction.atomic
def territory_load_register(*, register: Register, population_date: date | None, actor: Any = None) -> LoadResult:
    """Load a checked register: all of it in one transaction, or nothing, as `territory_register_plan` shows it.

    Running it again with the same file changes nothing (idempotent); municipalities are matched by their
    regional key.
    """
    plan = territory_register_plan(register=register, population_date=population_date)
    district, _created = District.objects.update_or_create(
        ags=register.district_ags, defaults={"name": register.district_name}
    )
    by_key: dict[str, Municipality] = {}
    for change in plan.changes:
        record = change.record
        values = _values(record, population_date)
        values["samtgemeinde"] = by_key.get(record.samtgemeinde_key) if record.samtgemeinde_key else None
        municipality = change.municipality
        if municipality is None:
            municipality = Municipality.objects.create(district=district, **values)
        elif change.changed:
            for name in change.changed:
                setattr(municipality, name, values[name])
            municipality.save(update_fields=list(change.changed))
        by_key[record.regional_key] = municipality
    return LoadResult(district=district, created=plan.created, updated=plan.updated, unchanged=plan.unchanged)
