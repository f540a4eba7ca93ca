from datetime import date
from decimal import Decimal

from ninja import Schema


class MunicipalityOut(Schema):
    id: int
    regional_key: str
    ags: str | None
    name: str
    kind: str
    samtgemeinde_id: int | None
    population: int | None
    population_date: date | None
    area_km2: Decimal | None
    latitude: Decimal | None
    longitude: Decimal | None
