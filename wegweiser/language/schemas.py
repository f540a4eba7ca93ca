from datetime import date, time
from decimal import Decimal

from ninja import Schema


class OfferOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    provider: str
    municipality_id: int
    municipality: str
    venue_name: str
    latitude: Decimal | None
    longitude: Decimal | None
    accessible: bool
    levels: list[str]
    capacity: int
    enrolled: int
    childcare: bool
    support_languages: list[str]
    cost: Decimal
    starts_on: date
    ends_on: date
    weekdays: list[int]
    start_time: time
    end_time: time


class WaitingAndSeatsOut(Schema):
    municipality_id: int
    municipality: str
    level: str
    waiting: int | None
    waiting_suppressed: bool
    free_seats: int
