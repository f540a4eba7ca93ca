"""Proposals of the placement engine in words, from their reason code and details."""

from django.utils.translation import gettext as _

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
    if reason == "placed_nearest":
        return _("Nearest offer at level %(level)s on the learner's days: %(minutes)s minutes away.") % values
    if reason == "placed_not_nearest":
        if details.get("nearest_minutes") is not None:
            return (
                _(
                    "Offer at level %(level)s on the learner's days, %(minutes)s minutes away; the nearest one "
                    "(%(nearest_minutes)s minutes) is needed by people who can reach nothing else or who have waited "
                    "longer."
                )
                % values
            )
        return (
            _(
                "Offer at level %(level)s on the learner's days, %(minutes)s minutes away; nearer seats are needed "
                "by people who can reach nothing else or who have waited longer."
            )
            % values
        )
    if reason == "no_offer_at_level":
        return _("Not placed: no offer at level %(level)s has a free seat.") % values
    if reason == "no_seat_in_reach":
        return _("Not placed: no %(level)s seat within %(max_minutes)s minutes.") % values
    if reason == "no_matching_days":
        return _("Not placed: no %(level)s offer within reach meets on the learner's days.") % values
    if reason == "no_childcare":
        return _("Not placed: no %(level)s offer within reach has childcare.") % values
    if reason in {"seats_taken", "capacity", "no_free_seat"}:
        return (
            _(
                "Not placed: the %(level)s seats within %(max_minutes)s minutes went to people who have waited longer "
                "or can reach nothing else."
            )
            % values
        )
    if proposal.offer_id is not None:
        return _("Proposed: %(minutes)s minutes away.") % values
    return _("Not placed (%(code)s).") % {"code": reason}


def travel_source_text(source: str) -> str:
    if source in TravelSource.values:
        return str(TravelSource(source).label)
    return ""
