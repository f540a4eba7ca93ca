"""The public read interface of Deutsch lernen for the portal: offers as plain frozen values, no personal data.

The portal never imports language models or services (import contract in pyproject.toml); it reads offers only
here. Seats are published as "places free" or "waiting list", never as counts of people.
"""

from dataclasses import dataclass
from datetime import date, time

from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from wegweiser.language.models import Level, Offer, OfferKind, OfferSession, OfferStatus, Weekday
from wegweiser.language.selectors import offers_teaching

# Parts of the day a visitor can choose (by the time an offer starts).
TIMES_OF_DAY = {"morning": (time(0), time(12)), "afternoon": (time(12), time(17)), "evening": (time(17), time(23, 59))}


@dataclass(frozen=True)
class PublicSession:
    date: date
    start_time: time
    end_time: time
    cancelled: bool
    cancel_reason: str


@dataclass(frozen=True)
class PublicOffer:
    id: int
    title: str
    kind: str
    kind_label: str
    provider: str
    municipality_id: int
    municipality: str
    venue_name: str
    venue_address: str
    latitude: float | None
    longitude: float | None
    accessible: bool
    levels: tuple[str, ...]
    level_labels: tuple[str, ...]
    weekday_labels: tuple[str, ...]
    start_time: time
    end_time: time
    starts_on: date
    ends_on: date
    childcare: bool
    support_language_labels: tuple[str, ...]
    cost_cents: int
    places_free: bool  # False: new learners go on the waiting list
    paused: bool
    paused_since: date | None = None
    pause_reason: str = ""
    contact_email: str = ""
    next_sessions: tuple[PublicSession, ...] = ()

    @property
    def cost_text(self) -> str:
        return f"{self.cost_cents // 100},{self.cost_cents % 100:02d} €"


def offer_kinds() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in OfferKind.choices]


def offer_levels() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Level.choices]


def weekdays() -> list[tuple[int, str]]:
    return [(value, str(label)) for value, label in Weekday.choices]


def _public_queryset():
    return (
        Offer.objects.filter(
            status__in=(OfferStatus.PLANNED, OfferStatus.ACTIVE, OfferStatus.PAUSED),
            ends_on__gte=timezone.localdate(),
        )
        .with_counts()
        .select_related("municipality", "provider")
    )


def public_offers(
    *,
    municipality_id: int | None = None,
    level: str = "",
    kind: str = "",
    weekday: int | None = None,
    time_of_day: str = "",
    childcare: bool = False,
    places_free: bool = False,
) -> list[PublicOffer]:
    """Offers that have not ended, filtered as a visitor asks (one query)."""
    offers = _public_queryset()
    if municipality_id:
        offers = offers.filter(municipality_id=municipality_id)
    if level:
        offers = offers.filter(offers_teaching(level))
    if kind:
        offers = offers.filter(kind=kind)
    if weekday is not None:
        # weekdays is a JSON list of the digits 0 to 6; on SQLite its text holds the digit exactly once at most.
        offers = offers.filter(
            Q(weekdays__contains=[weekday])
            if connection.vendor == "postgresql"
            else Q(weekdays__icontains=str(weekday))
        )
    if time_of_day in TIMES_OF_DAY:
        start, end = TIMES_OF_DAY[time_of_day]
        offers = offers.filter(start_time__gte=start, start_time__lt=end)
    if childcare:
        offers = offers.filter(childcare=True)
    if places_free:
        offers = offers.exclude(status=OfferStatus.PAUSED).filter(enrolled_count__lt=F("capacity"))
    return [_public(offer) for offer in offers.order_by("municipality__name", "title")]


def public_offer(offer_id: int, *, sessions: int = 5) -> PublicOffer | None:
    """One offer with its next sessions and, when paused, since when and why; None for an ended or unknown offer."""
    offer = _public_queryset().filter(pk=offer_id).first()
    if offer is None:
        return None
    upcoming = OfferSession.objects.filter(offer=offer, date__gte=timezone.localdate()).order_by("date")[:sessions]
    pause = offer.pauses.filter(resumed_on__isnull=True).first() if offer.status == OfferStatus.PAUSED else None
    return _public(
        offer,
        next_sessions=tuple(
            PublicSession(s.date, s.start_time, s.end_time, s.cancelled, s.cancel_reason) for s in upcoming
        ),
        paused_since=pause.paused_on if pause else None,
        pause_reason=pause.reason if pause else "",
    )


def _public(offer: Offer, **extra) -> PublicOffer:
    paused = offer.status == OfferStatus.PAUSED
    return PublicOffer(
        id=offer.pk,
        title=offer.title,
        kind=offer.kind,
        kind_label=str(offer.get_kind_display()),
        provider=offer.provider.name,
        municipality_id=offer.municipality_id,
        municipality=offer.municipality.name,
        venue_name=offer.venue_name,
        venue_address=offer.venue_address,
        latitude=float(offer.latitude) if offer.latitude is not None else None,
        longitude=float(offer.longitude) if offer.longitude is not None else None,
        accessible=offer.accessible,
        levels=tuple(offer.levels),
        level_labels=tuple(offer.level_labels()),
        weekday_labels=tuple(offer.weekday_labels()),
        start_time=offer.start_time,
        end_time=offer.end_time,
        starts_on=offer.starts_on,
        ends_on=offer.ends_on,
        childcare=offer.childcare,
        support_language_labels=tuple(offer.support_language_labels()),
        cost_cents=int(offer.cost * 100),
        places_free=not paused and offer.enrolled_count < offer.capacity,
        paused=paused,
        contact_email=offer.contact_email,
        **extra,
    )
