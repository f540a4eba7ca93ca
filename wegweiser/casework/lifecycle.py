"""Casework owns the person: its services merge, erase and export these models themselves, then call the
other apps' handlers through `core.lifecycle`."""

from wegweiser.core.lifecycle import PersonHandlers

PERSON_HANDLERS = PersonHandlers(
    models=(
        "casework.appointment",
        "casework.case",
        "casework.casetask",
        "casework.consent",
        "casework.document",
        "casework.exportfile",
        "casework.familylink",
        "casework.goal",
        "casework.need",
        "casework.note",
        "casework.qualification",
        "casework.referral",
        "casework.workexperience",
    ),
)
