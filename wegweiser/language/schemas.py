from datetime import date
from decimal import Decimal

from ninja import Field, Schema

LOCAL_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"


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
    # Local time in the district (Europe/Berlin) as HH:MM:SS, without an offset: a weekly schedule has none, and
    # OpenAPI's `format: time` (RFC 3339) would demand one.
    start_time: str = Field(pattern=LOCAL_TIME, examples=["10:00:00"])
    end_time: str = Field(pattern=LOCAL_TIME, examples=["11:30:00"])


class WaitingAndSeatsOut(Schema):
    municipality_id: int
    municipality: str
    level: str
    waiting: int | None
    waiting_suppressed: bool
    free_seats: int
