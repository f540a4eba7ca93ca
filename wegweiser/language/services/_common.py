"""What every language service shares: purposes, field lists, the waiting priority and the error type."""

from django.utils.translation import gettext_noop

PURPOSE_ENROLMENT = gettext_noop("German course enrolment")
PURPOSE_ATTENDANCE = gettext_noop("course attendance")
PURPOSE_PLACEMENT = gettext_noop("placement into German courses")
PURPOSE_OFFERS = gettext_noop("coordination of German offers")
# So many sessions missed in a row flag the learner to the caseworker.
ABSENCES_IN_A_ROW = 3
# Travel limit for offering a re-activated Deutschtreff's seats to the people waiting nearby.
NEARBY_MINUTES = 45

SCHEDULE_FIELDS = ("starts_on", "ends_on", "weekdays", "start_time", "end_time")
OFFER_FIELDS = (
    "title",
    "kind",
    "provider",
    "status",
    "municipality",
    "venue_name",
    "venue_address",
    "latitude",
    "longitude",
    "accessible",
    "levels",
    "capacity",
    "childcare",
    "support_languages",
    "cost",
    *SCHEDULE_FIELDS,
    "contact_email",
)
LEARNER_FIELDS = (
    "first_name",
    "last_name",
    "home_municipality",
    "level",
    "weekdays",
    "needs_childcare",
    "has_car",
    "phone",
    "email",
    "preferred_language",
    "caseworker",
)

# How much a week on the waiting list outweighs travel in the placement: measured on the demo district
# (bench/placement.py --weights), 10 minutes per week leaves about a fifth of the priority violations of 1
# minute per week for 2 more minutes of mean travel, with the same number placed.
WAITING_PRIORITY_MINUTES_PER_WEEK = 10.0


class LanguageError(Exception):
    """A refused change, with a message for the user."""


# Offers and their sessions (no personal data)
