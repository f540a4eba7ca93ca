"""Ranking volunteers for a need, without a database: who speaks the language, lives or helps where the need is,
and has time when it is wanted. Each candidate carries its reasons as codes, so the coordinator sees why one
ranks above another (words in `REASON_TEXT`).

Order: a volunteer who cannot take the need at all (no consent to be contacted, the role missing or blocked,
not one shared language) is left out; the rest by the language match (the need's language first, then only a
shared bridge language), then the place (same municipality, one they help in, neither), then the minutes of
weekly time overlap, then the name, so equal candidates keep a stable order.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

LANGUAGE_EXACT = "language_exact"
LANGUAGE_BRIDGE = "language_bridge"
PLACE_HOME = "place_home"
PLACE_SERVED = "place_served"
PLACE_FAR = "place_far"
TIME_OVERLAP = "time_overlap"
TIME_NONE = "time_none"

REASON_TEXT = {
    LANGUAGE_EXACT: _("speaks the language needed"),
    LANGUAGE_BRIDGE: _("shares a bridge language only"),
    PLACE_HOME: _("lives in the municipality"),
    PLACE_SERVED: _("helps in the municipality"),
    PLACE_FAR: _("neither lives nor helps in the municipality"),
    TIME_OVERLAP: _("has time when it is needed"),
    TIME_NONE: _("has no time slot when it is needed"),
}


@dataclass(frozen=True)
class Slot:
    weekday: int
    starts_at: datetime.time
    ends_at: datetime.time


@dataclass(frozen=True)
class Need:
    role: str
    language: str
    municipality_id: int
    bridge_languages: tuple[str, ...] = ("de", "en")
    slots: tuple[Slot, ...] = ()


@dataclass(frozen=True)
class Candidate:
    volunteer_id: int
    name: str
    languages: frozenset[str]
    municipality_id: int
    helps_in: frozenset[int]
    roles: frozenset[str]  # roles the volunteer may take now (blocked ones left out)
    consent_to_contact: bool
    slots: tuple[Slot, ...] = ()


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    reasons: tuple[str, ...]
    overlap_minutes: int
    key: tuple = field(repr=False)


def _minutes(moment: datetime.time) -> int:
    return moment.hour * 60 + moment.minute


def overlap_minutes(wanted: tuple[Slot, ...], offered: tuple[Slot, ...]) -> int:
    """Minutes a week in which the volunteer's slots cover the wanted ones."""
    total = 0
    for need in wanted:
        for slot in offered:
            if slot.weekday == need.weekday:
                start = max(_minutes(need.starts_at), _minutes(slot.starts_at))
                end = min(_minutes(need.ends_at), _minutes(slot.ends_at))
                total += max(0, end - start)
    return total


def rank(need: Need, candidates: list[Candidate]) -> list[Ranked]:
    ranked = []
    for candidate in candidates:
        if not candidate.consent_to_contact or need.role not in candidate.roles:
            continue
        if need.language in candidate.languages:
            language, language_rank = LANGUAGE_EXACT, 0
        elif candidate.languages & set(need.bridge_languages):
            language, language_rank = LANGUAGE_BRIDGE, 1
        else:
            continue
        if candidate.municipality_id == need.municipality_id:
            place, place_rank = PLACE_HOME, 0
        elif need.municipality_id in candidate.helps_in:
            place, place_rank = PLACE_SERVED, 1
        else:
            place, place_rank = PLACE_FAR, 2
        minutes = overlap_minutes(need.slots, candidate.slots) if need.slots else 0
        reasons = [language, place]
        if need.slots:
            reasons.append(TIME_OVERLAP if minutes else TIME_NONE)
        key = (language_rank, place_rank, -minutes, candidate.name, candidate.volunteer_id)
        ranked.append(Ranked(candidate=candidate, reasons=tuple(reasons), overlap_minutes=minutes, key=key))
    return sorted(ranked, key=lambda item: item.key)
