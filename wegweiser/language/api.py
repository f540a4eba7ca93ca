from django.shortcuts import get_object_or_404
from ninja import Router

from wegweiser.accounts.permissions import Perm
from wegweiser.api.permissions import require
from wegweiser.api.schemas import COMMON_ERRORS, ErrorOut, ValidationErrorOut
from wegweiser.language.models import Offer
from wegweiser.language.schemas import OfferOut, WaitingAndSeatsOut
from wegweiser.language.selectors import language_waiting_and_seats, offers_for_user, waiting_and_seats_rows
from wegweiser.territory.remit import remit_for_user

router = Router(tags=["language"])


def _offer_out(offer: Offer) -> dict:
    return {
        "id": offer.pk,
        "title": offer.title,
        "kind": offer.kind,
        "status": offer.status,
        "provider": offer.provider.name,
        "municipality_id": offer.municipality_id,
        "municipality": offer.municipality.name,
        "venue_name": offer.venue_name,
        "latitude": offer.latitude,
        "longitude": offer.longitude,
        "accessible": offer.accessible,
        "levels": offer.levels,
        "capacity": offer.capacity,
        "enrolled": offer.enrolled_count,
        "childcare": offer.childcare,
        "support_languages": offer.support_languages,
        "cost": offer.cost,
        "starts_on": offer.starts_on,
        "ends_on": offer.ends_on,
        "weekdays": offer.weekdays,
        "start_time": offer.start_time.isoformat(timespec="seconds"),
        "end_time": offer.end_time.isoformat(timespec="seconds"),
    }


@router.get(
    "/offers", response={200: list[OfferOut], 422: ValidationErrorOut, **COMMON_ERRORS}, url_name="language_offers"
)
def list_offers(request, status: str = ""):
    require(request, Perm.OFFERS_VIEW)
    offers = offers_for_user(request.auth).with_counts().order_by("id")
    if status:
        offers = offers.filter(status=status)
    return [_offer_out(offer) for offer in offers]


@router.get(
    "/offers/{offer_id}",
    response={200: OfferOut, 404: ErrorOut, 422: ValidationErrorOut, **COMMON_ERRORS},
    url_name="language_offer",
)
def get_offer(request, offer_id: int):
    require(request, Perm.OFFERS_VIEW)
    return _offer_out(get_object_or_404(offers_for_user(request.auth).with_counts(), pk=offer_id))


@router.get(
    "/waiting-and-seats",
    response={200: list[WaitingAndSeatsOut], **COMMON_ERRORS},
    url_name="language_waiting_and_seats",
)
def waiting_and_seats(request):
    """Per municipality and level: people waiting (small counts suppressed by core.publication) and free seats.
    No personal data. A municipal manager sees their municipalities."""
    require(request, Perm.AGGREGATES_VIEW)
    user = request.auth
    return waiting_and_seats_rows(language_waiting_and_seats(municipality_ids=remit_for_user(user).municipality_ids))
