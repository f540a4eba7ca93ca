"""Every reason the placement engine can give reads as a sentence for staff, never as a bare code."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from wegweiser.language import placement
from wegweiser.language.explain import proposal_reason_text

CASES = [
    (placement.PLACED_NEAREST, 12, {}, "Nearest offer at level A1"),
    (
        placement.PLACED_NOT_NEAREST,
        30,
        {"because": placement.BECAUSE_WAITED_LONGER, "nearest_minutes": 10},
        "waited longer",
    ),
    (
        placement.PLACED_NOT_NEAREST,
        30,
        {"because": placement.BECAUSE_ONLY_OPTION_FOR_OTHERS, "nearest_minutes": 10},
        "only offer",
    ),
    (
        placement.PLACED_NOT_NEAREST,
        30,
        {"because": placement.BECAUSE_LESS_TRAVEL_OVERALL, "nearest_minutes": 10},
        "more travel",
    ),
    (placement.NO_OFFER_AT_LEVEL, None, {}, "no offer teaches level A1"),
    (placement.NO_OFFER_ON_DAYS, None, {"weekdays": [0]}, "meets on the learner's days"),
    (placement.NO_CHILDCARE_OFFER, None, {}, "childcare"),
    (placement.NO_SEAT_IN_REACH, None, {"offers_in_reach": 0}, "no A1 seat within 45 minutes"),
    (placement.NO_SEAT_IN_REACH, None, {"offers_in_reach": 2}, "are all taken"),
    (placement.NO_SEAT_IN_REACH, None, {"offers_in_reach": 2, "seat_to_shorter_waiter": True}, "waited less"),
]


@pytest.mark.parametrize(("reason", "minutes", "extra", "expected"), CASES)
def test_reason_reads_as_a_sentence(reason, minutes, extra, expected):
    proposal = SimpleNamespace(
        reason=reason,
        travel_minutes=minutes,
        offer_id=1 if minutes else None,
        details={"level": "A1", "max_minutes": 45, **extra},
    )
    with translation.override("en"):
        text = proposal_reason_text(proposal)
    assert expected in text
    assert reason not in text
