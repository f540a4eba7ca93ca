"""Proposals of the placement engine in words, from their reason code and details."""

from django.utils.translation import gettext as _

from wegweiser.language import placement
from wegweiser.language.models import Level, TravelSource


def _level(details: dict) -> str:
    level = details.get("level", "")
    return str(Level(level).label) if level in Level.values else str(level)


def _minutes(value) -> str:
    if value is None:
        return "–"
    return f"{float(value):.0f}"


def proposal_reason_text(proposal) -> str:
    """One sentence a caseworker can read out: why this offer, or why none."""
    details = proposal.details or {}
    values = {
        "level": _level(details),
        "minutes": _minutes(proposal.travel_minutes),
        "max_minutes": _minutes(details.get("max_minutes")),
        "nearest_minutes": _minutes(details.get("nearest_minutes")),
    }
    reason = proposal.reason
    if reason == placement.PLACED_NEAREST:
        return _("Nearest offer at level %(level)s on the learner's days: %(minutes)s minutes away.") % values
    if reason == placement.PLACED_NOT_NEAREST:
        because = details.get("because")
        if because == placement.BECAUSE_ONLY_OPTION_FOR_OTHERS:
            text = _(
                "Offer at level %(level)s on the learner's days, %(minutes)s minutes away; the nearest one "
                "(%(nearest_minutes)s minutes) is the only offer some other people can reach."
            )
        elif because == placement.BECAUSE_WAITED_LONGER:
            text = _(
                "Offer at level %(level)s on the learner's days, %(minutes)s minutes away; the seats of the nearest "
                "one (%(nearest_minutes)s minutes) went to people who have waited longer."
            )
        else:
            text = _(
                "Offer at level %(level)s on the learner's days, %(minutes)s minutes away; the nearest one "
                "(%(nearest_minutes)s minutes) is full, and moving others away would cost them more travel."
            )
        return text % values
    if reason == placement.NO_OFFER_AT_LEVEL:
        return _("Not placed: no offer teaches level %(level)s.") % values
    if reason == placement.NO_OFFER_ON_DAYS:
        return _("Not placed: no %(level)s offer meets on the learner's days.") % values
    if reason == placement.NO_CHILDCARE_OFFER:
        return _("Not placed: no %(level)s offer on the learner's days has childcare.") % values
    if reason == placement.NO_SEAT_IN_REACH:
        if details.get("offers_in_reach"):
            if details.get("seat_to_shorter_waiter"):
                return (
                    _(
                        "Not placed: the %(level)s seats within %(max_minutes)s minutes are taken; one went to "
                        "someone who has waited less, so that more people get a seat or travel less in all."
                    )
                    % values
                )
            return _("Not placed: the %(level)s seats within %(max_minutes)s minutes are all taken.") % values
        return _("Not placed: no %(level)s seat within %(max_minutes)s minutes.") % values
    if proposal.offer_id is not None:
        return _("Proposed: %(minutes)s minutes away.") % values
    return _("Not placed (%(code)s).") % {"code": reason}


def travel_source_text(source: str) -> str:
    if source in TravelSource.values:
        return str(TravelSource(source).label)
    return ""
